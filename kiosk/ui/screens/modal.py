"""What every dialog of the kiosk shares: it closes once, however many ways it is told to close."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.await_complete import AwaitComplete
from textual.screen import ModalScreen, ScreenResultType

if TYPE_CHECKING:
    from kiosk.ui.app import KioskApp


class KioskModal(ModalScreen[ScreenResultType]):
    """A dialog over a page (picker, help, PIN, idle warning, staff).

    Two ways of closing can arrive in one frame - Enter and keypad 5 on the picker, a click and a
    key, the idle poll and a key on the warning. Textual's ``dismiss`` pops whatever screen is on
    top, so a second call would close the page underneath, and on the home screen end the kiosk
    (issue 11). Here only the first call closes the dialog; later ones do nothing.
    """

    def __init__(self) -> None:
        super().__init__()
        # Not ``_closed``: Textual's message pump has one, and setting it stops the screen's queue.
        self._dismissed = False

    @property
    def kiosk(self) -> KioskApp:
        return cast("KioskApp", self.app)

    @property
    def dismissed(self) -> bool:
        """True once the dialog was dismissed or is no longer the screen on top."""
        return self._dismissed or self.app.screen is not self

    def dismiss(self, result: ScreenResultType | None = None) -> AwaitComplete:
        if self.dismissed:
            return AwaitComplete.nothing()
        self._dismissed = True
        return super().dismiss(result)
