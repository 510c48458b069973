"""Small WAV helpers on 16-bit PCM (what espeak-ng writes): volume, joining, measuring."""

from __future__ import annotations

import array
import math
import sys
import wave
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

SAMPLE_WIDTH = 2
#: Silence between sentences when a whole page is written into one file.
SENTENCE_GAP_S = 0.35


@dataclass(frozen=True)
class Audio:
    """Mono or multi-channel 16-bit PCM samples in memory."""

    samples: array.array[int]
    rate: int
    channels: int = 1

    @property
    def duration_s(self) -> float:
        return len(self.samples) / (self.rate * self.channels) if self.rate else 0.0


def read_wav(path: Path) -> Audio:
    """Read a 16-bit PCM WAV file; raise ValueError for any other kind."""
    with wave.open(str(path), "rb") as source:
        if source.getsampwidth() != SAMPLE_WIDTH:
            raise ValueError(f"{path} is not 16-bit PCM")
        frames = source.readframes(source.getnframes())
        samples = array.array("h")
        samples.frombytes(frames)
        if sys.byteorder == "big":
            samples.byteswap()
        return Audio(samples, source.getframerate(), source.getnchannels())


def wav_duration_s(path: Path) -> float:
    """The length of a WAV file in seconds, from its header."""
    with wave.open(str(path), "rb") as source:
        return source.getnframes() / source.getframerate() if source.getframerate() else 0.0


def write_wav(path: Path, audio: Audio) -> None:
    """Write samples as a 16-bit PCM WAV file."""
    samples = audio.samples
    if sys.byteorder == "big":
        samples = array.array("h", samples)
        samples.byteswap()
    with wave.open(str(path), "wb") as target:
        target.setnchannels(audio.channels)
        target.setsampwidth(SAMPLE_WIDTH)
        target.setframerate(audio.rate)
        target.writeframes(samples.tobytes())


def gain(volume_db: float) -> float:
    """The sample factor for a volume in decibels relative to full scale."""
    return 10.0 ** (volume_db / 20.0)


def scaled(audio: Audio, volume_db: float) -> Audio:
    """The audio played ``volume_db`` decibels quieter (0 leaves it as it is)."""
    factor = gain(min(volume_db, 0.0))
    if factor == 1.0:
        return audio
    return Audio(array.array("h", [int(sample * factor) for sample in audio.samples]), audio.rate, audio.channels)


def silence(seconds: float, rate: int, channels: int = 1) -> Audio:
    return Audio(array.array("h", bytes(2 * int(seconds * rate) * channels)), rate, channels)


def joined(parts: Sequence[Audio], gap_s: float = SENTENCE_GAP_S) -> Audio:
    """The parts one after another with a short silence between; all must share rate and channels."""
    if not parts:
        return silence(0.0, 22050)
    rate, channels = parts[0].rate, parts[0].channels
    samples = array.array("h")
    pause = silence(gap_s, rate, channels).samples
    for index, part in enumerate(parts):
        if (part.rate, part.channels) != (rate, channels):
            raise ValueError("audio parts differ in sample rate or channels")
        if index:
            samples.extend(pause)
        samples.extend(part.samples)
    return Audio(samples, rate, channels)


def rms(audio: Audio) -> float:
    """Root mean square of the samples (0 for silence), on the 16-bit scale."""
    if not audio.samples:
        return 0.0
    return math.sqrt(math.fsum(sample * sample for sample in audio.samples) / len(audio.samples))
