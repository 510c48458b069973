"""Measurements inside the running kiosk (Pilot, headless): language switch, pages, scrolling, speech.

Every figure is "input reaches the app" to "the frame showing its effect has been painted and
nothing is left to paint" (see ``frames.settled``). Speech figures use the real speech service and
player processes (``paplay`` into the PulseAudio null sink).
"""

from __future__ import annotations

import asyncio
import dataclasses
import gc
import random
import subprocess
import threading
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from frames import key_event, key_to_frame, settled
from textual.message import Message

from kiosk.core.config import KioskConfig
from kiosk.core.content import Content
from kiosk.core.i18n import translator
from kiosk.core.pages import build_page
from kiosk.core.reading import Utterance, page_utterances
from kiosk.core.speech.events import SentenceStarted
from kiosk.core.speech.player import find_player, pulse_volume
from kiosk.ui.app import KioskApp
from kiosk.ui.narrator import SpeechReport
from kiosk.ui.widgets.page_view import PageView
from kiosk.ui.widgets.speech_bar import SpeechBar

#: The terminal size every in-app measurement runs at (a kiosk screen with large letters).
SIZE = (100, 40)
#: Seconds to wait for speech to start or stop before the measurement is called stuck.
SPEECH_WAIT_S = 20.0
#: How often the silence watcher thread looks at the player process.
POLL_S = 0.0005
#: Keys that open a page, and what the table calls them.
PAGE_KEYS = {"1": "step 1", "2": "step 2", "3": "step 3", "4": "step 4", "c": "contacts"}

T = TypeVar("T")
#: CPython's collection thresholds as this process started (the kiosk raises the last one).
DEFAULT_THRESHOLDS = gc.get_threshold()
#: Random pauses, seeded so every run pauses alike.
_phase = random.Random(60)


class BenchError(Exception):
    """A measurement could not be taken; the message says why in plain words."""


@dataclass
class Samples:
    """Named lists of timings in seconds, plus notes about anything odd seen while measuring."""

    timings: dict[str, list[float]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def add(self, name: str, seconds: float) -> None:
        self.timings.setdefault(name, []).append(seconds)


def run_in_app(
    config: KioskConfig, content: Content, measure: Callable[[KioskApp], Awaitable[T]], language: str | None = None
) -> T:
    """Start the real kiosk headless, run ``measure`` inside it, and close it (speech included)."""

    async def session() -> T:
        app = KioskApp(config, content, language=language)
        async with app.run_test(size=SIZE):
            await settled(app)
            return await measure(app)

    # As `kiosk run` starts the app: no collections during start-up, and what start-up made frozen
    # once the first screen is up (KioskApp.collect_garbage_from_now_on).
    gc.disable()
    try:
        return asyncio.run(session())
    finally:
        gc.unfreeze()
        gc.set_threshold(*DEFAULT_THRESHOLDS)
        gc.enable()


async def _wait_until(condition: Callable[[], bool], what: str, timeout: float = SPEECH_WAIT_S) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise BenchError(f"gave up after {timeout:g} s waiting for {what}")
        await asyncio.sleep(0.002)


def longest_step_key(content: Content) -> str:
    """The key of the step page with the most blocks (the heaviest page to re-render)."""
    tr = translator("en", Path())
    longest = max(content.steps, key=lambda step: len(build_page(content, tr, step.id).blocks))
    return str(longest.number)


# --------------------------------------------------------------------------- language switch


async def measure_language_switch(app: KioskApp, languages: tuple[str, ...], rounds: int) -> Samples:
    """Switch the longest page, scrolled part-way down, through every language ``rounds`` times."""
    samples = Samples()
    await key_to_frame(app, longest_step_key(app.content))
    for _ in range(2):
        await key_to_frame(app, "pagedown")
        await app.animator.wait_until_complete()
        await settled(app)
    # One untimed pass: the first switch to a language loads its catalogue, which later visits reuse.
    for code in (*languages[1:], languages[0]):
        await app.set_language(code)
        await settled(app)
    for _ in range(rounds):
        for code in (*languages[1:], languages[0]):
            # A family switches with a key or a touch, which tells the kiosk someone is there
            # (so, for one, it does not pick that moment for its quiet-time garbage collection).
            app.idle.touch()
            start = time.perf_counter()
            await app.set_language(code)
            await settled(app)
            samples.add(code, time.perf_counter() - start)
            title = app.screen.query_one(PageView).page.title
            if title.lang != code:
                samples.notes.append(f"after switching to {code}, the page title was in {title.lang}")
    return samples


# --------------------------------------------------------------------------- pages and scrolling


async def measure_navigation(app: KioskApp, rounds: int) -> Samples:
    """Open each page from home and go back; then page down the longest page."""
    samples = Samples()
    keys = list(PAGE_KEYS)
    for round_number in range(rounds + 1):
        for key in keys:
            opened = await key_to_frame(app, key)
            back = await key_to_frame(app, "h")
            if round_number:  # the first round is a warm-up
                samples.add(f"open {PAGE_KEYS[key]}", opened)
                samples.add("back home", back)
    await key_to_frame(app, longest_step_key(app.content))
    for round_number in range(rounds + 1):
        first, done = await _page_down(app)
        if round_number:
            samples.add("page down: first frame", first)
            samples.add("page down: scroll finished", done)
        await key_to_frame(app, "home")
        await app.animator.wait_until_complete()
        await settled(app)
    return samples


async def _page_down(app: KioskApp) -> tuple[float, float]:
    """Seconds to the first frame that shows the page moved, and to the end of the scroll animation.

    The scroll is animated by Textual's animator, which steps 60 times a second; a random pause
    first keeps the key from always landing at the same point of that cycle.
    """
    view = app.screen.query_one(PageView)
    await asyncio.sleep(_phase.uniform(0.0, 2 / 60))
    before = view.scroll_y
    start = time.perf_counter()
    app.post_message(key_event(app, "pagedown"))
    deadline = start + SPEECH_WAIT_S
    while view.scroll_y == before:
        if time.perf_counter() > deadline:
            raise BenchError("page down did not move the page")
        await settled(app)
    first = time.perf_counter() - start
    await app.animator.wait_until_complete()
    await settled(app)
    return first, time.perf_counter() - start


# --------------------------------------------------------------------------- speech


class Watch:
    """Polls ``condition`` in a thread and records ``time.perf_counter()`` when it first holds."""

    def __init__(self, condition: Callable[[], bool]) -> None:
        self.condition = condition
        self.seen_at: float | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, name="bench-watch", daemon=True)
        self._thread.start()

    def _poll(self) -> None:
        while not self._stop.is_set():
            if self.condition():
                self.seen_at = time.perf_counter()
                return
            time.sleep(POLL_S)

    async def wait(self, what: str, timeout: float = SPEECH_WAIT_S) -> float:
        try:
            await _wait_until(lambda: self.seen_at is not None, what, timeout)
        finally:
            self._stop.set()
        self._thread.join(1.0)
        assert self.seen_at is not None
        return self.seen_at


