"""Help: every key, how long the kiosk waits before it clears, and a keypad menu of extra actions."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, ClassVar, cast

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from kiosk.core.i18n import Localized
from kiosk.ui import keymap
from kiosk.ui.text import visual
from kiosk.ui.widgets.page_view import scroll_down_or_top

if TYPE_CHECKING:
    from kiosk.ui.app import KioskApp


class HelpScreen(ModalScreen[None]):
    """Keys and options. On a numeric keypad, 1-9 here run the extra actions; 0 or escape close it."""

    #: From the keymap: 1-9 the menu, 0 and Esc close, R reads the help, S and "." speech mode, arrows.
    BINDINGS: ClassVar[list[Binding | tuple[str, str] | tuple[str, str, str]]] = [*keymap.help_screen_bindings()]

    #: The keys shown in the key bar (of the page underneath) while the help is open.
    KEY_HINTS = keymap.HELP_BAR

    #: True once R asked for the help to be read (R again stops it while it is heard).
    reading_aloud = False

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
            yield Static(visual("\n".join(lines), rtl), markup=False, id="help-text")
            with Grid(id="help-menu"):
                for key, label, action in self.menu():
                    yield Button(
                        visual(f"{key}  {label}", rtl),
                        id="menu-" + re.sub(r"[^a-z0-9]+", "-", action.replace("-1", "minus-1")).strip("-"),
                        action=f"screen.run('{action}')",
                    )
                yield Button(visual("0  " + tr.gettext("Close"), rtl), id="close", action="screen.close")

    def menu(self) -> list[tuple[str, str, str]]:
        """(key as written, translated label, action) for each option."""
        tr = self.kiosk.tr
        return [(keymap.key_name(item.key), tr.gettext(item.label), item.action) for item in keymap.HELP_MENU]

    def on_mount(self) -> None:
        self.query_one("#close", Button).focus()

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
        narrator.say(Localized(" ".join(sentences), tr.code))

    async def action_run(self, action: str) -> None:
        self.dismiss()
        await self.kiosk.run_action(action)
