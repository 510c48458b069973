"""Terminal control characters: found (for ``kiosk check``) and removed (before text reaches the screen).

The kiosk draws on a terminal, and a terminal obeys what it is sent: ``ESC c`` in a title resets
it (which switches touch and mouse input off until a restart), an OSC sequence retitles it. No
text a family reads needs a C0 or C1 control character, so content, configuration and catalogues
holding one are refused by ``kiosk check``, and whatever gets past (a compiled catalogue changed
after the check) is stripped on its way to the screen. Newlines and tabs are layout, not commands.
"""

from __future__ import annotations

import re

#: C0 controls except tab and newline, DEL, and the C1 controls (U+0080-U+009F; U+009B is a CSI).
CONTROL_CHARACTER = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """``text`` without control characters (tab and newline kept); the same object when it has none."""
    if CONTROL_CHARACTER.search(text) is None:
        return text
    return CONTROL_CHARACTER.sub("", text)


def first_control_character(text: str) -> int | None:
    """The index of the first control character in ``text``, or None."""
    found = CONTROL_CHARACTER.search(text)
    return found.start() if found else None


def describe(character: str) -> str:
    """How a person can find the character: its code point and, for the common ones, its name."""
    names = {"\x1b": "ESC (escape)", "\r": "carriage return", "\x07": "BEL (bell)", "\x9b": "CSI", "\x9d": "OSC"}
    code = f"U+{ord(character):04X}"
    return f"{code} {names[character]}" if character in names else code


def sentence(character: str, where_to_look: str) -> str:
    """Why the character is refused and what to do, for a Problem."""
    return (
        f"the text holds the control character {describe(character)}, which would send a command to the "
        f"kiosk's terminal (it can reset the screen and switch off touch input). Delete it; {where_to_look}"
    )
