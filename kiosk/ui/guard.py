"""When something unexpected fails, the visit starts again on a clean home screen; the kiosk stays up.

Textual ends an app on the first exception no handler caught, drawing its traceback. A kiosk must
never do that in front of a family: the error is logged with its traceback (to the journal, under
``kiosk run``), everything about the visit is cleared as the idle reset does, and the home screen
says in a plain sentence that the kiosk started again. Only if failures keep coming, the restart
itself fails or the home screen itself stopped taking messages does the kiosk end, with a non-zero
status, so that the service manager starts a fresh process.
"""

from __future__ import annotations

import functools
import inspect
import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from kiosk.core.i18n import N_

if TYPE_CHECKING:
    from kiosk.ui.app import KioskApp

log = logging.getLogger(__name__)

#: What the family is told after a restart (shown in the status line, spoken in speech mode).
RESTARTED = N_("Sorry, something went wrong. The kiosk has gone back to the first page.")
#: More failures than this within FAILURE_WINDOW_S and a new process is the better cure.
MAX_FAILURES = 5
FAILURE_WINDOW_S = 60.0

Handler = TypeVar("Handler", bound=Callable[..., Any])


class VisitGuard:
    """Turns an unexpected exception into a logged error and a fresh visit."""

    def __init__(self, app: KioskApp, clock: Callable[[], float] = time.monotonic) -> None:
        self.app = app
        self.clock = clock
        self._recent: list[float] = []
        self._restarting = False
        #: Failures the kiosk has recovered from since it started.
        self.recovered = 0
        #: A failure whose restart has not happened (yet): the app ending with one set crashed.
        self.pending: BaseException | None = None

    def failed(self, error: BaseException) -> None:
        """Log ``error`` with its traceback and take the visit back to a clean home screen."""
        log.error("Unexpected error; the visit starts again on the home screen.", exc_info=error)
        now = self.clock()
        self._recent = [at for at in self._recent if now - at < FAILURE_WINDOW_S] + [now]
        self.pending = error
        if self._restarting or len(self._recent) > MAX_FAILURES:
            self._give_up()
            return
        self.app.call_later(self._restart)

    async def _restart(self) -> None:
        app = self.app
        self._restarting = True  # stays set if this fails: a restart that fails ends the kiosk
        while len(app.screen_stack) > 1:
            app.pop_screen()
        if not app.screen.is_running:
            # The failure was the home screen's own: Textual stopped its message queue, so it can
            # no longer take a key. The bottom screen cannot be replaced; a new process can.
            self._give_up()
            return
        await app.reset_visit()
        self._restarting = False
        self.pending = None
        self.recovered += 1
        app.notify_family(app.tr.gettext(RESTARTED), problem=True)

    def _give_up(self) -> None:
        log.error("The kiosk cannot recover on its own; it ends so that a new one is started.")
        self.app.exit(return_code=1)


def guarded(handler: Handler) -> Handler:
    """Wrap one of the app's own message handlers: an error there would stop the app's message loop."""

    @functools.wraps(handler)
    async def run(app: KioskApp, *args: Any) -> None:
        try:
            result = handler(app, *args)
            if inspect.isawaitable(result):
                await result
        except Exception as error:
            app.guard.failed(error)

    return run  # type: ignore[return-value]
