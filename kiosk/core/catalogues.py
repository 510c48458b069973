"""Checks of the translation catalogues, for ``kiosk check`` and for tests.

A translation may be fluent and still dangerous: a deadline of "2 months" that became
"3 months", a phone number with a digit swapped, a web address "translated". Every check here
compares each translation with its English source and says, in a sentence, what to fix.

Two kinds of finding:

* errors - a wrong fact (number, phone number, email, web address), a broken ``%(name)s``
  placeholder, a catalogue that cannot be read or compiled, a configured language without one;
* incomplete - strings not translated yet, or marked fuzzy because the English changed. Families
  then see English for those strings (honestly marked). These are warnings, and errors with
  ``kiosk check --strict``.
"""

from __future__ import annotations

import gettext
import re
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Message, TranslationError
from babel.messages.checkers import num_plurals

from kiosk.core import control_chars
from kiosk.core.errors import Problem
from kiosk.core.i18n import SOURCE_LANGUAGE, catalogue_path, language
from kiosk.core.literals import literals_of
from kiosk.core.pofiles import (
    REVIEW_HEADER,
    TEMPLATE_NAME,
    CatalogueReadError,
    HeaderKeepingCatalog,
    compile_catalogue,
    is_translated,
    read_catalogue,
)

#: A well-formed named placeholder, as the kiosk's code fills them in.
PLACEHOLDER = re.compile(r"%\((\w+)\)s")
#: Counts the kiosk puts in plural messages (seconds of a countdown, wrong PINs), with room to spare.
PLURAL_COUNTS_CHECKED = range(1001)
#: Anything that starts like a placeholder: "%(" or a "%" right before a letter or a bracket.
_PLACEHOLDER_START = re.compile(r"%\s*[(\w]")


@dataclass(frozen=True)
class LanguageStats:
    """How far one language's catalogue is, and what its header says about review."""

    code: str
    endonym: str
    path: Path
    exists: bool
    translated: int
    fuzzy: int
    missing: int
    #: The ``X-Translation-Review`` header ("machine-assisted, ...", "reviewed by ..."), or why there is none.
    review: str

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.missing

    @property
    def complete(self) -> bool:
        return self.exists and not self.fuzzy and not self.missing


@dataclass(frozen=True)
class CatalogueReport:
    """Everything ``kiosk check`` says about translations."""

    languages: tuple[LanguageStats, ...]
    errors: tuple[Problem, ...]
    incomplete: tuple[Problem, ...]


def _quoted(text: str) -> str:
    return f"'{text}'"


def _listing(items: Counter[str]) -> str:
    return ", ".join(_quoted(item) for item in sorted(items.elements()))


def _differences(what: str, english: Counter[str], translated: Counter[str], advice: str) -> list[str]:
    if english == translated:
        return []
    lost, added = english - translated, translated - english
    parts = []
    if lost:
        parts.append(f"the English has {_listing(lost)}, which the translation lacks")
    if added:
        parts.append(f"the translation has {_listing(added)}, which the English does not")
    return [f"the {what} differ from the English: {'; '.join(parts)}. {advice}"]


def fact_problems(source: str, translation: str) -> list[str]:
    """Sentences for every number, phone number, email or web address the translation changed.

    Digits written in Arabic-Indic or Eastern Arabic-Indic form count as the same numbers.
    """
    english, translated = literals_of(source), literals_of(translation)
    problems: list[str] = []
    for phone in english.phones:
        if translated.phones[phone] < english.phones[phone]:
            problems.append(
                f"the phone number {_quoted(phone)} is missing or changed; copy it exactly as in "
                "English, digits and spaces included."
            )
    for phone in translated.phones:
        if phone not in english.phones:
            problems.append(f"the phone number {_quoted(phone)} is not in the English text; remove it or correct it.")
    problems += _differences(
        "email addresses",
        english.emails,
        translated.emails,
        "Copy email addresses exactly as in English; never translate them.",
    )
    problems += _differences(
        "web addresses",
        english.urls,
        translated.urls,
        "Copy web addresses exactly as in English; never translate them.",
    )
    problems += _differences(
        "times (compared on a 12-hour clock)",
        english.times,
        translated.times,
        "Keep the same times, with minutes (9:00, 17:30); the 24-hour clock is fine.",
    )
    problems += _differences(
        "numbers",
        english.numbers,
        translated.numbers,
        "Deadlines, times and amounts must stay exactly as in English, written in digits.",
    )
    return problems


