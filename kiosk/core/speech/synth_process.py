"""The parent's side of the synthesis child process: start it, ask it, time it out, kill it."""

from __future__ import annotations

import contextlib
import json
import os
import select
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from kiosk.core.speech import synth_worker
from kiosk.core.speech.messages import ENGINE_STOPPED, ESPEAK_BROKEN, ESPEAK_MISSING, Message, message
from kiosk.core.speech.voices import InstalledVoice

#: Seconds the child may take to start (Python, pyttsx3, espeak-ng data).
START_TIMEOUT_S = 15.0
#: Seconds to wait for a killed child to be reaped.
REAP_TIMEOUT_S = 5.0
_PACKAGE_ROOT = str(Path(__file__).resolve().parents[3])


class SynthError(Exception):
    """The child could not do what was asked; ``fatal`` means it is gone and must be restarted."""

    def __init__(self, code: str, detail: str, problem: Message, *, fatal: bool) -> None:
        super().__init__(f"{code}: {detail}")
        self.code = code
        self.detail = detail
        self.problem = problem
        self.fatal = fatal


def _stopped(detail: str) -> SynthError:
    return SynthError("stopped", detail, message(ENGINE_STOPPED), fatal=True)


class SynthProcess:
    """One synthesis child process. Not thread-safe: one thread talks to it."""

    def __init__(self, timeout_s: float = 10.0) -> None:
        #: Seconds one request may take before the child is taken to hang and is killed.
        self.timeout_s = timeout_s
        self._process: subprocess.Popen[bytes] | None = None
        self._buffer = b""
        self._next_id = 1

    @property
    def pid(self) -> int | None:
        """The child's process id while it runs."""
        return self._process.pid if self._process is not None and self._process.poll() is None else None

    @property
    def running(self) -> bool:
        return self.pid is not None

    def start(self) -> None:
        """Start the child and wait until it is ready; raise SynthError if it cannot start."""
        self.close()
        environment = dict(os.environ)
        # The child must import this package even when the kiosk runs from a source checkout.
        environment["PYTHONPATH"] = os.pathsep.join(filter(None, (_PACKAGE_ROOT, environment.get("PYTHONPATH"))))
        try:
            self._process = subprocess.Popen(
                [sys.executable, "-m", synth_worker.__name__],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env=environment,
                close_fds=True,
            )
        except OSError as error:
            raise _stopped(str(error)) from error
        self._buffer = b""
        try:
            answer = self._read_answer(0, START_TIMEOUT_S)
        except SynthError as error:
            # espeak-ng ends the process itself when its data cannot be read.
            raise SynthError(error.code, error.detail, message(ESPEAK_BROKEN), fatal=True) from error
        if not answer.get("ok"):
            self.close()
            code = str(answer.get("error", ""))
            template = ESPEAK_MISSING if code == synth_worker.ESPEAK_MISSING else ESPEAK_BROKEN
            raise SynthError(code, str(answer.get("detail", "")), message(template), fatal=True)

    def voices(self) -> tuple[InstalledVoice, ...]:
        """Every voice espeak-ng offers, as pyttsx3 lists them."""
        answer = self._request({"op": "voices"})
        return tuple(
            InstalledVoice(str(item["id"]), str(item["name"]), tuple(str(code) for code in item["languages"]))
            for item in answer["voices"]
        )

    def synthesise(self, text: str, voice_id: str, rate: int, path: Path) -> None:
        """Write ``text`` spoken by ``voice_id`` at ``rate`` words per minute to the WAV file ``path``."""
        self._request({"op": "synth", "text": text, "voice": voice_id, "rate": rate, "path": str(path)})

    def kill(self) -> None:
        """Kill the child now; safe from any thread. The talking thread then sees it gone and cleans up."""
        process = self._process
        if process is not None and process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                process.kill()

    def close(self) -> None:
        """Kill the child (if any) and reap it. Idempotent; only from the thread that talks to it."""
        process, self._process = self._process, None
        if process is None:
            return
        for stream in (process.stdin, process.stdout):
            if stream is not None:
                stream.close()
        if process.poll() is None:
            process.kill()
        # A process in uninterruptible sleep cannot be reaped yet; the kernel will finish it.
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=REAP_TIMEOUT_S)

    def _request(self, payload: dict[str, Any]) -> dict[str, Any]:
        if not self.running:
            self.start()
        process = self._process
        assert process is not None and process.stdin is not None
        request_id = self._next_id
        self._next_id += 1
        line = json.dumps({"id": request_id, **payload}, ensure_ascii=False) + "\n"
        try:
            process.stdin.write(line.encode("utf-8"))
            process.stdin.flush()
        except (BrokenPipeError, OSError) as error:
            self.close()
            raise _stopped(f"could not send the request: {error}") from error
        answer = self._read_answer(request_id, self.timeout_s)
        if not answer.get("ok"):
            code = str(answer.get("error", ""))
            fatal = code == synth_worker.SYNTH_FAILED
            if fatal:
                self.close()
            raise SynthError(code, str(answer.get("detail", "")), message(ENGINE_STOPPED), fatal=fatal)
        return answer

    def _read_answer(self, request_id: int, timeout_s: float) -> dict[str, Any]:
        """The answer to ``request_id``; kill the child if it takes longer than ``timeout_s``."""
        process = self._process
        assert process is not None and process.stdout is not None
        descriptor = process.stdout.fileno()
        deadline = time.monotonic() + timeout_s
        while True:
            newline = self._buffer.find(b"\n")
            if newline >= 0:
                line, self._buffer = self._buffer[:newline], self._buffer[newline + 1 :]
                try:
                    answer = json.loads(line)
                except json.JSONDecodeError:
                    continue
                if isinstance(answer, dict) and answer.get("id") == request_id:
                    return answer
                continue
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                self.close()
                raise _stopped(f"no answer within {timeout_s:g} s")
            try:
                readable, _, _ = select.select([descriptor], [], [], remaining)
                chunk = os.read(descriptor, 65536) if readable else None
            except (OSError, ValueError) as error:
                self.close()
                raise _stopped(f"the answer could not be read: {error}") from error
            if chunk is None:
                continue
            if not chunk:
                self.close()
                raise _stopped("the synthesis process ended")
            self._buffer += chunk
