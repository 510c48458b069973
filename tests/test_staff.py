"""Staff mode: a PIN dialog that locks after wrong PINs, and the only way to quit the kiosk."""

from __future__ import annotations

import dataclasses
import logging

from kiosk.core.idle import Active
from kiosk.core.pin import hash_pin
from kiosk.ui.app import KioskApp
from kiosk.ui.screens.pages import HomeScreen
from kiosk.ui.screens.pin import PinDialog
from kiosk.ui.screens.staff import StaffScreen
from tests.drawn import drawn_text
from tests.test_app_speech import wait_for

PIN = "482916"


class FakeClock:
    def __init__(self) -> None:
        self.now = 5000.0

    def __call__(self) -> float:
        return self.now


def _app(content, config, clock=None) -> KioskApp:  # type: ignore[no-untyped-def]
    config = dataclasses.replace(config, staff_pin_hash=hash_pin(PIN))
    return KioskApp(config, content, clock=clock)


async def _type_pin(pilot, pin: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press(*pin, "enter")
    await pilot.pause()


async def test_right_pin_opens_the_staff_screen(content, config) -> None:
    app = _app(content, config)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("f12")
        await pilot.pause()
        assert isinstance(app.screen, PinDialog)
        await _type_pin(pilot, PIN)
        assert isinstance(app.screen, StaffScreen)
        assert "Review overdue" in str(app.screen.query_one("#staff-review").render()) or "Not shown" in str(
            app.screen.query_one("#staff-review").render()
        )


async def test_pin_is_masked_and_never_shown_or_logged(content, config, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    app = _app(content, config)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("f12")
        await pilot.pause()
        await pilot.press(*"123456")
        await pilot.pause()
        pin_input = app.screen.query_one("#pin")
        assert pin_input.password
        screenshot = app.export_screenshot()
        assert "123456" not in screenshot
        await pilot.press("enter")
        await pilot.pause()
        assert pin_input.value == "", "a checked PIN must not stay in the field"
    assert "123456" not in caplog.text


async def test_five_wrong_pins_lock_the_dialog_with_growing_delays(content, config) -> None:
    clock = FakeClock()
    app = _app(content, config, clock)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("f12")
        await pilot.pause()
        for attempt in range(5):
            await _type_pin(pilot, "0000")
            message = str(app.screen.query_one("#pin-message").render())
            if attempt < 4:
                assert "Wrong PIN" in message
        assert "Too many wrong PINs" in message
        assert app.screen.query_one("#pin").disabled
        first_lock = app.pin_guard.status().seconds_remaining
        # Even the right PIN is refused while locked.
        assert not app.pin_guard.attempt(PIN).ok
        clock.now += first_lock + 1
        assert app.pin_guard.attempt("0000").outcome.name == "LOCKED"
        assert app.pin_guard.status().seconds_remaining > first_lock, "the next lock must last longer"
        # Only just past the lock: much longer and the idle reset would close the dialog first.
        clock.now += app.pin_guard.status().seconds_remaining + 1
        assert app.idle.state() == Active()
        pin = app.screen.query_one("#pin")
        # The dialog looks at the lock every second: it unlocks by itself, without a key.
        await wait_for(pilot, lambda: not pin.disabled, "the PIN pad to unlock", timeout=5)
        assert "Type the staff PIN" in drawn_text(app, "#pin-box")
        await _type_pin(pilot, PIN)
        assert isinstance(app.screen, StaffScreen), "the right PIN works again once the lock is over"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_exit_only_from_the_staff_screen(content, config) -> None:
    app = _app(content, config)
    async with app.run_test(size=(100, 32)) as pilot:
        for keys in (["ctrl+q"], ["ctrl+c"], ["escape", "escape"], ["f12", "escape"]):
            await pilot.press(*keys)
            await pilot.pause()
            assert app.is_running
        await pilot.press("f12")
        await pilot.pause()
        await _type_pin(pilot, PIN)
        assert isinstance(app.screen, StaffScreen)
        await pilot.click("#exit-kiosk")
        await pilot.pause()
    assert app.return_code == 0


async def test_staff_sets_the_language_each_visit_starts_in(content, config) -> None:
    app = _app(content, config)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("f12")
        await pilot.pause()
        await _type_pin(pilot, PIN)
        select = app.screen.query_one("#staff-language")
        select.value = "pl"
        await pilot.pause()
        assert app.default_language == "pl"
        await pilot.click("#close")
        await app.reset_visit()
        await pilot.pause()
        assert app.tr.code == "pl"


async def test_a_lock_holds_for_the_next_kiosk_on_the_same_data_folder(content, config) -> None:
    # Issue 14: each web session, and each restart, is a new kiosk; the lock must hold for it too.
    first = _app(content, config)
    async with first.run_test(size=(100, 32)) as pilot:
        await pilot.press("f12")
        await pilot.pause()
        for _ in range(5):
            await _type_pin(pilot, "000000")
        assert "Too many wrong PINs" in drawn_text(first, "#pin-box")
    second = _app(content, config)  # a new process's app, or the kiosk after a restart
    async with second.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await pilot.press("f12")
        await wait_for(pilot, lambda: isinstance(second.screen, PinDialog), "the PIN dialog")
        await pilot.pause()
        assert "Too many wrong PINs. Try again in" in drawn_text(second, "#pin-box")
        await _type_pin(pilot, PIN)
        assert not isinstance(second.screen, StaffScreen), "the right PIN got through another kiosk's lock"


async def test_opening_the_staff_screen_claims_no_change(content, config) -> None:
    """The language select reports its first value when it is set up; that is not a staff change."""
    app = _app(content, config)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("f12")
        await pilot.pause()
        await _type_pin(pilot, PIN)
        await pilot.pause(0.3)
        assert isinstance(app.screen, StaffScreen)
        assert "starts in" not in drawn_text(app, "#staff-body")
        app.screen.query_one("#staff-language").value = "pl"
        await wait_for(pilot, lambda: "Each visit now starts in pl." in drawn_text(app, "#staff-body"), "the change")
