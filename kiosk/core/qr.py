"""QR codes for web addresses: a module matrix, half-block lines for the screen, PNGs for print.

The screen draws ``qr_lines`` with explicit black-on-white colours (never theme colours), so a
dark or high-contrast theme cannot invert the code and make it unreadable to phone cameras.
Every rendering keeps the 4-module light border (quiet zone) that scanners need.
"""

from __future__ import annotations

import functools
import io
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from kiosk.core.i18n import Localized, Translator

if TYPE_CHECKING:
    import segno

#: Light modules around the code; the QR standard asks for at least 4.
QUIET_ZONE = 4
#: Error correction on paper: "m" recovers about 15 % damage (a smudge, a fold) and keeps codes small.
ERROR_LEVEL = "m"
#: Error correction on screen: "l" gives the fewest modules, which is what decides whether a code
#: fits a terminal (a screen is not folded or smudged). ``boost_error`` still raises the level
#: whenever the same version has room for it.
SCREEN_ERROR_LEVEL = "l"

#: Half-block characters, indexed by (top dark, bottom dark); drawn dark-on-light.
_HALF_BLOCKS = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}

Matrix = tuple[tuple[bool, ...], ...]


def _qr(url: str, error: str = ERROR_LEVEL) -> segno.QRCode:
    # Imported here: pages carry QR blocks, but only drawing or printing a code needs segno.
    import segno

    # make_qr, not make: segno.make may choose a Micro QR code, which many phone cameras cannot read.
    return segno.make_qr(url, error=error, boost_error=True)


@functools.lru_cache(maxsize=64)
def qr_matrix(url: str, error: str = ERROR_LEVEL) -> Matrix:
    """The code's modules row by row, True for dark, without the quiet zone."""
    return tuple(tuple(bool(module) for module in row) for row in _qr(url, error).matrix)


def with_quiet_zone(matrix: Matrix, border: int = QUIET_ZONE) -> Matrix:
    """The matrix surrounded by ``border`` light modules on every side."""
    width = len(matrix[0]) + 2 * border if matrix else 2 * border
    light_row = (False,) * width
    padding = (False,) * border
    rows = [light_row] * border
    rows += [padding + row + padding for row in matrix]
    rows += [light_row] * border
    return tuple(rows)


def scaled(matrix: Matrix, scale: int) -> Matrix:
    """The matrix with every module repeated ``scale`` times across and down (a larger code)."""
    return tuple(tuple(module for module in row for _ in range(scale)) for row in matrix for _ in range(scale))


def half_block_lines(matrix: Matrix) -> list[str]:
    """Any module matrix as text, two module rows per line (top and bottom half of each cell)."""
    rows = list(matrix)
    if len(rows) % 2:
        rows.append((False,) * len(rows[0]))
    return [
        "".join(_HALF_BLOCKS[(top, bottom)] for top, bottom in zip(upper, lower, strict=True))
        for upper, lower in zip(rows[0::2], rows[1::2], strict=True)
    ]


def qr_lines(url: str, *, scale: int = 1, error: str = SCREEN_ERROR_LEVEL) -> list[str]:
    """The code as text for the screen: each character holds two modules stacked (top and bottom half).

    Draw the lines with black foreground on white background; a dark module is the foreground.
    The quiet zone is included, so at scale 1 the lines are ``size + 8`` characters wide and
    ``(size + 8) / 2`` lines high (rounded up). A terminal cell is about twice as high as it is
    wide, so each module is drawn square: one cell across, half a cell down (``scale`` times that).
    """
    return half_block_lines(scaled(with_quiet_zone(qr_matrix(url, error)), scale))


def qr_screen_size(url: str, scale: int = 1) -> tuple[int, int]:
    """(columns, lines) the code takes on screen at ``scale``, quiet zone included."""
    modules = (len(qr_matrix(url, SCREEN_ERROR_LEVEL)) + 2 * QUIET_ZONE) * scale
    return modules, -(-modules // 2)


def qr_modules(url: str) -> int:
    """The width of the code in modules, quiet zone included (for sizing it on paper)."""
    return len(qr_matrix(url)) + 2 * QUIET_ZONE


def qr_png(url: str, target: Path | BinaryIO | None = None, scale: int = 4) -> bytes:
    """Write the code as a black-on-white PNG with its quiet zone; return the PNG bytes.

    ``scale`` is pixels per module (at least 4, so a printer or a camera sees crisp edges).
    ``target`` may be a file path, an open binary file, or None to only return the bytes.
    """
    if scale < 4:
        raise ValueError(f"a QR code PNG needs at least 4 pixels per module, not {scale}.")
    buffer = io.BytesIO()
    _qr(url).save(buffer, kind="png", scale=scale, border=QUIET_ZONE, dark="black", light="white")
    data = buffer.getvalue()
    if isinstance(target, Path):
        target.write_bytes(data)
    elif target is not None:
        target.write(data)
    return data


def qr_alt(tr: Translator, name: str) -> Localized:
    """The spoken and printed description of a contact's QR code, in the translator's language."""
    template = tr.localized("QR code: link to the website of %(name)s")
    return Localized(template.text.replace("%(name)s", name), template.lang, template.fallback)


def qr_alt_text(tr: Translator, name: str) -> str:
    """Text alternative for a QR code, e.g. "QR code: link to the website of Global Mediation"."""
    return qr_alt(tr, name).text
