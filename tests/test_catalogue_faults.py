"""A compiled catalogue that cannot be loaded: the kiosk shows English and says so; check and compile catch it.

The kiosk reads only the compiled ``.mo`` files. A half-written one (gettext: "File is corrupt")
or one compiled by another tool from a ``.po`` with a Plural-Forms typo (gettext: "unbalanced
parenthesis") used to stop the kiosk with a traceback when a visitor picked that language, while
``kiosk check``, reading only the ``.po``, said Valid.
"""

from __future__ import annotations

import dataclasses
import logging
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from kiosk.core.catalogues import check_catalogues
from kiosk.core.config import KioskConfig
from kiosk.core.content import Content
from kiosk.core.i18n import LANGUAGE_UNAVAILABLE, catalogue_path
from kiosk.ui.app import KioskApp
from kiosk.ui.screens.pages import StepScreen
from tests.conftest import LOCALES_DIR as REPO_LOCALES
from tests.test_faults import screen_text, squash, status_of

BROKEN_PLURAL = '"Plural-Forms: nplurals=3; plural=(n==1 ? 0 : (n%10>=2 && n%10<=4 ? 1 : 2);\\n"'


def shipped_locales(config: KioskConfig, tmp_path: Path) -> Path:
    locales = tmp_path / "locales"
    shutil.copytree(config.locales_dir, locales)
    return locales


