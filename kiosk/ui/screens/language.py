"""The language picker: each language by its own name, with the English name under it.

One large button per language, in a grid, so every offered language is in view at 80x24 and each
is a three-row target for a finger. The box scrolls when a council offers more than fit.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.widgets import Button

from kiosk.core.i18n import offered_languages
from kiosk.ui import keymap
from kiosk.ui.screens.modal import KioskModal
from kiosk.ui.text import visual
from kiosk.ui.widgets.directional_text import DirectionalText

#: Marks the language the kiosk is in now (a sign as well as a colour, for those who cannot tell colours).
CURRENT_MARK = "✓ "


class LanguageScreen(KioskModal[str | None]):
    """Choose a language by arrows or Tab, keypad (8 back, 2 on, 5 or Enter to choose, 0 to close) or touch."""

    BINDINGS = [
        Binding("escape,0", "close", show=False),
        # A modal screen hides the app's own bindings, arrows among them: they move between languages here.
        Binding("left,up,8", "app.focus_previous", show=False),
        Binding("right,down,2", "app.focus_next", show=False),
        Binding("5", "choose", show=False),
    ]
    #: The language on show now has the focus when the picker opens.
    AUTO_FOCUS = "#languages .-current"
    #: The keys shown in the key bar (of the page underneath) while the picker is open.
    KEY_HINTS = keymap.PICKER_BAR

    def compose(self) -> ComposeResult:
        tr = self.kiosk.tr
        # A plain container that scrolls by its style: a VerticalScroll's own arrow bindings would
        # scroll the box instead of moving between languages.
        with Vertical(id="language-box"):
            yield DirectionalText(tr.gettext("Choose your language"), rtl=tr.language.rtl, id="language-title")
            with Grid(id="languages"):
                for language in offered_languages(self.kiosk.config):
                    current = language.code == tr.code
                    own = visual(language.endonym, language.rtl)
                    label = own if language.code == "en" else f"{own}\n{language.english_name}"
                    yield Button(
                        (CURRENT_MARK if current else "") + label,
                        id=f"language-{language.code}",
                        name=language.code,
                        classes="-current" if current else "",
                    )

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.name)

    def action_choose(self) -> None:
        focused = self.focused
        if isinstance(focused, Button) and focused.name:
            self.dismiss(focused.name)

    def action_close(self) -> None:
        self.dismiss(None)
