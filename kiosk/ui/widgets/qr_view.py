"""A QR code on screen, with its spoken text alternative beside it (EN 301 549 5.1.3.6)."""

from __future__ import annotations

from rich.console import Group
from rich.style import Style
from rich.text import Text
from textual.widget import Widget

from kiosk.core.pages import Block
from kiosk.core.qr import qr_lines
from kiosk.ui.text import visual

#: Fixed colours, never theme variables: a theme that inverted the code would make it unscannable.
QR_STYLE = Style(color="#000000", bgcolor="#ffffff")


class QRView(Widget):
    """Draws a QR block: the code in black on white, quiet zone included, then its description."""

    DEFAULT_CSS = """
    QRView { height: auto; width: 1fr; margin: 0 0 1 2; }
    """

    def __init__(self, block: Block, *, rtl: bool = False) -> None:
        super().__init__(classes="block -qr")
        self.block = block
        self.rtl = rtl
        self.lines = qr_lines(block.url)
        #: The height last measured and the width it was measured at (see ``BlockView``).
        self._measured: tuple[int, int] | None = None

    def show(self, block: Block, *, rtl: bool = False) -> None:
        """Show another version of the same block (its description in another language)."""
        if block.url != self.block.url:
            self.lines = qr_lines(block.url)
        self.block = block
        self.rtl = rtl
        self._measured = None
        self.remove_class("-spoken")
        self.refresh(layout=True)

    @property
    def logical_text(self) -> str:
        return self.block.text.text

    def _caption(self) -> Text:
        return Text(
            f"{visual(self.logical_text, self.rtl)}\n{self.block.url}",
            justify="right" if self.rtl else "left",
            overflow="fold",
        )

    def get_content_height(self, container, viewport, width: int) -> int:
        if self._measured is None or self._measured[0] != width:
            self._measured = (width, len(self.lines) + len(self._caption().wrap(self.app.console, max(1, width))))
        return self._measured[1]

    def render(self) -> Group:
        code = Text("\n".join(self.lines), style=QR_STYLE, no_wrap=True, overflow="crop")
        code_line = Text(justify="right" if self.rtl else "left")
        code_line.append_text(code)
        return Group(code_line, self._caption())
