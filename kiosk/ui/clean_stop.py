"""Stopping cleanly on SIGTERM (what systemd sends to stop the kiosk) and SIGHUP (its terminal went away).

A stop ends the visit as the idle reset does - speech and printing stop, the visit's usage counts
are stored - and the kiosk then exits with status 0, closing the usage file and removing every
temporary file (``kiosk run`` removes the private temporary folder after the app has ended).
"""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
import signal
import tempfile
import threading
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.ui.app import KioskApp

log = logging.getLogger(__name__)

STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP)


#: Seconds a clean stop may take before the kiosk stops without it. A kiosk whose terminal has
#: gone can be stuck inside Textual (its writer waits for a terminal that will never read), and the
#: event loop then never runs the clean stop: without this it would ignore SIGTERM until SIGKILL.
HARD_STOP_AFTER_S = 5.0


def stop_on_signals(app: KioskApp, loop: asyncio.AbstractEventLoop) -> None:
    """Make SIGTERM and SIGHUP stop ``app`` cleanly (in ``loop``, between the app's own steps), and
    for certain: if the loop cannot run the clean stop within HARD_STOP_AFTER_S, the process ends."""

    def requested(signum: int, _frame: object) -> None:
        # A Python-level handler, not loop.add_signal_handler: it runs even while the loop's thread
        # is blocked (a lock's wait is interrupted for it), so the hard stop below is always armed.
        loop.call_soon_threadsafe(_stop_requested, app, signum)
        timer = threading.Timer(HARD_STOP_AFTER_S, _hard_stop, (signum, scratch_folder()))
        timer.daemon = True
        timer.start()

    for signum in STOP_SIGNALS:
        signal.signal(signum, requested)


def scratch_folder() -> Path | None:
    """The private temporary folder ``kiosk run`` made (TMPDIR points at it), if any."""
    folder = tempfile.gettempdir()
    return Path(folder) if Path(folder).name.startswith("kiosk-") else None


def _hard_stop(signum: int, folder: Path | None) -> None:
    """The clean stop did not happen in time: remove the visit's temporary files and end the process."""
    log.error(
        "Stopping on %s without a clean stop: the kiosk did not answer within %s s (its terminal may be gone).",
        signal.Signals(signum).name,
        HARD_STOP_AFTER_S,
    )
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)
    logging.shutdown()
    os._exit(0)


def _stop_requested(app: KioskApp, signum: int) -> None:
    log.info("Stopping on %s: the visit ends and nothing of it is kept.", signal.Signals(signum).name)
    app.call_later(end_visit_and_exit, app)


def end_visit_and_exit(app: KioskApp) -> None:
    """End the visit (speech, printing, its counts) and exit with status 0; the app's unmount closes the rest."""
    app.narrator.reset()
    if app.printer_started:
        app.printer.cancel()
    app.usage.end_visit()
    app.exit(return_code=0)
