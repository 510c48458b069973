"""Playing WAV files: one player process per sentence, which can be killed at once.

``paplay`` talks to PulseAudio or PipeWire; ``aplay`` (ALSA) is the fallback. A player's error
output is captured, never shown: inside a full-screen terminal it would corrupt the screen.
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from kiosk.core.speech.messages import NO_AUDIO, NO_PLAYER, PLAYER_MISSING, Message, message
from kiosk.core.speech.wav import silence, write_wav

PLAYERS = ("paplay", "aplay")
#: Seconds a player may run beyond its file's length before it is taken to hang.
PLAYER_GRACE_S = 30.0
#: Seconds to wait for a killed player to be reaped.
REAP_TIMEOUT_S = 5.0
PROBE_TIMEOUT_S = 5.0
PULSE_NORMAL_VOLUME = 65536


@dataclass(frozen=True)
class Player:
    """An audio player program that was found, or why none can be used."""

    name: str
    path: str | None
    problem: Message | None = None

    @property
    def sets_volume(self) -> bool:
        """True when the player itself plays at a given volume (else the samples must be scaled)."""
        return self.name == "paplay"

    def command(self, wav: Path, volume_db: float = 0.0) -> list[str]:
        """The command line that plays ``wav`` (at ``volume_db`` when the player ``sets_volume``)."""
        assert self.path is not None
        if self.name == "paplay":
            return [self.path, "--client-name=kiosk", f"--volume={pulse_volume(volume_db)}", str(wav)]
        return [self.path, "-q", str(wav)]


def pulse_volume(volume_db: float) -> int:
    """PulseAudio's volume number for a level in dB: its scale is cubic, 65536 is 0 dB."""
    return max(0, round(PULSE_NORMAL_VOLUME * 10.0 ** (min(volume_db, 0.0) / 60.0)))


def find_player(setting: str) -> Player:
    """The configured player (``auto``: paplay, then aplay) if its program is installed."""
    names = PLAYERS if setting == "auto" else (setting,)
    for name in names:
        path = shutil.which(name)
        if path:
            return Player(name, path)
    if setting == "auto":
        return Player("paplay", None, message(NO_PLAYER))
    return Player(setting, None, message(PLAYER_MISSING, player=setting))


def audio_problem(player: Player, scratch_dir: Path) -> Message | None:
    """Why ``player`` cannot play right now (None when it can): is a sound server or device there?"""
    if player.path is None:
        return player.problem or message(NO_PLAYER)
    pactl = shutil.which("pactl") if player.name == "paplay" else None
    if pactl:
        # Asking the server is instant, where a test sound through paplay waits for the sink.
        command = [pactl, "info"]
    else:
        probe = scratch_dir / "probe.wav"
        write_wav(probe, silence(0.02, 22050))
        command = player.command(probe)
    try:
        completed = subprocess.run(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=PROBE_TIMEOUT_S,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return message(NO_AUDIO)
    return None if completed.returncode == 0 else message(NO_AUDIO)


def usable_player(setting: str, scratch_dir: Path) -> Player:
    """The player to use: with ``auto``, the first one that can play now, else the first found."""
    if setting != "auto":
        player = find_player(setting)
        problem = audio_problem(player, scratch_dir)
        return player if problem is None else Player(player.name, player.path, problem)
    first: Player | None = None
    for name in PLAYERS:
        player = find_player(name)
        if player.path is None:
            continue
        problem = audio_problem(player, scratch_dir)
        if problem is None:
            return player
        first = first or Player(player.name, player.path, problem)
    return first or find_player("auto")


class PlayerProcess:
    """One running player. ``on_exit(self, returncode, error_text)`` is called from a waiter thread."""

    def __init__(
        self,
        command: Sequence[str],
        duration_s: float,
        on_exit: Callable[[PlayerProcess, int, str], None],
    ) -> None:
        self._on_exit = on_exit
        self._finished = threading.Event()
        self.returncode: int | None = None
        self.error_text = ""
        self._process = subprocess.Popen(
            list(command),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            close_fds=True,
        )
        self._limit_s = duration_s + PLAYER_GRACE_S
        threading.Thread(target=self._wait, name=f"player-{self._process.pid}", daemon=True).start()

    @property
    def pid(self) -> int:
        return self._process.pid

    def kill(self) -> None:
        """Kill the player now and return at once (any thread may call this); its waiter thread reaps it."""
        if self._process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                self._process.kill()

    def stop(self) -> None:
        """Kill the player now and return once it is reaped (bounded wait)."""
        self.kill()
        self._finished.wait(REAP_TIMEOUT_S)

    def _wait(self) -> None:
        try:
            _, error_output = self._process.communicate(timeout=self._limit_s)
        except subprocess.TimeoutExpired:
            # A player that outlives its sound by this much is stuck (e.g. a frozen sound server).
            self._process.kill()
            try:
                _, error_output = self._process.communicate(timeout=REAP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                error_output = b"the player could not be stopped"
        self.returncode = self._process.returncode if self._process.returncode is not None else -9
        self.error_text = (error_output or b"").decode("utf-8", "replace").strip()
        self._finished.set()
        self._on_exit(self, self.returncode, self.error_text)
