"""Translations: one gettext catalogue per language, compiled from ``locales/<lang>/LC_MESSAGES``.

English is the source: every message id is the English text itself. A string that a
language lacks (missing, or fuzzy and so not compiled) is shown in English and tagged as English,
so the screen can mark it and speech can read it with an English voice.
"""

from __future__ import annotations

import datetime as dt
import gettext
import logging
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.core.config import KioskConfig
from kiosk.core.control_chars import printable

if TYPE_CHECKING:
    from babel import Locale

log = logging.getLogger(__name__)

DOMAIN = "messages"
SOURCE_LANGUAGE = "en"


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for "mark, translate later"
    """Mark a string for extraction without translating it now."""
    return message


#: What the family reads when the language they chose cannot be loaded (in English: that language failed).
LANGUAGE_UNAVAILABLE = N_(
    "Sorry, this language cannot be shown just now, so the kiosk shows English. Please tell staff."
)


@dataclass(frozen=True)
class Language:
    """A language the kiosk can show, described for the picker and for speech."""

    code: str
    #: The language's own name, capitalised as that language writes the start of a label.
    endonym: str
    english_name: str
    rtl: bool

    @property
    def babel_locale(self) -> Locale:
        return _locale(self.code)


@cache
def _locale(code: str) -> Locale:
    # Imported here: loading Babel and a locale's CLDR data is a good part of start-up, and the
    # first screen needs neither (see _NAMES).
    from babel import Locale

    return Locale.parse(code)


#: How CLDR (through Babel) names each of the kiosk's own languages, in itself and in English,
#: and which way it is written: the first screen needs these, and reading them from Babel's
#: locale data costs tens of milliseconds. A test holds every entry to what Babel says.
_NAMES: dict[str, tuple[str, str, bool]] = {
    "en": ("English", "English", False),
    "pl": ("Polski", "Polish", False),
    "ro": ("Română", "Romanian", False),
    "pt": ("Português", "Portuguese", False),
    "bg": ("Български", "Bulgarian", False),
    "lt": ("Lietuvių", "Lithuanian", False),
    "lv": ("Latviešu", "Latvian", False),
    "hu": ("Magyar", "Hungarian", False),
    "uk": ("Українська", "Ukrainian", False),
    "ru": ("Русский", "Russian", False),
    "ar": ("العربية", "Arabic", True),
    "zh_Hans": ("中文 (简体)", "Chinese (Simplified)", False),
}


def _capitalise(name: str) -> str:
    return name[:1].upper() + name[1:]


@cache
def language(code: str) -> Language:
    """Describe a kiosk language by its code (``pl``, ``zh_Hans``...)."""
    if code in _NAMES:
        return Language(code, *_NAMES[code])
    return language_from_cldr(code)


def language_from_cldr(code: str) -> Language:
    """Describe a language from Babel's CLDR data."""
    locale = _locale(code)
    english = locale.get_display_name("en") or code
    if code == "en":
        english = "English"
    return Language(code, _capitalise(locale.get_display_name(locale) or code), english, locale.text_direction == "rtl")


@dataclass(frozen=True)
class Localized:
    """A piece of text in the language it is actually in.

    ``lang`` is the language of ``text`` (English when a translation was missing), which is what
    speech needs to pick a voice; ``fallback`` says the family asked for another language.
    """

    text: str
    lang: str
    fallback: bool = False


@dataclass(frozen=True)
class ReviewState:
    """What a catalogue's header says about who checked it."""

    reviewed: bool
    description: str


