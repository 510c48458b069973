"""Printing the take-home slip from the app without ever blocking the screen.

The CUPS work (render, ``lp``, follow the job) runs in a thread worker that only posts
``PrintReport`` messages; the app's handler shows and speaks each status.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from typing import TYPE_CHECKING

from textual.message import Message

from kiosk.core.i18n import translator
from kiosk.core.pages import CONTACTS, HOME
from kiosk.core.printing import FAILED, UNEXPECTED, PrintStatus, failure_message, print_slip
from kiosk.core.slip import build_slip

logger = logging.getLogger(__name__)

if TYPE_CHECKING:
    from kiosk.ui.app import KioskApp


class PrintReport(Message):
    """A print job's progress, delivered on the app's thread."""

    def __init__(self, status: PrintStatus, language: str) -> None:
        super().__init__()
        self.status = status
        self.language = language


def slip_page(page_id: str) -> str | None:
    """The slip for a step lists that step's contacts; home and Contacts list them all."""
    return None if page_id in (HOME, CONTACTS) else page_id


class SlipPrinter:
    """Starts one print job at a time and stops following it when the visit ends."""

    def __init__(self, app: KioskApp) -> None:
        self.app = app
        self.busy = False
        self._stop = threading.Event()

    def print_page(self, page_id: str, *, language: str | None = None) -> bool:
        """Print the slip of a page (in the current language by default); False if one is printing."""
        if self.busy:
            return False
        self.busy = True
        self._stop = threading.Event()
        app = self.app
        tr = translator(language, app.config.locales_dir) if language else app.tr
        settings, stop = app.config.printer, self._stop

        def follow() -> None:
            # Every way out of this worker ends in a final status, which frees the printer: a
            # failure nobody foresaw (a bug in rendering, say) is told to the family as a failure
            # rather than leaving "already printing" until the visit ends.
            ended = False
            try:
                slip = build_slip(app.content, tr, slip_page(page_id), dt.date.today())
                for status in print_slip(slip, tr, settings, stop=stop):
                    ended = status.final
                    app.post_message(PrintReport(status, tr.code))
            except Exception as error:  # reported to the family and to staff below, never swallowed
                logger.exception("The print worker failed")
                detail = f"The print worker failed ({type(error).__name__}: {error}); see the kiosk's log."
            else:
                if ended or stop.is_set():
                    return
                detail = "The print worker ended without saying whether the slip was printed."
            if not stop.is_set():
                failure = PrintStatus(FAILED, failure_message(tr, UNEXPECTED), detail, UNEXPECTED)
                app.post_message(PrintReport(failure, tr.code))

        app.run_worker(follow, thread=True, group="print", name="print-slip", exit_on_error=False)
        return True

    def finished(self) -> None:
        self.busy = False

    def cancel(self) -> None:
        """Stop following the job (the visit ended); the worker ends at its next look."""
        self._stop.set()
        self.busy = False
