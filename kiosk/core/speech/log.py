"""The speech log (``kiosk run --speech-log FILE``): one JSON object per line for every sentence heard.

For staff checking what the kiosk says, and for tests that listen. Each line has ``text``,
``language``, ``voice``, ``kind``, ``started`` and ``ended`` (seconds since the kiosk started) and
``outcome`` (``finished`` when the sentence played to its end, ``interrupted`` when it was cut
off). Only what was spoken is written, and the staff PIN is never spoken. Written by the speech
service's controller thread alone, one flushed line at a time, so a line is never half there.
"""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from kiosk.core.reading import Utterance

logger = logging.getLogger(__name__)

FINISHED = "finished"
INTERRUPTED = "interrupted"


class SpeechLogError(Exception):
    """The speech log file cannot be written: the sentence says which file and what to do."""


class SpeechLog:
    """Writes the speech log to ``path`` (emptied first). ``origin`` is when the kiosk started."""

    def __init__(self, path: Path, origin: float | None = None) -> None:
        self.path = path
        self.origin = time.monotonic() if origin is None else origin
        try:
            self._file: TextIO | None = path.open("w", encoding="utf-8")
        except OSError as error:
            raise SpeechLogError(
                f"Cannot write the speech log to {path}: {error.strerror or error}. "
                "Give a file in a directory the kiosk may write to."
            ) from error

    def seconds(self, moment: float | None = None) -> float:
        """Seconds since the kiosk started, at ``moment`` (a ``time.monotonic()`` reading) or now."""
        return round((time.monotonic() if moment is None else moment) - self.origin, 3)

    def record(self, utterance: Utterance, voice: str, started: float, ended: float, outcome: str) -> None:
        """Write one line; ``started`` and ``ended`` are ``time.monotonic()`` readings."""
        if self._file is None:
            return
        line = {
            "text": utterance.text,
            "language": utterance.lang,
            "voice": voice,
            "kind": utterance.kind,
            "started": self.seconds(started),
            "ended": self.seconds(ended),
            "outcome": outcome,
        }
        try:
            self._file.write(json.dumps(line, ensure_ascii=False) + "\n")
            self._file.flush()
        except OSError:
            # A full disk must not silence the kiosk: the log is for checking, speech is for families.
            logger.exception("the speech log %s could not be written; it stops here", self.path)
            self.close()

    def close(self) -> None:
        file, self._file = self._file, None
        if file is not None:
            try:
                file.close()
            except OSError:
                logger.exception("the speech log %s could not be closed", self.path)


def read_speech_log(path: Path) -> list[dict[str, object]]:
    """Every line of a speech log, as dictionaries (for tests and staff tools)."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
