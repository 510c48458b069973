"""Stopping the real kiosk as systemd does (SIGTERM) or as a closed terminal does (SIGHUP), mid-visit.

The kiosk runs as ``kiosk run`` in a pseudo-terminal of 80x24, reading a page aloud with real
speech (espeak-ng, paplay into the PulseAudio null sink) or printing a slip through real CUPS. On
the signal it must exit 0 and leave nothing of the visit: no temporary file (WAVs of what was
read, slip PDFs), no process, no write-ahead log; the usage file holds only per-day counts.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import shutil
import signal
import sqlite3
import struct
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from kiosk.core.config import REPO_ROOT
from kiosk.core.i18n import catalogue_path
from kiosk.core.stats import DB_NAME
from tests.speech_env import ensure_sound_server
from tests.test_printing import start_cups

KIOSK = Path(sys.executable).parent / "kiosk"
#: Escape sequences, removed to read the text the kiosk drew.
_CONTROL = re.compile(rb"\x1b(\[[0-9;?<>=]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[()][0-9A-Za-z]|[=>78DEHMc])")


@pytest.fixture(scope="module", autouse=True)
def _services() -> None:
    ensure_sound_server()
    start_cups()


@dataclass
class Terminal:
    """The kiosk in a pseudo-terminal: its process, what it drew, and the folders it may use."""

    process: subprocess.Popen[bytes]
    master: int
    temporary: Path
    data: Path
    output: bytearray = field(default_factory=bytearray)

    def text(self) -> str:
        return _CONTROL.sub(b"", bytes(self.output)).decode("utf-8", "replace")

    def press(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def wait_for(self, condition: Callable[[], bool], what: str, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            assert self.process.poll() is None, f"the kiosk ended (status {self.process.returncode}):\n{self.text()}"
            assert time.monotonic() < deadline, f"{what} did not happen within {timeout:.0f} s:\n{self.text()[-2000:]}"
            time.sleep(0.02)


def session_processes(session: int) -> list[str]:
    """Live processes of the kiosk's session (the kiosk, its synthesis process, players, renderers)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        if fields[0] != "Z" and int(fields[3]) == session:
            found.append(stat[stat.index("(") + 1 : stat.rindex(")")])
    return found


@pytest.fixture
def kiosk_terminal(tmp_path: Path) -> Iterator[Callable[..., Terminal]]:
    started: list[Terminal] = []

    def start(locales: Path = REPO_ROOT / "locales", *arguments: str) -> Terminal:
        temporary, data = tmp_path / "tmp", tmp_path / "data"
        temporary.mkdir()
        config = tmp_path / "kiosk.yaml"
        config.write_text(
            f"data_dir: {data}\ncontent_dir: {REPO_ROOT / 'content'}\nlocales_dir: {locales}\n"
            "printer:\n  queue: kiosk-pdf\n",
            encoding="utf-8",
        )
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        environment = {key: value for key, value in os.environ.items() if key != "XDG_RUNTIME_DIR"}
        environment.update(TERM="xterm-256color", TMPDIR=str(temporary))
        process = subprocess.Popen(
            [str(KIOSK), "run", "--config", str(config), *arguments],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=environment,
            start_new_session=True,
            cwd=tmp_path,
        )
        os.close(slave)
        terminal = Terminal(process, master, temporary, data)
        started.append(terminal)

        def read() -> None:
            while True:
                try:
                    chunk = os.read(master, 65536)
                except OSError:
                    return
                if not chunk:
                    return
                terminal.output += chunk

        threading.Thread(target=read, daemon=True).start()
        terminal.wait_for(lambda: "1-4" in terminal.text(), "the first screen")
        return terminal

    yield start
    for terminal in started:
        if terminal.process.poll() is None:
            os.killpg(terminal.process.pid, signal.SIGKILL)
            terminal.process.wait(timeout=30)
        os.close(terminal.master)


def files_under(folder: Path) -> list[str]:
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*"))


