"""Whether a text holds wide characters (two terminal cells each): Chinese, Japanese, Korean.

Its own small module: every label on screen asks, so the answer must be quick and must not load the
full text layout (``kiosk.core.textlayout``), which is loaded only once a text needs it.
"""

from __future__ import annotations

from rich.cells import cell_len

#: No character below this one is wide (Hangul Jamo start here; the CJK blocks come later).
_FIRST_WIDE = "\u1100"


def has_wide(text: str) -> bool:
    """True when the text holds a wide (two-cell) character."""
    # The first two tests run in C and settle nearly every text of the European languages and
    # Arabic; only text with a character from U+1100 up (CJK, but also ✓ and •) is measured.
    return not text.isascii() and max(text) >= _FIRST_WIDE and cell_len(text) > len(text)
