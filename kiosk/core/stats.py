"""Privacy-first usage counts: per day, how often each thing happened, and nothing else.

Only four events are counted - pages viewed (per language), read-aloud uses (per language), slips
printed (per language) and resets - as one number per day, event and language. No times, no
sequences, no page contents, nothing typed: the counts cannot tell one visitor from another.

The counts live in ``<data_dir>/usage.sqlite3``. A visit's counts are held in memory and added to
the file in one transaction when the visit ends (the idle reset, or the kiosk stopping), so the
file never holds the order of one visit's pages, languages and prints: SQLite's rollback journal
(``journal_mode=DELETE``, ``synchronous=FULL``, ``secure_delete``) keeps no log of past writes,
as a write-ahead log would, and is deleted when each transaction ends. A power cut loses at most
the visit in progress.
Counting must never disturb a visit: every fault (a full disk, a folder the kiosk may not write
to, a damaged file) is caught, and the counter pauses itself and says why in :attr:`problem`.
A paused counter tries again when a visit ends, so a disk that was freed is counted on again.
A damaged file is renamed with a ``.corrupt`` suffix and a fresh one started - also when it is
damaged under the open connection, which SQLite's page cache would hide until the counts are lost.
"""

from __future__ import annotations

import datetime as dt
import errno
import logging
import os
import sqlite3
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kiosk.core.i18n import N_

log = logging.getLogger(__name__)

DB_NAME = "usage.sqlite3"

PAGE_VIEW = "page_view"
READ_ALOUD = "read_aloud"
SLIP_PRINTED = "slip_printed"
RESET = "reset"
EVENTS = (PAGE_VIEW, READ_ALOUD, SLIP_PRINTED, RESET)
#: How each event is named in ``kiosk stats`` tables.
EVENT_LABELS = {
    PAGE_VIEW: "pages viewed",
    READ_ALOUD: "read aloud",
    SLIP_PRINTED: "slips printed",
    RESET: "resets",
}

