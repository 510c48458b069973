"""The synthesis child process: turns sentences into WAV files with pyttsx3 and espeak-ng.

Run as ``python -m kiosk.core.speech.synth_worker`` by ``kiosk.core.speech.synth_process``.
pyttsx3 is kept out of the app's process because its loop hangs and cannot be stopped, and it
prints on stdout. Here the protocol keeps a private copy of the original stdout, and file
descriptors 1 and 2 are pointed at /dev/null, so nothing pyttsx3 or espeak-ng prints reaches the
kiosk's terminal.

Protocol: one JSON object per line. The worker first answers ``{"id": 0, "ok": ...}`` (ready, or
why not), then answers each request read on stdin:

- ``{"id": n, "op": "voices"}`` -> ``{"id": n, "ok": true, "voices": [{"id", "name", "languages"}]}``
- ``{"id": n, "op": "synth", "text", "voice", "rate", "path"}`` -> ``{"id": n, "ok": true}``

A failed request answers ``{"id": n, "ok": false, "error": CODE, "detail": TEXT}``. The worker
exits when stdin closes (so it never outlives the app) and after any error inside pyttsx3, whose
run loop cannot be trusted afterwards; the parent then starts a new one.

Two pyttsx3 2.99 espeak-driver traps are handled in ``Synthesiser``: ``runAndWait`` returns about
10 ms after synthesis starts (espeak-ng works in its own thread), and a rate change still being
applied makes pyttsx3 cancel the next sentence (an empty WAV).

This module imports only the standard library and pyttsx3, so the process starts quickly.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import threading
import wave
from typing import Any, TextIO

#: Error codes the parent turns into sentences.
ESPEAK_MISSING = "espeak-missing"
ESPEAK_BROKEN = "espeak-broken"
BAD_REQUEST = "bad-request"
UNKNOWN_VOICE = "unknown-voice"
SYNTH_FAILED = "synth-failed"
#: Seconds to wait for espeak-ng to finish one sentence (the parent usually gives up sooner).
FINISH_TIMEOUT_S = 60.0


def _protocol_stream() -> TextIO:
    """Keep the real stdout for the protocol and silence fds 1 and 2 for everything else."""
    protocol_fd = os.dup(1)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    os.close(devnull)
    return os.fdopen(protocol_fd, "w", encoding="utf-8", buffering=1)


def _send(out: TextIO, payload: dict[str, Any]) -> None:
    out.write(json.dumps(payload, ensure_ascii=False) + "\n")
    out.flush()


class Synthesiser:
    """One pyttsx3 engine with the espeak-ng driver; espeak-ng allows only one per process."""

    def __init__(self) -> None:
        import pyttsx3
        from pyttsx3.drivers import _espeak

        self._espeak = _espeak
        self.engine = pyttsx3.init("espeak")
        self.voice_ids = {voice["id"] for voice in self.voices()}
        self._finished = threading.Event()
        self.engine.connect("finished-utterance", self._on_finished)

    def _on_finished(self, name: object = None, completed: object = True) -> None:
        self._finished.set()

    def voices(self) -> list[dict[str, Any]]:
        return [
            {"id": voice.id, "name": voice.name, "languages": [str(code) for code in voice.languages or ()]}
            for voice in self.engine.getProperty("voices")
        ]

    def synthesise(self, text: str, voice: str, rate: int, path: str) -> None:
        # espeak-ng silently keeps the previous voice when a name is unknown, so check first.
        if voice not in self.voice_ids:
            raise LookupError(voice)
        for _attempt in range(3):
            self._synthesise_once(text, voice, rate, path)
            if _frames(path) > 0:
                return
        raise RuntimeError("espeak-ng wrote no audio")

    def _synthesise_once(self, text: str, voice: str, rate: int, path: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)
        self._finished.clear()
        self.engine.setProperty("voice", voice)
        self.engine.setProperty("rate", rate)
        # espeak-ng applies the rate in its own thread. If it is still busy when runAndWait starts,
        # pyttsx3 takes that for speech in progress and cancels the new sentence (an empty WAV).
        self._espeak.Synchronize()
        # save_to_file and runAndWait always go together: a run holding only setProperty calls
        # hangs once an earlier run has happened.
        self.engine.save_to_file(text, path)
        self.engine.runAndWait()
        # With espeak-ng, runAndWait returns about 10 ms after synthesis *starts*; the driver's
        # "finished-utterance" notice comes once the WAV file is written and closed.
        if not self._finished.wait(FINISH_TIMEOUT_S):
            raise TimeoutError("espeak-ng did not finish the sentence")
        self._espeak.Synchronize()


def _frames(path: str) -> int:
    try:
        with wave.open(path, "rb") as audio:
            return audio.getnframes()
    except (OSError, EOFError, wave.Error):
        return 0


def _load() -> tuple[Synthesiser | None, str, str]:
    try:
        from pyttsx3.drivers import _espeak  # noqa: F401 - loading it is the check for libespeak-ng
    except (ImportError, OSError, RuntimeError) as error:
        return None, ESPEAK_MISSING, str(error)
    try:
        return Synthesiser(), "", ""
    except (OSError, RuntimeError, ValueError) as error:
        return None, ESPEAK_BROKEN, str(error)


def _handle(synth: Synthesiser, request: dict[str, Any]) -> dict[str, Any]:
    op = request.get("op")
    if op == "voices":
        return {"ok": True, "voices": synth.voices()}
    if op != "synth":
        return {"ok": False, "error": BAD_REQUEST, "detail": f"unknown op {op!r}"}
    text = str(request.get("text", "")).strip()
    path = str(request.get("path", ""))
    if not text or not path:
        # An empty text would make pyttsx3's loop spin for ever.
        return {"ok": False, "error": BAD_REQUEST, "detail": "text and path are required"}
    try:
        synth.synthesise(text, str(request.get("voice", "")), int(request.get("rate", 160)), path)
    except LookupError:
        return {"ok": False, "error": UNKNOWN_VOICE, "detail": str(request.get("voice"))}
    if not os.path.exists(path):
        return {"ok": False, "error": SYNTH_FAILED, "detail": "no WAV was written"}
    return {"ok": True}


def main() -> int:
    """Serve requests until stdin closes."""
    out = _protocol_stream()
    synth, code, detail = _load()
    if synth is None:
        _send(out, {"id": 0, "ok": False, "error": code, "detail": detail})
        return 1
    _send(out, {"id": 0, "ok": True, "pid": os.getpid()})
    for line in sys.stdin:
        try:
            request = json.loads(line)
        except json.JSONDecodeError as error:
            _send(out, {"id": -1, "ok": False, "error": BAD_REQUEST, "detail": str(error)})
            continue
        request_id = request.get("id", -1) if isinstance(request, dict) else -1
        try:
            answer = _handle(synth, request) if isinstance(request, dict) else {"ok": False, "error": BAD_REQUEST}
        except Exception as error:
            _send(out, {"id": request_id, "ok": False, "error": SYNTH_FAILED, "detail": repr(error)})
            return 1
        _send(out, {"id": request_id, **answer})
    return 0


if __name__ == "__main__":
    sys.exit(main())
