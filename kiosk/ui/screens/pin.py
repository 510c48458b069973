"""The staff PIN dialog: masked, never echoed, never spoken, never logged (EN 301 549 5.1.3.8)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Static

from kiosk.core.i18n import Localized
from kiosk.core.pin import PinOutcome
from kiosk.ui.screens.modal import KioskModal

#: Outcomes that leave nothing to type: the PIN field is disabled while one of them holds.
SHUT = (PinOutcome.LOCKED, PinOutcome.DISABLED, PinOutcome.UNAVAILABLE)


class PinDialog(KioskModal[bool]):
    """Ask for the staff PIN; dismiss(True) only for the right one."""

    BINDINGS = [Binding("escape", "cancel", show=False)]
    AUTO_FOCUS = "#pin"

    def compose(self) -> ComposeResult:
        status = self.kiosk.pin_guard.status()
        with Vertical(id="pin-box"):
            yield Static("Staff only", id="pin-title")
            yield Static(status.describe(self.kiosk.staff_tr), id="pin-message", markup=False)
            # "-private": speech mode must never read this field or what is typed in it.
            yield Input(
                password=True,
                id="pin",
                classes="-private",
                max_length=12,
                restrict=r"[0-9]*",
                disabled=status.outcome in SHUT,
            )

    def on_mount(self) -> None:
        self.set_interval(1.0, self._refresh_lock, name="pin-lock")

    def _refresh_lock(self) -> None:
        status = self.kiosk.pin_guard.status()
        pin = self.query_one("#pin", Input)
        if status.outcome is PinOutcome.LOCKED or not pin.disabled:
            if status.outcome is PinOutcome.LOCKED:
                self.query_one("#pin-message", Static).update(status.describe(self.kiosk.staff_tr))
            return
        pin.disabled = status.outcome in SHUT
        self.query_one("#pin-message", Static).update(status.describe(self.kiosk.staff_tr))
        pin.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.dismissed:
            return  # Enter twice in one moment: the first answer stands
        pin = self.query_one("#pin", Input)
        result = self.kiosk.pin_guard.attempt(pin.value)
        pin.value = ""  # the PIN is not kept a moment longer than the check
        if result.ok:
            self.dismiss(True)
            return
        said = result.describe(self.kiosk.staff_tr)
        self.query_one("#pin-message", Static).update(said)
        self.kiosk.narrator.announce(Localized(said, "en"))  # what went wrong, never what was typed
        pin.disabled = result.outcome in SHUT

    def action_cancel(self) -> None:
        for pin in self.query("#pin").results(Input):
            pin.value = ""
        self.dismiss(False)
