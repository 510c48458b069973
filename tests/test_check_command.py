"""`kiosk check` as a content editor runs it: the real CLI in a subprocess, on real files.

Each broken content fixture (tests/fixtures/content-broken/<case>/) is the valid fixture with one
mistake; the editor must get the file and line of that mistake as a sentence, never a traceback.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.core.config import REPO_ROOT
from kiosk.core.pofiles import REVIEW_HEADER, read_catalogue

from .conftest import FIXTURES, LOCALES_DIR

KIOSK = Path(sys.executable).parent / "kiosk"
BROKEN = FIXTURES / "content-broken"
VALID = FIXTURES / "content-valid"


def compile_catalogues(locales: Path) -> subprocess.CompletedProcess[str]:
    """``make catalogues`` for one folder: the compiled files the kiosk loads."""
    return subprocess.run(
        [sys.executable, "-m", "kiosk.core.pofiles", "compile", str(locales)],
        capture_output=True,
        text=True,
        check=False,
    )


def kiosk_check(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """Run the installed ``kiosk check`` from the repository root, as ``make test`` does."""
    return subprocess.run(
        [str(KIOSK), "check", *map(str, args)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


# (case, file:line the editor must be sent to, words of the sentence that says what is wrong)
BROKEN_CASES = [
    ("not-utf8", "guide.yaml:10", "is not UTF-8 text"),
    ("not-yaml", "guide.yaml:2:9", "is not valid YAML"),
    ("unknown-key", "guide.yaml:52:5", "'titel' is not a known field"),
    ("duplicate-step-id", "guide.yaml:72", "the step id 'mediation' is used twice (first on line 49)"),
    ("duplicate-contact-id", "contacts.yaml:29", "the contact id 'global-mediation' is used twice (first on line 7)"),
    ("unknown-contact", "guide.yaml:49", "lists the contact 'global-mediaton', which is not in contacts.yaml"),
    ("malformed-date", "guide.yaml:27:19", "'2024-13-40' is not a real date"),
    ("empty-title", "guide.yaml:32:12", "'title' is empty"),
    ("wrong-type", "guide.yaml:31:13", "expected a whole number, found the text 'two'"),
    ("missing-field", "guide.yaml:72:5", "the field 'summary' is missing"),
    ("in-short-two-points", "guide.yaml:77:7", "has 2 items; expected between 3 and 5"),
    ("bad-url", "contacts.yaml:18:16", "is not a web address"),
    ("unverified-without-note", "contacts.yaml:22:9", "an unverified detail needs a note"),
    ("duplicate-yaml-key", "guide.yaml:34:5", "the key 'summary' is written twice"),
    ("unknown-group", "contacts.yaml:7", "is in the group 'mediaton', which is not listed under 'groups'"),
    ("contacts-top-level-list", "contacts.yaml:1:1", "expected a mapping of fields here, found a list"),
    ("source-without-date", "guide.yaml:111:5", "each source needs the date of the page itself"),
    ("source-not-listed", "contacts.yaml:14:17", "is not listed under 'source_pages' in guide.yaml"),
]


def test_every_broken_case_has_a_fixture() -> None:
    assert sorted(case for case, _, _ in BROKEN_CASES) == sorted(path.name for path in BROKEN.iterdir())


@pytest.mark.parametrize(("case", "where", "says"), BROKEN_CASES, ids=[case[0] for case in BROKEN_CASES])
def test_broken_content_names_file_and_line(case: str, where: str, says: str) -> None:
    result = kiosk_check("--content", BROKEN / case)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output
    shown = f"tests/fixtures/content-broken/{case}/{where}"
    matching = [line for line in result.stderr.splitlines() if shown in line]
    assert matching, f"no error at {shown}:\n{result.stderr}"
    assert any(says in line for line in matching), f"expected {says!r} at {shown}:\n{result.stderr}"
    assert "Not valid:" in result.stderr


def test_valid_fixture_passes_and_lists_what_staff_must_check() -> None:
    result = kiosk_check("--content", VALID)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    out = result.stdout
    assert "6 pages, 4 steps" in out and "1 contact in 1 group, 3 contact details." in out
    # The unverified opening hours, located for staff, with the note saying why.
    assert "tests/fixtures/content-valid/contacts.yaml:22: Global Mediation, hours" in out
    assert "Test fixture: hours not confirmed." in out
    # Step 1's review date (2025-05-13) has passed; the others are in 2030.
    assert "tests/fixtures/content-valid/guide.yaml:8: step 1 'talk-to-the-service' was due" in out
    assert "'mediation' was due" not in out
    assert "Valid." in out


def test_shipped_content_is_valid() -> None:
    result = kiosk_check()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert "Content: content" in result.stdout


def test_language_table_lists_every_configured_language() -> None:
    result = kiosk_check()
    table = result.stdout.split("Translations:")[1].split("Printer")[0]
    for code, endonym in (("pl", "Polski"), ("uk", "Українська"), ("ar", "العربية"), ("zh_Hans", "中文 (简体)")):
        row = next((line for line in table.splitlines() if line.split()[:1] == [code]), "")
        assert endonym in row, table
        review = read_catalogue(LOCALES_DIR / code / "LC_MESSAGES" / "messages.po").header(REVIEW_HEADER)
        assert row.endswith(review), row
    assert "Printer" in result.stdout


def test_strict_fails_on_fuzzy_and_missing_but_plain_check_only_warns(tmp_path: Path) -> None:
    locales = tmp_path / "locales-incomplete"
    shutil.copytree(FIXTURES / "locales-incomplete", locales)
    compile_catalogues(locales)
    config = tmp_path / "kiosk.yaml"
    config.write_text(f"languages: [en, pl]\nlocales_dir: {locales}\n", encoding="utf-8")

    plain = kiosk_check("--config", config, "--content", VALID)
    assert plain.returncode == 0, plain.stderr
    assert "Warnings" in plain.stdout
    assert "marked fuzzy" in plain.stdout

    strict = kiosk_check("--config", config, "--content", VALID, "--strict")
    assert strict.returncode == 1
    assert "Traceback" not in strict.stdout + strict.stderr
    # The fuzzy entry is located in the catalogue, the untranslated ones are counted.
    assert "locales-incomplete/pl/LC_MESSAGES/messages.po:" in strict.stderr
    assert "marked fuzzy because the English changed" in strict.stderr
    assert "have no Polski (pl) translation yet" in strict.stderr


def test_every_error_is_listed_not_only_the_first(tmp_path: Path) -> None:
    """Broken content, a missing catalogue and wrong facts in another, all reported in one run."""
    config = tmp_path / "kiosk.yaml"
    config.write_text(f"languages: [en, pl, ro]\nlocales_dir: {FIXTURES / 'locales-bad'}\n", encoding="utf-8")
    result = kiosk_check("--config", config, "--content", BROKEN / "malformed-date")
    assert result.returncode == 1
    errors = result.stderr
    assert "'2024-13-40' is not a real date" in errors
    assert "there is no catalogue for Romanian (ro)" in errors
    assert "the numbers differ from the English" in errors
    assert "the phone number '0800 064 4488' is missing or changed" in errors
    assert "Traceback" not in result.stdout + errors


def test_broken_configuration_and_broken_content_are_both_reported(tmp_path: Path) -> None:
    config = tmp_path / "kiosk.yaml"
    config.write_text("theme: purple\n", encoding="utf-8")
    result = kiosk_check("--config", config, "--content", BROKEN / "empty-title")
    assert result.returncode == 1
    assert "kiosk.yaml:1:8: [theme] 'purple' is not allowed here" in result.stderr
    assert "'title' is empty" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr
