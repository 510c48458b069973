"""The bar of large buttons at the foot of every page; mirrored for right-to-left languages."""

from __future__ import annotations

from dataclasses import dataclass

from textual.containers import Grid
from textual.widgets import Button


@dataclass(frozen=True)
class NavAction:
    """A button: the app action it runs, its translated label and a stable id for tests and CSS."""

    id: str
    label: str
    action: str
    disabled: bool = False


class NavBar(Grid):
    """Large touch targets (at least three rows high), one per action."""

    DEFAULT_CSS = """
    NavBar { height: auto; grid-size: 5; grid-gutter: 0 1; grid-rows: 3; }
    NavBar Button { width: 1fr; min-width: 8; height: 3; }
    """

    #: Narrowest a button may be and still show its label in full.
    MIN_BUTTON_WIDTH = 15

    def __init__(self, actions: list[NavAction], *, rtl: bool = False) -> None:
        super().__init__(id="nav")
        self.actions = actions[::-1] if rtl else actions
        self.buttons = {
            item.id: Button(item.label, id=item.id, action=item.action, disabled=item.disabled) for item in self.actions
        }

    def fit_columns(self, width: int) -> None:
        """As many columns as fit in ``width`` cells, balanced so the last row is not nearly empty."""
        fit = max(1, min(len(self.actions), width // self.MIN_BUTTON_WIDTH))
        rows = -(-len(self.actions) // fit)
        self.styles.grid_size_columns = -(-len(self.actions) // rows)

    def on_resize(self) -> None:
        self.fit_columns(self.size.width)

    def compose(self):
        # A first guess from the screen's width, so the first frame is laid out with the columns
        # the bar keeps (the bar spans the screen); ``on_resize`` then only corrects a wrong guess.
        self.fit_columns(self.app.size.width - self.styles.padding.width)
        yield from self.buttons.values()

    def show_actions(self, actions: list[NavAction], *, rtl: bool = False) -> None:
        """Relabel the same buttons (another language), mirrored for right-to-left.

        The buttons stay the same widgets, so the one with focus keeps it.
        """
        ordered = actions[::-1] if rtl else actions
        for item in ordered:
            button = self.buttons[item.id]
            button.label = item.label
            button.disabled = item.disabled
        if [item.id for item in ordered] != [item.id for item in self.actions]:
            # Moving each button to the front, last first, leaves them in the new order.
            for item in reversed(ordered):
                self.move_child(self.buttons[item.id], before=0)
        self.actions = ordered

    def relabel(self, button_id: str, label: str) -> None:
        self.buttons[button_id].label = label
