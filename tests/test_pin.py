"""The staff PIN: salted scrypt hashes, a guard that locks out guessing, and ``kiosk hash-pin``."""

from __future__ import annotations

import base64
import json
import logging
import os
import pty
import select
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kiosk.core.config import REPO_ROOT
from kiosk.core.i18n import Translator
from kiosk.core.pin import PinGuard, PinOutcome, PinResult, hash_pin, parse_pin_hash, pin_problem, verify_pin

PIN = "482137"


class FakeClock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module")
def pin_hash() -> str:
    return hash_pin(PIN)


def test_hash_is_one_scrypt_line_with_a_16_byte_salt(pin_hash: str) -> None:
    scheme, n, r, p, salt, digest = pin_hash.split("$")
    assert (scheme, n, r, p) == ("scrypt", "16384", "8", "1")
    assert len(base64.b64decode(salt)) == 16
    assert len(base64.b64decode(digest)) == 32
    assert PIN not in pin_hash


def test_same_pin_hashes_differently_each_time_and_both_verify(pin_hash: str) -> None:
    other = hash_pin(PIN)
    assert other != pin_hash
    assert verify_pin(PIN, pin_hash) and verify_pin(PIN, other)


def test_wrong_pins_do_not_verify(pin_hash: str) -> None:
    for wrong in ("482138", "48213", "4821370", "", "482137 "):
        assert not verify_pin(wrong, pin_hash), wrong


@pytest.mark.parametrize(
    "encoded",
    [
        "",
        "4821",
        "scrypt$16384$8$1$c2FsdA==",
        "bcrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "scrypt$16384$8$1$not base64!$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "scrypt$1000$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        # A hand-edited cost that would take minutes and gigabytes is refused, not attempted.
        "scrypt$1073741824$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
    ],
)
def test_unusable_hashes_never_verify_and_never_raise(encoded: str) -> None:
    assert parse_pin_hash(encoded) is None
    assert verify_pin(PIN, encoded) is False


@pytest.mark.parametrize(
    ("pin", "words"),
    [
        ("", "No PIN"),
        ("123", "this one has 3"),
        ("48213", "this one has 5"),
        ("1234567890123", "this one has 13"),
        ("12a4", "only the digits"),
        ("١٢٣٤", "only the digits"),  # Arabic-Indic digits: str.isdigit() would let these through
    ],
)
def test_unusable_pins_are_refused_with_a_sentence(pin: str, words: str) -> None:
    assert words in pin_problem(pin)
    with pytest.raises(ValueError, match=words):
        hash_pin(pin)


def test_guard_counts_down_then_locks_with_growing_capped_delays(pin_hash: str, tmp_path: Path) -> None:
    clock = FakeClock()
    guard = PinGuard(pin_hash, tmp_path, clock=clock)
    assert guard.status() == PinResult(PinOutcome.READY, attempts_left=5)
    assert [guard.attempt("0000").attempts_left for _ in range(4)] == [4, 3, 2, 1]
    assert guard.attempt("0000") == PinResult(PinOutcome.LOCKED, seconds_remaining=30)

    lock_lengths = [30]
    for _ in range(6):
        # While locked, even the right PIN is not checked.
        clock.now += lock_lengths[-1] - 0.5
        assert guard.attempt(PIN) == PinResult(PinOutcome.LOCKED, seconds_remaining=1)
        clock.now += 0.5
        assert guard.status() == PinResult(PinOutcome.READY, attempts_left=0)
        result = guard.attempt("1111")
        assert result.outcome is PinOutcome.LOCKED
        lock_lengths.append(result.seconds_remaining)
    assert lock_lengths == [30, 60, 120, 240, 480, 600, 600]


def test_right_pin_after_a_lock_opens_and_clears_the_count(pin_hash: str, tmp_path: Path) -> None:
    clock = FakeClock()
    guard = PinGuard(pin_hash, tmp_path, clock=clock)
    for _ in range(5):
        guard.attempt("9999")
    clock.now += 30
    assert guard.attempt(PIN) == PinResult(PinOutcome.OK)
    assert guard.status() == PinResult(PinOutcome.READY, attempts_left=5)
    assert guard.attempt("9999") == PinResult(PinOutcome.WRONG, attempts_left=4)


