"""Usage counts: per day only, safe against power loss, and never a reason for the kiosk to fail."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.core.config import KioskConfig
from kiosk.core.stats import (
    DB_NAME,
    FILE_DAMAGED,
    FOLDER_FULL,
    FOLDER_NOT_WRITABLE,
    PAGE_VIEW,
    READ_ALOUD,
    RESET,
    SLIP_PRINTED,
    UsageCounter,
    UsageRow,
    problem_for,
)

DAY_ONE = dt.date(2026, 3, 2)
DAY_TWO = dt.date(2026, 3, 3)


class FakeToday:
    """A calendar the test turns by hand."""

    def __init__(self) -> None:
        self.day = DAY_ONE

    def __call__(self) -> dt.date:
        return self.day


@pytest.fixture
def today() -> FakeToday:
    return FakeToday()


@pytest.fixture
def counter(config: KioskConfig, today: FakeToday) -> Iterator[UsageCounter]:
    usage = UsageCounter(config.data_dir, today=today)
    yield usage
    usage.close()


def _counts(rows: tuple[UsageRow, ...]) -> dict[tuple[str, str, str], int]:
    return {(row.day, row.event, row.language): row.count for row in rows}


def test_counts_per_day_event_and_language(counter: UsageCounter, today: FakeToday, config: KioskConfig) -> None:
    assert counter.active and counter.problem == ""
    for _ in range(3):
        assert counter.page_viewed("pl")
    assert counter.page_viewed("ar")
    assert counter.read_aloud("pl")
    assert counter.slip_printed("ar")
    assert counter.session_reset()
    today.day = DAY_TWO
    assert counter.page_viewed("pl")
    assert _counts(counter.rows()) == {
        ("2026-03-02", PAGE_VIEW, "ar"): 1,
        ("2026-03-02", PAGE_VIEW, "pl"): 3,
        ("2026-03-02", READ_ALOUD, "pl"): 1,
        ("2026-03-02", RESET, ""): 1,
        ("2026-03-02", SLIP_PRINTED, "ar"): 1,
        ("2026-03-03", PAGE_VIEW, "pl"): 1,
    }
    assert (config.data_dir / DB_NAME).is_file()


def test_the_file_holds_only_days_and_counts(counter: UsageCounter, config: KioskConfig) -> None:
    counter.page_viewed("uk")
    counter.close()
    with sqlite3.connect(config.data_dir / DB_NAME) as connection:
        columns = [row[1] for row in connection.execute("PRAGMA table_info(counts)")]
        tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        stored = connection.execute("SELECT * FROM counts").fetchall()
        journal = connection.execute("PRAGMA journal_mode").fetchone()[0]
    assert tables == ["counts"]
    assert columns == ["day", "event", "language", "count"]
    assert stored == [("2026-03-02", PAGE_VIEW, "uk", 1)]  # a date, never a time
    assert journal == "delete"


def test_counts_survive_a_restart(config: KioskConfig, today: FakeToday) -> None:
    first = UsageCounter(config.data_dir, today=today)
    first.read_aloud("ro")
    first.close()
    second = UsageCounter(config.data_dir, today=today)
    second.read_aloud("ro")
    assert _counts(second.rows()) == {("2026-03-02", READ_ALOUD, "ro"): 2}
    second.close()


def test_unknown_events_are_not_counted(counter: UsageCounter) -> None:
    assert counter.count("search_terms", "en") is False
    assert counter.rows() == ()
    assert counter.active


def test_a_damaged_file_is_set_aside_and_counting_starts_again(config: KioskConfig, today: FakeToday) -> None:
    config.data_dir.mkdir(parents=True)
    damaged = b"this is not a database, it was cut short by a power failure" * 100
    (config.data_dir / DB_NAME).write_bytes(damaged)
    counter = UsageCounter(config.data_dir, today=today)
    assert counter.active and counter.problem == ""
    assert counter.set_aside == config.data_dir / f"{DB_NAME}.corrupt"
    assert counter.set_aside.read_bytes() == damaged
    assert counter.page_viewed("lt")
    assert _counts(counter.rows()) == {("2026-03-02", PAGE_VIEW, "lt"): 1}
    counter.close()

    # A second damaged file does not overwrite the first one set aside.
    (config.data_dir / DB_NAME).write_bytes(b"\x00" * 4096 + b"garbage")
    again = UsageCounter(config.data_dir, today=today)
    assert again.set_aside == config.data_dir / f"{DB_NAME}.2.corrupt"
    assert (config.data_dir / f"{DB_NAME}.corrupt").read_bytes() == damaged
    assert again.active
    again.close()


def test_a_file_with_damaged_pages_is_set_aside(config: KioskConfig, today: FakeToday) -> None:
    counter = UsageCounter(config.data_dir, today=today)
    for language in ("en", "pl", "ro", "pt", "bg", "lt", "lv", "hu", "uk", "ru", "ar", "zh_Hans") * 40:
        counter.page_viewed(language)
        today.day += dt.timedelta(days=1)
    counter.close()
    path = config.data_dir / DB_NAME
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(path.read_bytes())
    assert len(data) > 3 * 4096
    data[4096 + 8 : 2 * 4096] = b"\xa5" * (4096 - 8)  # scribble over a b-tree page, keep the header
    path.write_bytes(bytes(data))
    reopened = UsageCounter(config.data_dir, today=today)
    assert reopened.set_aside is not None
    assert reopened.active and reopened.rows() == ()
    assert reopened.page_viewed("en")
    reopened.close()


def test_a_data_folder_that_cannot_be_created_pauses_counting_with_a_sentence(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    counter = UsageCounter(blocker / "data")
    assert not counter.active
    assert counter.problem == FOLDER_NOT_WRITABLE
    assert counter.page_viewed("en") is False  # and nothing is raised
    assert counter.session_reset() is False
    assert counter.rows() == ()


def test_a_paused_counter_tries_again_when_a_visit_ends(tmp_path: Path, today: FakeToday) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("a file where the data folder should be")
    counter = UsageCounter(blocker, today=today)
    assert counter.problem == FOLDER_NOT_WRITABLE
    assert counter.page_viewed("en") is False, "page turns do not retry"
    assert counter.session_reset() is False and counter.problem == FOLDER_NOT_WRITABLE
    blocker.unlink()
    assert counter.page_viewed("en") is False
    assert counter.session_reset(), "the end of a visit tries again"
    assert counter.problem == "" and counter.page_viewed("en")
    assert _counts(counter.rows()) == {("2026-03-02", RESET, ""): 1, ("2026-03-02", PAGE_VIEW, "en"): 1}
    counter.close()


def test_a_file_damaged_under_the_counter_is_set_aside_when_the_counts_are_read(
    config: KioskConfig, today: FakeToday
) -> None:
    counter = UsageCounter(config.data_dir, today=today)
    for _ in range(400):
        counter.page_viewed("en")
        today.day += dt.timedelta(days=1)
    counter.close()
    counter = UsageCounter(config.data_dir, today=today)
    path = config.data_dir / DB_NAME
    # Another writer makes the counter read the file again rather than the pages it holds in memory.
    with sqlite3.connect(path) as other:
        other.execute("UPDATE counts SET count = count + 1 WHERE day = '2026-03-02'")
    other.close()
    data = bytearray(path.read_bytes())
    data[3 * 4096 + 8 : 4 * 4096] = b"\xa5" * (4096 - 8)  # a b-tree page scribbled over, the header kept
    path.write_bytes(bytes(data))
    assert counter.rows() == ()
    assert counter.set_aside == config.data_dir / f"{DB_NAME}.corrupt" and counter.problem == ""
    assert counter.page_viewed("en")
    counter.close()


_AS_ANOTHER_USER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from kiosk.core.stats import UsageCounter
    counter = UsageCounter(Path(sys.argv[1]))
    print(counter.active, counter.page_viewed("pl"), counter.problem, sep="|")
    """
)


