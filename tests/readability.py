"""Reading level of English text: sentences, words, syllables and the Flesch-Kincaid grade.

A simple, documented approximation (good enough to hold the guide's level steady, not to grade
literature): a sentence ends at '.', '?' or '!' (or ':' before a list, where the list items are
their own sentences); a word is a run of letters or digits; syllables are groups of vowels, less
a silent final 'e', at least one per word. A number ("2", "25") counts as one word of one syllable
(the usual simple counter's choice); acronyms are counted like any word ("EHC" as one syllable).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

_SENTENCE_END = re.compile(r"(?<=[.?!:])\s+")
_WORD = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)*")
_VOWEL_GROUPS = re.compile(r"[aeiouy]+")


def sentences(text: str) -> list[str]:
    return [part.strip() for part in _SENTENCE_END.split(text.strip()) if _WORD.search(part)]


def words(sentence: str) -> list[str]:
    return _WORD.findall(sentence)


def syllables(word: str) -> int:
    if word.isdigit():
        return 1
    lower = word.lower()
    count = len(_VOWEL_GROUPS.findall(lower))
    if lower.endswith("e") and not lower.endswith(("le", "ee", "ye")) and count > 1:
        count -= 1
    return max(count, 1)


@dataclass(frozen=True)
class Reading:
    sentences: int
    words: int
    syllables: int
    longest: str

    @property
    def grade(self) -> float:
        """Flesch-Kincaid grade level."""
        return 0.39 * self.words / self.sentences + 11.8 * self.syllables / self.words - 15.59


def measure(texts: Iterable[str]) -> Reading:
    all_sentences = [sentence for text in texts for sentence in sentences(text)]
    all_words = [word for sentence in all_sentences for word in words(sentence)]
    longest = max(all_sentences, key=lambda sentence: len(words(sentence)), default="")
    return Reading(len(all_sentences), len(all_words), sum(map(syllables, all_words)), longest)
