"""Speech without the app: a whole page into one WAV file, and the voice list, for commands and checks.

Synthesis still happens in the synthesis child process, with the same voice choice as the app.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.core.errors import KioskError
from kiosk.core.speech.messages import Message
from kiosk.core.speech.synth_process import SynthError, SynthProcess
from kiosk.core.speech.voices import InstalledVoice, VoiceChoice, choose_voice
from kiosk.core.speech.wav import Audio, joined, read_wav, write_wav

if TYPE_CHECKING:
    from kiosk.core.config import SpeechSettings
    from kiosk.core.reading import Utterance


class SpeechUnavailableError(KioskError):
    """Nothing could be spoken; ``problem`` says why in plain words."""

    title = "Speech is not available"

    def __init__(self, problem: Message) -> None:
        super().__init__(problem.english())
        self.problem = problem


@dataclass(frozen=True)
class Rendering:
    """What ``synthesise_to_wav`` wrote."""

    path: Path
    duration_s: float
    sentences: int
    #: The voice chosen for each language met, in the order first met.
    choices: tuple[VoiceChoice, ...]
    #: Sentences left silent because their language has no voice.
    skipped: int = 0

    @property
    def voice_ids(self) -> tuple[str, ...]:
        """The voices actually used, in the order first used."""
        return tuple(choice.voice_id for choice in self.choices if choice.voice_id)


def installed_voices(timeout_s: float = 10.0) -> tuple[InstalledVoice, ...]:
    """Every espeak-ng voice, listed by a short-lived synthesis process; raise SpeechUnavailableError."""
    synth = SynthProcess(timeout_s=timeout_s)
    try:
        synth.start()
        return synth.voices()
    except SynthError as error:
        raise SpeechUnavailableError(error.problem) from error
    finally:
        synth.close()


def voice_choices(
    languages: Sequence[str], overrides: Mapping[str, str], installed: Sequence[InstalledVoice]
) -> tuple[VoiceChoice, ...]:
    """The voice (or the reason there is none) for each language."""
    return tuple(choose_voice(language, installed, overrides) for language in languages)


def synthesise_to_wav(
    utterances: Sequence[Utterance], path: Path, settings: SpeechSettings, timeout_s: float = 10.0
) -> Rendering:
    """Speak every utterance into one WAV at ``path``, at the configured rate.

    The WAV holds the speech at full level: like the app, which sets the volume when it plays.

    Raise SpeechUnavailableError when espeak-ng cannot run or no sentence has a voice.
    """
    scratch = Path(tempfile.mkdtemp(prefix="kiosk-say-"))
    synth = SynthProcess(timeout_s=timeout_s)
    try:
        try:
            synth.start()
            installed = synth.voices()
        except SynthError as error:
            raise SpeechUnavailableError(error.problem) from error
        choices: dict[str, VoiceChoice] = {}
        parts: list[Audio] = []
        skipped = 0
        for number, utterance in enumerate(utterances):
            choice = choices.get(utterance.lang)
            if choice is None:
                choice = choices[utterance.lang] = choose_voice(utterance.lang, installed, settings.voices)
            if choice.voice_id is None or not utterance.text.strip():
                skipped += 1
                continue
            sentence = scratch / f"sentence-{number}.wav"
            try:
                synth.synthesise(utterance.text, choice.voice_id, settings.rate, sentence)
            except SynthError as error:
                raise SpeechUnavailableError(error.problem) from error
            parts.append(read_wav(sentence))
        if not parts:
            problem = next((c.problem for c in choices.values() if c.problem), None)
            if problem is None:
                raise ValueError("there is nothing to read")
            raise SpeechUnavailableError(problem)
        audio = joined(parts)
        write_wav(path, audio)
        return Rendering(path, audio.duration_s, len(parts), tuple(choices.values()), skipped)
    finally:
        synth.close()
        shutil.rmtree(scratch, ignore_errors=True)
