"""One line for what the kiosk is doing or what is wrong ("Your slip is printing", "Audio is off")."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget


class StatusLine(Widget):
    """Shows the latest message; problems are styled so they stand out."""

    DEFAULT_CSS = """
    StatusLine { height: auto; min-height: 1; }
    """

    message: reactive[str] = reactive("")
    problem: reactive[bool] = reactive(False)

    def render(self) -> Text:
        return Text(self.message, justify="right" if self.has_class("-rtl") else "left")

    def watch_problem(self, problem: bool) -> None:
        self.set_class(problem, "-problem")
