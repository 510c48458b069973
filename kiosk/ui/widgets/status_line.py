"""One line for what the kiosk is doing or what is wrong ("Your slip is printing", "Audio is off")."""

from __future__ import annotations

from textual.reactive import reactive
from textual.widget import Widget

from kiosk.ui.directional_label import DirectionalLabel


class StatusLine(Widget):
    """Shows the latest message; problems are styled so they stand out."""

    DEFAULT_CSS = """
    StatusLine { height: auto; min-height: 1; }
    """

    #: The message as written (logical order, as spoken).
    message: reactive[str] = reactive("", layout=True)
    problem: reactive[bool] = reactive(False)
    #: The message is right-to-left (the widget then also has the class "-rtl").
    rtl: reactive[bool] = reactive(False)

    def render(self) -> DirectionalLabel:
        # The message is kept as written (logical order); a right-to-left one is wrapped, then
        # reordered line by line, and starts at the right.
        return DirectionalLabel(self.message, rtl=self.rtl)

    def watch_rtl(self, rtl: bool) -> None:
        self.set_class(rtl, "-rtl")

    def watch_problem(self, problem: bool) -> None:
        self.set_class(problem, "-problem")
