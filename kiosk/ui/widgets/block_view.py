"""One block of a page (title, paragraph, bullet...) drawn for any script.

Drawn through ``DirectionalLabel``: right-to-left (and Chinese) text is wrapped in logical order
first and only then shaped and reordered line by line (``kiosk.core.textlayout``), because
reordering a whole paragraph before wrapping scrambles the lines; other text is wrapped by
Textual. The logical text is kept for speech and print.
"""

from __future__ import annotations

from textual.content import Content
from textual.geometry import Size
from textual.reactive import reactive
from textual.widget import Widget

from kiosk.core.i18n import Localized
from kiosk.core.pages import BULLET, DETAIL, POINT, Block
from kiosk.ui.directional_label import DirectionalLabel

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
        if rtl:
            classes += " -rtl"  # indents (a bullet's) are mirrored in the stylesheet
        super().__init__(classes=classes)
        self.block = block
        self.label = label
        self.rtl = rtl
        #: The height last measured and the width it was measured at. Every reflow of the page asks
        #: again (a status line or the reading controls appearing changes the page's height, never
        #: its width), and wrapping the text is the costly part of a reflow.
        self._measured: tuple[int, int] | None = None
        self._label: tuple[tuple[object, ...], DirectionalLabel] | None = None

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
        self.set_class(rtl, "-rtl")
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
        # The styles, as Textual's own Widget.get_content_height passes them (text-wrap and the like).
        height = max(1, self._drawn().get_height(self.styles, max(1, width)))
        self._measured = (width, height)
        return height

    def _drawn(self) -> DirectionalLabel:
        # Kept until the text, its direction or the sentence being read changes: the label keeps
        # its wrapped lines for the width last drawn, and Textual asks for them on every refresh.
        key = (self.block.text.text, self._prefix(), self.rtl, self.spoken)
        if self._label is None or self._label[0] != key:
            self._label = (key, DirectionalLabel(self._content(), rtl=self.rtl))
        return self._label[1]

    def _content(self) -> Content:
        # Textual's own Content, not Rich Text: Textual would turn Text into Content on every
        # render. The prefix (bullet, label) comes first in logical order: on the right in Arabic.
        prefix = self._prefix()
        content = Content(prefix + self.logical_text)
        if self.spoken is not None:
            if self.rtl:
                # Visual reordering moves characters across a line; the whole block is marked instead.
                return content.stylize("reverse")
            start, end = self.spoken
            content = content.stylize("reverse", len(prefix) + start, len(prefix) + end)
        return content

    def render(self) -> DirectionalLabel:
        return self._drawn()
