"""Helpers for the speech tests: the sound server, child processes seen in /proc, recorded events."""

from __future__ import annotations

import os
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.core.config import REPO_ROOT
from kiosk.core.speech.events import SpeechEvent

#: Bounded waits: long enough for a busy CI machine, short enough to fail fast when broken.
WAIT_S = 20.0
START_PULSEAUDIO = REPO_ROOT / "scripts" / "start-pulseaudio.sh"


def ensure_sound_server() -> None:
    """Run the (idempotent) start script, so these tests also work outside ``make test``."""
    completed = subprocess.run([str(START_PULSEAUDIO)], capture_output=True, text=True, timeout=60, check=False)
    assert completed.returncode == 0, f"start-pulseaudio.sh failed: {completed.stderr.strip()}"
    assert completed.stdout == "", f"start-pulseaudio.sh printed on success: {completed.stdout!r}"


@dataclass(frozen=True)
class Child:
    """A process whose parent is this test process."""

    pid: int
    name: str
    command: str
    state: str


def children() -> list[Child]:
    """Every live (non-zombie) child of this process, read from /proc."""
    found: list[Child] = []
    me = os.getpid()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The name is in parentheses and may hold spaces; the fields after it are fixed.
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        state, parent = stat[stat.rindex(")") + 2 :].split()[:2]
        if int(parent) != me or state == "Z":
            continue
        try:
            command = " ".join(command_line(int(entry.name)))
        except (OSError, AssertionError):
            continue  # it ended meanwhile
        found.append(Child(int(entry.name), name, command, state))
    return found


def players() -> list[Child]:
    return [child for child in children() if child.name in ("paplay", "aplay")]


def synth_workers() -> list[Child]:
    return [child for child in children() if "kiosk.core.speech.synth_worker" in child.command]


def command_line(pid: int) -> list[str]:
    """The arguments of a running process (waiting out the instant between fork and exec)."""
    deadline = time.monotonic() + 5.0
    while True:
        arguments = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        if arguments[0]:
            return [argument.decode() for argument in arguments if argument]
        if time.monotonic() > deadline:
            raise AssertionError(f"process {pid} never showed its command line")
        time.sleep(0.01)


def alive(pid: int | None) -> bool:
    if pid is None:
        return False
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2] != "Z"


def wait_until(condition: Callable[[], bool], what: str, timeout: float = WAIT_S) -> None:
    """Wait (bounded) until ``condition()`` holds; fail with ``what`` otherwise."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:g} s waiting for {what}")
        time.sleep(0.02)


@dataclass
class Recorder:
    """Collects the service's events (called from its thread) and waits for them."""

    events: list[SpeechEvent] = field(default_factory=list)
    _changed: threading.Condition = field(default_factory=threading.Condition)

    def __call__(self, event: SpeechEvent) -> None:
        with self._changed:
            self.events.append(event)
            self._changed.notify_all()

    def of(self, kind: type) -> list[SpeechEvent]:
        with self._changed:
            return [event for event in self.events if isinstance(event, kind)]

    def wait_for(self, predicate: Callable[[SpeechEvent], bool], what: str, timeout: float = WAIT_S) -> SpeechEvent:
        """The first event (already seen or coming) matching ``predicate``."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                for event in self.events:
                    if predicate(event):
                        return event
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"timed out after {timeout:g} s waiting for {what}; events: {self.events}")
                self._changed.wait(remaining)

    def clear(self) -> None:
        with self._changed:
            self.events.clear()
