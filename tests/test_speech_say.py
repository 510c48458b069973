"""``kiosk say`` and ``kiosk voices`` with the real espeak-ng: every language, its own voice, real audio."""

from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.core.config import ALL_LANGUAGES, KioskConfig, SpeechSettings
from kiosk.core.content import Content
from kiosk.core.i18n import translator
from kiosk.core.pages import build_page
from kiosk.core.reading import Utterance, page_utterances
from kiosk.core.speech.render import SpeechUnavailableError, synthesise_to_wav
from kiosk.core.speech.wav import Audio, read_wav, rms

#: The espeak-ng voice each kiosk language must get (an exact language match, never a look-alike:
#: a loose match once read Arabic with the Aragonese voice).
EXPECTED_VOICES = {
    "en": "gmw/en",
    "pl": "zlw/pl",
    "ro": "roa/ro",
    "pt": "roa/pt",
    "bg": "zls/bg",
    "lt": "bat/lt",
    "lv": "bat/lv",
    "hu": "urj/hu",
    "uk": "zle/uk",
    "ru": "zle/ru",
    "ar": "sem/ar",
    "zh_Hans": "sit/cmn",
}
#: Bounds on espeak-ng's speed in characters a second (a Chinese character counts as four).
FASTEST_CHARS_PER_S = 40.0
SLOWEST_CHARS_PER_S = 4.0
SAY_TIMEOUT_S = 180.0


@dataclass(frozen=True)
class SayRun:
    """One ``kiosk say`` run: its exit status, what it printed, and the WAV it wrote."""

    returncode: int
    out: str
    err: str
    wav: Path


@pytest.fixture(scope="module")
def mediation_in_every_language(tmp_path_factory: pytest.TempPathFactory) -> dict[str, SayRun]:
    """``kiosk say mediation`` for all twelve languages, run side by side as real commands."""
    folder = tmp_path_factory.mktemp("say")
    running = {
        code: subprocess.Popen(
            [sys.executable, "-m", "kiosk", "say", "mediation", "--lang", code, "--wav", str(folder / f"{code}.wav")],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for code in ALL_LANGUAGES
    }
    runs: dict[str, SayRun] = {}
    deadline = time.monotonic() + SAY_TIMEOUT_S
    for code, process in running.items():
        try:
            out, err = process.communicate(timeout=max(1.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            for other in running.values():
                other.kill()
                other.communicate()
            raise AssertionError(f"kiosk say --lang {code} did not finish within {SAY_TIMEOUT_S:g} s") from None
        runs[code] = SayRun(process.returncode, out, err, folder / f"{code}.wav")
    return runs


def _weighted_length(text: str) -> int:
    return sum(4 if "\u3400" <= character <= "\u9fff" else 1 for character in text)


def test_every_kiosk_language_has_an_expected_voice() -> None:
    assert set(EXPECTED_VOICES) == set(ALL_LANGUAGES)


@pytest.mark.parametrize("code", ALL_LANGUAGES)
def test_say_writes_audible_speech_of_the_mediation_page_in_its_own_voice(
    code: str, mediation_in_every_language: dict[str, SayRun], content: Content, config: KioskConfig
) -> None:
    run = mediation_in_every_language[code]
    assert run.returncode == 0, run.err
    assert run.err == ""
    summary = run.out.strip()
    assert summary.count("\n") == 0, "the summary is one line"
    assert f"{code}={EXPECTED_VOICES[code]}" in summary

    audio = read_wav(run.wav)
    # Every fifth sample is plenty to tell speech from silence, and five times quicker.
    assert rms(Audio(audio.samples[::5], audio.rate)) > 500, "the WAV is silent"
    tr = translator(code, config.locales_dir)
    spoken = sum(_weighted_length(u.text) for u in page_utterances(build_page(content, tr, "mediation"), tr))
    assert spoken / FASTEST_CHARS_PER_S < audio.duration_s < spoken / SLOWEST_CHARS_PER_S
    assert f"{audio.duration_s:.1f} s" in summary


def test_english_inside_a_polish_page_switches_to_the_english_voice(tmp_path: Path) -> None:
    polish = [Utterance("Dzień dobry.", "pl", "a/0")]
    mixed = [Utterance("Dzień dobry.", "pl", "a/0"), Utterance("Somerset Council.", "en", "b/0")]
    rendering = synthesise_to_wav(mixed, tmp_path / "mixed.wav", SpeechSettings())
    assert rendering.voice_ids == ("zlw/pl", "gmw/en")
    only_polish = synthesise_to_wav(polish, tmp_path / "polish.wav", SpeechSettings())
    assert rendering.duration_s > only_polish.duration_s + 0.5, "the English sentence was not spoken"


def test_voices_lists_each_language_with_its_voice(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["voices"]) == 0
    lines = capsys.readouterr().out.splitlines()
    for code, voice_id in EXPECTED_VOICES.items():
        row = next(line for line in lines if line.startswith(f"{code} ("))
        assert row.split()[-2:] != ["no", "voice"]
        assert f" {voice_id} " in f"{row} "


def test_voices_explains_a_configured_voice_that_is_not_installed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config_file = tmp_path / "kiosk.yaml"
    config_file.write_text("speech:\n  voices:\n    pl: zlw/no-such-voice\n", encoding="utf-8")
    assert main(["voices", "--config", str(config_file)]) == 0
    row = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("pl ("))
    assert "no voice" in row
    assert "'zlw/no-such-voice' set in the configuration is not installed" in row


def test_say_fails_with_a_sentence_when_espeak_cannot_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # espeak-ng without its data is what a half-installed espeak-ng looks like.
    monkeypatch.setenv("ESPEAK_DATA_PATH", str(tmp_path))
    wav = tmp_path / "out.wav"
    assert main(["say", "home", "--lang", "en", "--wav", str(wav)]) == 1
    captured = capsys.readouterr()
    assert captured.err.strip() == (
        "kiosk say: Speech is not available: espeak-ng could not start. Reinstall espeak-ng and espeak-ng-data."
    )
    assert "Traceback" not in captured.out + captured.err
    assert not wav.exists()


def test_say_rejects_an_unknown_page_with_the_list_of_pages(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["say", "nowhere", "--wav", str(tmp_path / "x.wav")]) == 1
    assert "'nowhere' is not a page; pages are: home," in capsys.readouterr().err


def test_a_language_without_any_voice_is_refused_with_the_reason(tmp_path: Path) -> None:
    # espeak-ng has no Somali voice.
    with pytest.raises(SpeechUnavailableError) as raised:
        synthesise_to_wav([Utterance("Salaan.", "so")], tmp_path / "so.wav", SpeechSettings())
    assert str(raised.value) == "Speech is not available in Somali: espeak-ng has no voice for it."