#: Sentences for :attr:`UsageCounter.problem`, marked for translation (show with ``tr.gettext``).
FOLDER_FULL = N_("Usage counts are paused: the data folder is full.")
FOLDER_NOT_WRITABLE = N_(
    "Usage counts are paused: the kiosk may not write to its data folder. Check the folder's owner and permissions."
)
DISK_ERROR = N_("Usage counts are paused: the data folder could not be written to because of a disk error.")
FILE_DAMAGED = N_("Usage counts are paused: the usage file is damaged and could not be replaced.")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS counts (
    day TEXT NOT NULL,
    event TEXT NOT NULL,
    language TEXT NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (day, event, language)
) WITHOUT ROWID
"""
_ADD = """
INSERT INTO counts (day, event, language, count) VALUES (?, ?, ?, ?)
ON CONFLICT (day, event, language) DO UPDATE SET count = count + excluded.count
"""
_SELECT = "SELECT day, event, language, count FROM counts ORDER BY day, event, language"
#: Every SQLite database file starts with these bytes.
_HEADER = b"SQLite format 3\x00"

# SQLite primary result codes (the low byte of an extended code).
_SQLITE_PERM, _SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_READONLY = 3, 5, 6, 8
_SQLITE_IOERR, _SQLITE_CORRUPT, _SQLITE_FULL, _SQLITE_CANTOPEN, _SQLITE_AUTH, _SQLITE_NOTADB = 10, 11, 13, 14, 23, 26


@dataclass(frozen=True)
class UsageRow:
    """One count: how many times ``event`` happened in ``language`` on ``day`` (YYYY-MM-DD)."""

    day: str
    event: str
    #: Language code, or "" for events without a language (resets).
    language: str
    count: int


class DamagedFileError(Exception):
    """The usage file is not a usable SQLite database."""


class UsageReadError(Exception):
    """The counts cannot be read; the message is a sentence for the person who asked."""


def _sqlite_code(error: sqlite3.Error) -> int:
    code = getattr(error, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else 0


def _is_damage(error: sqlite3.Error) -> bool:
    return _sqlite_code(error) in (_SQLITE_CORRUPT, _SQLITE_NOTADB)


def problem_for(error: BaseException) -> str:
    """The sentence that explains why counting had to pause after ``error``."""
    if isinstance(error, OSError):
        if error.errno in (errno.ENOSPC, errno.EDQUOT):
            return FOLDER_FULL
        if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOTDIR, errno.EEXIST):
            return FOLDER_NOT_WRITABLE
        return DISK_ERROR
    if isinstance(error, sqlite3.Error):
        code = _sqlite_code(error)
        if code == _SQLITE_FULL:
            return FOLDER_FULL
        if code in (_SQLITE_PERM, _SQLITE_READONLY, _SQLITE_CANTOPEN, _SQLITE_AUTH):
            return FOLDER_NOT_WRITABLE
        if code in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
            return FILE_DAMAGED
    if isinstance(error, DamagedFileError):
        return FILE_DAMAGED
    return DISK_ERROR


class UsageCounter:
    """Counts kiosk use per day in ``<data_dir>/usage.sqlite3``; never raises to its caller.

    Safe to call from several threads. Counts are held for the visit and stored when it ends
    (:meth:`end_visit`, :meth:`session_reset`, :meth:`close`), which return whether they were
    stored; when they could not be, :attr:`problem` holds a sentence and counting stays paused
    until the end of the next visit tries again, so a full disk is not hammered on every page turn.
    """

    def __init__(self, data_dir: Path, *, today: Callable[[], dt.date] = dt.date.today) -> None:
        self.data_dir = data_dir
        self.path = data_dir / DB_NAME
        self._today = today
        self._lock = threading.Lock()
        self._connection: sqlite3.Connection | None = None
        self._problem = ""
        #: The (device, inode) of the file the connection opened.
        self._identity: tuple[int, int] | None = None
        #: Where a damaged usage file was moved to, if one was found.
        self.set_aside: Path | None = None
        #: This visit's counts, by (day, event, language), until the visit ends.
        self._visit: Counter[tuple[str, str, str]] = Counter()
        with self._lock:
            self._start()

    @property
    def problem(self) -> str:
        """Why counting is paused, as an English sentence (translatable); "" while counting works."""
        return self._problem

    @property
    def active(self) -> bool:
        """True while counts are being stored."""
        return self._connection is not None

    def page_viewed(self, language: str) -> bool:
        """Count one page shown in ``language``."""
        return self.count(PAGE_VIEW, language)

    def read_aloud(self, language: str) -> bool:
        """Count one use of read-aloud in ``language``."""
        return self.count(READ_ALOUD, language)

    def slip_printed(self, language: str) -> bool:
        """Count one take-home slip printed in ``language``."""
        return self.count(SLIP_PRINTED, language)

    def session_reset(self) -> bool:
        """Count one reset of a visit (by the idle clock or by the visitor) and store the visit's counts.

        A paused counter tries again here: the fault may have passed (a full disk freed, a folder
        made writable). Once a visit, so a lasting fault is not retried on every page turn.
        """
        with self._lock:
            if self._connection is None:
                self._start()
        self.count(RESET, "")
        return self.end_visit()

    def count(self, event: str, language: str = "") -> bool:
        """Add one to today's count of ``event`` in ``language`` for this visit; False while counting is paused."""
        if event not in EVENTS:
            log.error("Unknown usage event %r was not counted.", event)
            return False
        with self._lock:
            if self._connection is None:
                return False
            self._visit[(self._today().isoformat(), event, language)] += 1
            return True

    def end_visit(self) -> bool:
        """Store the visit's counts in one transaction; True once they are safely stored (or there were none)."""
        with self._lock:
            self._check_file()
            visit, self._visit = self._visit, Counter()
            if self._connection is None:
                return False
            if not visit:
                return True
            try:
                with self._connection:  # one transaction: every count of the visit, or none
                    self._connection.execute("BEGIN IMMEDIATE")
                    self._connection.executemany(_ADD, [(*key, number) for key, number in sorted(visit.items())])
            except sqlite3.Error as error:
                code = _sqlite_code(error)
                if code in (_SQLITE_BUSY, _SQLITE_LOCKED):
                    # Another process (kiosk stats) held the file for the whole busy timeout: one visit uncounted.
                    log.warning("A visit's usage counts were skipped: the usage file was busy.")
                    return False
                if _is_damage(error):
                    self._replace_damaged()
                    return False
                self._pause(error)
                return False
            self._problem = ""  # stored: whatever paused counting has passed
            return True

    def rows(self) -> tuple[UsageRow, ...]:
        """Every count, stored or held for this visit, by day, event and language (empty while paused)."""
        with self._lock:
            self._check_file()
            if self._connection is None:
                return ()
            try:
                stored = Counter(
                    {(day, event, lang): count for day, event, lang, count in self._connection.execute(_SELECT)}
                )
            except sqlite3.Error as error:
                if _is_damage(error):
                    self._replace_damaged()
                else:
                    self._pause(error)
                return ()
            stored.update(self._visit)
            return tuple(UsageRow(*key, count) for key, count in sorted(stored.items()))

    def close(self) -> None:
        """Store the visit's counts and close the file (counting stops)."""
        self.end_visit()
        with self._lock:
            self._close()

    def _start(self) -> None:
        """Open the file, replacing it once if it is damaged; pause with a sentence on failure."""
        try:
            self._connection = self._open()
        except (OSError, sqlite3.Error, DamagedFileError) as error:
            if not isinstance(error, DamagedFileError) and not (isinstance(error, sqlite3.Error) and _is_damage(error)):
                self._pause(error)
                return
            try:
                self._move_aside()
                self._connection = self._open()
            except (OSError, sqlite3.Error, DamagedFileError) as second:
                self._pause(second)

    def _open(self) -> sqlite3.Connection:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        # Autocommit, with each visit's counts in one explicit transaction (end_visit).
        connection = sqlite3.connect(self.path, timeout=2.0, isolation_level=None, check_same_thread=False)
        try:
            # A rollback journal, deleted at each commit: unlike a write-ahead log it keeps no
            # history of writes to replay (a file from an older kiosk in WAL mode is converted).
            connection.execute("PRAGMA journal_mode=DELETE")
            connection.execute("PRAGMA synchronous=FULL")
            # Freed pages are overwritten with zeros, so no earlier count lingers in the file.
            connection.execute("PRAGMA secure_delete=ON")
            check = connection.execute("PRAGMA quick_check").fetchone()
            if not check or check[0] != "ok":
                raise DamagedFileError(str(check))
            connection.execute(_SCHEMA)
            status = os.stat(self.path)
        except BaseException:
            connection.close()
            raise
        self._identity = (status.st_dev, status.st_ino)
        return connection

    def _check_file(self) -> None:
        """Set the file aside if it was damaged (overwritten, cut short) under the open connection.

        SQLite keeps the pages it has read in memory and writes new counts to its journal, so it
        would go on counting over a file that no longer holds them; the file's header tells. Only
        the file the connection opened is judged: one removed or put in its place was someone's choice.
        """
        if self._connection is None:
            return
        try:
            with self.path.open("rb") as file:
                status = os.fstat(file.fileno())
                header = file.read(len(_HEADER))
        except OSError:
            return
        if header != _HEADER and (status.st_dev, status.st_ino) == self._identity:
            self._replace_damaged()

    def _replace_damaged(self) -> None:
        """Close the damaged file, move it aside and count in a new one."""
        self._close()
        try:
            self._move_aside()
            self._connection = self._open()
        except (OSError, sqlite3.Error, DamagedFileError) as error:
            self._pause(error)

    def _move_aside(self) -> None:
        target = self.path.with_name(f"{DB_NAME}.corrupt")
        number = 2
        while target.exists():
            target = self.path.with_name(f"{DB_NAME}.{number}.corrupt")
            number += 1
        self.path.rename(target)
        for suffix in ("-journal", "-wal", "-shm"):
            # The journal belongs to the damaged file; keep it beside it for whoever investigates.
            journal = self.path.with_name(DB_NAME + suffix)
            if journal.exists():
                journal.rename(target.with_name(target.name + suffix))
        self.set_aside = target
        log.warning("The usage file %s was damaged; it was moved to %s and a new one started.", self.path, target)

    def _pause(self, error: BaseException) -> None:
        self._close()
        self._problem = problem_for(error)
        log.warning("%s (%s: %s)", self._problem, self.path, error)

    def _close(self) -> None:
        if self._connection is not None:
            try:
                self._connection.close()
            except sqlite3.Error as error:
                log.warning("Closing the usage file failed: %s", error)
            self._connection = None


def read_usage(data_dir: Path) -> tuple[UsageRow, ...]:
    """Read the counts without changing anything (for ``kiosk stats``, run by another user).

    Raises UsageReadError with a sentence when there is nothing to read or it cannot be read.
    """
    path = data_dir / DB_NAME
    if not path.exists():
        raise UsageReadError(f"No usage has been counted yet: {path} does not exist.")
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5.0)
    except sqlite3.Error as error:
        raise UsageReadError(f"The usage file {path} cannot be opened ({error}).") from error
    try:
        return tuple(UsageRow(*row) for row in connection.execute(_SELECT))
    except sqlite3.Error as error:
        if _is_damage(error):
            raise UsageReadError(
                f"The usage file {path} is damaged. The kiosk sets it aside and starts a new one when it next starts."
            ) from error
        if "no such table" in str(error):
            return ()
        raise UsageReadError(f"The usage file {path} cannot be read ({error}).") from error
    finally:
        connection.close()
