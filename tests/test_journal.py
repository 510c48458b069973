"""Crashes reach the journal with their traceback, never the terminal the kiosk draws on.

Under systemd the kiosk's terminal (foot) discards whatever is written to it, and anything written
there while the kiosk runs lands in the middle of the screen. Records go to journald's syslog
socket (``/dev/log``), or without one to ``kiosk.log`` in the data folder.
"""

from __future__ import annotations

import os
import pty
import socket
import stat
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest

from kiosk.core.config import REPO_ROOT
from kiosk.core.scratch import private_temporary_files

_THREAD_CRASH = textwrap.dedent(
    """
    import sys, threading
    from pathlib import Path
    from kiosk.core.journal import journal_handler, log_to_journal, log_uncaught_exceptions
    log_to_journal(Path(sys.argv[1]), socket=sys.argv[2])
    log_uncaught_exceptions()
    def fail():
        raise RuntimeError("planted in a thread")
    thread = threading.Thread(target=fail, name="print-worker")
    thread.start()
    thread.join()
    print("still running")
    """
)


def test_an_exception_in_a_thread_goes_to_the_journal_socket_with_its_traceback(tmp_path: Path) -> None:
    journal = tmp_path / "log-socket"
    receiver = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    receiver.bind(str(journal))
    receiver.settimeout(30)
    try:
        done = subprocess.run(
            [sys.executable, "-c", _THREAD_CRASH, str(tmp_path / "data"), str(journal)],
            capture_output=True,
            text=True,
            timeout=60,
        )
        record = receiver.recv(65536).decode()
    finally:
        receiver.close()
    assert done.stdout == "still running\n"
    assert done.stderr == "", "nothing may be written on the terminal"
    assert record.startswith("<") and "kiosk: " in record  # a syslog record, as journald reads it
    assert "print-worker" in record and "Traceback" in record and "RuntimeError: planted in a thread" in record
    assert not (tmp_path / "data" / "kiosk.log").exists()


def test_without_a_journal_the_log_goes_to_the_data_folder(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", _THREAD_CRASH, str(tmp_path / "data"), str(tmp_path / "no-socket")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.stderr == ""
    log = (tmp_path / "data" / "kiosk.log").read_text()
    assert "Traceback" in log and "RuntimeError: planted in a thread" in log


_APP_CRASH = textwrap.dedent(
    """
    import sys
    from kiosk.cli import main
    from kiosk.ui.app import KioskApp

    async def crash(self, *args, **kwargs):
        raise RuntimeError("planted in the main thread")

    KioskApp.run_async = crash
    sys.exit(main(["run", "--config", sys.argv[1]]))
    """
)


def test_a_crash_of_kiosk_run_is_logged_and_exits_non_zero(tmp_path: Path) -> None:
    config = tmp_path / "kiosk.yaml"
    config.write_text(f"data_dir: {tmp_path / 'data'}\ncontent_dir: {REPO_ROOT / 'content'}\n", encoding="utf-8")
    master, slave = pty.openpty()
    environment = {**os.environ, "TMPDIR": str(tmp_path), "TERM": "xterm-256color"}
    environment.pop("XDG_RUNTIME_DIR", None)
    try:
        process = subprocess.run(
            [sys.executable, "-c", _APP_CRASH, str(config)],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=environment,
            timeout=120,
            check=False,
        )
        os.close(slave)
        slave = -1
        shown = b""
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            shown += chunk
    finally:
        if slave != -1:
            os.close(slave)
        os.close(master)
    assert process.returncode != 0
    # The family's screen gets a sentence; the traceback goes to the log only.
    assert b"Traceback" not in shown and b"planted" not in shown, shown
    assert b"Please tell a member of staff" in shown, shown
    log = (tmp_path / "data" / "kiosk.log").read_text()
    assert "Traceback" in log and "RuntimeError: planted in the main thread" in log, log
    assert [path.name for path in tmp_path.iterdir() if path.name.startswith("kiosk-")] == [], "temporary folder left"


def test_temporary_files_live_in_one_private_folder_removed_at_the_end(monkeypatch: pytest.MonkeyPatch) -> None:
    with tempfile.TemporaryDirectory() as runtime:
        monkeypatch.setenv("XDG_RUNTIME_DIR", runtime)
        with private_temporary_files() as folder:
            assert folder == Path(runtime) / f"kiosk-{os.getpid()}"
            assert stat.S_IMODE(folder.stat().st_mode) == 0o700
            assert os.environ["TMPDIR"] == str(folder) and tempfile.gettempdir() == str(folder)
            speech = Path(tempfile.mkdtemp(prefix="kiosk-speech-"))
            (speech / "sentence-1.wav").write_bytes(b"RIFF")
            assert speech.parent == folder
        assert not folder.exists()
        assert tempfile.gettempdir() != str(folder)
