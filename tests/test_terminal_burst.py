"""The installed ``kiosk`` in a real terminal, fed keys at the speed of a person hammering them.

Pilot waits for the app to settle between keys; a person does not. Here the installed command runs
in tmux (a real pseudo-terminal and terminal emulator), and every key the kiosk binds - keypad
escape sequences, F12, Tab, Enter, arrows, digits, the quit keys it must ignore - arrives in bursts
of a few keys with no pause between them, then a 30 ms gap, with the window resized now and then.

Each seed is printed; ``KIOSK_BURST_SEED=<seed>`` replays one walk, ``KIOSK_BURST_KEYS`` sets how
many keys each seed sends. It fails if the kiosk exits, a traceback is drawn, or after the burst
Escape and then 3 no longer open step 3 (in whatever language the burst left it).

Regression guard for issue 11: Enter and keypad 5 in one frame dismissed the language picker twice;
the second dismissal popped the home screen and the kiosk exited with a traceback.
"""

from __future__ import annotations

import os
import random
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.core.config import ALL_LANGUAGES, REPO_ROOT
from kiosk.core.content import Content
from kiosk.core.i18n import language, translator
from kiosk.core.pages import build_page
from kiosk.ui.guard import RESTARTED
from kiosk.ui.text import visual

KIOSK = REPO_ROOT / ".venv" / "bin" / "kiosk"
SEEDS = 3
KEYS_PER_SEED = int(os.environ.get("KIOSK_BURST_KEYS", "1000"))
BURST = 4
GAP_S = 0.03
#: Window sizes the burst switches between: the smallest the kiosk supports, a kiosk screen, a large one.
SIZES = [(80, 24), (100, 32), (120, 40), (200, 60), (81, 25)]
EXIT_MARK = "KIOSK-EXITED-WITH-STATUS"

#: What each key the kiosk binds sends down the wire (xterm encodings, as tmux passes them on).
KEY_BYTES: dict[str, bytes] = {
    **{ch: ch.encode() for ch in "1234chl0?/*r5 8a6b7n9+-<>pts.k][qx"},
    "escape": b"\x1b",
    "f12": b"\x1b[24~",
    "tab": b"\t",
    "shift+tab": b"\x1b[Z",
    "enter": b"\r",
    "up": b"\x1b[A",
    "down": b"\x1b[B",
    "right": b"\x1b[C",
    "left": b"\x1b[D",
    "pageup": b"\x1b[5~",
    "pagedown": b"\x1b[6~",
    "home": b"\x1b[H",
    "end": b"\x1b[F",
    # The numeric keypad in application mode, as a kiosk keypad sends it.
    **{f"kp{digit}": b"\x1bO" + bytes([ord("p") + digit]) for digit in range(10)},
    "kp-enter": b"\x1bOM",
    "kp*": b"\x1bOj",
    "kp+": b"\x1bOk",
    "kp-": b"\x1bOm",
    "kp.": b"\x1bOn",
    "kp/": b"\x1bOo",
    # Keys that must do nothing in a locked kiosk.
    "ctrl+q": b"\x11",
    "ctrl+c": b"\x03",
}
#: The keys that open and close the picker and dialogs, given extra weight so the walk spends its
#: time where two quick choices used to meet.
HOT_KEYS = ["l", "enter", "kp5", "5", "escape", "kp0", "?", "f12", "down", "up", "kp2", "kp8", "tab"]


def burst_seeds() -> list[int]:
    configured = os.environ.get("KIOSK_BURST_SEED", "").strip()
    if configured:
        return [int(configured)]
    system = random.SystemRandom()
    return [system.randrange(2**32) for _ in range(SEEDS)]


class Terminal:
    """A tmux server of its own, running one command in an 80x24 window."""

    def __init__(self, socket: str, command: str) -> None:
        self.socket = socket
        self.env = {**os.environ, "LANG": "C.UTF-8", "TERM": "xterm-256color"}
        self.tmux("new-session", "-d", "-x", "80", "-y", "24", "-s", "kiosk", command)

    def tmux(self, *args: str) -> str:
        completed = subprocess.run(
            ["tmux", "-L", self.socket, "-f", "/dev/null", *args],
            capture_output=True,
            text=True,
            env=self.env,
            timeout=20,
            check=True,
        )
        return completed.stdout

    def send(self, data: bytes) -> None:
        self.tmux("send-keys", "-t", "kiosk", "-H", *(f"{byte:02x}" for byte in data))

    def resize(self, width: int, height: int) -> None:
        self.tmux("resize-window", "-t", "kiosk", "-x", str(width), "-y", str(height))

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "kiosk")

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True, check=False, timeout=20)