def placeholder_problems(source: str, translation: str, required: Collection[str] | None = None) -> list[str]:
    """Sentences for placeholders (``%(num)s``) that a translation broke, renamed, added or lost.

    ``required`` is the set of names the translation must contain; by default, those of ``source``.
    """
    english = set(PLACEHOLDER.findall(source))
    needed = set(english if required is None else required)
    used = PLACEHOLDER.findall(translation)
    problems: list[str] = []
    leftover = PLACEHOLDER.sub("", translation)
    if _PLACEHOLDER_START.search(leftover) and (english or "%(" in leftover):
        problems.append(
            "a placeholder is broken: it must be written exactly like %(name)s, with the brackets and "
            "the s, and the name in English."
        )
    for name in sorted(set(used) - english):
        problems.append(
            f"the placeholder %({name})s is not in the English text; use only "
            f"{', '.join(f'%({n})s' for n in sorted(english)) or 'no placeholders'} here."
        )
    for name in sorted(needed - set(used)):
        problems.append(f"the placeholder %({name})s is missing; keep it where the value belongs in the sentence.")
    return problems


def _short(message_id: str | tuple[str, ...] | list[str]) -> str:
    text = message_id[0] if isinstance(message_id, tuple | list) else message_id
    text = " ".join(text.split())
    return text if len(text) <= 50 else text[:47] + "..."


def message_problems(message: Message, path: Path, nplurals: int) -> list[Problem]:
    """Every wrong fact or broken placeholder in one translated (not fuzzy) message."""
    if not message.id or message.fuzzy or not message.string:
        return []
    found: list[str] = []
    if isinstance(message.id, tuple | list):
        singular, plural = message.id[0], message.id[1]
        forms = list(message.string) if isinstance(message.string, tuple | list) else [message.string]
        plural_names = set(PLACEHOLDER.findall(plural))
        for index, form in enumerate(forms):
            if not form:
                continue
            # Form 0 may be the "one" form; every other form stands for many and needs the count.
            required = set(PLACEHOLDER.findall(singular)) if index == 0 and nplurals > 1 else plural_names
            found += [
                f"plural form {index}: {problem}"
                for problem in placeholder_problems(f"{singular} {plural}", form, required)
            ]
    else:
        translation = str(message.string)
        found += placeholder_problems(message.id, translation)
        found += fact_problems(message.id, translation)
    return [Problem(path, problem, message.lineno or 0, 0, _short(message.id)) for problem in found]


def control_character_problems(message: Message, path: Path) -> list[Problem]:
    """A translation holding a terminal control character (``\\033c`` resets the kiosk's terminal)."""
    if not message.id or not message.string:
        return []
    forms = message.string if isinstance(message.string, tuple | list) else (message.string,)
    for form in forms:
        index = control_chars.first_control_character(form or "")
        if index is not None:
            where = "it is invisible in most editors (some show it as ^[ or ESC) and usually comes with pasted text."
            return [
                Problem(path, control_chars.sentence(form[index], where), message.lineno or 0, 0, _short(message.id))
            ]
    return []


def _compile_problems(catalog: HeaderKeepingCatalog, path: Path) -> list[Problem]:
    problems: list[Problem] = []
    for message in catalog:
        if not message.id or not message.string:
            continue
        try:
            num_plurals(catalog, message)
        except TranslationError as error:
            problems.append(
                Problem(
                    path,
                    f"wrong number of plural forms ({error}); the header's Plural-Forms "
                    "line says how many this language needs.",
                    message.lineno or 0,
                    0,
                    _short(message.id),
                )
            )
    try:
        compiled = gettext.GNUTranslations(BytesIO(compile_catalogue(catalog)))
    except (OSError, ValueError, SyntaxError, TypeError, UnicodeError) as error:
        problems.append(
            Problem(
                path,
                f"the catalogue cannot be compiled for the kiosk ({error}). "
                "Check the header, especially the Plural-Forms line.",
            )
        )
        return problems
    # gettext only evaluates the Plural-Forms formula when a count is shown: "plural=10/(n-3)"
    # compiles, then stops the kiosk at the countdown's third second.
    for count in PLURAL_COUNTS_CHECKED:
        try:
            compiled.ngettext("", "", count)
        except ArithmeticError as error:
            problems.append(
                Problem(
                    path,
                    f"the Plural-Forms formula fails for the number {count} ({error}), so the kiosk would stop "
                    "when it shows that number. Correct the 'plural=' part of the header.",
                )
            )
            break
    return problems


