"""Short labels (buttons, key hints, titles) made ready for the terminal in any script."""

from __future__ import annotations

from kiosk.core.textlayout import wrap_lines

_NO_WRAP = 10_000


def visual(text: str, rtl: bool) -> str:
    """The text as it must be drawn: shaped and reordered for right-to-left languages."""
    if not rtl or not text:
        return text
    return "\n".join(wrap_lines(text, _NO_WRAP, rtl=True))