def half_written(locales: Path, code: str) -> Path:
    """The .mo cut short, as a copy interrupted by a full disk or a power cut leaves it."""
    mo_path = catalogue_path(locales, code, "mo")
    data = mo_path.read_bytes()
    mo_path.write_bytes(data[: len(data) // 3])
    return mo_path


def compiled_with_a_plural_typo(locales: Path, code: str) -> Path:
    """The .po with an unbalanced bracket in its Plural-Forms, compiled by Babel (as `pybabel compile` would)."""
    po_path = catalogue_path(locales, code)
    lines = po_path.read_text(encoding="utf-8").splitlines()
    lines = [BROKEN_PLURAL if line.startswith('"Plural-Forms:') else line for line in lines]
    po_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with po_path.open("rb") as po_file:
        catalogue = read_po(po_file, locale=code)
    mo_path = catalogue_path(locales, code, "mo")
    with mo_path.open("wb") as mo_file:
        write_mo(mo_file, catalogue)
    return mo_path


@pytest.mark.parametrize("damage", [half_written, compiled_with_a_plural_typo], ids=["half-written", "plural-typo"])
async def test_a_visitor_choosing_a_damaged_language_sees_english_and_a_sentence(
    damage, config: KioskConfig, content: Content, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    locales = shipped_locales(config, tmp_path)
    damage(locales, "pl")
    app = KioskApp(dataclasses.replace(config, locales_dir=locales), content)
    with caplog.at_level(logging.ERROR):
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("2")
            await pilot.pause()
            # The journal hears of it at start-up, not when (and so that) a visitor picks Polish.
            mo_path = str(catalogue_path(locales, "pl", "mo"))
            for _ in range(100):
                if any(mo_path in record.getMessage() for record in caplog.records):
                    break
                await pilot.pause(0.05)
            assert any(mo_path in record.getMessage() for record in caplog.records), "not logged at start-up"
            caplog.clear()
            # The visitor opens the picker and chooses Polski, the language after English.
            await pilot.press("l", "down", "enter")
            for _ in range(20):
                await pilot.pause(0.05)
            assert app.is_running and isinstance(app.screen, StepScreen)
            shown = screen_text(app)
            assert "Traceback" not in shown
            assert squash(content.steps[1].title) in squash(shown), shown
            assert "EN »" in shown, "the English stand-ins must be marked as English"
            assert status_of(app) == (LANGUAGE_UNAVAILABLE, True)
            # The kiosk goes on: another page opens.
            await pilot.press("c")
            await pilot.pause()
            assert "Traceback" not in screen_text(app)
            assert app.is_running
    logged = [record.getMessage() for record in caplog.records if record.levelno >= logging.ERROR]
    assert not logged, f"logged when the visitor chose the language: {logged}"
    assert app.return_code in (None, 0)


@pytest.mark.parametrize("damage", [half_written, compiled_with_a_plural_typo], ids=["half-written", "plural-typo"])
def test_check_loads_the_compiled_catalogue(damage, config: KioskConfig, tmp_path: Path) -> None:
    locales = shipped_locales(config, tmp_path)
    mo_path = damage(locales, "pl")
    errors = check_catalogues(locales, ["en", "pl", "ro"], []).errors
    named = [problem for problem in errors if problem.path == mo_path]
    assert named, errors
    assert "make catalogues" in named[0].message
    assert not [problem for problem in errors if "/ro/" in str(problem.path)]


def test_check_finds_a_missing_or_stale_compiled_catalogue(config: KioskConfig, tmp_path: Path) -> None:
    locales = shipped_locales(config, tmp_path)
    assert check_catalogues(locales, ["pl", "ro"], []).errors == ()
    catalogue_path(locales, "ro", "mo").unlink()
    po_path = catalogue_path(locales, "pl")
    po_path.write_text(po_path.read_text(encoding="utf-8").replace('msgstr "Kontakty"', 'msgstr "Kontakty!"'))
    errors = {problem.path: problem.message for problem in check_catalogues(locales, ["pl", "ro"], []).errors}
    assert "there is no compiled catalogue" in errors[catalogue_path(locales, "ro", "mo")]
    assert "differs from messages.po" in errors[catalogue_path(locales, "pl", "mo")]


def test_a_refused_compile_removes_the_old_compiled_catalogue(config: KioskConfig, tmp_path: Path) -> None:
    locales = shipped_locales(config, tmp_path)
    mo_path = compiled_with_a_plural_typo(locales, "pl")
    result = subprocess.run(
        [sys.executable, "-m", "kiosk.core.pofiles", "compile", str(locales)], capture_output=True, text=True
    )
    assert "Not compiled" in result.stderr and "messages.mo was removed" in result.stderr, result.stderr
    assert not mo_path.exists()
    # Check now says English will show, and nothing stale is left for the kiosk to load.
    errors = check_catalogues(locales, ["pl"], []).errors
    assert all(problem.path.suffix == ".po" for problem in errors), errors
    assert errors


def test_check_says_the_translations_folder_is_missing(tmp_path: Path) -> None:
    report = check_catalogues(tmp_path / "nowhere", ["en", "pl", "ar"], [])
    assert len(report.errors) == 1
    assert "the translations folder does not exist" in report.errors[0].message
    assert report.errors[0].path == tmp_path / "nowhere"


async def test_a_kiosk_started_without_its_translations_folder_tells_staff(
    config: KioskConfig, content: Content, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    missing = tmp_path / "no-locales"
    app = KioskApp(dataclasses.replace(config, locales_dir=missing), content)
    with caplog.at_level(logging.ERROR):
        async with app.run_test(size=(80, 24)) as pilot:
            for _ in range(10):
                await pilot.pause(0.05)
            message, problem = status_of(app)
            assert problem and str(missing) in message and "every language shows English" in message
            assert str(missing) in squash(screen_text(app)) or "translations folder" in screen_text(app)
    assert any(str(missing) in record.getMessage() for record in caplog.records)


async def test_staff_see_which_language_could_not_be_loaded(
    config: KioskConfig, content: Content, tmp_path: Path
) -> None:
    from kiosk.ui.screens.staff import StaffScreen
    from tests.test_faults import PIN, staff_config

    locales = shipped_locales(config, tmp_path)
    mo_path = half_written(locales, "ro")
    app = KioskApp(staff_config(dataclasses.replace(config, locales_dir=locales)), content)
    async with app.run_test(size=(120, 60)) as pilot:
        await pilot.press("f12")
        await pilot.pause()
        await pilot.press(*PIN, "enter")
        for _ in range(20):
            await pilot.pause(0.05)
        assert isinstance(app.screen, StaffScreen)
        translations = app.screen.query_one("#staff-translations")
        translations.scroll_visible(animate=False)
        await pilot.pause()
        listed = squash(str(translations.render()))
        assert f"ro SHOWN IN ENGLISH: The compiled catalogue {mo_path} cannot be loaded" in listed, listed
        assert "SHOWN IN ENGLISH" in screen_text(app)


def test_a_plural_formula_that_fails_for_a_number_shows_english(
    config: KioskConfig, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from kiosk.core.i18n import Translator

    locales = shipped_locales(config, tmp_path)
    po_path = catalogue_path(locales, "pl")
    with po_path.open("rb") as po_file:
        catalogue = read_po(po_file, locale="pl")
    catalogue._num_plurals, catalogue._plural_expr = 3, "(10/(n-3)) % 3"  # divides by zero for 3
    with catalogue_path(locales, "pl", "mo").open("wb") as mo_file:
        write_mo(mo_file, catalogue)
    polish = Translator("pl", locales)
    with caplog.at_level(logging.ERROR):
        three = polish.ngettext("%(num)s second", "%(num)s seconds", 3)
    assert three == "3 seconds"
    assert any("Plural-Forms formula fails for 3" in record.getMessage() for record in caplog.records)


def test_a_compiled_catalogue_cut_anywhere_never_raises(config: KioskConfig, tmp_path: Path) -> None:
    """Cut short at any point (a copy interrupted), the file gives English and a sentence, never an exception."""
    from kiosk.core.i18n import Translator

    whole = catalogue_path(config.locales_dir, "ar", "mo").read_bytes()
    cuts = sorted({*range(0, 64), *range(64, len(whole), max(1, len(whole) // 200))})
    for number, cut in enumerate(cuts):
        locales = tmp_path / f"cut-{number}"
        mo_path = catalogue_path(locales, "ar", "mo")
        mo_path.parent.mkdir(parents=True)
        mo_path.write_bytes(whole[:cut])
        arabic = Translator("ar", locales)
        assert arabic.problem and str(mo_path) in arabic.problem, cut
        assert arabic.localized("Contacts").fallback
        assert [p for p in compiled_problems_of(locales) if p.path == mo_path], cut


def compiled_problems_of(locales: Path) -> list:
    from kiosk.core.catalogues import compiled_problems
    from kiosk.core.pofiles import read_catalogue

    return compiled_problems("ar", catalogue_path(locales, "ar"), read_catalogue(catalogue_path(REPO_LOCALES, "ar")))
