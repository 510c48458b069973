"""Catalogue checks: a fluent translation that changes a deadline, a phone number or a web address
must be caught before a family reads it; broken catalogues are named with their line."""

from __future__ import annotations

import gettext
from io import BytesIO
from pathlib import Path

import pytest

from kiosk.core.catalogues import check_catalogues, fact_problems, placeholder_problems
from kiosk.core.config import ALL_LANGUAGES
from kiosk.core.i18n import Translator
from kiosk.core.pofiles import MACHINE_ASSISTED, REVIEW_HEADER, compile_catalogue, read_catalogue

from .conftest import FIXTURES, LOCALES_DIR

BAD = FIXTURES / "locales-bad"
BROKEN_FILES = FIXTURES / "locales-broken-files"
INCOMPLETE = FIXTURES / "locales-incomplete"


def line_of(path: Path, msgid: str) -> int:
    """The line of ``msgid "..."`` in a catalogue, as an editor shows it."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return lines.index(f'msgid "{msgid}"') + 1


def errors_at(base: Path, code: str, msgid: str) -> list[str]:
    path = base / code / "LC_MESSAGES" / "messages.po"
    report = check_catalogues(base, [code], [])
    line = line_of(path, msgid)
    return [problem.message for problem in report.errors if problem.line == line and problem.path == path]


def test_altered_deadline_is_caught() -> None:
    found = errors_at(BAD, "pl", "Contact the mediation adviser within 2 months of the decision letter.")
    assert found == [
        "the numbers differ from the English: the English has '2', which the translation lacks; the translation "
        "has '3', which the English does not. Deadlines, times and amounts must stay exactly as in English, "
        "written in digits."
    ]


def test_altered_phone_number_is_caught() -> None:
    found = errors_at(BAD, "pl", "Call 0800 064 4488 to ask for mediation.")
    assert any("the phone number '0800 064 4488' is missing or changed" in message for message in found)
    assert any("the phone number '0800 064 4489' is not in the English text" in message for message in found)


def test_altered_web_address_and_email_are_caught() -> None:
    url = errors_at(BAD, "pl", "Read more at https://www.ipsea.org.uk.")
    assert len(url) == 1 and "'https://www.ipsea.pl', which the English does not" in url[0]
    email = errors_at(BAD, "pl", "Email sen@globalmediation.co.uk to ask for mediation.")
    assert len(email) == 1 and "'sen@globalmediation.co.uk', which the translation lacks" in email[0]


def test_correct_translations_pass_including_24_hour_times() -> None:
    for msgid in (
        "You can appeal within 2 months of the decision letter, or 1 month after the certificate.",
        "Monday to Friday, 8.30am to 5.30pm",
        "In short",
    ):
        assert errors_at(BAD, "pl", msgid) == [], msgid


def test_arabic_indic_digits_count_as_the_same_numbers() -> None:
    assert errors_at(BAD, "ar", "Call 0800 064 4488 to ask for mediation.") == []
    assert errors_at(BAD, "ar", "Contact the mediation adviser within 2 months of the decision letter.") == []
    # ...and a changed deadline written in Arabic-Indic digits (٣ = 3) is still caught.
    changed = errors_at(
        BAD, "ar", "You can appeal within 2 months of the decision letter, or 1 month after the certificate."
    )
    assert len(changed) == 1 and "'3', which the English does not" in changed[0]


def test_broken_and_renamed_placeholders_are_caught() -> None:
    broken = errors_at(BAD, "pl", "Step %(num)s")
    assert any("a placeholder is broken" in message for message in broken)
    assert any("the placeholder %(num)s is missing" in message for message in broken)
    renamed = errors_at(BAD, "pl", "Last updated: %(updated)s. Next review: %(review)s.")
    assert any("%(zaktualizowano)s is not in the English text" in message for message in renamed)
    assert any("the placeholder %(updated)s is missing" in message for message in renamed)


def test_fuzzy_translations_are_not_checked_but_reported_as_incomplete() -> None:
    assert errors_at(BAD, "pl", "Call 0800 064 4488 today.") == []
    report = check_catalogues(BAD, ["pl"], [])
    path = BAD / "pl" / "LC_MESSAGES" / "messages.po"
    fuzzy = [p for p in report.incomplete if p.line == line_of(path, "Call 0800 064 4488 today.")]
    assert len(fuzzy) == 1 and "marked fuzzy" in fuzzy[0].message


@pytest.mark.parametrize(
    ("source", "translation"),
    [
        ("Call 0800 064 4488.", "Zadzwoń: 0800\u00a0064\u00a04488."),  # no-break spaces keep it on one line
        ("Call 0800 064 4488.", "اتصل على \u20660800 064 4488\u2069."),  # isolates keep it left-to-right
        ("Within 3 working days.", "3个工作日内。"),
        # Chinese writes a month as its number: "12月25日" is "25 December", and states only the 25.
        ("From 25 December to 1 January.", "从12月25日至1月1日。"),
        ("Monday to Friday, 9am to 5pm", "Od poniedziałku do piątku, 9:00–17:00"),
        ("Email SEN@globalmediation.co.uk", "Napisz na sen@globalmediation.co.uk"),
    ],
)
def test_equivalent_writing_of_the_same_facts_is_accepted(source: str, translation: str) -> None:
    assert fact_problems(source, translation) == []


@pytest.mark.parametrize(
    ("source", "translation", "words"),
    [
        ("Call 0800 064 4488.", "Zadzwoń: 0800 0644 488.", "is missing or changed"),
        ("Call 0800 064 4488.", "Zadzwoń pod numer infolinii.", "is missing or changed"),
        ("Monday to Friday, 9am to 5pm", "Od poniedziałku do piątku, 9–17", "the times"),
        ("Complain within 12 months.", "Złóż skargę w ciągu roku.", "the English has '12'"),
        ("See www.lgo.org.uk", "Zobacz www.lgo.org.pl", "web addresses"),
        # "2月" is February, not 2 months: the month rule never hides a changed number of months.
        ("Within 2 months.", "在2月内。", "the English has '2'"),
        ("From 25 December to 1 January.", "从12月26日至1月1日。", "the English has '25'"),
    ],
)
def test_changed_facts_are_named(source: str, translation: str, words: str) -> None:
    problems = fact_problems(source, translation)
    assert any(words in problem for problem in problems), problems


def test_placeholders_may_move_but_not_change() -> None:
    assert placeholder_problems("Step %(num)s", "%(num)s. lépés") == []
    assert placeholder_problems("Step %(num)s", "Krok %(num)d") != []
    assert placeholder_problems("Step %(num)s", "Krok % (num)s") != []
    assert placeholder_problems("In short", "W skrócie (100%)") == []


def test_unreadable_and_uncompilable_catalogues_are_named_with_their_line() -> None:
    report = check_catalogues(BROKEN_FILES, ["pl", "ro", "pt", "bg", "lv", "hu"], [])
    # (These fixtures have no compiled .mo: each language also has that error, on the .mo.)
    by_language = {problem.path.parts[-3]: problem for problem in report.errors if problem.path.suffix == ".po"}
    assert by_language["pl"].line == 17 and "not properly quoted" in by_language["pl"].message
    assert "cannot be compiled" in by_language["ro"].message and "Plural-Forms" in by_language["ro"].message
    assert "the header says 'Language: es'" in by_language["pt"].message
    assert by_language["bg"].line == 14 and "more msgstr" in by_language["bg"].message
    assert by_language["lv"].line == 14 and "not UTF-8" in by_language["lv"].message
    assert by_language["hu"].line == 19 and "written twice (first on line 13)" in by_language["hu"].message
    assert {stats.code: stats.review for stats in report.languages}["pl"] == "cannot be read"


def test_catalogue_marked_fuzzy_as_a_whole_is_incomplete() -> None:
    report = check_catalogues(BROKEN_FILES, ["lt"], [])
    assert report.errors == ()
    assert any("the whole Lietuvių (lt) catalogue is marked fuzzy" in p.message for p in report.incomplete)


def test_configured_language_without_catalogue_is_an_error(tmp_path: Path) -> None:
    report = check_catalogues(tmp_path, ["en", "pl"], ["Mediation"])
    assert len(report.errors) == 1
    assert "there is no catalogue for Polish (pl)" in report.errors[0].message
    assert [stats.code for stats in report.languages] == ["pl"]  # English is the source: no catalogue


def test_statistics_count_translated_fuzzy_and_missing() -> None:
    expected = ["Test guide: where to get help", "Still not happy?", "Ombudsmen"]
    report = check_catalogues(INCOMPLETE, ["pl"], expected)
    (stats,) = report.languages
    # 4 translated; 1 fuzzy; missing: one empty, one plural with empty forms, two expected but absent.
    assert (stats.translated, stats.fuzzy, stats.missing) == (4, 1, 4)
    assert stats.review == MACHINE_ASSISTED
    messages = [problem.message for problem in report.incomplete]
    assert any("2 English strings are not in the Polski (pl) catalogue at all" in m for m in messages)
    assert any("2 of 9 strings have no Polski (pl) translation yet" in m for m in messages)


def test_compiled_catalogue_leaves_out_fuzzy_and_partial_plurals() -> None:
    catalog = read_catalogue(INCOMPLETE / "pl" / "LC_MESSAGES" / "messages.po")
    compiled = gettext.GNUTranslations(BytesIO(compile_catalogue(catalog)))
    assert compiled.gettext("Mediation") == "Mediacja"
    fuzzy = "Contact the mediation adviser within 2 months of the decision letter."
    assert compiled.gettext(fuzzy) == fuzzy
    # A plural with empty forms would show an empty line for 5 minutes; English is shown instead.
    assert compiled.ngettext("%(num)s minute left", "%(num)s minutes left", 5) == "%(num)s minutes left"
    assert compiled.info()["x-translation-review"] == MACHINE_ASSISTED


def test_shipped_catalogues_exist_for_every_language_and_are_valid(content_strings: set[str]) -> None:
    languages = [code for code in ALL_LANGUAGES if code != "en"]
    report = check_catalogues(LOCALES_DIR, languages, content_strings)
    assert report.errors == ()
    for stats in report.languages:
        assert stats.exists, stats.code
        catalog = read_catalogue(stats.path)
        assert catalog.header(REVIEW_HEADER), f"{stats.code} has no {REVIEW_HEADER} header"
        assert catalog.locale_identifier == stats.code


def test_shipped_catalogues_load_in_the_kiosk_with_their_review_state() -> None:
    """The compiled catalogue (made by 'make catalogues') carries the review header to the screen."""
    for code in ("pl", "ar", "zh_Hans"):
        translator = Translator(code, LOCALES_DIR)
        assert translator.has_catalogue, code
        assert translator.review.description == read_catalogue(
            LOCALES_DIR / code / "LC_MESSAGES" / "messages.po"
        ).header(REVIEW_HEADER)


def test_shipped_catalogues_translate_every_content_string(content_strings: set[str]) -> None:
    """Passes only once the translators have filled every catalogue (what 'kiosk check --strict' demands)."""
    languages = [code for code in ALL_LANGUAGES if code != "en"]
    report = check_catalogues(LOCALES_DIR, languages, content_strings)
    incomplete = {stats.code: (stats.fuzzy, stats.missing) for stats in report.languages if not stats.complete}
    assert incomplete == {}, f"languages with (fuzzy, missing) strings: {incomplete}"


@pytest.fixture(scope="module")
def content_strings() -> set[str]:
    from kiosk.core.content import load_content

    from .conftest import CONTENT_DIR

    return set(load_content(CONTENT_DIR).strings())
