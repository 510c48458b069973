"""Language-neutral pieces of text: phone numbers, email addresses, web addresses and numbers.

These must reach a family exactly as written in English, whatever the language: the line
builder keeps them unbroken and left-to-right, and the catalogue checks make sure no translation
changed them.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

#: Arabic-Indic (U+0660..), Eastern Arabic-Indic (U+06F0..) and full-width (U+FF10..) digits,
#: which some translators and keyboards use; they mean the same numbers as 0-9.
_DIGIT_FORMS = {
    **{chr(0x0660 + value): str(value) for value in range(10)},
    **{chr(0x06F0 + value): str(value) for value in range(10)},
    **{chr(0xFF10 + value): str(value) for value in range(10)},
}
#: Spaces a translator may use inside a number so it never breaks: they count as a plain space.
_NUMBER_SPACES = {"\u00a0": " ", "\u202f": " ", "\u2007": " "}
#: Direction marks and isolates a translator (or the line builder) may put around a number.
_INVISIBLE_MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u061c\u2066\u2067\u2068\u2069"), None)
_NORMALISE = str.maketrans({**_DIGIT_FORMS, **_NUMBER_SPACES}) | _INVISIBLE_MARKS

_DIGIT = "[0-9\u0660-\u0669\u06f0-\u06f9\uff10-\uff19]"
_SPACE = "[ \u00a0\u202f\u2007]"
#: Punctuation that ends a sentence rather than an address: never part of an email or URL.
_TRAILING = ".,;:!?)]}'\"»”’。，、；：！？）」』】》〉…"

_NOT_IN_WORD = r"(?<![A-Za-z0-9.@/-])"
_ADDRESS_CHARS = r"[^\s<>\"'\u3000-\u303f\uff01-\uff0f]"
#: Matched only from the start of a run of address characters: a match found from inside the run
#: would be the same one, and trying every position of a long run without "@" takes quadratic time.
EMAIL = re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
#: Full addresses ("https://...", "www...") and bare domains ending in a common suffix ("ipsea.org.uk").
URL = re.compile(
    rf"{_NOT_IN_WORD}(?:https?://|www\.){_ADDRESS_CHARS}+"
    rf"|{_NOT_IN_WORD}[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:uk|com|org|net|gov|info|eu|io)(?![a-z0-9-])(?:/{_ADDRESS_CHARS}*)?",
    re.IGNORECASE,
)
#: UK-style numbers such as "0800 064 4488", "01458 259384", "03000 616161" or "+44 800 064 4488".
PHONE = re.compile(
    rf"(?<![0-9A-Za-z\u0660-\u0669\u06f0-\u06f9\uff10-\uff19.+])(?:\+{_DIGIT}{{1,3}}{_SPACE}?)?(?:\(0\))?"
    rf"{_DIGIT}{{3,5}}(?:{_SPACE}?{_DIGIT}{{3,6}}){{1,2}}(?!{_DIGIT})"
)
_DIGIT_GROUP = re.compile(r"[0-9]+")
#: A month written the Chinese (and Japanese) way, "12月" for December: English names the month in
#: words, so its digits are not a number the English states. A number of months is "2个月", never "2月".
_CJK_MONTH = re.compile(r"(?<![0-9])(?:1[0-2]|0?[1-9])月")
#: Clock times: "8.30am", "5pm", "17:30", "8:30". Matched after digits are normalised to 0-9.
_TIME = re.compile(
    r"(?<![0-9.:])(?P<hour>[0-9]{1,2})(?:[.:](?P<minute>[0-9]{2}))?\s?(?P<half>[ap]\.?m\b\.?)"
    r"|(?<![0-9.:,])(?P<hour24>[0-9]{1,2})[.:](?P<minute24>[0-9]{2})(?![0-9]|[.:,][0-9])",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Span:
    """Where an unbreakable piece sits in a text: ``text[start:end]`` is ``kind`` ("phone", "email", "url")."""

    start: int
    end: int
    kind: str


def normalise_digits(text: str) -> str:
    """The text with every digit as 0-9, number spaces as plain spaces and direction marks removed."""
    return text.translate(_NORMALISE)


def _trim(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in _TRAILING:
        end -= 1
    return end


def _is_phone(candidate: str) -> bool:
    digits = sum(char.isdigit() for char in candidate)
    # Fewer than 9 digits is a time, a date or an amount, not a telephone number.
    return digits >= 9


def literal_spans(text: str) -> list[Span]:
    """Emails, web addresses and phone numbers in ``text``, in order, never overlapping."""
    spans: list[Span] = []

    def free(start: int, end: int) -> bool:
        return all(end <= span.start or start >= span.end for span in spans)

    for match in EMAIL.finditer(text):
        end = _trim(text, match.start(), match.end())
        spans.append(Span(match.start(), end, "email"))
    for match in URL.finditer(text):
        end = _trim(text, match.start(), match.end())
        if end > match.start() and free(match.start(), end):
            spans.append(Span(match.start(), end, "url"))
    for match in PHONE.finditer(text):
        if _is_phone(match.group()) and free(match.start(), match.end()):
            spans.append(Span(match.start(), match.end(), "phone"))
    return sorted(spans, key=lambda span: span.start)


@dataclass(frozen=True)
class Literals:
    """The language-neutral facts of one text, after normalising digits."""

    phones: Counter[str]
    emails: Counter[str]
    urls: Counter[str]
    #: Clock times on a 12-hour dial ("5:30" for 5.30pm, 17:30 and 5:30), so a translation may
    #: use the 24-hour clock or its own words for morning and afternoon.
    times: Counter[str]
    numbers: Counter[str]


def literals_of(text: str) -> Literals:
    """Collect the phone numbers, emails, URLs and other digit groups that ``text`` states."""
    normal = normalise_digits(text)
    spans = literal_spans(normal)
    phones: Counter[str] = Counter()
    emails: Counter[str] = Counter()
    urls: Counter[str] = Counter()
    rest = []
    position = 0
    for span in spans:
        piece = normal[span.start : span.end]
        if span.kind == "phone":
            phones[re.sub(r"\s+", " ", piece)] += 1
        elif span.kind == "email":
            emails[piece.lower()] += 1
        else:
            urls[piece] += 1
        rest.append(normal[position : span.start])
        position = span.end
    rest.append(normal[position:])
    times: Counter[str] = Counter()

    def take_time(match: re.Match[str]) -> str:
        hour = int(match.group("hour") or match.group("hour24"))
        minute = match.group("minute") or match.group("minute24") or "00"
        times[f"{hour % 12}:{minute}"] += 1
        return " "

    remainder = _CJK_MONTH.sub(" ", _TIME.sub(take_time, " ".join(rest)))
    numbers = Counter(group.lstrip("0") or "0" for group in _DIGIT_GROUP.findall(remainder))
    return Literals(phones, emails, urls, times, numbers)
