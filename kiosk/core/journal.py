"""Where the kiosk's log goes: the system journal, never the terminal the kiosk draws on.

Textual draws every frame on the terminal's stderr, so a warning or a traceback written there
lands in the middle of the screen (and the kiosk's terminal, foot, discards it anyway). Records
go to the journal through its syslog socket (``/dev/log``, read by journald: ``journalctl -u
kiosk``); without one (a developer's machine, a container), to ``kiosk.log`` in the data folder.
Every uncaught exception - in the main thread, in any other thread, in the event loop - is
logged there with its traceback, so staff can see why the kiosk stopped or misbehaved.
"""

from __future__ import annotations

import errno
import logging
import sys
import threading
from logging.handlers import RotatingFileHandler, SysLogHandler
from pathlib import Path
from types import TracebackType

log = logging.getLogger("kiosk")

SYSLOG_SOCKET = "/dev/log"
LOG_FILE = "kiosk.log"
#: What the screen says when the kiosk has had to stop; the traceback is in the log.
STOPPED_SENTENCE = (
    "Sorry, the kiosk has stopped because of a fault. Please tell a member of staff. "
    "(Staff: the details are in the system journal, 'journalctl -u kiosk'.)"
)
#: The fallback file is kept small: two files of 1 MB.
LOG_FILE_BYTES = 1_000_000


def journal_handler(data_dir: Path, socket: str = SYSLOG_SOCKET) -> logging.Handler:
    """A handler for the journal's socket, else a file in the data folder, else one that drops records."""
    if Path(socket).exists():
        try:
            handler: logging.Handler = SysLogHandler(address=socket)
        except OSError:
            pass
        else:
            handler.ident = "kiosk: "  # type: ignore[attr-defined]
            return handler
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(data_dir / LOG_FILE, maxBytes=LOG_FILE_BYTES, backupCount=1, encoding="utf-8")
    except OSError:
        return logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    return handler


def log_to_journal(data_dir: Path, socket: str = SYSLOG_SOCKET) -> logging.Handler:
    """Send every log record to the journal (see journal_handler) and none to the terminal."""
    handler = journal_handler(data_dir, socket)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)
    # Python's last resort writes to stderr when no handler takes a record: never while the kiosk draws.
    logging.lastResort = None
    return handler


def log_exception(what: str, error: BaseException) -> None:
    """Log an exception with its traceback (``what``: where it happened, for staff)."""
    log.critical("%s: %s: %s", what, type(error).__name__, error, exc_info=(type(error), error, error.__traceback__))


def _main_thread_hook(kind: type[BaseException], error: BaseException, traceback: TracebackType | None) -> None:
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, error, traceback)
        return
    log.critical("The kiosk stopped on an uncaught exception", exc_info=(kind, error, traceback))
    # The terminal is the family's screen (or, in web mode, their browser): a sentence, not a traceback.
    print(STOPPED_SENTENCE, file=sys.stderr)


def _thread_hook(arguments: threading.ExceptHookArgs) -> None:
    if arguments.exc_type is SystemExit:
        return
    name = arguments.thread.name if arguments.thread is not None else "a thread"
    error = arguments.exc_value
    if isinstance(error, OSError) and error.errno == errno.EIO:
        # The terminal was closed under the kiosk (SIGHUP follows): nothing more can be drawn.
        log.warning("The thread %s could not write to the terminal, which has gone away (%s).", name, error)
        return
    log.critical("Uncaught exception in the thread %s", name, exc_info=error if error is not None else True)


def log_uncaught_exceptions() -> None:
    """Log what would otherwise only be printed: uncaught exceptions of the main thread and every other thread."""
    sys.excepthook = _main_thread_hook
    # The default thread hook prints to stderr - onto the screen - so this one only logs.
    threading.excepthook = _thread_hook
