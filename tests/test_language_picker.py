"""The language picker as a family uses it: every way in, every way to move, every way to choose.

Each test looks at what is drawn (the picker's box, the language shown in the top bar), not at
widget state. Regression guard for issue 11: the picker drew nothing, and Enter with keypad 5 in
one frame closed it twice and ended the kiosk.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Button

from kiosk.core.content import Content
from kiosk.core.i18n import language, offered_languages
from kiosk.ui.app import KioskApp
from kiosk.ui.screens.language import CURRENT_MARK, LanguageScreen
from kiosk.ui.screens.pages import HomeScreen
from kiosk.ui.text import visual
from tests.drawn import drawn_text
from tests.screen_registry import build_app, wait_until


def shown_language(app: KioskApp) -> str:
    """The language name drawn at the right of the top bar."""
    return drawn_text(app, "#language-name").strip()


def endonym(code: str) -> str:
    described = language(code)
    return visual(described.endonym, described.rtl)


async def open_picker(app: KioskApp, pilot, key: str = "l") -> None:  # type: ignore[no-untyped-def]
    await pilot.press(key)
    await wait_until(pilot, lambda: isinstance(app.screen, LanguageScreen), "the language picker")
    await pilot.pause()


async def picked(app: KioskApp, pilot, code: str) -> None:  # type: ignore[no-untyped-def]
    await wait_until(pilot, lambda: shown_language(app) == endonym(code), f"{code} in the top bar", timeout=5)
    assert isinstance(app.screen, HomeScreen)


@pytest.fixture
def app(content: Content, tmp_path: Path) -> KioskApp:
    return build_app(content, tmp_path / "data", "en", "kiosk-dark")


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 60)], ids=["80x24", "120x40", "200x60"])
async def test_every_offered_language_is_drawn_with_its_english_name(app: KioskApp, size: tuple[int, int]) -> None:
    async with app.run_test(size=size) as pilot:
        await open_picker(app, pilot)
        box = drawn_text(app, "#language-box")
        for offered in offered_languages(app.config):
            assert endonym(offered.code) in box, f"{offered.code} is not drawn in the picker at {size}:\n{box}"
            assert offered.english_name in box


async def test_the_current_language_is_marked_and_has_the_focus(content: Content, tmp_path: Path) -> None:
    app = build_app(content, tmp_path / "data", "pl", "kiosk-dark")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_picker(app, pilot)
        assert CURRENT_MARK + endonym("pl") in drawn_text(app, "#language-box")
        assert CURRENT_MARK + endonym("en") not in drawn_text(app, "#language-box")
        await pilot.press("enter")  # Enter on the marked one keeps the language
        await picked(app, pilot, "pl")


async def test_arrows_move_and_enter_picks_the_highlighted_language(app: KioskApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await open_picker(app, pilot)
        await pilot.press("down", "down", "up", "right", "enter")  # en -> pl -> ro -> pl -> ro
        await picked(app, pilot, "ro")


async def test_keypad_star_then_2_and_8_move_and_5_picks(app: KioskApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await open_picker(app, pilot, "asterisk")
        await pilot.press("2", "2", "2", "2", "8", "5")  # en -> pl -> ro -> pt -> bg -> pt
        await picked(app, pilot, "pt")


async def test_tab_moves_through_the_languages_and_enter_picks_that_one(app: KioskApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await open_picker(app, pilot)
        await pilot.press("tab", "tab", "tab", "shift+tab", "enter")  # en -> pl -> ro -> pt -> ro
        await picked(app, pilot, "ro")


async def test_touching_a_language_picks_it(app: KioskApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await open_picker(app, pilot)
        assert await pilot.click("#language-uk")
        await picked(app, pilot, "uk")


@pytest.mark.parametrize("key", ["escape", "0"])
async def test_escape_and_keypad_0_close_without_a_change(app: KioskApp, key: str) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await open_picker(app, pilot)
        await pilot.press("down", key)
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen), "the picker to close")
        assert shown_language(app) == "English"


async def test_the_picker_scrolls_to_a_language_below_the_fold(app: KioskApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.resize_terminal(80, 14)  # smaller than a kiosk, so the box must scroll
        await pilot.pause()
        await open_picker(app, pilot)
        last = offered_languages(app.config)[-1]
        assert endonym(last.code) not in drawn_text(app, "#language-box")
        await pilot.press("up")  # from the first language back round to the last
        await pilot.pause()
        assert endonym(last.code) in drawn_text(app, "#language-box")
        await pilot.press("enter")
        await picked(app, pilot, last.code)


async def test_a_second_choice_after_the_first_changes_nothing(app: KioskApp) -> None:
    """Enter and keypad 5 in one frame: the second choice reaches a picker that is already closing."""
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3")
        await open_picker(app, pilot)
        picker = app.screen
        assert isinstance(picker, LanguageScreen)
        await pilot.press("down")
        picker.action_choose()  # keypad 5: Polish
        picker.query_one("#language-ro", Button).press()  # a touch on Romanian in the same moment
        picker.action_choose()
        await pilot.pause(0.2)
        assert app.is_running
        assert app.screen.page_id == app.content.steps[2].id, "the step page under the picker must stay"
        await wait_until(pilot, lambda: shown_language(app) == endonym("pl"), "Polish, the first choice")