def alive(pid: int | None) -> bool:
    """True while process ``pid`` runs (a killed, unreaped player is already silent)."""
    if pid is None:
        return False
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2] != "Z"


async def _quiet(app: KioskApp) -> None:
    """Wait until nothing is being said and no player runs."""
    service = app.narrator.service
    assert service is not None
    await _wait_until(lambda: not service.speaking and not service.paused, "speech to end")
    await _wait_until(lambda: not alive(service.player_pid), "the player to end")
    # The reading controls give their rows back a moment after reading stops (a layout of the
    # whole page): an idle measurement must not catch that.
    bars = list(app.screen.query(SpeechBar))
    await _wait_until(lambda: not any(bar.display for bar in bars), "the reading controls to fold away")
    await settled(app)


@dataclass(frozen=True)
class ReadingStarted:
    """Seconds from R to the page's sentences handed to the speech service, and to the player running."""

    handed_over_s: float
    playing_s: float
    player_pid: int


async def _start_reading(app: KioskApp) -> ReadingStarted:
    """Press R (nothing playing before) and time it until the player process of the first sentence runs.

    The speech service reports ``SentenceStarted`` from its own thread right after the player process
    has started; the app's ``post_message`` (which the narrator calls with that report) is wrapped to
    note the moment, so no polling thread competes with the app for the interpreter.
    """
    service = app.narrator.service
    assert service is not None
    handed_over: list[float] = []
    playing: list[float] = []
    speak, post_message = service.speak, app.post_message

    def recording_speak(utterances: Sequence[Utterance]) -> None:
        handed_over.append(time.perf_counter())
        speak(utterances)

    def recording_post(message: Message) -> bool:
        if isinstance(message, SpeechReport) and isinstance(message.event, SentenceStarted):
            playing.append(time.perf_counter())
        return post_message(message)

    service.speak = recording_speak  # type: ignore[method-assign]
    app.post_message = recording_post  # type: ignore[method-assign]
    try:
        start = time.perf_counter()
        app.post_message(key_event(app, "r"))
        await _wait_until(lambda: bool(playing), "the first sentence to start playing after R")
    finally:
        # Back to the classes' own methods.
        del service.speak
        del app.post_message
    pid = service.player_pid
    if pid is None or not handed_over:
        raise BenchError("the player stopped before it could be watched")
    await settled(app)
    return ReadingStarted(handed_over[0] - start, playing[0] - start, pid)


async def _silence_after(app: KioskApp, key: str, pid: int) -> float:
    """Press ``key`` while ``pid`` plays and return the seconds until that player is gone."""
    watch = Watch(lambda: not alive(pid))
    start = time.perf_counter()
    app.post_message(key_event(app, key))
    seen = await watch.wait(f"the player to stop after the key {key!r}", timeout=5.0)
    await settled(app)
    return seen - start


