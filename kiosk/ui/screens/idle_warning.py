"""The warning before the kiosk clears itself (WCAG 2.2.1): a countdown that any input cancels."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from kiosk.ui.widgets.directional_button import DirectionalButton
from kiosk.ui.widgets.directional_text import DirectionalText

if TYPE_CHECKING:
    from kiosk.ui.app import KioskApp


class IdleWarningScreen(ModalScreen[None]):
    """ "Are you still there?" with the seconds left. Any key, click or touch keeps the visit going."""

    def __init__(self, seconds_left: int) -> None:
        super().__init__()
        self.seconds_left = seconds_left

    @property
    def kiosk(self) -> KioskApp:
        return cast("KioskApp", self.app)

    def message(self) -> str:
        tr = self.kiosk.tr
        left = tr.ngettext(
            "The kiosk will clear this visit in %(num)s second.",
            "The kiosk will clear this visit in %(num)s seconds.",
            self.seconds_left,
        )
        question = tr.gettext("Are you still there?")
        return f"{question} {left} {tr.gettext('Press any key or touch the screen to carry on.')}"

    def compose(self) -> ComposeResult:
        rtl = self.kiosk.tr.language.rtl
        with Vertical(id="idle-box"):
            yield DirectionalText(self.message(), rtl=rtl, id="idle-message")
            yield DirectionalButton(
                self.kiosk.tr.gettext("I am still here"), rtl=rtl, id="still-here", action="screen.dismiss"
            )

    def on_mount(self) -> None:
        self.query_one("#still-here", Button).focus()

    def count_down(self, seconds_left: int) -> None:
        self.seconds_left = seconds_left
        # A key may have dismissed the warning a moment ago: the screen is then being taken down and its
        # message is gone. Not yet composed, it shows ``seconds_left`` when it is.
        for message in self.query("#idle-message").results(Static):
            message.update(self.message())  # a DirectionalText: wrapped and ordered for its language
