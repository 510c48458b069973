"""A Button whose label wraps between words in its reading direction.

Textual draws a two-line right-to-left label reordered as a whole, so the second half of the
sentence came first ("الورقة" above "طباعة"). This button keeps its label in logical order (what
speech mode reads) and draws it through ``DirectionalLabel``: wrapped to the button's width first,
then shaped and reordered line by line, and started from the right.
"""

from __future__ import annotations

from typing import Any

from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Button

from kiosk.ui.directional_label import DirectionalLabel


class DirectionalButton(Button):
    """A Button for translated labels; ``rtl`` says the label is right-to-left."""

    rtl: reactive[bool] = reactive(False, layout=True)

    def __init__(self, label: Any = None, *, rtl: bool = False, **kwargs: Any) -> None:
        super().__init__(label, **kwargs)
        self.set_reactive(DirectionalButton.rtl, rtl)
        self._drawn: DirectionalLabel | None = None

    def render(self) -> DirectionalLabel:
        label = self.label if isinstance(self.label, Content) else Content(str(self.label))
        drawn = self._drawn
        if drawn is None or drawn.content is not label or drawn.rtl != self.rtl:
            # Kept while the label stands: the label's lines are wrapped once per width, not per frame.
            drawn = self._drawn = DirectionalLabel(label, rtl=self.rtl)
        return drawn
