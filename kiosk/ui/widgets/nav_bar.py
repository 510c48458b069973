"""The bar of large buttons at the foot of every page; mirrored for right-to-left languages."""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from textual.containers import Grid
from textual.widget import Widget

from kiosk.core.wide import has_wide
from kiosk.ui.widgets.directional_button import DirectionalButton


@dataclass(frozen=True)
class NavAction:
    """A button: the app action it runs, its translated label and a stable id for tests and CSS."""

    id: str
    label: str
    action: str
    disabled: bool = False


def _widest_word(label: str) -> int:
    """Cells of the label's widest piece no line break may split."""
    if has_wide(label):
        # Chinese breaks between characters, by the kiosk's rules (loaded only for such labels).
        from kiosk.core.textlayout import widest_unbreakable

        return widest_unbreakable(label)
    return max((cell_len(word) for word in label.split()), default=0)


class _Gap(Widget):
    """An empty cell that puts the short last row of a right-to-left bar against the right edge."""

    DEFAULT_CSS = "_Gap { height: 3; }"

    def render(self) -> str:
        return ""


class NavBar(Grid):
    """Large touch targets (at least three rows high), one per action.

    Buttons fill the bar row by row in reading order: left to right, or for a right-to-left
    language right to left - the first button at the right of the first row, a short last row
    against the right edge.
    """

    DEFAULT_CSS = """
    NavBar { height: auto; grid-size: 5; grid-gutter: 0 1; grid-rows: 3; }
    NavBar Button { width: 1fr; min-width: 8; height: 3; }
    """

    #: Narrowest a button may be and still be an easy target.
    MIN_BUTTON_WIDTH = 15
    #: Cells of a button that are not its label: the button's line-pad on either side (kiosk.tcss
    #: gives bar buttons no padding of their own).
    LABEL_PAD = 2
    #: Cells between two buttons (``grid-gutter`` above).
    GUTTER = 1

    def __init__(self, actions: list[NavAction], *, rtl: bool = False) -> None:
        super().__init__(id="nav")
        #: The actions in reading order.
        self.actions = actions
        self.rtl = rtl
        self.columns = 1
        self.buttons = {
            item.id: DirectionalButton(item.label, rtl=rtl, id=item.id, action=item.action, disabled=item.disabled)
            for item in actions
        }
        # At most one gap per column but one is ever needed; hidden ones take no cell.
        self.gaps = [_Gap() for _ in range(max(0, len(actions) - 1))]

    def columns_for(self, width: int) -> int:
        """How many buttons fit side by side in ``width`` cells, no label cut inside a word,
        balanced so the last row is not nearly empty."""
        widest = max((_widest_word(str(button.label)) for button in self.buttons.values()), default=0)
        button_width = max(self.MIN_BUTTON_WIDTH, widest + self.LABEL_PAD)
        fit = max(1, min(len(self.actions), (width + self.GUTTER) // (button_width + self.GUTTER)))
        rows = -(-len(self.actions) // fit)
        return -(-len(self.actions) // rows)

    def fit_columns(self, width: int) -> None:
        columns = self.columns_for(width)
        if columns != self.columns:
            self.columns = columns
            self.styles.grid_size_columns = columns
        self._arrange()

    def on_resize(self) -> None:
        self.fit_columns(self.size.width)

    def compose(self):
        # A first guess from the screen's width, so the first frame is laid out with the columns
        # the bar keeps (the bar spans the screen); ``on_resize`` then only corrects a wrong guess.
        self.columns = self.columns_for(self.app.size.width - self.styles.padding.width)
        self.styles.grid_size_columns = self.columns
        missing = self._missing()
        for index, gap in enumerate(self.gaps):
            gap.display = index < missing
        yield from self._order()

    def _missing(self) -> int:
        """Cells left empty in the last row (filled with gaps in a right-to-left bar)."""
        rows = -(-len(self.actions) // self.columns)
        return self.columns * rows - len(self.actions) if self.rtl else 0

    def _order(self) -> list[Widget]:
        """Buttons (and gaps) in the order the grid lays them out, row by row from the left."""
        buttons: list[Widget] = [self.buttons[item.id] for item in self.actions]
        if not self.rtl:
            return [*buttons, *self.gaps]
        # Each row from the right; the gaps fill the left of the short last row.
        rows = [buttons[start : start + self.columns][::-1] for start in range(0, len(buttons), self.columns)]
        missing = self._missing()
        rows[-1] = self.gaps[:missing] + rows[-1]
        return [widget for row in rows for widget in row] + self.gaps[missing:]

    def _arrange(self) -> None:
        missing = self._missing()
        for index, gap in enumerate(self.gaps):
            gap.display = index < missing
        order = self._order()
        if list(self.children) != order:
            # Moving each widget to the front, last first, leaves them in the new order.
            for widget in reversed(order):
                self.move_child(widget, before=0)

    def show_actions(self, actions: list[NavAction], *, rtl: bool = False) -> None:
        """Relabel the same buttons (another language), mirrored for right-to-left.

        The buttons stay the same widgets, so the one with focus keeps it.
        """
        for item in actions:
            button = self.buttons[item.id]
            button.label = item.label
            button.rtl = rtl
            button.disabled = item.disabled
        self.actions, self.rtl = actions, rtl
        if self.is_mounted:
            self.fit_columns(self.size.width or self.app.size.width)

    def relabel(self, button_id: str, label: str) -> None:
        self.buttons[button_id].label = label
        if self.is_mounted and self.columns_for(self.size.width) != self.columns:
            self.fit_columns(self.size.width)
