"""What a person sees: the text the app has drawn, read back from its screenshot.

A widget can hold the right options, text and focus while drawing nothing (the language picker
did, issue 11). These helpers read ``app.export_screenshot()`` - the public SVG of what the
terminal shows - back into rows of cells, and cut out the rectangle a widget occupies, so a test
can assert on what is drawn *there*.

    text = drawn_text(app, "#language-box")      # the picker's box, line by line
    assert "Polski" in text

Each ``<text>`` element of the SVG names its row (``clip-path="url(#terminal-...-line-N)"``) and
starts at ``x = column * cell width``; wide characters (Chinese) take two cells, as on screen.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

from rich.cells import cell_len

if TYPE_CHECKING:
    from textual.app import App
    from textual.geometry import Region
    from textual.widget import Widget

_TEXT = re.compile(
    r'<text[^>]*?\bx="(?P<x>[\d.]+)"[^>]*?textLength="(?P<length>[\d.]+)"'
    r'[^>]*?clip-path="url\(#terminal-\d+-line-(?P<row>\d+)\)"[^>]*>(?P<text>[^<]*)</text>'
)


def screen_cells(svg: str, width: int, height: int) -> list[list[str]]:
    """The screen as rows of cells; the second cell of a wide character holds ''."""
    rows = [[" "] * width for _ in range(height)]
    for match in _TEXT.finditer(svg):
        text = html.unescape(match["text"]).replace("\xa0", " ")
        if not text:
            continue
        cell_width = float(match["length"]) / len(text)
        column = round(float(match["x"]) / cell_width)
        row = int(match["row"])
        if row >= height:
            continue
        for character in text:
            if not character.isprintable():
                continue  # the line end Rich writes after each row
            cells = cell_len(character)
            if cells == 0:  # a combining mark rides on the cell before it
                if column > 0:
                    rows[row][column - 1] += character
                continue
            if column + cells > width:
                break
            rows[row][column] = character
            for extra in range(1, cells):
                rows[row][column + extra] = ""
            column += cells
    return rows


def screen_lines(app: App[object]) -> list[str]:
    """Every row of the screen as it is drawn now."""
    width, height = app.size
    return ["".join(row) for row in screen_cells(app.export_screenshot(), width, height)]


def region_lines(app: App[object], region: Region) -> list[str]:
    """The rows drawn inside ``region`` (screen coordinates), cut to its columns, right-stripped."""
    width, height = app.size
    rows = screen_cells(app.export_screenshot(), width, height)
    left, right = max(region.x, 0), min(region.right, width)
    return ["".join(rows[y][left:right]).rstrip() for y in range(max(region.y, 0), min(region.bottom, height))]


def drawn_text(app: App[object], widget: Widget | str) -> str:
    """The text drawn inside a widget's region on the screen on show (a widget or a selector)."""
    target = app.screen.query_one(widget) if isinstance(widget, str) else widget
    return "\n".join(region_lines(app, target.region))


def screen_rows(app: App[object]) -> list[str]:
    """Every row of the screen as drawn, each exactly as many cells as the screen is wide (a wide
    character fills two cells; its second is not repeated in the string)."""
    return screen_lines(app)


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
