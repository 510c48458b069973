"""What is drawn on the screen, read back from the same export a screenshot is made from.

Tests of layout and direction assert on these rows, cut to a widget's region, never on widget
state: a widget can hold the right text and still draw it scrambled, cut off or off screen.
"""

from __future__ import annotations

import html
import re

from rich.cells import cell_len
from textual.app import App
from textual.geometry import Region
from textual.widget import Widget

#: Rich's SVG export places each run of text at ``column * 12.2`` pixels (0.61 of a 20 px font).
_CHAR_WIDTH = 0.61 * 20
_TEXT = re.compile(r'<text [^>]*?x="([\d.]+)"[^>]*?clip-path="url\(#[^)]*?-line-(\d+)\)"[^>]*>(.*?)</text>', re.S)


def screen_rows(app: App[object]) -> list[str]:
    """Every row of the screen as drawn, one string per row, each exactly as many cells as the screen
    is wide. A wide (Chinese) character fills two cells; the second is not repeated in the string."""
    width, height = app.size
    cells = [[" "] * width for _ in range(height)]
    for x, row, escaped in _TEXT.findall(app.export_screenshot()):
        column = round(float(x) / _CHAR_WIDTH)
        for char in html.unescape(escaped).replace("\xa0", " "):
            if 0 <= int(row) < height and column < width:
                cells[int(row)][column] = char
                if cell_len(char) == 2 and column + 1 < width:
                    cells[int(row)][column + 1] = ""
            column += cell_len(char)
    return ["".join(line) for line in cells]


def cut(rows: list[str], region: Region) -> list[str]:
    """The part of ``rows`` (as from ``screen_rows``) inside ``region``, cell-exact."""
    cut_rows: list[str] = []
    for row in rows[region.y : region.bottom]:
        cells: list[str] = []
        for char in row:
            cells.append(char)
            if cell_len(char) == 2:
                cells.append("")
        cut_rows.append("".join(cells[region.x : region.right]))
    return cut_rows


def drawn_in(app: App[object], widget: Widget, *, content: bool = True) -> list[str]:
    """The rows drawn inside ``widget``'s region on screen (its content region by default: inside
    its border and padding), clipped to what the screen shows."""
    region = widget.content_region if content else widget.region
    return cut(screen_rows(app), region.intersection(app.screen.region))
