"""The staff screen: today's language, speech and printer tests, review warnings, usage, theme, exit.

Staff screens are in English: they are for council staff, and a family never sees them.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, cast

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Select, Static

from kiosk.core.config import THEMES
from kiosk.core.i18n import offered_languages
from kiosk.core.source_age import review_lines as source_review_lines

if TYPE_CHECKING:
    from kiosk.ui.app import KioskApp


class StaffScreen(ModalScreen[None]):
    """Only reachable through the PIN dialog. Closing it returns the kiosk to families."""

    BINDINGS = [Binding("escape", "close", show=False)]

    @property
    def kiosk(self) -> KioskApp:
        return cast("KioskApp", self.app)

    def compose(self) -> ComposeResult:
        kiosk = self.kiosk
        languages = [(f"{lang.endonym} ({lang.english_name})", lang.code) for lang in offered_languages(kiosk.config)]
        with VerticalScroll(id="staff-body"):
            yield Static(f"Staff - {kiosk.config.council}", id="staff-title", markup=False)
            yield Static("Today's starting language", classes="staff-heading")
            yield Select(languages, value=kiosk.default_language, allow_blank=False, id="staff-language")
            yield Static("Speech test", classes="staff-heading")
            yield Select(languages, value=kiosk.default_language, allow_blank=False, id="speech-language")
            with Grid(classes="staff-buttons"):
                yield Button("Test speech", id="test-speech")
                yield Button("Print test slip", id="test-print")
                yield Button("Switch theme", id="switch-theme")
                yield Button("Exit the kiosk", id="exit-kiosk", variant="error")
                yield Button("Back to the kiosk", id="close")
            yield Static("", id="staff-result", markup=False)
            yield Static("Content and contacts to review", classes="staff-heading")
            yield Static("\n".join(self.review_lines()) or "Nothing to review.", id="staff-review", markup=False)
            yield Static("Translations", classes="staff-heading")
            yield Static("\n".join(kiosk.translation_status_lines()), id="staff-translations", markup=False)
            yield Static("Usage counts", classes="staff-heading")
            yield Static("\n".join(kiosk.usage_lines()), id="staff-usage", markup=False)

    def review_lines(self) -> list[str]:
        content = self.kiosk.content
        today = dt.date.today()
        lines = [
            f"Review overdue: step {step.number} '{step.title}' (next review was {step.next_review})"
            for step in content.steps
            if step.review_due(today)
        ]
        # The seed page's own review date, old sources and long-unchecked details (kiosk.core.source_age),
        # before the longer list of details families are not shown.
        lines += source_review_lines(content, today)
        for contact in content.contacts:
            for detail in contact.details:
                if not detail.shown_to_families:
                    lines.append(f"Not shown to families: {contact.name} {detail.kind} - {detail.note}")
        return lines

    def on_mount(self) -> None:
        self.query_one("#close", Button).focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "staff-language" and isinstance(event.value, str):
            self.kiosk.default_language = event.value
            self.say(f"Each visit now starts in {event.value}.")

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        button = event.button.id
        if button == "close":
            self.dismiss()
        elif button == "exit-kiosk":
            self.kiosk.exit()
        elif button == "switch-theme":
            themes = list(THEMES)
            current = themes.index(self.kiosk.theme) if self.kiosk.theme in themes else -1
            self.kiosk.theme = themes[(current + 1) % len(themes)]
            self.say(f"Theme: {self.kiosk.theme}")
        elif button == "test-speech":
            language = self.query_one("#speech-language", Select).value
            self.say(self.kiosk.test_speech(str(language)))
        elif button == "test-print":
            self.say("Printing a test slip...")
            self.kiosk.print_test_slip()

    def say(self, message: str) -> None:
        self.query_one("#staff-result", Static).update(message)

    def action_close(self) -> None:
        self.dismiss()
