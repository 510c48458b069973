"""Faults the kiosk must survive: each becomes a plain sentence, never an exception, a hang or a stray process."""

from __future__ import annotations

import tempfile
from pathlib import Path
from types import MappingProxyType

import pytest

from kiosk.core.config import SpeechSettings
from kiosk.core.reading import Utterance
from kiosk.core.speech.events import SentenceStarted, SpeechFinished, StatusChanged
from kiosk.core.speech.service import SpeechService
from tests.speech_env import Recorder, ensure_sound_server, players, synth_workers

ENGLISH = Utterance("Ask for a meeting.", "en", "e/0")
POLISH = Utterance("Poproś o spotkanie.", "pl", "p/0")


@pytest.fixture(scope="module", autouse=True)
def _sound_server() -> None:
    ensure_sound_server()


@pytest.fixture
def scratch_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "tmp"
    root.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(root))
    return root


def unavailable(reason: str) -> object:
    return lambda event: event == StatusChanged(False, reason, getattr(event, "problem", None))


def finished(event: object) -> bool:
    return isinstance(event, SpeechFinished)


@pytest.mark.parametrize(
    ("player", "reason"),
    [
        ("paplay", "Audio is not available: the audio player 'paplay' is not installed."),
        ("aplay", "Audio is not available: the audio player 'aplay' is not installed."),
        ("auto", "Audio is not available: neither paplay nor aplay is installed."),
    ],
)
def test_a_missing_player_is_reported_and_speaking_does_not_fail(
    player: str, reason: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, scratch_root: Path
) -> None:
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    recorder = Recorder()
    with SpeechService(SpeechSettings(player=player), on_event=recorder) as service:
        recorder.wait_for(unavailable(reason), "the missing player to be reported")
        assert not service.status.available
        assert service.status.reason == reason

        service.speak([ENGLISH])

        assert recorder.wait_for(finished, "the reading to give up") == SpeechFinished(completed=False)
        # Asking to speak is answered with the reason again: the screen may have changed since start-up.
        assert [event.reason for event in recorder.of(StatusChanged)] == [reason, reason]
        assert players() == []
    assert list(scratch_root.iterdir()) == []


def test_no_sound_server_is_reported_and_speech_comes_back_with_it(
    monkeypatch: pytest.MonkeyPatch, scratch_root: Path
) -> None:
    reason = "Audio is not available: no sound server or device answered."
    monkeypatch.setenv("PULSE_SERVER", "unix:/nonexistent/pulse/native")
    recorder = Recorder()
    with SpeechService(SpeechSettings(player="paplay"), on_event=recorder) as service:
        recorder.wait_for(unavailable(reason), "the missing sound server to be reported")
        service.speak([ENGLISH])
        assert recorder.wait_for(finished, "the reading to give up") == SpeechFinished(completed=False)
        assert players() == []

        monkeypatch.delenv("PULSE_SERVER")
        recorder.clear()
        service.speak([ENGLISH])

        recorder.wait_for(lambda event: isinstance(event, SentenceStarted), "speech to play again")
        recorder.wait_for(lambda event: event == StatusChanged(True), "speech to be reported available")
        assert service.status.available


def test_a_configured_voice_that_is_not_installed_gives_a_reason_and_other_languages_still_speak(
    scratch_root: Path,
) -> None:
    reason = (
        "Speech is not available in Polish: the voice 'zlw/no-such-voice' set in the configuration is not "
        "installed. Run 'kiosk voices' to see the voices."
    )
    settings = SpeechSettings(player="paplay", voices=MappingProxyType({"pl": "zlw/no-such-voice"}))
    recorder = Recorder()
    with SpeechService(settings, on_event=recorder) as service:
        choice = service.voice_for("pl")
        assert choice.voice_id is None
        assert choice.reason == reason
        assert service.voice_for("en").voice_id == "gmw/en"

        service.speak([POLISH, ENGLISH])

        recorder.wait_for(unavailable(reason), "the reason to be reported")
        assert recorder.wait_for(finished, "the reading to end") == SpeechFinished(completed=True)
        assert [event.key for event in recorder.of(SentenceStarted)] == ["e/0"]


def test_a_language_without_a_voice_is_reported_not_raised(scratch_root: Path) -> None:
    reason = "Speech is not available in Somali: espeak-ng has no voice for it."
    recorder = Recorder()
    with SpeechService(SpeechSettings(player="paplay"), on_event=recorder) as service:
        service.speak([Utterance("Salaan.", "so", "s/0")])
        recorder.wait_for(unavailable(reason), "the missing voice to be reported")
        recorder.wait_for(finished, "the reading to end")
        assert recorder.of(SentenceStarted) == []

        service.speak([ENGLISH])

        recorder.wait_for(lambda event: event == StatusChanged(True), "speech to be available again")
        recorder.wait_for(lambda event: isinstance(event, SentenceStarted), "English to play")


def test_a_broken_espeak_is_reported_and_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, scratch_root: Path
) -> None:
    reason = "Speech is not available: espeak-ng could not start. Reinstall espeak-ng and espeak-ng-data."
    # espeak-ng pointed at a folder without its data is what a half-installed espeak-ng looks like.
    monkeypatch.setenv("ESPEAK_DATA_PATH", str(tmp_path))
    recorder = Recorder()
    with SpeechService(SpeechSettings(player="paplay"), on_event=recorder) as service:
        recorder.wait_for(unavailable(reason), "the broken engine to be reported")
        assert service.voice_for("en").reason == reason

        service.speak([ENGLISH])

        assert recorder.wait_for(finished, "the reading to give up") == SpeechFinished(completed=False)
        assert players() == []
    assert synth_workers() == []
    assert list(scratch_root.iterdir()) == []
