"""Line-by-line syntax check of a gettext ``.po`` file, as strict as GNU ``msgfmt``.

Babel's reader is forgiving: a missing closing quote, a stray line or the same ``msgid`` written
twice are read without a word, and the translator never learns why a sentence shows in English.
This scanner finds such faults first and names the line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_KEYWORD = re.compile(r"^(msgctxt|msgid|msgid_plural|msgstr|msgstr\[\d+\])\s+(.*)$")
_QUOTED = re.compile(r'^"(?:[^"\\]|\\.)*"$')


@dataclass(frozen=True)
class SyntaxFault:
    """The first fault found: a 1-based line and a sentence saying what is wrong there."""

    line: int
    message: str


def _unquote(quoted: str) -> str:
    return quoted[1:-1]


def find_syntax_fault(raw: bytes) -> SyntaxFault | None:
    """The first syntax fault of a ``.po`` file's bytes, or None when every line is well formed."""
    keyword = ""
    msgctxt = ""
    msgid_parts: list[str] = []
    msgid_line = 0
    seen: dict[tuple[str, str], int] = {}

    def finish_msgid() -> SyntaxFault | None:
        nonlocal msgid_parts, msgctxt
        if not msgid_parts:
            return None
        key = (msgctxt, "".join(msgid_parts))
        msgid_parts, msgctxt = [], ""
        if key in seen:
            return SyntaxFault(
                msgid_line,
                f"this msgid is written twice (first on line {seen[key]}); keep one entry and delete the other.",
            )
        seen[key] = msgid_line
        return None

    for number, raw_line in enumerate(raw.split(b"\n"), start=1):
        try:
            line = raw_line.decode("utf-8").strip()
        except UnicodeDecodeError:
            return SyntaxFault(number, "this line is not UTF-8 text. Save the catalogue as UTF-8.")
        if not line or line.startswith("#"):
            if not line:
                keyword = ""
            continue
        match = _KEYWORD.match(line)
        if match:
            keyword, text = match.group(1), match.group(2).strip()
            if keyword in ("msgid_plural", "msgstr") or keyword.startswith("msgstr["):
                fault = finish_msgid()
                if fault:
                    return fault
            if keyword == "msgid":
                msgid_line = number
        elif line.startswith('"'):
            if not keyword:
                return SyntaxFault(number, "this quoted text does not follow a msgid or msgstr line.")
            text = line
        else:
            return SyntaxFault(
                number,
                "this line is neither a comment, a msgid/msgstr line nor quoted text. "
                "Check for a line break inside a translation.",
            )
        if not _QUOTED.match(text):
            return SyntaxFault(
                number,
                "the text on this line is not properly quoted: it must start and end "
                'with " and every " inside it must be written \\".',
            )
        if keyword == "msgctxt":
            msgctxt += _unquote(text)
        elif keyword == "msgid":
            msgid_parts.append(_unquote(text))
    return finish_msgid()
