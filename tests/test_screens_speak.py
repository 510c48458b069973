"""In speech mode every screen says what it is, to its end: help, home (h, Esc, keypad 0), the PIN
dialog (never the digits) and the staff screen. Asserted on the speech log of real speech."""

from __future__ import annotations

import dataclasses

import pytest

from kiosk.core.i18n import translator
from kiosk.core.pages import build_page
from kiosk.core.pin import hash_pin
from kiosk.core.speech.log import SpeechLog
from kiosk.ui.app import KioskApp
from kiosk.ui.screens.help import HelpScreen
from kiosk.ui.screens.pages import HomeScreen
from kiosk.ui.screens.staff import StaffScreen
from tests.conftest import LOCALES_DIR
from tests.heard_speech import Transcript
from tests.speech_env import ensure_sound_server
from tests.test_blind_journey import Ears, sentences

ENGLISH = translator("en", LOCALES_DIR)


@pytest.fixture(scope="module", autouse=True)
def _sound() -> None:
    ensure_sound_server()


def speaking_app(content, config, tmp_path, **changes):  # type: ignore[no-untyped-def]
    config = dataclasses.replace(config, speech=dataclasses.replace(config.speech, rate=280), **changes)
    return KioskApp(config, content, speech_log=SpeechLog(tmp_path / "speech.jsonl"))


async def speech_mode_on(pilot, app: KioskApp, ears: Ears) -> None:  # type: ignore[no-untyped-def]
    await pilot.pause()
    await pilot.press("s")
    await ears.heard(pilot, "Speech mode is on.", kind="message")
    await ears.quiet(pilot, app)
    ears.next()


async def test_help_is_heard_to_its_end_before_the_focused_control(content, config, tmp_path) -> None:  # type: ignore[no-untyped-def]
    app = speaking_app(content, config, tmp_path)
    ears = Ears(tmp_path / "speech.jsonl")
    async with app.run_test(size=(80, 24)) as pilot:
        await speech_mode_on(pilot, app, ears)
        # Tab at once, as a visitor does who knows the keys: the help's name is still heard to its end.
        await pilot.press("question_mark", "tab")
        assert isinstance(app.screen, HelpScreen)
        said = sentences(ENGLISH.gettext("Help. On the keypad, press 1 to 9 for more options, or 0 to close."), "en")
        for text in said:
            await ears.heard(pilot, text, kind="dialog")
        await ears.quiet(pilot, app)
        heard = ears.since_mark()
        dialog_end = max(float(entry["ended"]) for entry in heard if entry["kind"] == "dialog")  # type: ignore[arg-type]
        focus = [entry for entry in heard if entry["kind"] == "focus"]
        assert focus, "the focused control is said after the help's name"
        assert all(float(entry["started"]) >= dialog_end for entry in focus)  # type: ignore[arg-type]


@pytest.mark.parametrize("key", ["h", "escape", "0"])
async def test_going_home_says_so(content, config, tmp_path, key: str) -> None:  # type: ignore[no-untyped-def]
    app = speaking_app(content, config, tmp_path)
    ears = Ears(tmp_path / "speech.jsonl")
    async with app.run_test(size=(80, 24)) as pilot:
        await speech_mode_on(pilot, app, ears)
        transcript = Transcript(app)  # the same facts, as the app hears of them
        await pilot.press("2")
        step = build_page(content, ENGLISH, content.steps[1].id).title
        for text in sentences(step.text, "en"):
            await ears.heard(pilot, text, kind="page")
        ears.next()
        await pilot.press(key)
        assert isinstance(app.screen, HomeScreen)
        await ears.heard(pilot, "Home.", kind="page")
        for text in sentences(ENGLISH.gettext(content.title), "en"):
            await ears.heard(pilot, text, kind="page")
        await pilot.pause(0.1)
        assert transcript.heard_to_the_end("Home."), str(transcript)


async def test_the_pin_dialog_and_staff_screen_speak_but_never_the_pin(content, config, tmp_path) -> None:  # type: ignore[no-untyped-def]
    pin = "730518"
    app = speaking_app(content, config, tmp_path, staff_pin_hash=hash_pin(pin))
    ears = Ears(tmp_path / "speech.jsonl")
    async with app.run_test(size=(80, 24)) as pilot:
        await speech_mode_on(pilot, app, ears)
        await pilot.press("f12")
        await ears.heard(pilot, "Staff only.", kind="dialog")
        await ears.heard(pilot, "Type the staff PIN.", kind="dialog")
        await pilot.press(*"999999", "enter")  # a wrong PIN first: what went wrong is said
        await ears.heard(pilot, "Wrong PIN.", kind="message")
        await pilot.press(*pin, "enter")
        await pilot.pause()
        assert isinstance(app.screen, StaffScreen)
        await ears.heard(pilot, "Staff screen.", kind="dialog")
        await ears.quiet(pilot, app)
        heard = " ".join(str(entry["text"]) for entry in ears.entries())
        for secret in (pin, "999999", " ".join(pin), ", ".join(pin)):
            assert secret not in heard
