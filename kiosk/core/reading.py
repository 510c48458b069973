"""What is read aloud: a page's blocks cut into sentences, each tagged with its language.

The screen highlights the sentence being read by its key, ``"<block key>/<sentence index>"``,
where the index counts the sentences ``split_sentences`` finds in the block's shown text. So the
screen and speech must both split with ``split_sentences``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kiosk.core.pages import DETAIL, Page, detail_label

if TYPE_CHECKING:
    from kiosk.core.i18n import Translator


@dataclass(frozen=True)
class Utterance:
    """One sentence to speak: the text given to the synthesiser, its language, and what to highlight.

    ``kind`` says what the sentence is for (see ``kiosk.core.announcements``): a page being read
    is ``reading``; a page's name, a dialog, a focused control, a hint or a message are announcements,
    which decide what they may cut off.
    """

    text: str
    lang: str
    key: str = ""
    kind: str = "reading"


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Abbreviations (lower case, without their final period) after which a period does not end a
#: sentence even when a capital letter follows. A period followed by a small letter never ends one.
_ABBREVIATIONS: dict[str, frozenset[str]] = {
    "en": _words("e.g eg i.e ie mr mrs ms dr prof st vs approx incl dept jr sr cf a.m p.m tel ref"),
    "pl": _words("np tzn m.in ok ul tel godz nr dr prof mgr inż św tj al"),
    "ro": _words("dl dna dvs ex nr str tel dr prof bd"),
    "pt": _words("sr sra dr dra ex p.ex tel av prof"),
    "bg": _words("напр т.е т.н ул тел г д-р проф бул"),
    "lt": _words("pvz t.y tel dr prof g"),
    "lv": _words("piem t.i u.c tālr dr prof t.sk"),
    "hu": _words("pl stb kb ill dr tel krt"),
    "uk": _words("напр т.д т.п тел вул д-р проф"),
    "ru": _words("напр т.е т.д т.п тел ул д-р проф г"),
}
#: Sentence ends that need no space after them (Chinese, Japanese, Arabic, Urdu).
_CLOSED_ENDS = "。！？؟۔"
_CLOSERS = "\"'”’»」』）)]"
_END = re.compile(rf"(?:[{_CLOSED_ENDS}]+|[.!?…]+)[{re.escape(_CLOSERS)}]*")
_TOKEN_START = re.compile(rf"[^\s(\[{re.escape(_CLOSERS)}«“‘„]+$")
#: A UK or international phone number: starts with 0 or +, digits in space-separated groups.
_PHONE = re.compile(r"(?<![\w.+])(?:\+|0)\d*(?:[ \u00a0\u202f]?\(?\d+\)?)+(?!\w)(?!\.\d)")
_URL_SCHEME = re.compile(r"\bhttps?://", re.IGNORECASE)


def _is_boundary(text: str, start: int, end: int, abbreviations: frozenset[str]) -> bool:
    """Whether the sentence-end marks at ``text[start:end]`` really end a sentence."""
    marks = text[start:end]
    if any(mark in _CLOSED_ENDS for mark in marks):
        return True
    if end < len(text) and not text[end].isspace():
        # "8.30am", "www.ipsea.org.uk", "e.g.," and "?b=1" in a web address go on.
        return False
    rest = text[end:].lstrip()
    if not rest:
        return True
    following = rest[0]
    if marks.rstrip(_CLOSERS) not in (".", "…", "..."):
        return True
    if following.islower():
        # "e.g. the", "28. novembris", "ok. 5" in lower case: the sentence goes on.
        return False
    token_match = _TOKEN_START.search(text, 0, start)
    token = token_match.group(0).lower() if token_match else ""
    return not (marks.startswith(".") and token in abbreviations)


def split_sentences(text: str, lang: str) -> list[str]:
    """Cut ``text`` into sentences, keeping abbreviations, times, phone numbers, emails and URLs whole."""
    abbreviations = _ABBREVIATIONS.get(lang, frozenset()) | _ABBREVIATIONS["en"]
    sentences: list[str] = []
    begin = 0
    for match in _END.finditer(text):
        if _is_boundary(text, match.start(), match.end(), abbreviations):
            sentence = text[begin : match.end()].strip()
            if sentence:
                sentences.append(sentence)
            begin = match.end()
    tail = text[begin:].strip()
    if tail:
        sentences.append(tail)
    return sentences


def _digits_by_group(match: re.Match[str]) -> str:
    groups = re.findall(r"\+|\d+", match.group(0))
    digits = sum(len(group) for group in groups if group != "+")
    if not 7 <= digits <= 15:
        return match.group(0)
    spoken = [" ".join(group) for group in groups if group != "+"]
    prefix = "+" if groups[0] == "+" else ""
    return prefix + ", ".join(spoken)


def speakable(text: str) -> str:
    """The text as it should be synthesised: phone numbers digit by digit in their written groups,
    web addresses without ``https://``, line breaks as pauses. Never shown on screen."""
    spoken = _PHONE.sub(_digits_by_group, text)
    spoken = _URL_SCHEME.sub("", spoken)
    return re.sub(r"\s*\n\s*", ", ", spoken).strip()


def page_utterances(page: Page, tr: Translator) -> list[Utterance]:
    """The page's sentences in block order, each in its own language, keyed for highlighting.

    Contact details are read after their label ("Phone: 0 8 0 0, ..."); ``tr`` is the page's
    translator, which gives the labels.
    """
    utterances: list[Utterance] = []
    for block in page.blocks:
        lang = block.text.lang
        for index, sentence in enumerate(split_sentences(block.text.text, lang)):
            key = f"{block.key}/{index}"
            spoken = speakable(sentence)
            if not spoken:
                continue
            if index == 0 and block.kind == DETAIL and block.detail_kind:
                label = detail_label(tr, block.detail_kind)
                if label.lang != lang:
                    # An untranslated label is read by the English voice, the detail by the page's.
                    utterances.append(Utterance(f"{label.text}:", label.lang, key))
                else:
                    spoken = f"{label.text}: {spoken}"
            utterances.append(Utterance(spoken, lang, key))
    return utterances
