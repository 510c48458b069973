"""Help: every key, how long the kiosk waits before it clears, and a keypad menu of extra actions."""

from __future__ import annotations

import re

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, VerticalScroll

from kiosk.core.i18n import Translator
from kiosk.ui.screens.modal import KioskModal
from kiosk.ui.widgets.directional_button import DirectionalButton
from kiosk.ui.widgets.directional_text import DirectionalText


def idle_sentence(tr: Translator, idle_timeout_s: float) -> str:
    """How long the kiosk waits before it warns, in whole minutes when it is, otherwise in seconds."""
    seconds = round(idle_timeout_s)
    if seconds % 60 == 0:
        minutes = seconds // 60
        sentence = tr.ngettext(
            "If nobody touches the kiosk for %(num)s minute, it warns you and then clears everything.",
            "If nobody touches the kiosk for %(num)s minutes, it warns you and then clears everything.",
            minutes,
        )
        return sentence.replace("%(num)s", tr.number(minutes))
    sentence = tr.ngettext(
        "If nobody touches the kiosk for %(num)s second, it warns you and then clears everything.",
        "If nobody touches the kiosk for %(num)s seconds, it warns you and then clears everything.",
        seconds,
    )
    return sentence.replace("%(num)s", tr.number(seconds))


class HelpScreen(KioskModal[None]):
    """Keys and options. On a numeric keypad, 1-9 here run the extra actions; 0 or escape close it.

    It opens at its top with the text itself focused, so arrows scroll it and a screen reader's
    user starts at the first line; Tab reaches the menu buttons.
    """

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

    AUTO_FOCUS = "#help-body"

    def compose(self) -> ComposeResult:
        tr = self.kiosk.tr
        rtl = tr.language.rtl
        lines = [tr.gettext("Help"), ""]
        lines += [f"{key}  {label}" for key, label in self.kiosk.all_key_hints()]
        lines += ["", idle_sentence(tr, self.kiosk.config.idle_timeout_s)]
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

    def action_close(self) -> None:
        self.dismiss()

    async def action_run(self, action: str) -> None:
        if self.dismissed:
            return  # a second key or click in the same moment: the first already ran
        self.dismiss()
        await self.kiosk.run_action(action)
