"""Read aloud in the real app: the real speech service, espeak-ng and a PulseAudio null sink."""

from __future__ import annotations

import asyncio
import dataclasses
import os
import time
from collections.abc import Callable

from kiosk.core.pin import hash_pin
from kiosk.core.speech.events import SentenceStarted
from kiosk.ui.app import KioskApp
from kiosk.ui.widgets.block_view import BlockView
from kiosk.ui.widgets.page_view import PageView
from kiosk.ui.widgets.speech_bar import SpeechBar

WAIT_S = 20.0


async def wait_for(
    pilot,
    condition: Callable[[], bool],
    what: str | Callable[[], str],  # type: ignore[no-untyped-def]
    timeout: float = WAIT_S,
) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for: {what() if callable(what) else what}")
        await pilot.pause(0.05)


def _alive(pid: int | None) -> bool:
    if pid is None:
        return False
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split()[2] != "Z"
    except FileNotFoundError:
        return False


def _started(app: KioskApp) -> list[SentenceStarted]:
    """Record every sentence the service starts, as the app receives them."""
    seen: list[SentenceStarted] = []
    handle = app.narrator.handle

    def recording(event):  # type: ignore[no-untyped-def]
        if isinstance(event, SentenceStarted):
            seen.append(event)
        handle(event)

    app.narrator.handle = recording  # type: ignore[method-assign]
    return seen


def _spoken_texts(app: KioskApp) -> list[str]:
    """Record the texts handed to the real service for speaking."""
    texts: list[str] = []
    service = app.narrator.service
    assert service is not None
    speak = service.speak

    def recording(utterances):  # type: ignore[no-untyped-def]
        texts.extend(u.text for u in utterances)
        speak(utterances)

    service.speak = recording  # type: ignore[method-assign]
    return texts


async def test_read_aloud_plays_and_navigation_silences_at_once(content, config) -> None:
    app = KioskApp(config, content)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("3", "r")
        service = app.narrator.service
        assert service is not None
        await wait_for(pilot, lambda: _alive(service.player_pid), "a player process")
        player = service.player_pid
        assert app.screen.query_one("#speech-bar", SpeechBar).reading
        await pilot.press("2")  # navigating to step 2 must stop the audio
        await pilot.pause()
        assert not service.speaking
        await wait_for(pilot, lambda: not _alive(player), "the player process to end", timeout=1.0)
        assert app.screen.page_id == "make-a-complaint"
        assert not app.screen.query_one("#speech-bar", SpeechBar).reading


async def test_pressing_read_again_stops(content, config) -> None:
    app = KioskApp(config, content)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("1", "r")
        service = app.narrator.service
        await wait_for(pilot, lambda: service.speaking and _alive(service.player_pid), "speech")
        await pilot.press("r")
        await pilot.pause()
        assert not service.speaking


async def test_highlight_follows_the_spoken_sentence(content, config) -> None:
    app = KioskApp(config, content)
    async with app.run_test(size=(100, 40)) as pilot:
        started = _started(app)
        await pilot.press("3", "r")
        await wait_for(pilot, lambda: len(started) >= 1, "the first sentence")
        title = app.screen.spoken_view("title")
        assert isinstance(title, BlockView)
        assert title.spoken == (0, len(title.logical_text))
        await pilot.press("n")  # next sentence: "In short"
        await wait_for(pilot, lambda: len(started) >= 2, "the second sentence")
        assert title.spoken is None
        heading = app.screen.spoken_view("in_short")
        assert isinstance(heading, BlockView) and heading.spoken is not None
        await pilot.press("n")
        await wait_for(pilot, lambda: len(started) >= 3, "the third sentence")
        # Step 3's first point is two sentences: the highlight covers the one being spoken, then the next.
        point = app.screen.spoken_view("point.0")
        assert isinstance(point, BlockView)
        first_end = point.logical_text.index(". ") + 1
        assert point.spoken == (0, first_end)
        assert point.region.height > 0 and app.screen.query_one("#page").region.overlaps(point.region)
        await pilot.press("n")
        await wait_for(pilot, lambda: len(started) >= 4, "the fourth sentence")
        assert point.spoken == (first_end + 1, len(point.logical_text))


async def test_pause_resume_and_repeat_keep_the_sentence(content, config) -> None:
    app = KioskApp(config, content)
    async with app.run_test(size=(100, 40)) as pilot:
        started = _started(app)
        await pilot.press("3", "r")
        await wait_for(pilot, lambda: len(started) >= 1, "the first sentence")
        await pilot.press("n")
        await wait_for(pilot, lambda: len(started) >= 2, "the second sentence")
        service = app.narrator.service
        await pilot.press("space")
        await pilot.pause()
        assert service.paused and not _alive(service.player_pid)
        assert str(app.screen.query_one("#speech-pause").label) == "Continue"
        await pilot.press("space")
        await wait_for(pilot, lambda: len(started) >= 3, "resumed sentence")
        assert started[2].key == started[1].key, "resume must start the paused sentence again"
        await pilot.press("a")
        await wait_for(pilot, lambda: len(started) >= 4, "repeated sentence")
        assert started[3].key == started[2].key


