"""The speech service playing for real: espeak-ng, paplay and a PulseAudio null sink.

Sentences are short: the null sink plays in real time, so each sentence costs its own length.
"""

from __future__ import annotations

import math
import os
import signal
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.core.config import SpeechSettings
from kiosk.core.reading import Utterance
from kiosk.core.speech.events import SentenceStarted, SpeechFinished, SpeechPaused, SpeechResumed, StatusChanged
from kiosk.core.speech.player import PULSE_NORMAL_VOLUME
from kiosk.core.speech.service import SpeechService
from kiosk.core.speech.wav import read_wav, rms
from tests.speech_env import (
    Recorder,
    alive,
    command_line,
    ensure_sound_server,
    players,
    synth_workers,
    wait_until,
)

SENTENCES = [
    Utterance("First, talk to the service.", "en", "p/0"),
    Utterance("Ask for a meeting.", "en", "p/1"),
    Utterance("Keep copies of letters.", "en", "p/2"),
    Utterance("Free advice is there.", "en", "p/3"),
]


@pytest.fixture(scope="module", autouse=True)
def _sound_server() -> None:
    ensure_sound_server()


@pytest.fixture
def scratch_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Temporary files of the service go here, so a test can see that none are left."""
    root = tmp_path / "tmp"
    root.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(root))
    return root


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def service(recorder: Recorder, scratch_root: Path) -> Iterator[SpeechService]:
    with SpeechService(SpeechSettings(player="paplay"), on_event=recorder) as speech:
        yield speech


def started(index: int) -> object:
    return lambda event: isinstance(event, SentenceStarted) and event.index == index


def test_reading_plays_through_paplay_and_stop_silences_at_once(service: SpeechService, recorder: Recorder) -> None:
    service.speak(SENTENCES)
    first = recorder.wait_for(started(0), "the first sentence to start")
    assert first == SentenceStarted("p/0", 0, 4, "en", "First, talk to the service.", "reading")
    assert service.speaking
    player_pid = service.player_pid
    assert alive(player_pid)
    assert [child.pid for child in players()] == [player_pid]

    service.stop()

    assert not alive(player_pid), "stop() returned while the player still ran"
    assert players() == []
    assert not service.speaking
    assert recorder.of(SpeechFinished) == [SpeechFinished(completed=False)]


def test_a_stop_handed_over_without_waiting_silences_and_keeps_the_order(
    service: SpeechService, recorder: Recorder
) -> None:
    # The app's event loop stops this way on every key; what it asks next must come after the stop.
    service.speak(SENTENCES)
    recorder.wait_for(started(0), "the first sentence to start")
    player_pid = service.player_pid

    service.stop(wait=False)
    service.speak([Utterance("Dzień dobry.", "pl", "x/0")])

    wait_until(lambda: not alive(player_pid), "the stopped player to end")
    recorder.wait_for(lambda e: isinstance(e, SentenceStarted) and e.key == "x/0", "the reading asked for next")
    assert recorder.of(SpeechFinished)[0] == SpeechFinished(completed=False)
    assert [event.key for event in recorder.of(SentenceStarted)] == ["p/0", "x/0"]
    # The player killed on purpose is not taken for a player that failed.
    assert service.status.available
    assert recorder.of(StatusChanged) == []


def test_a_whole_list_is_read_in_order_to_the_end(service: SpeechService, recorder: Recorder) -> None:
    service.speak(SENTENCES[:2])
    recorder.wait_for(lambda event: isinstance(event, SpeechFinished), "the reading to finish")
    assert [event.key for event in recorder.of(SentenceStarted)] == ["p/0", "p/1"]
    assert recorder.of(SpeechFinished) == [SpeechFinished(completed=True)]
    assert players() == []


def test_pause_silences_and_resume_restarts_the_same_sentence(service: SpeechService, recorder: Recorder) -> None:
    service.speak(SENTENCES)
    recorder.wait_for(started(1), "the second sentence to start")
    player_pid = service.player_pid

    service.pause()

    assert service.paused and not service.speaking
    assert not alive(player_pid)
    assert players() == []
    assert recorder.of(SpeechPaused) == [SpeechPaused("p/1", 1)]

    service.resume()

    assert recorder.of(SpeechResumed) == [SpeechResumed("p/1", 1)]
    wait_until(lambda: len([e for e in recorder.of(SentenceStarted) if e.index == 1]) == 2, "sentence 2 again")
    assert [event.index for event in recorder.of(SentenceStarted)] == [0, 1, 1]
    assert alive(service.player_pid)


def test_repeat_replays_the_current_sentence_and_next_previous_move(service: SpeechService, recorder: Recorder) -> None:
    service.speak(SENTENCES)
    recorder.wait_for(started(0), "the first sentence")
    service.repeat()
    wait_until(lambda: len(recorder.of(SentenceStarted)) == 2, "the sentence to start again")
    service.next_sentence()
    recorder.wait_for(started(1), "the next sentence")
    service.next_sentence()
    recorder.wait_for(started(2), "the sentence after")
    service.previous_sentence()
    wait_until(lambda: len(recorder.of(SentenceStarted)) == 5, "the previous sentence")
    assert [event.index for event in recorder.of(SentenceStarted)] == [0, 0, 1, 2, 1]
    assert len(players()) == 1, "only one player plays at a time"


def test_repeat_after_the_end_replays_the_last_sentence(service: SpeechService, recorder: Recorder) -> None:
    service.speak(SENTENCES[:1])
    recorder.wait_for(lambda event: isinstance(event, SpeechFinished), "the reading to finish")
    service.repeat()
    wait_until(lambda: len(recorder.of(SpeechFinished)) == 2, "the repeat to finish")
    assert [event.key for event in recorder.of(SentenceStarted)] == ["p/0", "p/0"]


def test_new_speech_cuts_off_the_old(service: SpeechService, recorder: Recorder) -> None:
    service.speak(SENTENCES)
    recorder.wait_for(started(0), "the first reading")
    old_player = service.player_pid
    service.speak([Utterance("Dzień dobry.", "pl", "x/0")])
    assert not alive(old_player)
    recorder.wait_for(lambda e: isinstance(e, SentenceStarted) and e.key == "x/0", "the new reading")
    assert recorder.of(SpeechFinished)[0] == SpeechFinished(completed=False)


def test_killing_the_synthesis_process_mid_page_is_recovered_from(service: SpeechService, recorder: Recorder) -> None:
    service.speak(SENTENCES)
    recorder.wait_for(started(0), "the first sentence")
    victim = service.synth_pid
    assert victim is not None
    # The second sentence is already made while the first plays; the third needs a new process.
    synth_workers_before = [child.pid for child in synth_workers()]
    assert synth_workers_before == [victim]
    os.kill(victim, signal.SIGKILL)
    recorder.wait_for(started(2), "the third sentence, made by a new synthesis process")
    assert service.synth_pid not in (None, victim)
    assert [child.pid for child in synth_workers()] == [service.synth_pid]
    assert service.status.available


def test_a_hung_synthesis_process_is_replaced_after_the_sentence_timeout(
    recorder: Recorder, scratch_root: Path
) -> None:
    with SpeechService(SpeechSettings(player="paplay"), on_event=recorder, synth_timeout_s=1.5) as service:
        service.voice_for("en")  # wait until the synthesis process is up
        hung = service.synth_pid
        assert hung is not None
        os.kill(hung, signal.SIGSTOP)
        try:
            service.speak(SENTENCES[:1])
            recorder.wait_for(started(0), "the sentence, made by a new synthesis process")
        finally:
            if alive(hung):
                os.kill(hung, signal.SIGCONT)
        assert not alive(hung)
        assert service.synth_pid != hung


def test_close_leaves_no_process_and_no_file(recorder: Recorder, scratch_root: Path) -> None:
    service = SpeechService(SpeechSettings(player="paplay"), on_event=recorder)
    service.speak(SENTENCES)
    recorder.wait_for(started(0), "the first sentence")
    assert list(scratch_root.iterdir()), "the service keeps its audio under the temporary folder"
    assert players() and synth_workers()

    service.close()
    service.close()  # idempotent

    assert players() == []
    assert synth_workers() == []
    assert list(scratch_root.iterdir()) == []
    service.speak(SENTENCES)  # a closed service stays quiet and does not raise
    assert players() == []


def test_volume_and_rate_steps_and_their_reset(service: SpeechService) -> None:
    settings = SpeechSettings()
    assert (service.volume_db, service.rate) == (settings.volume_db, settings.rate)
    service.volume_up()
    assert service.volume_db == settings.volume_db + 3
    service.faster()
    service.faster()
    assert service.rate > settings.rate
    service.volume_down()
    service.volume_down()
    service.slower()

    service.reset_defaults()

    assert (service.volume_db, service.rate) == (settings.volume_db, settings.rate)


def _volume_played_db(service: SpeechService, recorder: Recorder, player: str) -> float:
    """Speak one sentence and measure, from the running player, the level it plays at."""
    recorder.clear()
    service.speak([Utterance("Free advice and support are there if you need them.", "en", "v/0")])
    recorder.wait_for(started(0), "the sentence to play")
    player_pid = service.player_pid
    assert player_pid is not None
    arguments = command_line(player_pid)
    assert Path(arguments[0]).name == player
    if player == "paplay":
        volume = next(int(arg.split("=")[1]) for arg in arguments if arg.startswith("--volume="))
        level = 60 * math.log10(volume / PULSE_NORMAL_VOLUME)  # PulseAudio's volume scale is cubic
    else:
        # aplay plays a copy whose samples were scaled: measure that audio.
        level = 20 * math.log10(rms(read_wav(Path(arguments[-1]))))
    service.stop()
    return level


@pytest.mark.parametrize("player", ["paplay", "aplay"])
def test_volume_steps_span_at_least_18_db_of_what_is_played(
    player: str, recorder: Recorder, scratch_root: Path
) -> None:
    with SpeechService(SpeechSettings(player=player), on_event=recorder) as service:
        for _ in range(20):
            service.volume_down()
        quietest = _volume_played_db(service, recorder, player)
        for _ in range(20):
            service.volume_up()
        loudest = _volume_played_db(service, recorder, player)
    assert loudest - quietest >= 18
