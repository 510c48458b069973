"""Stopping cleanly on SIGTERM (what systemd sends to stop the kiosk) and SIGHUP (its terminal went away).

A stop ends the visit as the idle reset does - speech and printing stop, the visit's usage counts
are stored - and the kiosk then exits with status 0, closing the usage file and removing every
temporary file (``kiosk run`` removes the private temporary folder after the app has ended).
"""

from __future__ import annotations

import asyncio
import logging
import signal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.ui.app import KioskApp

log = logging.getLogger(__name__)

STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP)


def stop_on_signals(app: KioskApp, loop: asyncio.AbstractEventLoop) -> None:
    """Make SIGTERM and SIGHUP stop ``app`` cleanly (handled in ``loop``, between the app's own steps)."""
    for signum in STOP_SIGNALS:
        loop.add_signal_handler(signum, _stop_requested, app, signum)


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
