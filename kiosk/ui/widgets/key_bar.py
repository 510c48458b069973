"""The translated list of keys at the foot of the screen (Textual's Footer cannot be translated)."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.widget import Widget

from kiosk.ui.text import visual

ELLIPSIS = "…"
#: Fewest letters of a label worth showing before the ellipsis; a shorter stub tells nobody anything.
MIN_LETTERS = 3


def fit_hints(keys: list[tuple[str, str]], width: int) -> list[tuple[str, str]]:
    """The hints that fit ``width`` cells, first first: whole, or the last one cut with "…".

    A hint is drawn as " key " then " label  "; a label is never cut without the ellipsis, and a
    hint that has no room for its key and a few letters is left out rather than shown as a stub.
    """
    fitted: list[tuple[str, str]] = []
    room = width
    for key, label in keys:
        key_cells = cell_len(f" {key} ")
        whole = key_cells + cell_len(f" {label} ")
        if whole <= room:
            fitted.append((key, label))
            room -= whole
            continue
        letters = _cut(label, room - key_cells - 1 - cell_len(ELLIPSIS))
        if len(letters) >= min(MIN_LETTERS, len(label)):
            fitted.append((key, letters + ELLIPSIS))
        break
    return fitted


def _cut(label: str, cells: int) -> str:
    """The longest start of ``label`` (at a character) that takes at most ``cells`` cells."""
    kept = ""
    for character in label:
        if cell_len(kept + character) > cells:
            break
        kept += character
    return kept.rstrip()


class KeyBar(Widget):
    """Shows "key label" pairs that fit the width, in the family's language.

    Labels come in reading order (logical text); right to left, the first hint is drawn at the
    right edge and each label is reordered for the terminal after it is cut to fit.
    """

    DEFAULT_CSS = """
    KeyBar { height: 1; }
    """

    def __init__(self, keys: list[tuple[str, str]], *, rtl: bool = False) -> None:
        super().__init__(id="keys")
        self.keys = keys
        self.rtl = rtl

    def show_keys(self, keys: list[tuple[str, str]], *, rtl: bool = False) -> None:
        """Show other labels (another language, or the keys of a dialog on top) for the keys."""
        self.keys = keys
        self.rtl = rtl
        self.refresh()

    def render(self) -> Text:
        fitted = fit_hints(self.keys, self.size.width)
        text = Text(no_wrap=True, overflow="crop", justify="right" if self.rtl else "left")
        if self.rtl:
            # Mirrored: read from the right, each key comes before its label.
            for key, label in fitted[::-1]:
                text.append(f" {visual(label, True)} ")
                text.append(f" {key} ", style="reverse bold")
            return text
        for key, label in fitted:
            text.append(f" {key} ", style="reverse bold")
            text.append(f" {label} ")
        return text