@dataclass(frozen=True)
class RawSpeech:
    """How the raw espeak-ng comparison speaks: the same sentence, voice, rate and volume as the app."""

    sentence: str
    voice: str
    rate: int
    volume_db: float


def raw_first_audio(raw: RawSpeech, scratch: Path) -> float:
    """Seconds from starting ``espeak-ng -w`` to the ``paplay`` process started on its WAV (then killed)."""
    paplay = find_player("paplay").path
    if paplay is None:
        raise BenchError("paplay is not installed: install pulseaudio-utils")
    wav = scratch / "raw.wav"
    start = time.perf_counter()
    subprocess.run(
        ["espeak-ng", "-v", raw.voice, "-s", str(raw.rate), "-w", str(wav), raw.sentence],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=SPEECH_WAIT_S,
        check=True,
    )
    player = subprocess.Popen(
        [paplay, "--client-name=kiosk-bench", f"--volume={pulse_volume(raw.volume_db)}", str(wav)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    started = time.perf_counter() - start
    player.kill()
    player.wait(timeout=5.0)
    return started


def raw_speech_for(app: KioskApp, language: str, page_key: str) -> RawSpeech:
    """The first sentence the app reads on ``page_key``'s page in ``language``, with the app's voice."""
    service = app.narrator.service
    assert service is not None
    step = app.content.steps[int(page_key) - 1]
    tr = translator(language, app.config.locales_dir)
    first = page_utterances(build_page(app.content, tr, step.id), tr)[0]
    voice = service.voice_for(first.lang).voice_id
    if voice is None:
        raise BenchError(f"no espeak-ng voice for {first.lang}: the first-audio comparison needs one")
    speech = app.config.speech
    return RawSpeech(first.text, voice, speech.rate, speech.volume_db)


async def measure_first_audio(
    app: KioskApp, languages: tuple[str, ...], rounds: int, scratch: Path
) -> tuple[Samples, Samples]:
    """First audio after R (app) and after espeak-ng (raw), interleaved; silence after a navigation key.

    Returns the app's samples (``first audio <lang>``; ``handed over <lang>``: R to the sentences given to
    the speech service; ``silence``) and raw espeak-ng's (``<lang>``).
    """
    app_samples, raw_samples = Samples(), Samples()
    page_key, other_key = "1", "2"
    for language in languages:
        await app.set_language(language)
        await key_to_frame(app, page_key)
        raw = raw_speech_for(app, language, page_key)
        for round_number in range(rounds + 1):
            await _quiet(app)
            started = await _start_reading(app)
            silence = await _silence_after(app, other_key, started.player_pid)
            raw_first = raw_first_audio(raw, scratch)
            if round_number:  # the first round warms up the voice and the player
                app_samples.add(f"first audio {language}", started.playing_s)
                app_samples.add(f"handed over {language}", started.handed_over_s)
                app_samples.add("silence", silence)
                raw_samples.add(language, raw_first)
            await key_to_frame(app, page_key)
    await app.set_language(languages[0])
    return app_samples, raw_samples


async def measure_frames_while_speaking(app: KioskApp, rounds: int) -> Samples:
    """Key to frame for volume keys and page down, with the longest page read aloud and with nothing playing.

    Volume keys leave speech playing (while idle they speak the new volume, so each idle sample
    waits for that to end first). Page down stops speech, as every non-speech key does.
    """
    samples = Samples()
    service = app.narrator.service
    assert service is not None
    await key_to_frame(app, longest_step_key(app.content))
    jitter = random.Random(7)
    for round_number in range(rounds + 1):
        keep = round_number > 0
        for key in ("plus", "minus"):
            await _quiet(app)
            idle = await key_to_frame(app, key)
            await _reading(app)
            await asyncio.sleep(jitter.uniform(0.05, 0.25))
            if not service.speaking:
                raise BenchError("speech ended before the volume key could be measured")
            speaking = await key_to_frame(app, key)
            if not service.speaking:
                samples.notes.append(f"the volume key {key!r} stopped speech")
            await key_to_frame(app, "r")  # stop reading
            if keep:
                samples.add("volume key, idle", idle)
                samples.add("volume key, speaking", speaking)
        await _quiet(app)
        await key_to_frame(app, "home")
        await app.animator.wait_until_complete()
        idle, _ = await _page_down(app)
        await key_to_frame(app, "home")
        await app.animator.wait_until_complete()
        await _reading(app)
        await asyncio.sleep(jitter.uniform(0.05, 0.25))
        speaking, _ = await _page_down(app)
        if keep:
            samples.add("page down, idle", idle)
            samples.add("page down, speaking", speaking)
    await _quiet(app)
    return samples


async def _reading(app: KioskApp) -> None:
    """Start reading the current page and wait until its first sentence plays."""
    await _quiet(app)
    await _start_reading(app)


def bench_config(config: KioskConfig, data_dir: Path) -> KioskConfig:
    """The kiosk's configuration with usage counts kept out of its real data folder."""
    return dataclasses.replace(config, data_dir=data_dir)
