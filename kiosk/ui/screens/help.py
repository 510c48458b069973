"""Help: every key, how long the kiosk waits before it clears, and a keypad menu of extra actions."""

from __future__ import annotations

import re
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, VerticalScroll

from kiosk.core.announcements import READING
from kiosk.core.i18n import Localized, Translator
from kiosk.ui import keymap
from kiosk.ui.screens.modal import KioskModal
from kiosk.ui.widgets.directional_button import DirectionalButton
from kiosk.ui.widgets.directional_text import DirectionalText
from kiosk.ui.widgets.page_view import scroll_down_or_top


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

    #: From the keymap: 1-9 the menu, 0 and Esc close, R reads the help, S and "." speech mode, arrows.
    BINDINGS: ClassVar[list[Binding | tuple[str, str] | tuple[str, str, str]]] = [*keymap.help_screen_bindings()]

    #: The keys shown in the key bar (of the page underneath) while the help is open.
    KEY_HINTS = keymap.HELP_BAR

    #: True once R asked for the help to be read (R again stops it while it is heard).
    reading_aloud = False

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
                for key, label, action in self.menu():
                    yield DirectionalButton(
                        f"{key}  {label}",
                        rtl=rtl,
                        id="menu-" + re.sub(r"[^a-z0-9]+", "-", action.replace("-1", "minus-1")).strip("-"),
                        action=f"screen.run('{action}')",
                    )
                yield DirectionalButton("0  " + tr.gettext("Close"), rtl=rtl, id="close", action="screen.close")

    def menu(self) -> list[tuple[str, str, str]]:
        """(key as written, translated label, action) for each option."""
        tr = self.kiosk.tr
        return [(keymap.key_name(item.key), tr.gettext(item.label), item.action) for item in keymap.HELP_MENU]

    def action_close(self) -> None:
        self.dismiss()

    def action_scroll_help(self) -> None:
        scroll_down_or_top(self.query_one("#help-body"))

    def action_read_help(self) -> None:
        """R: read the keys and the menu aloud, or stop if they are being read."""
        narrator = self.kiosk.narrator
        if self.reading_aloud and narrator.speaking:
            self.reading_aloud = False
            narrator.stop()
            return
        self.reading_aloud = True
        tr = self.kiosk.tr
        sentences = [tr.gettext("Help") + "."]
        for keyboard, keypad, description in keymap.help_rows("help", then="→"):
            keys = f"{keyboard}, {keypad}" if keypad and keypad != keyboard else keyboard
            sentences.append(f"{tr.gettext(description)}: {keys}.")
        sentences += [f"{key}: {label}." for key, label, _ in self.menu()]
        # Read as a reading, so any other key stops it as it stops a page being read.
        narrator.say(Localized(" ".join(sentences), tr.code), READING)

    async def action_run(self, action: str) -> None:
        if self.dismissed:
            return  # a second key or click in the same moment: the first already ran
        self.dismiss()
        await self.kiosk.run_action(action)
