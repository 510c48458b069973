"""A blind visitor's journey, asserted on what was HEARD (the speech log) and on the screen.

Real espeak-ng into the PulseAudio null sink, real CUPS, the real app driven by Pilot. The visitor
switches speech mode on, chooses Polish in the picker by arrows hearing each language, opens
step 3 and hears its name, reads the page, pauses, repeats, goes to contacts, prints and hears
the outcome, walks away - and the kiosk resets and goes quiet. Every announcement the visitor
needs must be heard to its end: one cut off before its end fails the journey.
"""

from __future__ import annotations

import dataclasses
import html
import re
import time
from pathlib import Path

import pytest

from kiosk.core.i18n import translator
from kiosk.core.pages import CONTACTS, build_page
from kiosk.core.reading import speakable, split_sentences
from kiosk.core.speech.log import FINISHED, SpeechLog, read_speech_log
from kiosk.ui.app import KioskApp
from kiosk.ui.screens.idle_warning import IdleWarningScreen
from kiosk.ui.screens.language import LanguageScreen
from kiosk.ui.screens.pages import HomeScreen
from tests.conftest import LOCALES_DIR
from tests.speech_env import ensure_sound_server
from tests.test_printing import start_cups

#: A sentence takes a few seconds to play; a slip 1-3 s through cups-pdf.
HEAR_S = 30.0
PRINT_S = 60.0


@pytest.fixture(scope="module", autouse=True)
def _services() -> None:
    ensure_sound_server()
    start_cups()


class FakeClock:
    """The idle clock's time: the visitor walks away in an instant rather than in two minutes."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def screen_text(app: KioskApp) -> str:
    svg = app.export_screenshot()
    return html.unescape("".join(re.findall(r"<text[^>]*>(.*?)</text>", svg, re.S))).replace("\xa0", " ")


def sentences(text: str, lang: str) -> list[str]:
    return [speakable(sentence) for sentence in split_sentences(text, lang)]


class Ears:
    """What the visitor heard, from the speech log the real speech service writes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.mark = 0

    def entries(self) -> list[dict[str, object]]:
        return read_speech_log(self.path) if self.path.exists() else []

    def since_mark(self) -> list[dict[str, object]]:
        return self.entries()[self.mark :]

    def next(self) -> None:
        """What is heard from now on is looked for from here (a sentence may be heard twice)."""
        self.mark = len(self.entries())

    async def heard(self, pilot, text: str, *, kind: str | None = None, lang: str | None = None) -> dict[str, object]:  # type: ignore[no-untyped-def]
        """Wait until ``text`` was spoken (after the mark); it must have been heard to its end."""
        deadline = time.monotonic() + HEAR_S
        while True:
            for entry in self.since_mark():
                if entry["text"] == text and (kind is None or entry["kind"] == kind):
                    assert entry["outcome"] == FINISHED, f"{text!r} was cut off before its end: {entry}"
                    if lang is not None:
                        assert entry["language"] == lang, f"{text!r} was spoken in the wrong language: {entry}"
                    return entry
            if time.monotonic() > deadline:
                heard = [(entry["text"], entry["kind"], entry["outcome"]) for entry in self.since_mark()]
                raise AssertionError(f"{text!r} was never heard; heard since the last step: {heard}")
            await pilot.pause(0.05)

    async def heard_all(self, pilot, texts: list[str], *, kind: str | None = None, lang: str | None = None) -> None:  # type: ignore[no-untyped-def]
        for text in texts:
            await self.heard(pilot, text, kind=kind, lang=lang)

    async def quiet(self, pilot, app: KioskApp) -> None:  # type: ignore[no-untyped-def]
        """Wait until nothing is being said (what was queued has been heard)."""
        deadline = time.monotonic() + HEAR_S
        while app.narrator.speaking:
            assert time.monotonic() < deadline, "the kiosk never stopped speaking"
            await pilot.pause(0.05)


