"""Switching language changes the widgets already on screen: what the family sees must be exactly
what a kiosk started in that language shows, on the same page, scrolled to the same place.

The Polish catalogue here lacks a few strings of the page, so the English stand-ins (marked
"EN »") have to come and go as the language changes.
"""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from kiosk.core.config import KioskConfig
from kiosk.core.content import Content
from kiosk.core.i18n import catalogue_path, translator
from kiosk.core.pages import build_page
from kiosk.ui.app import KioskApp
from kiosk.ui.screens.pages import HomeScreen, StepScreen
from kiosk.ui.widgets.block_view import BlockView
from kiosk.ui.widgets.page_view import PageView

SIZE = (100, 40)
#: The longest step page: the one whose switch moves the most widgets.
STEP_KEY = "3"
#: English, a left-to-right language with gaps, the right-to-left language, and back.
LANGUAGES = ("pl", "ar", "en")


@pytest.fixture
def partly_polish(config: KioskConfig, content: Content, tmp_path: Path) -> KioskConfig:
    """The shipped catalogues, with the Polish one missing the translation of three strings of step 3."""
    locales = tmp_path / "locales"
    shutil.copytree(config.locales_dir, locales)
    step = content.steps[int(STEP_KEY) - 1]
    missing = {"In short", step.in_short[0], step.in_short[1]}
    po_path = catalogue_path(locales, "pl")
    with po_path.open("rb") as po_file:
        catalogue = read_po(po_file, locale="pl")
    for text in missing:
        catalogue[text].string = ""
    with catalogue_path(locales, "pl", "mo").open("wb") as mo_file:
        write_mo(mo_file, catalogue)
    return dataclasses.replace(config, locales_dir=locales)


async def _fresh_screenshot(config: KioskConfig, content: Content, code: str, scroll_y: float, status: str) -> str:
    """The step page as a kiosk started in ``code`` shows it, scrolled to ``scroll_y``, with ``status`` shown."""
    app = KioskApp(config, content, language=code)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(STEP_KEY)
        await pilot.pause()
        app.screen.query_one(PageView).scroll_to(y=scroll_y, animate=False)
        app.notify_family(status, speak=False)
        await pilot.pause()
        return app.export_screenshot()


async def test_switching_on_a_scrolled_page_changes_every_text_in_place(partly_polish, content) -> None:
    app = KioskApp(partly_polish, content)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(STEP_KEY)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StepScreen)
        page_view = screen.query_one(PageView)
        half_way = page_view.max_scroll_y // 2
        page_view.scroll_to(y=half_way, animate=False)
        await pilot.pause()
        views = list(screen.query(BlockView))
        focused = app.focused
        assert focused is page_view

        for code in LANGUAGES:
            await app.set_language(code)
            await pilot.pause()
            tr = translator(code, partly_polish.locales_dir)
            # The same page, the same widgets, the same place on it, and the focus where it was.
            assert app.screen is screen
            assert list(screen.query(BlockView)) == views
            assert app.focused is focused
            assert page_view.scroll_y == min(half_way, page_view.max_scroll_y)
            # Every block shows the page in the new language, and only English stand-ins are marked.
            blocks = {block.key: block for block in build_page(content, tr, screen.page_id).blocks}
            for view in views:
                block = blocks[view.block.key]
                assert view.logical_text == block.text.text
                assert view.has_class("-fallback") == block.text.fallback
                assert view.render().plain.startswith("EN » ") == (block.text.fallback and not view.rtl)
            fallbacks = {key for key, block in blocks.items() if block.text.fallback}
            assert bool(fallbacks) == (code == "pl")
            # From the family's side: exactly what a kiosk started in this language shows.
            expected = await _fresh_screenshot(
                partly_polish, content, code, page_view.scroll_y, tr.gettext("Language changed.")
            )
            assert app.export_screenshot() == expected, f"the page switched to {code} differs from a fresh one"


def nav_reading_order(app, *, rtl: bool) -> list[str]:
    """The bar's buttons as a reader meets them where they are drawn: top row first, each row from
    its start (the right for a right-to-left language)."""
    buttons = list(app.screen.query("#nav Button"))
    buttons.sort(key=lambda button: (button.region.y, -button.region.x if rtl else button.region.x))
    return [button.id for button in buttons]


async def test_a_focused_button_keeps_the_focus_and_the_bar_mirrors_for_arabic(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(STEP_KEY)
        await pilot.pause()
        language_button = app.screen.query_one("#language")
        language_button.focus()
        await pilot.pause()
        english_order = nav_reading_order(app, rtl=False)

        await app.set_language("ar")
        await pilot.pause()
        assert app.focused is language_button
        # Row by row, each row read from the right: the first button at the right of the first row.
        assert nav_reading_order(app, rtl=True) == english_order
        assert app.screen.query_one("#status").has_class("-rtl")

        await app.set_language("en")
        await pilot.pause()
        assert app.focused is language_button
        assert nav_reading_order(app, rtl=False) == english_order
        assert not app.screen.query_one("#status").has_class("-rtl")


async def test_the_home_page_underneath_shows_the_new_language_when_it_comes_back(partly_polish, content) -> None:
    app = KioskApp(partly_polish, content)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(STEP_KEY)
        await pilot.pause()
        await app.set_language("ar")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        switched = app.export_screenshot()

    fresh = KioskApp(partly_polish, content, language="ar")
    async with fresh.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert switched == fresh.export_screenshot()
