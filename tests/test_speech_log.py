"""The speech service applies the announcement model to real speech, and its log tells what was heard.

Real espeak-ng, paplay and the PulseAudio null sink; no Textual.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.core.announcements import DIALOG, FOCUS, HINT, MESSAGE, PAGE, READING
from kiosk.core.config import SpeechSettings
from kiosk.core.reading import Utterance
from kiosk.core.speech.events import SentenceEnded, SpeechFinished, SpeechPaused
from kiosk.core.speech.log import FINISHED, INTERRUPTED, SpeechLog, SpeechLogError, read_speech_log
from kiosk.core.speech.service import SpeechService
from tests.speech_env import Recorder, ensure_sound_server, wait_until


@pytest.fixture(scope="module", autouse=True)
def _sound_server() -> None:
    ensure_sound_server()


def said(text: str, kind: str, lang: str = "en") -> Utterance:
    return Utterance(text, lang, kind=kind)


def outcomes(path: Path) -> list[tuple[str, str, str]]:
    return [(str(entry["text"]), str(entry["kind"]), str(entry["outcome"])) for entry in read_speech_log(path)]


def service_with_log(tmp_path: Path, recorder: Recorder) -> tuple[SpeechService, Path]:
    path = tmp_path / "speech.jsonl"
    return SpeechService(SpeechSettings(rate=260), on_event=recorder, log=SpeechLog(path)), path


def test_a_page_name_is_heard_to_its_end_before_the_focus_and_the_hint_is_dropped(tmp_path: Path) -> None:
    recorder = Recorder()
    service, path = service_with_log(tmp_path, recorder)
    with service:
        service.announce([said("Step 3: Disagreement resolution and mediation", PAGE), said("Press R.", HINT)])
        wait_until(lambda: service.player_pid is not None, "the page's name to play")
        service.announce([said("The page text.", FOCUS)])
        recorder.wait_for(lambda event: isinstance(event, SpeechFinished), "the end of speech")
    assert outcomes(path) == [
        ("Step 3: Disagreement resolution and mediation", PAGE, FINISHED),
        ("The page text.", FOCUS, FINISHED),
    ]
    ended = [(event.text, event.kind, event.finished) for event in recorder.of(SentenceEnded)]  # type: ignore[attr-defined]
    assert ended == [(text, kind, outcome == FINISHED) for text, kind, outcome in outcomes(path)], "told as events too"
    entries = read_speech_log(path)
    assert entries[0]["language"] == "en" and entries[0]["voice"]
    assert 0 <= float(entries[0]["started"]) < float(entries[0]["ended"]) <= float(entries[1]["started"])  # type: ignore[arg-type]


def test_messages_queue_and_a_new_option_cuts_the_old_one(tmp_path: Path) -> None:
    recorder = Recorder()
    service, path = service_with_log(tmp_path, recorder)
    with service:
        service.announce([said("Choose your language.", DIALOG)])
        service.announce([said("Polski", FOCUS, "pl"), said("Polish", FOCUS)])
        wait_until(
            lambda: path.stat().st_size > 0 and service.player_pid is not None,
            "the dialog's name to end and Polski to play",
        )
        service.announce([said("Română", FOCUS, "ro"), said("Romanian", FOCUS)])
        service.announce([said("Your slip is printing.", MESSAGE)])
        service.announce([said("Your slip is printing.", MESSAGE)])  # not said twice
        service.announce([said("Please take your slip.", MESSAGE)])
        recorder.wait_for(lambda event: isinstance(event, SpeechFinished), "the end of speech")
    heard = outcomes(path)
    assert heard[0] == ("Choose your language.", DIALOG, FINISHED)
    assert heard[1][0] == "Polski" and heard[1][2] == INTERRUPTED
    assert heard[2:] == [
        ("Română", FOCUS, FINISHED),
        ("Romanian", FOCUS, FINISHED),
        ("Your slip is printing.", MESSAGE, FINISHED),
        ("Please take your slip.", MESSAGE, FINISHED),
    ]


def test_stopping_the_reading_leaves_announcements_and_a_paused_reading_stays_paused(tmp_path: Path) -> None:
    recorder = Recorder()
    service, path = service_with_log(tmp_path, recorder)
    reading = [said("First, talk to the service.", READING), said("Ask for a meeting.", READING)]
    with service:
        service.speak(reading)
        wait_until(lambda: service.player_pid is not None, "the reading to play")
        service.pause()
        service.announce([said("Continue. Button.", FOCUS)])
        recorder.wait_for(lambda event: isinstance(event, SpeechPaused) and event.index == 1, "the pause again")
        assert service.paused
        service.resume()
        wait_until(lambda: service.player_pid is not None, "the reading to go on")
        service.announce([said("Louder.", MESSAGE)])
        service.stop_reading()
        recorder.wait_for(lambda event: isinstance(event, SpeechFinished), "the end of speech")
    assert outcomes(path) == [
        ("First, talk to the service.", READING, INTERRUPTED),  # paused
        ("Continue. Button.", FOCUS, FINISHED),
        ("First, talk to the service.", READING, INTERRUPTED),  # the message interrupts it...
        ("Louder.", MESSAGE, FINISHED),  # ...and the reading, stopped meanwhile, does not come back
    ]


def test_an_unwritable_speech_log_is_one_clear_sentence(tmp_path: Path) -> None:
    with pytest.raises(SpeechLogError, match=r"Cannot write the speech log to .*missing.*Give a file"):
        SpeechLog(tmp_path / "missing" / "speech.jsonl")
    completed = subprocess.run(
        [sys.executable, "-m", "kiosk", "run", "--speech-log", str(tmp_path / "missing" / "x.jsonl")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 1
    assert "Cannot write the speech log to" in completed.stderr and "Traceback" not in completed.stderr