def catalogue_problems(catalog: HeaderKeepingCatalog, path: Path, code: str) -> list[Problem]:
    """Errors in a catalogue that reads: wrong language, wrong facts, broken placeholders, compile faults."""
    problems: list[Problem] = []
    if catalog.locale_identifier != code:
        problems.append(
            Problem(
                path,
                f"the header says 'Language: {catalog.locale_identifier or 'nothing'}' but "
                f"the catalogue is in the folder for '{code}'. Fix the Language line.",
            )
        )
    for message in catalog:
        problems += message_problems(message, path, catalog.num_plurals)
        problems += control_character_problems(message, path)
    return problems + _compile_problems(catalog, path)


def _stats(code: str, path: Path, catalog: HeaderKeepingCatalog | None, expected: Collection[str]) -> LanguageStats:
    endonym = language(code).endonym
    if catalog is None:
        return LanguageStats(
            code,
            endonym,
            path,
            path.exists(),
            0,
            0,
            len(expected),
            "no catalogue" if not path.exists() else "cannot be read",
        )
    translated = fuzzy = missing = 0
    present = set()
    for message in catalog:
        if not message.id:
            continue
        present.add(message.id[0] if isinstance(message.id, tuple | list) else message.id)
        if message.fuzzy:
            fuzzy += 1
        elif is_translated(message):
            translated += 1
        else:
            missing += 1
    missing += len(set(expected) - present)
    return LanguageStats(
        code, endonym, path, True, translated, fuzzy, missing, catalog.header(REVIEW_HEADER) or "not recorded"
    )


def _incomplete(stats: LanguageStats, catalog: HeaderKeepingCatalog, expected: Collection[str]) -> list[Problem]:
    problems: list[Problem] = []
    name = f"{stats.endonym} ({stats.code})"
    if catalog.fuzzy:
        problems.append(
            Problem(
                stats.path,
                f"the whole {name} catalogue is marked fuzzy, so the kiosk does not use "
                "it. Remove the '#, fuzzy' line above the header when it is ready.",
                1,
            )
        )
    absent = sorted(set(expected) - {m.id[0] if isinstance(m.id, tuple | list) else m.id for m in catalog if m.id})
    if absent:
        problems.append(
            Problem(
                stats.path,
                f"{len(absent)} English strings are not in the {name} catalogue at all "
                "(the first is: " + _quoted(_short(absent[0])) + "). "
                "Run 'make translations' to add them.",
            )
        )
    empty = stats.missing - len(absent)
    if empty:
        problems.append(
            Problem(
                stats.path,
                f"{empty} of {stats.total} strings have no {name} translation yet, so "
                "families see them in English. Translate them (see locales/GLOSSARY.md).",
            )
        )
    for message in catalog:
        if message.id and message.fuzzy:
            problems.append(
                Problem(
                    stats.path,
                    "this translation is marked fuzzy because the English changed, so "
                    "the kiosk shows English. Check it against the new English, then "
                    "remove the fuzzy flag.",
                    message.lineno or 0,
                    0,
                    _short(message.id),
                )
            )
    return problems


def _compiled_messages(data: bytes) -> dict[object, str]:
    return dict(gettext.GNUTranslations(BytesIO(data))._catalog)  # type: ignore[attr-defined]


