"""One block of a page (title, paragraph, bullet...) drawn for any script.

Left-to-right text is wrapped by Rich. Right-to-left text is wrapped in logical order first and
only then shaped and reordered line by line (``kiosk.core.textlayout``), because reordering a whole
paragraph before wrapping scrambles the lines. The logical text is kept for speech and print.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.content import Content
from textual.geometry import Size
from textual.reactive import reactive
from textual.widget import Widget

from kiosk.core.i18n import Localized
from kiosk.core.pages import BULLET, DETAIL, POINT, Block

_PREFIX = {BULLET: "• ", POINT: "✓ "}


class BlockView(Widget):
    """Shows one page block; highlights the sentence being spoken."""

    DEFAULT_CSS = """
    BlockView { height: auto; width: 1fr; }
    """

    #: Character span (start, end) of the sentence being spoken, in the block's logical text.
    spoken: reactive[tuple[int, int] | None] = reactive(None)

    def __init__(self, block: Block, *, label: Localized | None = None, rtl: bool = False) -> None:
        classes = f"block -{block.kind}"
        if block.text.fallback:
            classes += " -fallback"
        super().__init__(classes=classes)
        self.block = block
        self.label = label
        self.rtl = rtl
        #: The height last measured and the width it was measured at. Every reflow of the page asks
        #: again (a status line or the reading controls appearing changes the page's height, never
        #: its width), and wrapping the text is the costly part of a reflow.
        self._measured: tuple[int, int] | None = None

    def show(self, block: Block, *, label: Localized | None = None, rtl: bool = False) -> None:
        """Show another version of the same block (the page in another language) in this widget."""
        unchanged = (block.text, label, rtl) == (self.block.text, self.label, self.rtl)
        self.block = block
        self.label = label
        self.rtl = rtl
        if unchanged:
            return  # a name or a phone number reads the same in every language: nothing to lay out
        self._measured = None
        self.spoken = None  # a span of the old text would mark the wrong characters
        self.set_class(block.text.fallback, "-fallback")
        self.refresh(layout=True)

    @property
    def logical_text(self) -> str:
        """The text as written (what speech reads)."""
        return self.block.text.text

    def _prefix(self) -> str:
        prefix = _PREFIX.get(self.block.kind, "")
        if self.block.kind == DETAIL and self.label is not None:
            prefix = f"{self.label.text}: "
        if self.block.text.fallback:
            # Say plainly that this line is English, so nobody thinks the kiosk mistranslated it.
            prefix = "EN » " + prefix
        return prefix

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        if self._measured is not None and self._measured[0] == width:
            return self._measured[1]
        if self.rtl:
            height = max(1, len(self._rtl_lines(width)))
        else:
            # The styles, as Textual's own Widget.get_content_height passes them (text-wrap and the like).
            height = max(1, self._ltr_content().get_height(self.styles, max(1, width)))  # type: ignore[arg-type]
        self._measured = (width, height)
        return height

    def _rtl_lines(self, width: int) -> list[str]:
        # Imported here: only right-to-left pages need the shaping and reordering libraries.
        from kiosk.core.textlayout import wrap_lines

        # The prefix (bullet, label) goes on the right-hand side, i.e. the logical start.
        return wrap_lines(self._prefix() + self.logical_text, max(1, width), rtl=True)

    def _ltr_content(self) -> Content:
        # Textual's own Content, not Rich Text: Textual would turn Text into Content on every
        # render, and measure and wrap the text once for the height and again for the lines.
        prefix = self._prefix()
        content = Content(prefix + self.logical_text)
        if self.spoken is not None:
            start, end = self.spoken
            content = content.stylize("reverse", len(prefix) + start, len(prefix) + end)
        return content

    def render(self) -> Content | Text:
        if not self.rtl:
            return self._ltr_content()
        text = Text("\n".join(self._rtl_lines(self.size.width or 1)), justify="right", no_wrap=True)
        if self.spoken is not None:
            # Visual reordering moves characters across a line; the whole block is marked instead.
            text.stylize(Style(reverse=True))
        return text
