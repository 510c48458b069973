"""Sentences the speech service tells people, kept translatable.

The service runs for the whole app, but the family's language changes with every session, so a
reason is kept as its English template and its values; the screen translates it when it shows it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from kiosk.core.i18n import N_

if TYPE_CHECKING:
    from kiosk.core.i18n import Translator

#: Placeholder names whose value is a kiosk language code, shown as that language's name.
LANGUAGE_PLACEHOLDERS = ("language",)

ESPEAK_MISSING = N_("Speech is not available: espeak-ng is not installed.")
ESPEAK_BROKEN = N_("Speech is not available: espeak-ng could not start. Reinstall espeak-ng and espeak-ng-data.")
ENGINE_STOPPED = N_("Speech is not available: the speech engine stopped answering. Try again in a moment.")
PLAYER_MISSING = N_("Audio is not available: the audio player '%(player)s' is not installed.")
NO_PLAYER = N_("Audio is not available: neither paplay nor aplay is installed.")
NO_AUDIO = N_("Audio is not available: no sound server or device answered.")
NO_VOICE = N_("Speech is not available in %(language)s: espeak-ng has no voice for it.")
OVERRIDE_MISSING = N_(
    "Speech is not available in %(language)s: the voice '%(voice)s' set in the configuration is not installed. "
    "Run 'kiosk voices' to see the voices."
)


@dataclass(frozen=True)
class Message:
    """A sentence for people: an English template with named ``%(name)s`` values."""

    template: str
    values: tuple[tuple[str, str], ...] = ()

    def english(self) -> str:
        """The sentence in English (logs, the command line, tests)."""
        return self._fill(self.template, "en")

    def translated(self, tr: Translator) -> str:
        """The sentence in the translator's language (English where the catalogue lacks it)."""
        return self._fill(tr.gettext(self.template), tr.code)

    def _fill(self, template: str, code: str) -> str:
        text = template
        for name, value in self.values:
            shown = _language_name(value, code) if name in LANGUAGE_PLACEHOLDERS else value
            text = text.replace(f"%({name})s", shown)
        return text


def message(template: str, **values: str) -> Message:
    """Build a Message; ``template`` must be a ``N_`` constant of this module."""
    return Message(template, tuple(sorted(values.items())))


def _language_name(code: str, display_code: str) -> str:
    # Imported here: Babel's locale data is only needed when a sentence names a language.
    from babel import Locale, UnknownLocaleError

    from kiosk.core.i18n import language

    if display_code == "en":
        return language(code).english_name
    try:
        return Locale.parse(code).get_display_name(display_code) or code
    except (ValueError, UnknownLocaleError):
        return code
