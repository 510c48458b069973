"""What the kiosk draws, cell by cell with its colours, read back from ``app.export_screenshot()``.

Rich's SVG export holds one ``<rect>`` per run of cells with a background colour and one ``<text>``
per run of characters, whose class gives the foreground colour. Both sit on a fixed grid, so the
screen can be rebuilt cell by cell and drawn as a picture a phone camera would see.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from PIL import Image
from rich.cells import cell_len

#: Rich's SVG grid (``Console.export_svg``): character width and line height in SVG units.
_CHAR_WIDTH = 20 * 0.61
_LINE_HEIGHT = 20 * 1.22
_STYLE = re.compile(r"\.(terminal-\d+-r\d+) \{ ([^}]*) \}")
_RECT = re.compile(
    r'<rect fill="(#[0-9a-fA-F]{6})" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="[\d.]+" '
    r'shape-rendering="crispEdges"/>'
)
_TEXT = re.compile(
    r'<text class="(terminal-\d+-r\d+)" x="([\d.]+)" y="([\d.]+)" textLength="[\d.]+" [^>]*>([^<]*)</text>'
)
#: Which half of a cell a block glyph paints in the foreground colour: (top, bottom).
HALF_BLOCKS = {"▀": (True, False), "▄": (False, True), "█": (True, True)}


@dataclass
class Cell:
    char: str
    fg: str
    bg: str


def drawn_cells(svg: str, width: int, height: int, background: str = "#000000") -> list[list[Cell]]:
    """The screen as rows of cells: character, foreground and background colour (``#rrggbb``)."""
    fills = {}
    for name, rules in _STYLE.findall(svg):
        fill = re.search(r"fill: (#[0-9a-fA-F]{6})", rules)
        fills[name] = fill.group(1) if fill else "#ffffff"
    cells = [[Cell(" ", "#ffffff", background) for _ in range(width)] for _ in range(height)]
    for fill, x, y, run in _RECT.findall(svg):
        row, column = round((float(y) - 1.5) / _LINE_HEIGHT), round(float(x) / _CHAR_WIDTH)
        for offset in range(round(float(run) / _CHAR_WIDTH)):
            if row < height and column + offset < width:
                cells[row][column + offset].bg = fill.lower()
    for name, x, y, text in _TEXT.findall(svg):
        row, column = round((float(y) - 20) / _LINE_HEIGHT), round(float(x) / _CHAR_WIDTH)
        for char in html.unescape(text):
            if row < height and column < width:
                cells[row][column].char = " " if char == "\u00a0" else char
                cells[row][column].fg = fills[name].lower()
            column += max(1, cell_len(char))
    return cells


def _grey(colour: str) -> int:
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return round(0.299 * red + 0.587 * green + 0.114 * blue)


def rasterise(cells: list[list[Cell]], path: Path, pixels_per_module: int = 6) -> Path:
    """Draw the cells as a terminal shows them, each cell two pixels high (its top and bottom half).

    Block glyphs paint their halves in the foreground colour; any other character is drawn as a
    blur of its two colours, as a camera sees small letters.
    """
    width, height = len(cells[0]), 2 * len(cells)
    image = Image.new("L", (width, height), 0)
    for row, line in enumerate(cells):
        for column, cell in enumerate(line):
            fg, bg = _grey(cell.fg), _grey(cell.bg)
            if cell.char in HALF_BLOCKS:
                top, bottom = HALF_BLOCKS[cell.char]
                shades = (fg if top else bg, fg if bottom else bg)
            elif cell.char.strip():
                shades = ((fg + bg) // 2, (fg + bg) // 2)
            else:
                shades = (bg, bg)
            image.putpixel((column, 2 * row), shades[0])
            image.putpixel((column, 2 * row + 1), shades[1])
    size = (width * pixels_per_module, height * pixels_per_module)
    image.resize(size, Image.Resampling.NEAREST).save(path)
    return path


def cells_text(cells: list[list[Cell]]) -> str:
    return "\n".join("".join(cell.char for cell in line) for line in cells)
