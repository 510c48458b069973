"""What a person sees: the app's screen as text, read back from its exported screenshot.

``app.export_screenshot()`` is the SVG of exactly what was drawn; each run of text in it sits at a
cell column (``x`` over the cell width) on a line (its clip path). Put back together, these are the
screen's rows, and a widget's ``region`` cuts out what is drawn inside that widget.
"""

from __future__ import annotations

import html
import re

from rich.cells import cell_len
from textual.app import App
from textual.geometry import Region

#: Rich's SVG export: 20 px letters, 0.61 as wide as high.
CELL_WIDTH = 20 * 0.61

_TEXT = re.compile(r'<text [^>]*?x="([\d.]+)"[^>]*?clip-path="url\(#[\w-]+-line-(\d+)\)"[^>]*>(.*?)</text>', re.S)
_SIZE = re.compile(r'<clipPath id="[\w-]+-line-(\d+)">')


def screen_rows(app: App[object]) -> list[str]:
    """Every row of the screen as drawn, one string per row (a wide character fills its two cells)."""
    svg = app.export_screenshot()
    width, height = app.size
    cells = [[" "] * width for _ in range(height)]
    for x_text, line_text, escaped in _TEXT.findall(svg):
        row = int(line_text)
        if row >= height:
            continue
        column = round(float(x_text) / CELL_WIDTH)
        for character in html.unescape(escaped).replace("\xa0", " "):
            if column >= width:
                break
            cells[row][column] = character
            # The second cell of a wide character holds nothing of its own.
            for extra in range(1, cell_len(character)):
                if column + extra < width:
                    cells[row][column + extra] = ""
            column += max(1, cell_len(character))
    return ["".join(row) for row in cells]


def region_rows(app: App[object], region: Region) -> list[str]:
    """The rows drawn inside ``region`` (a widget's ``region``), cut to its columns."""
    rows = screen_rows(app)[region.y : region.bottom]
    return [_cut_cells(row, region.x, region.right) for row in rows]


def region_text(app: App[object], region: Region) -> str:
    """What is drawn in ``region``, rows joined by newlines, trailing spaces dropped."""
    return "\n".join(row.rstrip() for row in region_rows(app, region))


def _cut_cells(row: str, start: int, end: int) -> str:
    kept = []
    column = 0
    for character in row:
        width = max(1, cell_len(character)) if character else 0
        if start <= column < end:
            kept.append(character)
        column += width
    return "".join(kept)