class Translator:
    """Translates UI and content strings into one language, with an honest English fallback."""

    def __init__(self, code: str, locales_dir: Path) -> None:
        self.language = language(code)
        self.code = code
        #: Why this language's catalogue could not be used (the family then sees English, marked); "" when it could.
        self.problem = ""
        self.catalogue: gettext.NullTranslations = gettext.NullTranslations()
        if code != SOURCE_LANGUAGE:
            self.catalogue, self.problem = _load_catalogue(catalogue_path(locales_dir, code, "mo"))
            if self.problem:
                log.error(
                    "%s %s (%s) is shown in English until this is fixed.",
                    self.problem,
                    code,
                    self.language.english_name,
                )
        self.messages: dict[object, str] = getattr(self.catalogue, "_catalog", {})
        self.review = _review_state(self.catalogue, code)
        if self.problem and catalogue_path(locales_dir, code, "mo").exists():
            # A damaged catalogue: everything shows in English (each string marked), so it is laid out,
            # named and reviewed as English. (Without any .mo, the language keeps its own dates and
            # numbers, as before: 'kiosk check' and the status line say the catalogue is missing.)
            self.language = language(SOURCE_LANGUAGE)
            self.review = ReviewState(True, "not loaded, shown in English")

    @property
    def has_catalogue(self) -> bool:
        return self.code == SOURCE_LANGUAGE or bool(self.messages)

    def has(self, message: str) -> bool:
        return self.code == SOURCE_LANGUAGE or bool(self.messages.get(message))

    def localized(self, message: str) -> Localized:
        """Translate one string, telling whether English had to stand in."""
        if not message or self.code == SOURCE_LANGUAGE:
            return Localized(printable(message), SOURCE_LANGUAGE)
        translated = self.messages.get(message)
        if translated:
            # A second guard behind 'kiosk check': no catalogue sends a command to the terminal.
            return Localized(printable(translated), self.code)
        return Localized(printable(message), SOURCE_LANGUAGE, fallback=True)

    def gettext(self, message: str) -> str:
        return self.localized(message).text

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        """Plural-aware translation; ``%(num)s`` in the result is the locale-formatted count."""
        try:
            translated = self.catalogue.ngettext(singular, plural, count)
        except ArithmeticError as error:
            # A Plural-Forms formula that divides by zero for this count: English stands in.
            log.error(
                "The %s catalogue's Plural-Forms formula fails for %d (%s); English is shown.", self.code, count, error
            )
            translated = singular if count == 1 else plural
        return printable(translated).replace("%(num)s", self.number(count))

    def number(self, value: float) -> str:
        if self.code == SOURCE_LANGUAGE and isinstance(value, int):
            # CLDR's English pattern (#,##0) for a whole number, without loading Babel for the
            # first screen's "Step 1".
            return f"{value:,}"
        from babel.numbers import format_decimal

        return format_decimal(value, locale=self.language.babel_locale)

    def date(self, value: dt.date) -> str:
        # Imported here: babel's date module loads the time-zone machinery, and no first screen shows a date.
        from babel.dates import format_date

        return format_date(value, format="long", locale=self.language.babel_locale)


def _load_catalogue(path: Path) -> tuple[gettext.NullTranslations, str]:
    """The compiled catalogue at ``path``, or an empty one and why (never raises: the kiosk keeps running)."""
    from babel.support import Translations

    try:
        with path.open("rb") as file:
            return Translations(file, domain=DOMAIN), ""
    except FileNotFoundError:
        return gettext.NullTranslations(), f"The compiled catalogue {path} does not exist: run 'make catalogues'."
    # A half-written file ("File is corrupt"), a Plural-Forms typo ("unbalanced parenthesis"), bad bytes...
    except Exception as error:  # a damaged file fails in many ways (struct.error, OSError, ValueError...)
        return gettext.NullTranslations(), (
            f"The compiled catalogue {path} cannot be loaded ({error}): run 'kiosk check' to see why, "
            "then 'make catalogues'."
        )


def _review_state(catalogue: gettext.NullTranslations, code: str) -> ReviewState:
    if code == SOURCE_LANGUAGE:
        return ReviewState(True, "source language")
    header = catalogue.info() if hasattr(catalogue, "info") else {}
    state = header.get("x-translation-review", "").strip()
    return ReviewState(state.lower().startswith("reviewed"), state or "not recorded")


@cache
def translator(code: str, locales_dir: Path) -> Translator:
    """One Translator per language and catalogue folder, shared for the process."""
    return Translator(code, locales_dir)


def offered_languages(config: KioskConfig) -> tuple[Language, ...]:
    return tuple(language(code) for code in config.languages)


def catalogue_path(locales_dir: Path, code: str, suffix: str = "po") -> Path:
    return locales_dir / code / "LC_MESSAGES" / f"{DOMAIN}.{suffix}"