def compiled_problems(code: str, po_path: Path, catalog: HeaderKeepingCatalog | None) -> list[Problem]:
    """Whether the ``.mo`` the kiosk loads is the compile of the ``.po`` checked (``catalog`` None: unreadable).

    The kiosk reads only the compiled file: one that is missing, half written, left over from an
    older ``.po`` or changed by hand shows families something no one checked, or English.
    """
    mo_path = po_path.with_suffix(".mo")
    name = f"{language(code).english_name} ({code})"
    expected: dict[object, str] | None = None
    if catalog is not None and not catalog.fuzzy:
        try:
            expected = _compiled_messages(compile_catalogue(catalog))
        except (OSError, ValueError, SyntaxError, TypeError, LookupError, UnicodeError, RecursionError):
            expected = None  # the .po itself cannot be compiled: _compile_problems says why
    try:
        data = mo_path.read_bytes()
    except FileNotFoundError:
        if expected is None:
            return []  # nothing compiled, and nothing to compile: the .po's own errors say why
        return [
            Problem(
                mo_path,
                f"there is no compiled catalogue, so the kiosk shows {name} in English. Run 'make catalogues'.",
            )
        ]
    except OSError as error:
        return [Problem(mo_path, f"the compiled catalogue cannot be read ({error.strerror}). Run 'make catalogues'.")]
    try:
        actual = _compiled_messages(data)
    except Exception as error:  # any fault of a damaged file (struct.error, OSError...) is a sentence
        return [
            Problem(
                mo_path,
                f"the compiled catalogue cannot be loaded ({error}), so the kiosk would show {name} in "
                "English. Fix what is said about its .po, then run 'make catalogues'.",
            )
        ]
    if expected is None:
        return [
            Problem(
                mo_path,
                f"a compiled catalogue is left from an earlier {po_path.name}, and the kiosk would show "
                f"its {name} translations, which nobody has checked. Fix {po_path.name}, then run "
                "'make catalogues' (it removes this file when the .po still cannot be compiled).",
            )
        ]
    if actual != expected:
        return [
            Problem(
                mo_path,
                f"the compiled catalogue differs from {po_path.name} (it is older, or was changed by hand), so "
                f"the kiosk would show {name} translations other than the ones checked. Run 'make catalogues'.",
            )
        ]
    return []


def template_ids(locales_dir: Path) -> set[str]:
    """The English strings of ``messages.pot`` (empty when there is no template yet)."""
    try:
        template = read_catalogue(locales_dir / TEMPLATE_NAME)
    except CatalogueReadError:
        return set()
    return {m.id[0] if isinstance(m.id, tuple | list) else m.id for m in template if m.id}


def check_catalogues(locales_dir: Path, languages: Iterable[str], expected: Iterable[str] = ()) -> CatalogueReport:
    """Check the catalogue of every configured language (English, the source, needs none).

    ``expected`` are English strings every catalogue must hold (the content's strings, the
    template's); those absent from a catalogue count as missing.
    """
    wanted = set(expected) - {""}
    stats: list[LanguageStats] = []
    errors: list[Problem] = []
    incomplete: list[Problem] = []
    others = [code for code in languages if code != SOURCE_LANGUAGE]
    if others and not locales_dir.is_dir():
        what = (
            "is a symbolic link that leads round in a loop or to nothing"
            if locales_dir.is_symlink()
            else "does not exist (or is not a folder)"
        )
        errors.append(
            Problem(
                locales_dir,
                f"the translations folder {what}, so the kiosk would show every "
                "language in English. Set 'locales_dir' in the configuration to the folder holding "
                "<language>/LC_MESSAGES/messages.po, then run 'make catalogues'.",
            )
        )
        stats = [_stats(code, catalogue_path(locales_dir, code), None, wanted) for code in others]
        return CatalogueReport(tuple(stats), tuple(errors), ())
    for code in languages:
        if code == SOURCE_LANGUAGE:
            continue
        path = catalogue_path(locales_dir, code)
        if not path.exists():
            errors.append(
                Problem(
                    path,
                    f"there is no catalogue for {language(code).english_name} ({code}), which "
                    "the configuration offers. Create it with 'python -m kiosk.core.pofiles "
                    f"init {code}', or remove {code} from the configured languages.",
                )
            )
            errors += compiled_problems(code, path, None)
            stats.append(_stats(code, path, None, wanted))
            continue
        try:
            catalog = read_catalogue(path)
        except CatalogueReadError as error:
            errors.append(error.problem)
            errors += compiled_problems(code, path, None)
            stats.append(_stats(code, path, None, wanted))
            continue
        errors += catalogue_problems(catalog, path, code)
        errors += compiled_problems(code, path, catalog)
        language_stats = _stats(code, path, catalog, wanted)
        stats.append(language_stats)
        incomplete += _incomplete(language_stats, catalog, wanted)
    return CatalogueReport(tuple(stats), tuple(errors), tuple(incomplete))