def test_an_unwritable_data_folder_pauses_counting_with_a_sentence() -> None:
    # root may write anywhere, so as root the counter runs as "nobody" (setpriv, util-linux).
    with tempfile.TemporaryDirectory() as base:
        os.chmod(base, 0o755)
        data_dir = Path(base) / "data"
        data_dir.mkdir(mode=0o555)
        data_dir.chmod(0o555)
        command = [sys.executable, "-c", _AS_ANOTHER_USER, str(data_dir)]
        if os.geteuid() == 0:
            command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *command]
        done = subprocess.run(command, capture_output=True, text=True, timeout=60, cwd=base)
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip() == f"False|False|{FOLDER_NOT_WRITABLE}"
        assert "Traceback" not in done.stderr
        assert not (data_dir / DB_NAME).exists()


def test_full_disk_and_damage_are_named_in_plain_words(tmp_path: Path) -> None:
    # A real SQLITE_FULL: the page limit plays the part of the disk's last free byte.
    connection = sqlite3.connect(tmp_path / "full.sqlite3")
    connection.execute("CREATE TABLE t (x BLOB)")
    connection.execute("PRAGMA max_page_count = 3")
    with pytest.raises(sqlite3.Error) as full:
        connection.execute("INSERT INTO t VALUES (zeroblob(100000))")
    connection.close()
    assert problem_for(full.value) == FOLDER_FULL == "Usage counts are paused: the data folder is full."
    assert problem_for(OSError(28, "No space left on device")) == FOLDER_FULL
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"junk" * 2000)
    with pytest.raises(sqlite3.DatabaseError) as damaged:
        sqlite3.connect(junk).execute("PRAGMA journal_mode=WAL")
    assert problem_for(damaged.value) == FILE_DAMAGED


