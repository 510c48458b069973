"""Display lines for the terminal: wrapping by screen cells, in any script.

The kiosk keeps every text in logical order (as typed, as spoken, as printed). For the screen it
is cut into lines here:

* widths are counted in terminal cells (a Chinese character takes two), so no line is wider than
  the space it is given and no character is ever split;
* phone numbers, email addresses and web addresses never break across lines; one that is wider
  than the whole line gets lines of its own, cut at the width;
* Chinese text may break between any two characters, but closing punctuation such as "。" never
  starts a line and opening brackets never end one;
* right-to-left text is wrapped in logical order first and only then shaped (Arabic letters
  joined) and reordered for display line by line, with phone numbers, emails and web addresses
  kept as left-to-right runs so "0800 064 4488" still reads 0800 064 4488.

The caller right-aligns right-to-left lines.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from rich.cells import cell_len

from kiosk.core.literals import literal_spans
from kiosk.core.wide import has_wide as has_wide

#: Spaces where a line may break. No-break spaces (U+00A0, U+202F, U+2007) are not among them.
_BREAKING_SPACE = re.compile(r"[ \t\u1680\u2000-\u2006\u2008-\u200a\u205f\u3000]+")
#: Punctuation that must not begin a line (Chinese, Japanese and Western closing marks).
_NO_LINE_START = set("。，、；：！？）」』】》〉〕〗〙〛”’…‥・ー々ゝゞ〃%.,;:!?)]}»")
#: Punctuation that must not end a line (opening brackets and quotes).
_NO_LINE_END = set("（「『【《〈〔〖〘〚“‘([{«")
_LEFT_TO_RIGHT_ISOLATE = "\u2066"
_POP_DIRECTIONAL_ISOLATE = "\u2069"
_LEFT_TO_RIGHT_MARK = "\u200e"
#: The invisible direction controls added for the bidi algorithm, removed from what is drawn.
_DIRECTION_CONTROLS = dict.fromkeys(map(ord, _LEFT_TO_RIGHT_ISOLATE + _POP_DIRECTIONAL_ISOLATE + _LEFT_TO_RIGHT_MARK))
#: Arabic-script letters and marks (the Arabic-Indic digits U+0660-0669 and U+06F0-06F9 are not letters).
_ARABIC = re.compile("[\u0600-\u065f\u066a-\u06ef\u06fa-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefe]")


def has_arabic(text: str) -> bool:
    """True when the text holds any Arabic-script letter (and so needs shaping to be drawn)."""
    return bool(_ARABIC.search(text))


def _breaks_anywhere(char: str) -> bool:
    """Characters of scripts written without spaces: a line may break before and after each one."""
    if cell_len(char) == 2:
        return True
    name = unicodedata.name(char, "")
    return name.startswith(("CJK ", "HIRAGANA", "KATAKANA", "HANGUL", "IDEOGRAPHIC"))


@dataclass(frozen=True)
class _Atom:
    """The smallest piece of a paragraph: a word, one Chinese character, or a literal."""

    text: str
    #: A breaking space stood before it in the text (dropped when the line breaks there).
    space_before: bool
    #: One character of a script written without spaces (or a wide punctuation mark).
    ideographic: bool = False
    #: "phone", "email" or "url" for a literal, which is never split unless wider than a line.
    literal: str = ""


def _atoms(paragraph: str) -> list[_Atom]:
    """Cut one paragraph (no newlines) into words, single Chinese characters and literals."""
    atoms: list[_Atom] = []
    literals = {span.start: span for span in literal_spans(paragraph)}
    position = 0
    space_before = False
    word = ""

    def push(atom_text: str, *, ideographic: bool = False, literal: str = "") -> None:
        nonlocal space_before
        atoms.append(_Atom(atom_text, space_before and bool(atoms), ideographic, literal))
        space_before = False

    while position < len(paragraph):
        space = _BREAKING_SPACE.match(paragraph, position)
        literal = literals.get(position)
        if word and (space or literal or _breaks_anywhere(paragraph[position])):
            push(word)
            word = ""
        if space:
            space_before = True
            position = space.end()
        elif literal:
            push(paragraph[literal.start : literal.end], literal=literal.kind)
            position = literal.end
        elif _breaks_anywhere(paragraph[position]):
            push(paragraph[position], ideographic=True)
            position += 1
        else:
            word += paragraph[position]
            position += 1
    if word:
        push(word)
    return atoms


def _may_break_before(previous: _Atom, atom: _Atom) -> bool:
    """Line-break rules: at spaces; between Chinese characters, but not before closing punctuation
    or after opening brackets."""
    if atom.space_before:
        return True
    if not (previous.ideographic or atom.ideographic):
        return False
    return atom.text[0] not in _NO_LINE_START and previous.text[-1] not in _NO_LINE_END


def _segments(paragraph: str) -> list[tuple[bool, list[_Atom]]]:
    """Runs of atoms that no line break may separate, each with whether a space comes before it."""
    segments: list[tuple[bool, list[_Atom]]] = []
    for atom in _atoms(paragraph):
        if segments and not _may_break_before(segments[-1][1][-1], atom):
            segments[-1][1].append(atom)
        else:
            segments.append((atom.space_before, [atom]))
    return segments


def _joined(atoms: list[_Atom]) -> str:
    """The text of a run of atoms, with the spaces that stood between them."""
    return "".join((" " if atom.space_before and index else "") + atom.text for index, atom in enumerate(atoms))


def _split_to_width(text: str, width: int) -> list[str]:
    """Cut text into pieces of at most ``width`` cells, never inside a character."""
    pieces: list[str] = []
    piece = ""
    for char in text:
        if piece and cell_len(piece + char) > width:
            pieces.append(piece)
            piece = ""
        piece += char
    if piece:
        pieces.append(piece)
    return pieces


def _cut_atom(atom: _Atom, width: int) -> list[str]:
    """An atom wider than a line: a phone number breaks only between its digit groups, anything
    else is cut at the width."""
    if atom.literal != "phone":
        return _split_to_width(atom.text, width)
    pieces: list[str] = []
    for group in atom.text.split():
        if pieces and cell_len(f"{pieces[-1]} {group}") <= width:
            pieces[-1] = f"{pieces[-1]} {group}"
        else:
            pieces += _split_to_width(group, width)
    return pieces


def _split_segment(atoms: list[_Atom], width: int) -> list[str]:
    """A run wider than a line: break it between its atoms, and cut atoms that are wider still."""
    lines: list[str] = []
    line = ""
    for atom in atoms:
        joiner = " " if atom.space_before and line else ""
        if cell_len(line + joiner + atom.text) <= width:
            line += joiner + atom.text
            continue
        if line:
            lines.append(line)
        pieces = _cut_atom(atom, width)
        lines += pieces[:-1]
        line = pieces[-1] if pieces else ""
    if line:
        lines.append(line)
    return lines


def logical_lines(text: str, width: int) -> list[str]:
    """Wrap text in logical (typed) order to at most ``width`` cells a line; newlines are kept as breaks."""
    width = max(1, width)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for space_before, atoms in _segments(paragraph):
            piece = _joined(atoms)
            joiner = " " if space_before and line else ""
            if cell_len(line + joiner + piece) <= width:
                line += joiner + piece
                continue
            if line:
                lines.append(line)
            if cell_len(piece) <= width:
                line = piece
            else:
                *full, line = _split_segment(atoms, width)
                lines += full
                if any(atom.literal for atom in atoms):
                    # A phone number or address too wide for the line keeps its lines to itself.
                    lines.append(line)
                    line = ""
        if line or not lines or paragraph.strip() == "":
            lines.append(line)
    return lines


def _isolate_literals(line: str) -> str:
    """Wrap phone numbers, emails and web addresses in left-to-right isolates for the bidi algorithm.

    Inside a phone number a left-to-right mark also follows each digit group: Arabic-Indic digits
    count as right-to-left numbers, and without the marks their groups would come out in
    reverse order even inside the isolate ("٤٤٨٨ ٠٦٤ ٠٨٠٠").
    """
    pieces: list[str] = []
    position = 0
    for span in literal_spans(line):
        literal = line[span.start : span.end]
        if span.kind == "phone":
            literal = re.sub(r"(\S)(?=\s)", "\\1" + _LEFT_TO_RIGHT_MARK, literal)
        pieces += [line[position : span.start], _LEFT_TO_RIGHT_ISOLATE, literal, _POP_DIRECTIONAL_ISOLATE]
        position = span.end
    pieces.append(line[position:])
    return "".join(pieces)


def visual_line(line: str, rtl: bool) -> str:
    """One logical line as it must be drawn: Arabic letters joined, characters in display order."""
    if not has_arabic(line):
        # Nothing to shape or reorder: digits, Latin words or a piece of a long web address keep
        # their order (the bidi algorithm would move a trailing full stop to the far left).
        return line
    # Imported here: shaping (arabic_reshaper loads fontTools, some 40 ms) is only needed once
    # Arabic text is drawn, and the wrapping above serves every language.
    import arabic_reshaper
    from bidi import get_display

    isolated = _isolate_literals(line)
    ordered = str(get_display(arabic_reshaper.reshape(isolated), base_dir="R" if rtl else "L"))
    return ordered.translate(_DIRECTION_CONTROLS)


def wrap_lines(text: str, width: int, rtl: bool) -> list[str]:
    """The display lines of ``text`` for a box ``width`` cells wide.

    Lines are wrapped in logical order and never wider than ``width`` (unless ``width`` is
    narrower than a single wide character). With ``rtl`` each line is then shaped and reordered
    for display; the caller right-aligns them. Left-to-right lines that contain Arabic words are
    shaped and reordered with a left-to-right base direction.
    """
    return list(_cached_lines(text, width, rtl))


#: Every right-to-left block of every page is about 300 texts: this holds them at three widths. A
#: kiosk's screen keeps one size; a larger cache only filled with sizes seen once (in the soak,
#: about 1,900 entries of Arabic lines added about 5 MB over 6,000 events).
_CACHED_TEXTS = 1024


@lru_cache(maxsize=_CACHED_TEXTS)
def _cached_lines(text: str, width: int, rtl: bool) -> tuple[str, ...]:
    # Widgets ask again on every refresh and resize; the same page text comes back many times.
    return tuple(visual_line(line, rtl) for line in logical_lines(text, width))


@lru_cache(maxsize=256)
def widest_unbreakable(text: str) -> int:
    """The width in cells of the widest piece of ``text`` that no line break may split (a word, a
    phone number, one Chinese character with the punctuation that sticks to it).

    A box narrower than this must cut a word in two; the button bar uses it to choose how many
    buttons stand side by side.
    """
    widest = 0
    for paragraph in text.split("\n"):
        for _space_before, atoms in _segments(paragraph):
            piece = _joined(atoms)
            widest = max(widest, cell_len(piece))
    return widest
