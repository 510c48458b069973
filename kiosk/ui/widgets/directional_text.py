"""A Static for translated text that may wrap: right-to-left lines keep their reading order.

Every piece of text a family reads outside the page blocks (the title, the review notice, the
status line, help, the idle warning) is one of these, so all of it is wrapped, shaped and
reordered the same way (``kiosk.ui.directional_label``). It holds the logical text, as speech
reads it; what is drawn is worked out for the width it is drawn at.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from kiosk.ui.directional_label import DirectionalLabel


class DirectionalText(Static):
    """Plain text (never markup) in the reading direction of its language."""

    def __init__(self, text: str = "", *, rtl: bool = False, id: str | None = None, classes: str | None = None) -> None:
        self.rtl = rtl
        self.label = DirectionalLabel(text, rtl=rtl)
        super().__init__(self.label, markup=False, id=id, classes=classes)

    @property
    def text(self) -> str:
        """The logical text (as written, as spoken)."""
        return self.label.plain

    def update(self, content: object = "", *, rtl: bool | None = None, layout: bool = True) -> None:
        """Show new text (a ``str`` or ``Content``), in a new direction if ``rtl`` is given."""
        if rtl is not None:
            self.rtl = rtl
        if isinstance(content, DirectionalLabel):
            label = content
        else:
            label = DirectionalLabel(content if isinstance(content, Content) else str(content), rtl=self.rtl)
        if label == self.label:
            return  # the same words the same way round: nothing to lay out again
        self.label = label
        super().update(label, layout=layout)