def step_3_titles(content: Content) -> set[str]:
    """Step 3's title as drawn in every language the burst may have left the kiosk in."""
    step = content.steps[2].id
    titles = set()
    for code in ALL_LANGUAGES:
        title = build_page(content, translator(code, REPO_ROOT / "locales"), step).title.text
        titles.add(visual(title, language(code).rtl))
    return titles


def trouble(screen: str) -> str | None:
    if EXIT_MARK in screen:
        return "the kiosk exited"
    if "Traceback" in screen or "Error" in screen:
        return "a traceback or error panel is drawn"
    if RESTARTED.split(".")[0] in screen:
        return "the kiosk hit an unexpected error and started the visit again"
    return None


@pytest.fixture
def kiosk_config(tmp_path: Path) -> Path:
    # No staff PIN: F12 opens the dialog, which says staff mode is off, so no burst can reach
    # the staff screen's exit button. A printer queue CUPS lacks: a slip fails fast, onto the QR codes.
    config = tmp_path / "kiosk.yaml"
    config.write_text(
        f"content_dir: {REPO_ROOT / 'content'}\n"
        f"locales_dir: {REPO_ROOT / 'locales'}\n"
        f"data_dir: {tmp_path / 'data'}\n"
        "printer:\n  queue: no-such-queue-burst\n",
        encoding="utf-8",
    )
    return config


@pytest.fixture
def terminal_factory(tmp_path: Path) -> Iterator:  # type: ignore[type-arg]
    made: list[Terminal] = []

    def start(config: Path, seed: int) -> Terminal:
        command = f"{KIOSK} run --config {config}; echo {EXIT_MARK} $?; sleep 3600"
        terminal = Terminal(f"kiosk-burst-{os.getpid()}-{seed}", command)
        made.append(terminal)
        return terminal

    yield start
    for terminal in made:
        terminal.close()


def wait_for_screen(terminal: Terminal, wanted: str | set[str], timeout: float) -> str:
    choices = {wanted} if isinstance(wanted, str) else wanted
    deadline = time.monotonic() + timeout
    screen = terminal.screen()
    while not any(choice in screen for choice in choices) and time.monotonic() < deadline:
        if trouble(screen):
            break
        time.sleep(0.1)
        screen = terminal.screen()
    return screen


def test_bursts_of_every_bound_key_with_resizes_never_end_the_kiosk(
    kiosk_config: Path, terminal_factory, content: Content
) -> None:
    assert KIOSK.exists(), f"{KIOSK} is missing: run 'make venv' to install the kiosk command"
    titles = step_3_titles(content)
    seeds = burst_seeds()
    print(f"burst seeds: {seeds} (replay one with KIOSK_BURST_SEED=<seed>)")
    keys = list(KEY_BYTES)
    for seed in seeds:
        rng = random.Random(seed)
        terminal = terminal_factory(kiosk_config, seed)
        first = wait_for_screen(terminal, "Steps", timeout=30)
        assert "Steps" in first, f"the kiosk did not start (seed {seed}):\n{first}"
        sent: list[str] = []
        while len(sent) < KEYS_PER_SEED:
            if rng.random() < 0.03:
                width, height = rng.choice(SIZES)
                terminal.resize(width, height)
                sent.append(f"<resize {width}x{height}>")
                continue
            burst = [rng.choice(HOT_KEYS if rng.random() < 0.4 else keys) for _ in range(BURST)]
            terminal.send(b"".join(KEY_BYTES[key] for key in burst))
            sent.extend(burst)
            time.sleep(GAP_S)
            if len(sent) % 200 < BURST:
                problem = trouble(terminal.screen())
                assert problem is None, f"{problem} (seed {seed}, after {len(sent)} keys: ...{sent[-12:]}):\n" + (
                    terminal.screen()
                )
        time.sleep(1.0)
        screen = terminal.screen()
        assert trouble(screen) is None, f"{trouble(screen)} (seed {seed}, keys ...{sent[-12:]}):\n{screen}"
        terminal.resize(80, 24)
        terminal.send(KEY_BYTES["escape"])
        time.sleep(0.5)
        terminal.send(b"3")
        screen = wait_for_screen(terminal, titles, timeout=10)
        assert trouble(screen) is None, f"{trouble(screen)} (seed {seed}):\n{screen}"
        assert any(title in screen for title in titles), (
            f"Escape then 3 did not open step 3 after the burst (seed {seed}):\n{screen}"
        )
        terminal.close()
