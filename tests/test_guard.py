"""An unexpected error in a handler: logged with its traceback, the visit starts again, the kiosk stays.

Each test plants a failure where the kiosk's own code runs (an action, a screen's handler, the
app's message handler) and looks at what the family sees afterwards and what the log holds.
"""

from __future__ import annotations

import asyncio
import logging
import time
from pathlib import Path

import pytest
from textual.message import Message

from kiosk.commands.run import exit_status
from kiosk.core.content import Content
from kiosk.ui.app import KioskApp
from kiosk.ui.guard import MAX_FAILURES, RESTARTED
from kiosk.ui.screens.language import LanguageScreen
from kiosk.ui.screens.pages import HomeScreen
from kiosk.ui.screens.staff import StaffScreen
from tests.drawn import drawn_text, screen_lines
from tests.screen_registry import build_app, wait_until


class PlantedError(RuntimeError):
    pass


def fail(*_args: object) -> None:
    raise PlantedError("planted for the test")


def fail_once(original):  # type: ignore[no-untyped-def]
    """Fails the first time, then does what ``original`` does (so the fresh visit works)."""
    calls = []

    def planted(*args: object) -> object:
        calls.append(args)
        if len(calls) == 1:
            fail()
        return original(*args)

    return planted


@pytest.fixture
def app(content: Content, tmp_path: Path) -> KioskApp:
    return build_app(content, tmp_path / "data", "en", "kiosk-dark")


async def assert_fresh_visit(app: KioskApp, pilot) -> None:  # type: ignore[no-untyped-def]
    """Home, in the starting language, with the sentence a family can read; and keys still work."""
    await wait_until(pilot, lambda: app.guard.recovered >= 1, "the visit to start again")
    await pilot.pause()
    assert app.is_running
    assert len(app.screen_stack) == 1 and isinstance(app.screen, HomeScreen)
    assert app.tr.code == "en" and app.theme == app.config.theme
    status = " ".join(drawn_text(app, "#status").split())
    assert RESTARTED in status, status
    assert "Traceback" not in "\n".join(screen_lines(app))
    await pilot.press("3")
    await wait_until(pilot, lambda: getattr(app.screen, "page_id", "") == app.content.steps[2].id, "step 3")


def logged_with_traceback(records: list[logging.LogRecord]) -> bool:
    return any(record.exc_info and isinstance(record.exc_info[1], PlantedError) for record in records)


async def test_an_action_that_fails_starts_the_visit_again(
    app: KioskApp, guard_failures: list[logging.LogRecord], monkeypatch: pytest.MonkeyPatch
) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2", "k", "l")  # mid-visit: a page, high contrast, a language picker open
        await wait_until(pilot, lambda: isinstance(app.screen, LanguageScreen), "the picker")
        await pilot.press("escape")
        monkeypatch.setattr(app, "action_open_contacts", fail)
        await pilot.press("c")
        await assert_fresh_visit(app, pilot)
    assert logged_with_traceback(guard_failures)
    guard_failures.clear()
    assert exit_status(app) == 0  # recovered: not a crash


async def test_a_screen_handler_that_fails_starts_the_visit_again(
    app: KioskApp, guard_failures: list[logging.LogRecord], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(LanguageScreen, "on_button_pressed", fail)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3", "l")
        await wait_until(pilot, lambda: isinstance(app.screen, LanguageScreen), "the picker")
        await pilot.press("down", "enter")
        await assert_fresh_visit(app, pilot)
    assert logged_with_traceback(guard_failures)
    guard_failures.clear()


async def test_the_apps_own_message_handler_that_fails_starts_the_visit_again(
    app: KioskApp, guard_failures: list[logging.LogRecord], monkeypatch: pytest.MonkeyPatch
) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1")
        monkeypatch.setattr(app.narrator, "handle", fail_once(app.narrator.handle))
        await pilot.press("r")  # the speech service's reports now fail in the app's handler
        await assert_fresh_visit(app, pilot)
    assert logged_with_traceback(guard_failures)
    guard_failures.clear()


async def test_failures_that_keep_coming_end_the_kiosk_with_a_non_zero_status(
    app: KioskApp, guard_failures: list[logging.LogRecord], monkeypatch: pytest.MonkeyPatch
) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        monkeypatch.setattr(app, "action_open_step", fail)
        for _ in range(MAX_FAILURES + 1):
            await pilot.press("1")
            await pilot.pause()
        await wait_until(pilot, lambda: not app.is_running, "the kiosk to end")
    assert app.return_code == 1 and exit_status(app) == 1
    assert any("cannot recover" in record.getMessage() for record in guard_failures)
    guard_failures.clear()


class Unhandled(Message):
    """A message only the planted handler below answers."""


class KioskWithAFaultyHandler(KioskApp):
    def on_unhandled(self, message: Unhandled) -> None:
        raise PlantedError("planted in the app's own message loop")


async def test_a_crash_that_still_gets_out_is_a_non_zero_exit(
    content: Content, tmp_path: Path, guard_failures: list[logging.LogRecord]
) -> None:
    app = build_app(content, tmp_path / "data", "en", "kiosk-dark")
    faulty = KioskWithAFaultyHandler(app.config, content)
    async with faulty.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        faulty.post_message(Unhandled())
        # Not through the pilot: it waits for the app's loop, which this failure has stopped.
        deadline = time.monotonic() + 10
        while faulty.is_running and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        assert not faulty.is_running, "an app whose own loop stopped must end, not hang"
    assert exit_status(faulty) == 1
    assert logged_with_traceback(guard_failures)
    guard_failures.clear()


async def test_staff_exit_is_a_clean_exit(app: KioskApp) -> None:
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("f12", *"246813", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, StaffScreen), "the staff screen")
        await pilot.click("#exit-kiosk")
        await wait_until(pilot, lambda: not app.is_running, "the kiosk to end")
    assert exit_status(app) == 0