def assert_nothing_left(terminal: Terminal, signum: int) -> None:
    status = terminal.process.wait(timeout=30)
    assert status == 0, f"exit status {status}:\n{terminal.text()[-2000:]}"
    assert "Traceback" not in terminal.text()
    assert files_under(terminal.temporary) == [], "temporary files were left behind"
    deadline = time.monotonic() + 10
    while session_processes(terminal.process.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert session_processes(terminal.process.pid) == [], "a child process outlived the kiosk"
    # No journal beside the counts, and the counts say only how often, per day.
    left = files_under(terminal.data)
    assert DB_NAME in left and not [name for name in left if name.endswith(("-wal", "-shm", "-journal"))], left
    with sqlite3.connect(terminal.data / DB_NAME) as connection:
        columns = [row[1] for row in connection.execute("PRAGMA table_info(counts)")]
        tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master")]
    connection.close()
    assert (tables, columns) == (["counts"], ["day", "event", "language", "count"])
    log = (terminal.data / "kiosk.log").read_text()
    assert f"Stopping on {signal.Signals(signum).name}" in log and "Traceback" not in log, log


def counts(terminal: Terminal) -> dict[tuple[str, str], int]:
    with sqlite3.connect(terminal.data / DB_NAME) as connection:
        rows = connection.execute("SELECT event, language, count FROM counts").fetchall()
    connection.close()
    return {(event, language): count for event, language, count in rows}


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_stopped_mid_reading_the_kiosk_leaves_nothing_and_exits_0(
    kiosk_terminal: Callable[..., Terminal], signum: int
) -> None:
    terminal = kiosk_terminal()
    terminal.press("2")
    terminal.wait_for(lambda: "Make a complaint" in terminal.text()[-3000:], "step 2")
    terminal.press("r")
    # Mid-reading: the audio of a sentence is on disk and a player is playing it.
    terminal.wait_for(lambda: any(name.endswith(".wav") for name in files_under(terminal.temporary)), "a WAV")
    terminal.wait_for(lambda: "paplay" in session_processes(terminal.process.pid), "paplay playing")
    os.kill(terminal.process.pid, signum)
    assert_nothing_left(terminal, signum)
    assert counts(terminal) == {("page_view", "en"): 1, ("read_aloud", "en"): 1}


def test_stopped_while_a_slip_is_printing_the_kiosk_leaves_no_pdf(kiosk_terminal: Callable[..., Terminal]) -> None:
    terminal = kiosk_terminal()
    terminal.press("3")
    terminal.wait_for(lambda: "mediation" in terminal.text()[-3000:], "step 3")
    terminal.press("p")
    terminal.wait_for(
        lambda: any(Path(name).name.startswith("kiosk-slip-") for name in files_under(terminal.temporary)),
        "the slip being made",
    )
    os.kill(terminal.process.pid, signal.SIGTERM)
    assert_nothing_left(terminal, signal.SIGTERM)


def test_an_escape_in_a_compiled_translation_never_reaches_the_terminal(
    kiosk_terminal: Callable[..., Terminal], tmp_path: Path
) -> None:
    # A .mo changed after 'kiosk check' (or compiled by another tool): "Contacts" resets the terminal.
    locales = tmp_path / "locales"
    shutil.copytree(REPO_ROOT / "locales", locales)
    po_path = catalogue_path(locales, "pl")
    with po_path.open("rb") as po_file:
        catalogue = read_po(po_file, locale="pl")
    catalogue["Contacts"].string = "Kontakty\x1bc\x1b]0;PWNED\x07"
    with catalogue_path(locales, "pl", "mo").open("wb") as mo_file:
        write_mo(mo_file, catalogue)
    terminal = kiosk_terminal(locales, "--lang", "pl")
    terminal.wait_for(lambda: "Kontakty" in terminal.text(), "the Polish Contacts button")
    time.sleep(1)
    drawn = bytes(terminal.output)
    assert b"Kontakty" in drawn
    assert b"\x1bc" not in drawn and b"\x1b]0;PWNED" not in drawn, (
        "a control sequence from a catalogue reached the terminal"
    )


#: A process whose event loop is stuck (as a kiosk's is when its terminal has gone and Textual's
#: writer waits for it for ever), with the kiosk's stop handlers and its private temporary folder.
STUCK_LOOP = """
import asyncio, sys, time
from kiosk.core.scratch import private_temporary_files
from kiosk.ui.clean_stop import stop_on_signals

class App:
    def call_later(self, *args):
        raise AssertionError("the stuck loop never gets here")

async def main():
    stop_on_signals(App(), asyncio.get_running_loop())
    print("ready", flush=True)
    while True:  # the loop's thread never comes back to the loop
        time.sleep(0.05)

with private_temporary_files() as folder:
    (folder / "sentence-1.wav").write_bytes(b"audio of what was read")
    print(folder, flush=True)
    asyncio.run(main())
"""


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_kiosk_whose_loop_is_stuck_still_stops_and_leaves_nothing(signum: int, tmp_path: Path) -> None:
    from kiosk.ui.clean_stop import HARD_STOP_AFTER_S

    process = subprocess.Popen(
        [sys.executable, "-c", STUCK_LOOP],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "TMPDIR": str(tmp_path), "XDG_RUNTIME_DIR": str(tmp_path)},
    )
    assert process.stdout is not None
    folder = Path(process.stdout.readline().strip())
    assert process.stdout.readline().strip() == "ready"
    assert (folder / "sentence-1.wav").exists()
    process.send_signal(signum)
    try:
        status = process.wait(timeout=HARD_STOP_AFTER_S + 10)
    except subprocess.TimeoutExpired:
        process.kill()
        pytest.fail(f"{signal.Signals(signum).name} did not stop a kiosk whose loop is stuck")
    assert status == 0
    assert not folder.exists(), "the visit's temporary files were left behind"