def test_reset_forgets_failures_and_lock(pin_hash: str, tmp_path: Path) -> None:
    guard = PinGuard(pin_hash, tmp_path, clock=FakeClock())
    for _ in range(5):
        guard.attempt("9999")
    assert guard.status().outcome is PinOutcome.LOCKED
    guard.reset()
    assert guard.status() == PinResult(PinOutcome.READY, attempts_left=5)
    assert guard.attempt(PIN).ok


def test_without_a_configured_hash_staff_mode_cannot_open(tmp_path: Path) -> None:
    guard = PinGuard("", tmp_path, clock=FakeClock())
    assert not guard.enabled
    assert guard.attempt("0000") == PinResult(PinOutcome.DISABLED)
    assert guard.attempt("") == PinResult(PinOutcome.DISABLED)


def test_the_pin_is_not_kept_or_logged(pin_hash: str, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    guard = PinGuard(pin_hash, tmp_path, clock=FakeClock())
    typed = "".join(["4", "8", "2", "1", "3", "7"])  # a fresh string object, not the module constant
    wrong = "".join(["5", "5", "5", "5"])
    assert guard.attempt(wrong).outcome is PinOutcome.WRONG
    assert guard.attempt(typed).ok
    held = " ".join(repr(value) for value in vars(guard).values())
    assert PIN not in held and "5555" not in held
    assert PIN not in guard.attempts_file.read_text() and "5555" not in guard.attempts_file.read_text()
    assert all(PIN not in record.getMessage() and "5555" not in record.getMessage() for record in caplog.records)


def _wrong_pins_in_another_process(data_dir: Path, pin_hash: str, count: int) -> list[str]:
    """Type ``count`` wrong PINs in a new Python process (as a web session or a restart is); its outcomes."""
    script = (
        "import sys; from pathlib import Path; from kiosk.core.pin import PinGuard\n"
        "guard = PinGuard(sys.argv[1], Path(sys.argv[2]))\n"
        "print(' '.join(guard.attempt('000000').outcome.name for _ in range(int(sys.argv[3]))))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, pin_hash, str(data_dir), str(count)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return done.stdout.split()


def test_the_lock_holds_for_every_process_and_after_a_restart(pin_hash: str, tmp_path: Path) -> None:
    # Issue 14: five wrong PINs, reconnect (a new kiosk process), five more - a 4-digit PIN fell.
    assert _wrong_pins_in_another_process(tmp_path, pin_hash, 3) == ["WRONG"] * 3
    assert _wrong_pins_in_another_process(tmp_path, pin_hash, 3) == ["WRONG", "LOCKED", "LOCKED"]
    restarted = PinGuard(pin_hash, tmp_path)  # this process: as the kiosk after a restart
    assert restarted.status().outcome is PinOutcome.LOCKED
    assert restarted.attempt(PIN).outcome is PinOutcome.LOCKED, "a right PIN must not get through a lock"


def test_sessions_typing_at_once_share_one_count(pin_hash: str, tmp_path: Path) -> None:
    # Four processes start together, two wrong PINs each: with the file locked from reading the
    # count to writing it back, all eight are counted (the fifth locks), none lost to a race.
    script = (
        "import sys; from pathlib import Path; from kiosk.core.pin import PinGuard\n"
        "guard = PinGuard(sys.argv[1], Path(sys.argv[2]))\n"
        "print(' '.join(guard.attempt('000000').outcome.name for _ in range(2)))\n"
    )
    sessions = [
        subprocess.Popen([sys.executable, "-c", script, pin_hash, str(tmp_path)], stdout=subprocess.PIPE, text=True)
        for _ in range(4)
    ]
    outcomes = [outcome for session in sessions for outcome in session.communicate(timeout=60)[0].split()]
    assert sorted(outcomes) == ["LOCKED"] * 4 + ["WRONG"] * 4


def test_the_attempts_file_holds_counts_and_a_time_for_its_owner_only(pin_hash: str, tmp_path: Path) -> None:
    clock = FakeClock()
    guard = PinGuard(pin_hash, tmp_path, clock=clock)
    for _ in range(5):
        guard.attempt("000000")
    held = json.loads(guard.attempts_file.read_text())
    assert held == {"failures": 5, "locks": 1, "locked_until": clock.now + 30}
    assert stat.S_IMODE(guard.attempts_file.stat().st_mode) == 0o600


@pytest.mark.parametrize("damage", ["", "{", '{"failures": -1, "locks": 0, "locked_until": 0}', "\x00" * 9])
def test_a_damaged_attempts_file_locks_rather_than_opens(pin_hash: str, tmp_path: Path, damage: str) -> None:
    clock = FakeClock()
    guard = PinGuard(pin_hash, tmp_path, clock=clock)
    guard.attempts_file.write_text(damage)
    if not damage:  # an empty file is a new one: nothing counted yet
        assert guard.status() == PinResult(PinOutcome.READY, attempts_left=5)
        return
    assert guard.status() == PinResult(PinOutcome.LOCKED, seconds_remaining=600)
    assert guard.attempt(PIN).outcome is PinOutcome.LOCKED
    clock.now += 600
    assert guard.attempt(PIN).ok


def test_a_clock_set_back_cannot_stretch_a_lock(pin_hash: str, tmp_path: Path) -> None:
    clock = FakeClock()
    guard = PinGuard(pin_hash, tmp_path, clock=clock)
    for _ in range(5):
        guard.attempt("000000")
    clock.now -= 86_400  # the clock went back a day after the lock began
    assert guard.status() == PinResult(PinOutcome.LOCKED, seconds_remaining=600)
    clock.now += 600
    assert guard.status().outcome is PinOutcome.READY


def test_a_data_folder_that_cannot_be_written_keeps_staff_mode_shut(pin_hash: str, tmp_path: Path) -> None:
    not_a_folder = tmp_path / "data"
    not_a_folder.write_text("a file where the data folder should be")
    guard = PinGuard(pin_hash, not_a_folder)
    assert guard.status() == PinResult(PinOutcome.UNAVAILABLE)
    assert guard.attempt(PIN) == PinResult(PinOutcome.UNAVAILABLE)
    tr = Translator("en", REPO_ROOT / "locales")
    assert "cannot count wrong PINs" in PinResult(PinOutcome.UNAVAILABLE).describe(tr)


def test_a_full_disk_neither_lets_a_guess_through_uncounted_nor_locks_staff_out(pin_hash: str, tmp_path: Path) -> None:
    from .test_faults import fill, small_disk

    with small_disk(tmp_path / "disk") as disk:
        guard = PinGuard(pin_hash, disk / "data")  # as the kiosk starts: the file is made while there is room
        filler = fill(disk)
        assert guard.attempt("000000") == PinResult(PinOutcome.WRONG, attempts_left=4)
        assert json.loads(guard.attempts_file.read_text())["failures"] == 1
        assert guard.attempt(PIN).ok, "staff must get in to see why the kiosk stopped counting"
        assert json.loads(guard.attempts_file.read_text())["failures"] == 0
        # A kiosk whose file could never be made cannot count, so it checks nothing.
        late = PinGuard(pin_hash, disk / "other")
        assert late.attempt(PIN) == PinResult(PinOutcome.UNAVAILABLE)
        filler.unlink()


def test_dialog_sentences() -> None:
    tr = Translator("en", REPO_ROOT / "locales")
    assert PinResult(PinOutcome.WRONG, attempts_left=1).describe(tr) == (
        "Wrong PIN. The PIN pad locks after 1 more wrong PIN."
    )
    assert PinResult(PinOutcome.WRONG, attempts_left=3).describe(tr) == (
        "Wrong PIN. The PIN pad locks after 3 more wrong PINs."
    )
    assert PinResult(PinOutcome.LOCKED, seconds_remaining=60).describe(tr) == (
        "Too many wrong PINs. Try again in 60 seconds."
    )
    assert PinResult(PinOutcome.READY, attempts_left=0).describe(tr).endswith("locks the PIN pad again.")
    assert "no staff PIN is set" in PinResult(PinOutcome.DISABLED).describe(tr)


def _hash_pin_command(stdin: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kiosk", "hash-pin"], input=stdin, capture_output=True, text=True, timeout=60
    )


def test_hash_pin_command_prints_a_config_line_that_verifies() -> None:
    done = _hash_pin_command("739164\n")
    assert done.returncode == 0, done.stderr
    key, value = done.stdout.strip().split(": ", 1)
    assert key == "staff_pin_hash"
    assert value.startswith('"scrypt$') and value.endswith('"')
    assert verify_pin("739164", value.strip('"'))
    assert "739164" not in done.stdout + done.stderr


@pytest.mark.parametrize(
    ("stdin", "words"),
    [("12\n", "6 to 12 digits"), ("48213\n", "this one has 5"), ("", "No PIN"), ("abcd\n", "digits")],
)
def test_hash_pin_command_refuses_bad_pins(stdin: str, words: str) -> None:
    done = _hash_pin_command(stdin)
    assert done.returncode == 2
    assert done.stdout == ""
    assert words in done.stderr and "Traceback" not in done.stderr


def _read_until(fd: int, wanted: bytes, seen: bytearray, deadline: float) -> None:
    while wanted not in seen:
        left = deadline - time.monotonic()
        assert left > 0, f"waited for {wanted!r}; the terminal showed {bytes(seen)!r}"
        ready, _, _ = select.select([fd], [], [], left)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:  # the child closed the terminal
                chunk = b""
            assert chunk, f"the command ended before showing {wanted!r}; it showed {bytes(seen)!r}"
            seen += chunk


def _reap(pid: int) -> int:
    """Wait (bounded) for the child to end, killing it if it will not; its exit status."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        time.sleep(0.05)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    raise AssertionError("kiosk hash-pin did not end within 30 seconds")


def _at_a_terminal(first: bytes, second: bytes) -> tuple[str, int]:
    """Run ``kiosk hash-pin`` on a pseudo-terminal, type two PINs; what it showed and its exit code."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: the pty is its controlling terminal, as at a real console
        os.execv(sys.executable, [sys.executable, "-m", "kiosk", "hash-pin"])
    seen = bytearray()
    try:
        deadline = time.monotonic() + 60
        _read_until(fd, b"not shown): ", seen, deadline)
        os.write(fd, first + b"\n")
        _read_until(fd, b"again: ", seen, deadline)
        os.write(fd, second + b"\n")
        _read_until_closed(fd, seen, deadline)
    finally:
        os.close(fd)
        code = _reap(pid)
    return bytes(seen).decode(), code


def _read_until_closed(fd: int, seen: bytearray, deadline: float) -> None:
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], max(deadline - time.monotonic(), 0))
        try:
            chunk = os.read(fd, 4096) if ready else b""
        except OSError:  # EIO: the child has closed the terminal
            return
        if not chunk:
            return
        seen += chunk
    raise AssertionError(f"kiosk hash-pin kept the terminal open; it showed {bytes(seen)!r}")


def test_hash_pin_at_a_terminal_asks_twice_without_showing_the_pin() -> None:
    shown, code = _at_a_terminal(b"561290", b"561290")
    assert code == 0, shown
    assert "561290" not in shown
    line = next(row for row in shown.splitlines() if row.startswith("staff_pin_hash: "))
    assert verify_pin("561290", line.split('"')[1])


def test_hash_pin_at_a_terminal_refuses_two_different_pins() -> None:
    shown, code = _at_a_terminal(b"561290", b"561209")
    assert code == 2
    assert "The two PINs were different" in shown
    assert "staff_pin_hash" not in shown
