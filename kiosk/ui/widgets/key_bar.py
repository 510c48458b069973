"""The translated list of keys at the foot of the screen (Textual's Footer cannot be translated)."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget


class KeyBar(Widget):
    """Shows "key label" pairs that fit the width, in the family's language."""

    DEFAULT_CSS = """
    KeyBar { height: 1; }
    """

    def __init__(self, keys: list[tuple[str, str]], *, rtl: bool = False) -> None:
        super().__init__(id="keys")
        self.keys = keys
        self.rtl = rtl

    def show_keys(self, keys: list[tuple[str, str]], *, rtl: bool = False) -> None:
        """Show other labels (another language) for the keys."""
        self.keys = keys
        self.rtl = rtl
        self.refresh()

    def render(self) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis", justify="right" if self.rtl else "left")
        for key, label in self.keys[::-1] if self.rtl else self.keys:
            text.append(f" {key} ", style="reverse bold")
            text.append(f" {label}  ")
        return text
