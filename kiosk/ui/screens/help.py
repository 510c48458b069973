"""Help: every key, how long the kiosk waits before it clears, and a keypad menu of extra actions."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, cast

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button

from kiosk.ui.widgets.directional_button import DirectionalButton
from kiosk.ui.widgets.directional_text import DirectionalText

if TYPE_CHECKING:
    from kiosk.ui.app import KioskApp


class HelpScreen(ModalScreen[None]):
    """Keys and options. On a numeric keypad, 1-9 here run the extra actions; 0 or escape close it."""

    BINDINGS = [
        Binding("escape,0", "close", show=False),
        Binding("1", "run('print_slip')", show=False),
        Binding("2", "run('hear_slip')", show=False),
        Binding("3", "run('toggle_speech_mode')", show=False),
        Binding("4", "run('slower')", show=False),
        Binding("5", "run('faster')", show=False),
        Binding("6", "run('toggle_contrast')", show=False),
        Binding("7", "run('open_contacts')", show=False),
        Binding("8", "run('text_size(1)')", show=False),
        Binding("9", "run('text_size(-1)')", show=False),
    ]

    @property
    def kiosk(self) -> KioskApp:
        return cast("KioskApp", self.app)

    def compose(self) -> ComposeResult:
        tr = self.kiosk.tr
        rtl = tr.language.rtl
        minutes = self.kiosk.config.idle_timeout_s / 60
        lines = [tr.gettext("Help"), ""]
        lines += [f"{key}  {label}" for key, label in self.kiosk.all_key_hints()]
        lines += [
            "",
            tr.ngettext(
                "If nobody touches the kiosk for %(num)s minute, it warns you and then clears everything.",
                "If nobody touches the kiosk for %(num)s minutes, it warns you and then clears everything.",
                round(minutes),
            ).replace("%(num)s", tr.number(round(minutes, 1))),
        ]
        lines += [
            tr.gettext(
                "Press S, or the dot key on the keypad, to turn speech mode on or off. "
                "In speech mode the kiosk reads out every button and message."
            )
        ]
        with VerticalScroll(id="help-body"):
            yield DirectionalText("\n".join(lines), rtl=rtl, id="help-text")
            with Grid(id="help-menu"):
                for number, (label, action) in enumerate(self.menu(), start=1):
                    yield DirectionalButton(
                        f"{number}  {label}",
                        rtl=rtl,
                        id="menu-" + re.sub(r"[^a-z0-9]+", "-", action.replace("-1", "minus-1")).strip("-"),
                        action=f"screen.run('{action}')",
                    )
                yield DirectionalButton("0  " + tr.gettext("Close"), rtl=rtl, id="close", action="screen.close")

    def menu(self) -> list[tuple[str, str]]:
        tr = self.kiosk.tr
        return [
            (tr.gettext("Print slip"), "print_slip"),
            (tr.gettext("Hear the slip"), "hear_slip"),
            (tr.gettext("Speech mode on or off"), "toggle_speech_mode"),
            (tr.gettext("Speak slower"), "slower"),
            (tr.gettext("Speak faster"), "faster"),
            (tr.gettext("High contrast on or off"), "toggle_contrast"),
            (tr.gettext("Contacts"), "open_contacts"),
            (tr.gettext("Larger text"), "text_size(1)"),
            (tr.gettext("Smaller text"), "text_size(-1)"),
        ]

    def on_mount(self) -> None:
        self.query_one("#close", Button).focus()

    def action_close(self) -> None:
        self.dismiss()

    async def action_run(self, action: str) -> None:
        self.dismiss()
        await self.kiosk.run_action(action)
