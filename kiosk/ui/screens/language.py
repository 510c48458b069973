"""The language picker: each language by its own name, with the English name beside it."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from kiosk.core.i18n import offered_languages
from kiosk.ui import keymap
from kiosk.ui.text import visual

if TYPE_CHECKING:
    from kiosk.ui.app import KioskApp


class LanguageScreen(ModalScreen[str | None]):
    """Choose a language by arrows, keypad (8 up, 2 down, 5 or enter to choose, 0 to close) or touch."""

    BINDINGS = [
        Binding("escape,0", "dismiss_none", show=False),
        Binding("8", "move(-1)", show=False),
        Binding("2", "move(1)", show=False),
        Binding("5", "choose", show=False),
    ]

    #: The keys shown in the key bar (of the page underneath) while the picker is open.
    KEY_HINTS = keymap.PICKER_BAR

    @property
    def kiosk(self) -> KioskApp:
        return cast("KioskApp", self.app)

    def compose(self) -> ComposeResult:
        tr = self.kiosk.tr
        options = []
        for language in offered_languages(self.kiosk.config):
            own = visual(language.endonym, language.rtl)
            label = own if language.code == "en" else f"{own}  —  {language.english_name}"
            options.append(Option(label, id=language.code))
        with Vertical(id="language-box"):
            yield Static(visual(tr.gettext("Choose your language"), tr.language.rtl), id="language-title", markup=False)
            yield OptionList(*options, id="languages")

    def on_mount(self) -> None:
        languages = self.query_one(OptionList)
        languages.highlighted = languages.get_option_index(self.kiosk.tr.code)
        languages.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_move(self, step: int) -> None:
        languages = self.query_one(OptionList)
        current = languages.highlighted or 0
        languages.highlighted = max(0, min(languages.option_count - 1, current + step))

    def action_choose(self) -> None:
        languages = self.query_one(OptionList)
        if languages.highlighted is not None:
            self.dismiss(languages.get_option_at_index(languages.highlighted).id)

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
