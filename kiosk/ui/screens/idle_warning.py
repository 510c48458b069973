"""The warning before the kiosk clears itself (WCAG 2.2.1): a countdown that any input cancels."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from kiosk.core.i18n import N_
from kiosk.ui.screens.modal import KioskModal
from kiosk.ui.widgets.directional_button import DirectionalButton
from kiosk.ui.widgets.directional_text import DirectionalText

#: Said after the countdown (marked here: inside an f-string the extractor would not see it).
CARRY_ON = N_("Press any key or touch the screen to carry on.")


class IdleWarningScreen(KioskModal[None]):
    """ "Are you still there?" with the seconds left. Any key, click or touch keeps the visit going."""

    AUTO_FOCUS = "#still-here"

    def __init__(self, seconds_left: int) -> None:
        super().__init__()
        self.seconds_left = seconds_left

    def message(self) -> str:
        tr = self.kiosk.tr
        left = tr.ngettext(
            "The kiosk will clear this visit in %(num)s second.",
            "The kiosk will clear this visit in %(num)s seconds.",
            self.seconds_left,
        )
        question = tr.gettext("Are you still there?")
        carry_on = tr.gettext(CARRY_ON)
        return f"{question} {left} {carry_on}"

    def seconds_message(self) -> str:
        """The countdown as speech mode says it between the marks (20, 10, 5 seconds left)."""
        return self.kiosk.tr.ngettext("%(num)s second left.", "%(num)s seconds left.", self.seconds_left)

    def compose(self) -> ComposeResult:
        rtl = self.kiosk.tr.language.rtl
        with Vertical(id="idle-box"):
            yield DirectionalText(self.message(), rtl=rtl, id="idle-message")
            yield DirectionalButton(
                self.kiosk.tr.gettext("I am still here"), rtl=rtl, id="still-here", action="screen.dismiss"
            )

    def count_down(self, seconds_left: int) -> None:
        self.seconds_left = seconds_left
        # A key may have dismissed the warning a moment ago: the screen is then being taken down and its
        # message is gone. Not yet composed, it shows ``seconds_left`` when it is.
        for message in self.query("#idle-message").results(Static):
            message.update(self.message())  # a DirectionalText: wrapped and ordered for its language