async def test_a_blind_visitor_hears_every_step_to_its_end_and_leaves_the_kiosk_quiet(content, config, tmp_path):  # type: ignore[no-untyped-def]
    clock = FakeClock()
    log_path = tmp_path / "speech.jsonl"
    config = dataclasses.replace(config, speech=dataclasses.replace(config.speech, rate=230))
    app = KioskApp(config, content, clock=clock, speech_log=SpeechLog(log_path))
    english, polish = translator("en", LOCALES_DIR), translator("pl", LOCALES_DIR)
    ears = Ears(log_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()

        # Speech mode on: the new state is heard.
        await pilot.press("s")
        await ears.heard(pilot, "Speech mode is on.", kind="message", lang="en")
        await ears.quiet(pilot, app)

        # The picker: its name and how to use it to their end, then the highlighted language.
        ears.next()
        await pilot.press("l")
        assert isinstance(app.screen, LanguageScreen)
        how = english.gettext("Choose your language. Use the arrow keys, or 8 and 2 on the keypad, then press Enter.")
        await ears.heard_all(pilot, sentences(how, "en"), kind="dialog", lang="en")
        await ears.heard(pilot, "English", kind="focus", lang="en")
        # Each language as it is highlighted: its own name in its own voice, then in English.
        for key, own, own_lang, name in (
            ("down", "Polski", "pl", "Polish"),
            ("down", "Română", "ro", "Romanian"),
            ("up", "Polski", "pl", "Polish"),
        ):
            ears.next()
            await pilot.press(key)
            said_own = await ears.heard(pilot, own, kind="focus", lang=own_lang)
            said_english = await ears.heard(pilot, name, kind="focus", lang="en")
            voices = app.narrator.service.voice_for(own_lang).voice_id, app.narrator.service.voice_for("en").voice_id  # type: ignore[union-attr]
            assert (said_own["voice"], said_english["voice"]) == voices, "each name in its own voice"
        ears.next()
        await pilot.press("enter")
        await ears.heard(pilot, polish.gettext("Language changed."), kind="message", lang="pl")
        assert polish.gettext(content.title) in screen_text(app), "the page is shown in Polish"
        await ears.quiet(pilot, app)

        # Step 3: its name is heard to its end (it was cut after 10 ms by the focus announcement).
        ears.next()
        await pilot.press("3")
        step = content.steps[2]
        title = build_page(content, polish, step.id).title
        await ears.heard_all(pilot, sentences(title.text, title.lang), kind="page", lang="pl")
        await ears.quiet(pilot, app)
        assert title.text in screen_text(app)

        # Read the page, pause, repeat the paused sentence: heard again, to its end.
        ears.next()
        service = app.narrator.service
        assert service is not None
        await pilot.press("r")
        await ears.heard(pilot, sentences(title.text, title.lang)[0], kind="reading", lang="pl")
        deadline = time.monotonic() + HEAR_S
        while not (service.speaking and service.player_pid):
            assert time.monotonic() < deadline, "the second sentence never started"
            await pilot.pause(0.05)
        await pilot.press("space")
        await pilot.pause(0.2)
        assert service.paused
        assert polish.gettext("Continue") in screen_text(app), "the reading controls show it is paused"
        paused = [entry for entry in ears.since_mark() if entry["kind"] == "reading"][-1]
        assert paused["outcome"] == "interrupted", "a pause silences the sentence at once"
        ears.next()
        await pilot.press("a")
        await ears.heard(pilot, str(paused["text"]), kind="reading", lang="pl")

        # Contacts: the reading stops, the page says its name.
        ears.next()
        await pilot.press("c")
        contacts = build_page(content, polish, CONTACTS).title
        await ears.heard_all(pilot, sentences(contacts.text, contacts.lang), kind="page", lang="pl")
        await ears.quiet(pilot, app)

        # Print: both outcomes are heard, one after the other, neither cut off.
        ears.next()
        await pilot.press("p")
        await ears.heard(pilot, polish.gettext("Your slip is printing."), kind="message", lang="pl")
        deadline = time.monotonic() + PRINT_S
        while not any(entry["text"] == polish.gettext("Please take your slip.") for entry in ears.since_mark()):
            assert time.monotonic() < deadline, f"the print outcome was never heard: {ears.since_mark()}"
            await pilot.pause(0.1)
        await ears.heard(pilot, polish.gettext("Please take your slip."), kind="message", lang="pl")
        await ears.quiet(pilot, app)

        # Walk away. The warning is spoken once, to its end; then the countdown at 20, 10 and 5.
        ears.next()
        clock.now += config.idle_timeout_s + 0.5
        await app.poll_idle()
        await pilot.pause()
        assert isinstance(app.screen, IdleWarningScreen)
        warning = app.screen.message()
        await ears.heard_all(pilot, sentences(warning, "pl"), kind="dialog", lang="pl")
        assert polish.gettext("Are you still there?") in screen_text(app)
        for left in (20, 10, 5):
            clock.now = clock.now + (app.screen.seconds_left - left)
            await app.poll_idle()
            await ears.heard(
                pilot,
                polish.ngettext("%(num)s second left.", "%(num)s seconds left.", left),
                kind="message",
                lang="pl",
            )
        said_warning = [entry for entry in ears.since_mark() if entry["kind"] == "dialog"]
        assert len(said_warning) == len(sentences(warning, "pl")), "the warning is said once, not in a loop"

        # Nobody answers: the visit is cleared - speech mode off, English, home - and the kiosk is quiet.
        clock.now += 10
        await app.poll_idle()
        await pilot.pause()
        reset_at = time.monotonic()
        assert isinstance(app.screen, HomeScreen)
        assert not app.narrator.speech_mode
        assert app.tr.code == "en"
        drawn = screen_text(app)
        assert content.title in drawn and polish.gettext(content.title) not in drawn
        await pilot.pause(3.0)
        assert not app.narrator.speaking
        last_started = max(float(entry["started"]) for entry in ears.entries())  # type: ignore[arg-type]
        log = app.narrator.log
        assert log is not None
        assert last_started <= log.seconds(reset_at), f"something was said after the reset: {ears.entries()[-3:]}"