async def test_speech_mode_speaks_focus_changes_and_messages(content, config) -> None:
    app = KioskApp(config, content)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        spoken = _spoken_texts(app)
        await pilot.press("tab")
        await pilot.pause()
        assert spoken == [], "nothing is spoken unless asked while speech mode is off"
        await pilot.press("s")
        await pilot.pause()
        assert any("Speech mode is on" in text for text in spoken)
        spoken.clear()
        await pilot.press("tab")
        await pilot.pause()
        focused = app.focused
        assert focused is not None and focused.id
        assert any("Button" in text for text in spoken), spoken
        spoken.clear()
        await pilot.press("c")
        await pilot.pause()
        assert any("Who can help" in text for text in spoken), "a new page announces itself"
        spoken.clear()
        await app.set_language("pl")
        await pilot.pause()
        assert spoken, "the language-changed message is spoken in speech mode"


async def test_the_pin_is_never_spoken(content, config) -> None:
    config = dataclasses.replace(config, staff_pin_hash=hash_pin("4321"))
    app = KioskApp(config, content)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        spoken = _spoken_texts(app)
        await pilot.press("s", "f12")
        await pilot.pause()
        await pilot.press("4", "3", "2", "1", "enter")
        await pilot.pause()
        await pilot.press("9", "9", "9", "9", "enter")
        await pilot.pause()
        assert not any(ch in text for text in spoken for ch in ("4321", "9999", "4 3 2 1"))


async def test_visit_reset_restores_volume_rate_and_speech_mode(content, config) -> None:
    app = KioskApp(config, content)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        service = app.narrator.service
        default_volume, default_rate = service.volume_db, service.rate
        await pilot.press("minus", "minus", "greater_than_sign", "s")
        await pilot.pause()
        assert service.volume_db < default_volume and service.rate > default_rate
        assert app.narrator.speech_mode
        await app.reset_visit()
        await pilot.pause()
        assert (service.volume_db, service.rate) == (default_volume, default_rate)
        assert not app.narrator.speech_mode


async def test_missing_player_gives_a_clear_status(content, config, monkeypatch, tmp_path) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    python_dir = os.path.dirname(os.path.realpath(os.sys.executable))  # type: ignore[attr-defined]
    monkeypatch.setenv("PATH", f"{empty}:{python_dir}")
    config = dataclasses.replace(config, speech=dataclasses.replace(config.speech, player="paplay"))
    app = KioskApp(config, content)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("1", "r")
        status = app.screen.query_one("#status")
        await wait_for(
            pilot,
            lambda: "'paplay' is not installed" in status.message,
            lambda: f"a status line naming the problem (status: {status.message!r})",
        )
        assert status.has_class("-problem")
        assert "Traceback" not in app.export_screenshot()
        await pilot.press("2")
        await pilot.pause()
        assert app.screen.page_id == "make-a-complaint"
        await asyncio.sleep(0)


async def test_the_reading_controls_vanish_at_once_and_give_their_rows_back_after_the_key(content, config) -> None:
    app = KioskApp(config, content)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("3", "r")
        bar = app.screen.query_one("#speech-bar", SpeechBar)
        page = app.screen.query_one(PageView)
        await wait_for(pilot, lambda: bar.reading, "the reading controls")
        rows_while_reading, bar_rows = page.size.height, bar.outer_size.height
        assert bar_rows > 0
        await pilot.press("pagedown")  # stops the reading, and scrolls
        await pilot.pause()
        assert not app.narrator.service.speaking
        assert not bar.reading
        # Gone two frames after the key, which is answered first.
        await wait_for(pilot, lambda: not bar.visible, "the reading controls to go", timeout=0.5)
        assert not any(button in app.screen.focus_chain for button in bar.buttons.values())
        stop = bar.buttons["speech-stop"]
        assert app.screen.get_widget_at(*stop.region.center)[0] is not stop, "a blank bar takes no clicks"
        await wait_for(pilot, lambda: page.scroll_y > 0, "the page to move down")
        await wait_for(
            pilot, lambda: page.size.height == rows_while_reading + bar_rows, "the page to take the rows back"
        )
        assert not bar.display
        # Reading again brings the controls straight back.
        await pilot.press("r")
        await wait_for(pilot, lambda: bar.reading, "the reading controls again")
        assert page.size.height == rows_while_reading


async def test_reading_again_straight_after_a_stop_keeps_its_controls_and_highlight(content, config) -> None:
    app = KioskApp(config, content)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("1", "r")
        bar = app.screen.query_one("#speech-bar", SpeechBar)
        await wait_for(pilot, lambda: bar.reading, "the reading controls")
        await pilot.press("r", "r")  # stop, and at once read again
        service = app.narrator.service
        await wait_for(pilot, lambda: service.speaking and bar.reading, "the second reading")
        await asyncio.sleep(0.2)  # well past the moment the first reading's marks were due to go
        await pilot.pause()
        assert bar.reading and bar.visible
        assert any(view.spoken is not None for view in app.screen.query(BlockView)), "a sentence is marked"


async def test_an_announcement_after_a_stop_does_not_keep_the_reading_controls(content, config) -> None:
    app = KioskApp(config, content)
    async with app.run_test(size=(100, 40)) as pilot:
        app.narrator.speech_mode = True  # so the next action announces itself
        await pilot.press("3", "r")
        bar = app.screen.query_one("#speech-bar", SpeechBar)
        await wait_for(pilot, lambda: bar.reading, "the reading controls")
        await pilot.press("k")  # stops the reading; the new contrast is announced
        await wait_for(pilot, lambda: not bar.visible, "the reading controls to go", timeout=0.5)
        assert not any(view.spoken is not None for view in app.screen.query(BlockView))
