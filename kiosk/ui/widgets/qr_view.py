"""A QR code's place on a page: its text alternative, the address, and how to see the code.

The code itself is drawn only in the QR view (``kiosk.ui.screens.qr``), one at a time and whole:
inside a scrolling page a code is cut by the viewport (at 80x24 every code is taller than the
page), and a cut code cannot be scanned. Touching this entry opens the view at its code.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.widget import Widget

from kiosk.core.i18n import N_
from kiosk.core.pages import Block

#: Under each code's description on a page.
SHOW_HINT = N_("Touch here or press Q to see the QR code.")


class QRView(Widget):
    """A page's QR block: "QR code: link to the website of IPSEA", the address, and a hint."""

    DEFAULT_CSS = """
    QRView { height: auto; width: 1fr; margin: 0 0 1 2; padding: 0 0 0 1; }
    """

    def __init__(self, block: Block, *, rtl: bool = False, hint: str = "") -> None:
        super().__init__(classes="block -qr")
        self.block = block
        self.rtl = rtl
        self.hint = hint
        #: The height last measured and the width it was measured at (see ``BlockView``).
        self._measured: tuple[int, int] | None = None

    def show(self, block: Block, *, rtl: bool = False, hint: str = "") -> None:
        """Show another version of the same block (its description in another language)."""
        self.block = block
        self.rtl = rtl
        self.hint = hint
        self._measured = None
        self.remove_class("-spoken")
        self.refresh(layout=True)

    @property
    def logical_text(self) -> str:
        return self.block.text.text

    def _caption(self, width: int) -> Text:
        width = max(1, width)
        if not self.rtl:
            caption = Text(f"▣ {self.logical_text}\n", overflow="fold")
            caption.append(f"{self.block.url}\n", style="underline")
            caption.append(self.hint, style="italic")
            return caption
        # Imported here: only right-to-left pages need the shaping and reordering libraries.
        from kiosk.core.textlayout import wrap_lines

        # Wrapped in reading order first, then each line reordered (see ``BlockView``).
        caption = Text(justify="right", no_wrap=True)
        caption.append("\n".join(wrap_lines(f"▣ {self.logical_text}", width, rtl=True)) + "\n")
        caption.append(f"{self.block.url}\n", style="underline")
        caption.append("\n".join(wrap_lines(self.hint, width, rtl=True)), style="italic")
        return caption

    def get_content_height(self, container, viewport, width: int) -> int:
        if self._measured is None or self._measured[0] != width:
            self._measured = (width, len(self._caption(width).wrap(self.app.console, max(1, width))))
        return self._measured[1]

    def render(self) -> Text:
        return self._caption(self.size.width)

    async def on_click(self, event: events.Click) -> None:
        event.stop()
        screen = self.screen
        open_codes = getattr(screen, "action_open_qr_codes", None)
        if open_codes is not None:
            await open_codes(self.block.key)
