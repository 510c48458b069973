"""Printing the take-home slip from the app without ever blocking the screen.

The CUPS work (render, ``lp``, follow the job) runs in a thread worker that only posts
``PrintReport`` messages; the app's handler shows and speaks each status.
"""

from __future__ import annotations

import datetime as dt
import threading
from typing import TYPE_CHECKING

from textual.message import Message

from kiosk.core.i18n import translator
from kiosk.core.pages import CONTACTS, HOME
from kiosk.core.printing import PrintStatus, print_slip
from kiosk.core.slip import build_slip

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
        slip = build_slip(app.content, tr, slip_page(page_id), dt.date.today())
        settings, stop = app.config.printer, self._stop

        def follow() -> None:
            for status in print_slip(slip, tr, settings, stop=stop):
                app.post_message(PrintReport(status, tr.code))

        app.run_worker(follow, thread=True, group="print", name="print-slip", exit_on_error=False)
        return True

    def finished(self) -> None:
        self.busy = False

    def cancel(self) -> None:
        """Stop following the job (the visit ended); the worker ends at its next look."""
        self._stop.set()
        self.busy = False
