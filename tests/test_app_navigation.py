"""Driving the real kiosk with Pilot: every page by key and by click, and the kiosk lock."""

from __future__ import annotations

import pytest

from kiosk.core.content import STEP_IDS
from kiosk.ui.screens.help import HelpScreen
from kiosk.ui.screens.pages import ContactsScreen, HomeScreen, StepScreen
from kiosk.ui.widgets.block_view import BlockView
from tests.drawn import screen_lines


def _page_text(app) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(view.logical_text for view in app.screen.query(BlockView))


@pytest.mark.parametrize("number", [1, 2, 3, 4])
async def test_each_step_opens_by_its_number_key(make_app, content, number: int) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(str(number))
        await pilot.pause()
        assert isinstance(app.screen, StepScreen)
        step = content.steps[number - 1]
        assert app.screen.page_id == step.id
        assert step.title in _page_text(app)
        assert step.in_short[0] in _page_text(app)


@pytest.mark.parametrize("number", [1, 2, 3, 4])
async def test_each_step_opens_by_clicking_its_button(make_app, content, number: int) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        assert await pilot.click(f"#step-{number}")
        await pilot.pause()
        assert app.screen.page_id == STEP_IDS[number - 1]


async def test_next_previous_and_home_buttons(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("1")
        await pilot.pause()
        assert app.screen.query_one("#previous").disabled
        await pilot.click("#next")
        await pilot.pause()
        assert app.screen.page_id == "make-a-complaint"
        await pilot.click("#next")
        await pilot.click("#next")
        await pilot.pause()
        assert app.screen.page_id == "still-not-happy"
        assert app.screen.query_one("#next").disabled
        await pilot.click("#previous")
        await pilot.pause()
        assert app.screen.page_id == "mediation"
        await pilot.click("#home")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert len(app.screen_stack) == 1


async def test_contacts_page_shows_verified_details_only(make_app, content) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, ContactsScreen)
        text = _page_text(app)
        for contact in content.contacts:
            assert contact.name in text
            for detail in contact.details:
                if detail.shown_to_families:
                    assert detail.value in text
                elif detail.value and detail.kind in ("phone", "email"):
                    assert detail.value not in text, f"unverified {detail.kind} of {contact.name} is shown"
        assert "Ask at reception for the current details." in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_help_lists_the_keys_and_closes(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2", "question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        help_text = str(app.screen.query_one("#help-text").render())
        assert "Read this page aloud" in help_text
        assert "2 minutes" in help_text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, StepScreen)


async def test_keypad_alone_reaches_every_page(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4")
        await pilot.pause()
        assert app.screen.page_id == "still-not-happy"
        await pilot.press("slash", "7")
        await pilot.pause()
        assert isinstance(app.screen, ContactsScreen)
        await pilot.press("0")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("0")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("enter")  # the focused first step button
        await pilot.pause()
        assert app.screen.page_id == "talk-to-the-service"


async def test_a_long_page_scrolls_by_keys(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3")
        await pilot.pause()
        page = app.screen.query_one("#page")
        assert page.max_scroll_y > 0, "the mediation page should be longer than the screen"
        await pilot.press("pagedown")
        await pilot.pause()
        assert page.scroll_y > 0
        await pilot.press("end")
        await pilot.pause()
        assert page.scroll_y == page.max_scroll_y
        await pilot.press("home")
        await pilot.pause()
        assert page.scroll_y == 0


async def test_a_long_page_scrolls_by_mouse_wheel(make_app) -> None:
    from textual.events import MouseScrollDown

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3")
        await pilot.pause()
        page = app.screen.query_one("#page")
        for _ in range(3):
            page.post_message(MouseScrollDown(page, 5, 5, 0, 0, 0, False, False, False, screen_x=5, screen_y=5))
        await pilot.pause()
        assert page.scroll_y > 0


@pytest.mark.parametrize("keys", [["ctrl+q"], ["ctrl+c"], ["ctrl+z"], ["ctrl+backslash"], ["ctrl+p"], ["escape"] * 3])
async def test_quit_keys_do_nothing_in_kiosk_mode(make_app, keys: list[str]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*keys)
        await pilot.pause()
        assert app.is_running and app.return_code is None
        assert isinstance(app.screen, HomeScreen)
        assert "Traceback" not in "\n".join(screen_lines(app))


async def test_dev_mode_quits_with_ctrl_q(make_app, content, config) -> None:
    from kiosk.ui.app import KioskApp

    app = KioskApp(config, content, dev=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+q")
        assert app.return_code == 0, "ctrl+q in --dev asks the app to exit (a kiosk's stays None)"


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 60)])
async def test_every_page_fits_without_losing_content(make_app, content, size: tuple[int, int]) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        for key in ["1", "2", "3", "4", "c"]:
            await pilot.press(key)
            await pilot.pause()
            for button in app.screen.query("NavBar Button"):
                assert button.region.height >= 3, f"{button.id} is too small to touch"
                assert button.region.right <= size[0]
            page = app.screen.query_one("#page")
            assert page.region.height >= 5, f"page area too small at {size}"
