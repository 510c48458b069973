"""Short one-line labels (key hints, language names) made ready for the terminal in any script.

Only for text that is never wrapped: reordering a whole paragraph and then letting Textual wrap
it puts the end of an Arabic sentence first. Text that may wrap is drawn by ``DirectionalText``
or ``DirectionalButton`` (``kiosk.ui.directional_label``), which wrap first and reorder each line.
"""

from __future__ import annotations

_NO_WRAP = 10_000


def visual(text: str, rtl: bool) -> str:
    """The text as it must be drawn: shaped and reordered for right-to-left languages."""
    if not rtl or not text:
        return text
    # Imported here: the shaping and reordering libraries are only needed once a right-to-left
    # language is chosen, so a kiosk that starts in English does not load them.
    from kiosk.core.textlayout import wrap_lines

    return "\n".join(wrap_lines(text, _NO_WRAP, rtl=True))