_INCREMENT_FOREVER = textwrap.dedent(
    """
    import datetime, sys
    from pathlib import Path
    from kiosk.core.stats import UsageCounter
    counter = UsageCounter(Path(sys.argv[1]), today=lambda: datetime.date(2026, 3, 2))
    stored = int(sys.argv[2])
    while True:
        if counter.page_viewed("pl") and counter.end_visit():
            stored += 1
            print(stored, flush=True)  # acknowledged: the transaction has committed
    """
)


def _kill_while_counting(data_dir: Path, already: int, at_least: int) -> int:
    """Start a child that counts without end, SIGKILL it mid-write; the last count it acknowledged."""
    child = subprocess.Popen(
        [sys.executable, "-c", _INCREMENT_FOREVER, str(data_dir), str(already)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        acknowledged = already
        assert child.stdout is not None
        while acknowledged < already + at_least:
            assert time.monotonic() < deadline, "the counting child did not reach its count within 60 s"
            line = child.stdout.readline()
            assert line, f"the counting child stopped: {child.stderr.read() if child.stderr else ''}"
            acknowledged = int(line)
        child.send_signal(signal.SIGKILL)
        remaining, _ = child.communicate(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(timeout=30)
    lines = remaining.split()
    return int(lines[-1]) if lines else acknowledged


def test_killed_in_the_middle_of_writing_the_counts_stay_consistent(config: KioskConfig) -> None:
    acknowledged = 0
    for _ in range(3):
        acknowledged = _kill_while_counting(config.data_dir, acknowledged, at_least=150)
        with sqlite3.connect(config.data_dir / DB_NAME) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        counter = UsageCounter(config.data_dir, today=lambda: DAY_ONE)
        assert counter.active and counter.set_aside is None
        stored = _counts(counter.rows())[("2026-03-02", PAGE_VIEW, "pl")]
        counter.close()
        # Every acknowledged count is there; at most the one being written when killed is extra.
        assert acknowledged <= stored <= acknowledged + 1
        acknowledged = stored


def _kiosk_stats(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kiosk", "stats", *args], capture_output=True, text=True, timeout=60)


def _config_file(tmp_path: Path, data_dir: Path) -> Path:
    path = tmp_path / "kiosk.yaml"
    path.write_text(f"data_dir: {data_dir}\n")
    return path


def test_kiosk_stats_prints_csv_and_a_table(tmp_path: Path, counter: UsageCounter, config: KioskConfig) -> None:
    counter.page_viewed("zh_Hans")
    counter.page_viewed("zh_Hans")
    counter.session_reset()
    config_path = _config_file(tmp_path, config.data_dir)

    as_csv = _kiosk_stats("--csv", "--config", str(config_path))
    assert as_csv.returncode == 0, as_csv.stderr
    assert list(csv.reader(io.StringIO(as_csv.stdout))) == [
        ["day", "event", "language", "count"],
        ["2026-03-02", "page_view", "zh_Hans", "2"],
        ["2026-03-02", "reset", "", "1"],
    ]

    table = _kiosk_stats("--config", str(config_path))
    assert table.returncode == 0, table.stderr
    lines = table.stdout.splitlines()
    assert "no times" in lines[0]
    assert lines[1].split() == ["Day", "Event", "Language", "Count"]
    assert lines[2].split() == ["2026-03-02", "pages", "viewed", "zh_Hans", "2"]
    assert lines[3].split() == ["2026-03-02", "resets", "-", "1"]


def test_kiosk_stats_without_counts_says_so(tmp_path: Path) -> None:
    done = _kiosk_stats("--config", str(_config_file(tmp_path, tmp_path / "empty")))
    assert done.returncode == 1
    assert "No usage has been counted yet" in done.stderr and "Traceback" not in done.stderr


def test_kiosk_stats_reports_a_damaged_file_without_touching_it(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / DB_NAME).write_bytes(b"junk" * 2000)
    done = _kiosk_stats("--config", str(_config_file(tmp_path, data_dir)))
    assert done.returncode == 1
    assert "is damaged" in done.stderr and "Traceback" not in done.stderr
    assert (data_dir / DB_NAME).read_bytes() == b"junk" * 2000


def _files(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def test_a_visit_is_written_once_at_its_end_and_no_journal_keeps_its_order(
    config: KioskConfig, today: FakeToday
) -> None:
    counter = UsageCounter(config.data_dir, today=today)
    counter.page_viewed("en")
    assert counter.end_visit()
    before = _files(config.data_dir)
    # One visit: pages in Polish, read aloud, a slip, pages in Arabic.
    for event in ("pl", "pl", "read", "slip", "ar", "ar", "ar"):
        if event == "read":
            counter.read_aloud("pl")
        elif event == "slip":
            counter.slip_printed("pl")
        else:
            counter.page_viewed(event)
        assert _files(config.data_dir) == before, "nothing of the visit reaches the disk while it goes on"
    assert counter.session_reset()
    after = _files(config.data_dir)
    assert list(after) == [DB_NAME], f"a journal was left beside the counts: {list(after)}"
    counter.close()
    assert list(_files(config.data_dir)) == [DB_NAME]
    with sqlite3.connect(config.data_dir / DB_NAME) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        stored = connection.execute("SELECT day, event, language, count FROM counts ORDER BY 1, 2, 3").fetchall()
    # Only per-day totals: nothing says which came first.
    assert stored == [
        ("2026-03-02", PAGE_VIEW, "ar", 3),
        ("2026-03-02", PAGE_VIEW, "en", 1),
        ("2026-03-02", PAGE_VIEW, "pl", 2),
        ("2026-03-02", READ_ALOUD, "pl", 1),
        ("2026-03-02", RESET, "", 1),
        ("2026-03-02", SLIP_PRINTED, "pl", 1),
    ]


_LEAVE_A_WAL = textwrap.dedent(
    """
    import os, sqlite3, sys
    connection = sqlite3.connect(sys.argv[1], isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("CREATE TABLE counts (day TEXT, event TEXT, language TEXT, count INTEGER,"
                       " PRIMARY KEY (day, event, language)) WITHOUT ROWID")
    for language in ("pl", "ar", "pl", "ru"):
        connection.execute("INSERT INTO counts VALUES ('2026-03-01', 'page_view', ?, 1)"
                           " ON CONFLICT DO UPDATE SET count = count + 1", (language,))
    os._exit(0)  # as an older kiosk stopped by SIGTERM: the write-ahead log stays behind
    """
)


def test_a_write_ahead_log_left_by_an_older_kiosk_is_folded_in_and_removed(
    config: KioskConfig, today: FakeToday
) -> None:
    config.data_dir.mkdir(parents=True)
    path = config.data_dir / DB_NAME
    subprocess.run([sys.executable, "-c", _LEAVE_A_WAL, str(path)], check=True, timeout=60)
    assert (config.data_dir / f"{DB_NAME}-wal").exists()
    counter = UsageCounter(config.data_dir, today=today)
    assert not (config.data_dir / f"{DB_NAME}-wal").exists()
    assert _counts(counter.rows()) == {
        ("2026-03-01", PAGE_VIEW, "ar"): 1,
        ("2026-03-01", PAGE_VIEW, "pl"): 2,
        ("2026-03-01", PAGE_VIEW, "ru"): 1,
    }
    counter.close()
    assert list(_files(config.data_dir)) == [DB_NAME]
