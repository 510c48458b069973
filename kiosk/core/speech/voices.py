"""Which espeak-ng voice reads which kiosk language.

Voices are matched on the language codes espeak-ng declares, exactly: a loose match on names once
picked Aragonese (``roa/an``) for Arabic and spelled Arabic script letter by letter.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from kiosk.core.speech.messages import NO_VOICE, OVERRIDE_MISSING, Message, message

#: espeak-ng language codes to look for, best first, per kiosk language.
VOICE_LANGUAGES: Mapping[str, tuple[str, ...]] = {
    "en": ("en-gb", "en"),
    "pl": ("pl",),
    "ro": ("ro",),
    "pt": ("pt-pt", "pt"),
    "bg": ("bg",),
    "lt": ("lt",),
    "lv": ("lv",),
    "hu": ("hu",),
    "uk": ("uk",),
    "ru": ("ru",),
    "ar": ("ar",),
    "zh_Hans": ("cmn", "zh-cmn", "zh"),
}


@dataclass(frozen=True)
class InstalledVoice:
    """A voice espeak-ng offers, as pyttsx3 lists it."""

    id: str
    name: str
    languages: tuple[str, ...]


@dataclass(frozen=True)
class VoiceChoice:
    """The voice chosen for one kiosk language, or why there is none."""

    language: str
    #: The espeak-ng voice id (``zlw/pl``), or None when the language cannot be spoken.
    voice_id: str | None
    voice_name: str = ""
    #: True when the configuration named this voice.
    configured: bool = False
    problem: Message | None = None

    @property
    def reason(self) -> str:
        """Why there is no voice, in English; empty when there is one."""
        return self.problem.english() if self.problem else ""


def choose_voice(language: str, installed: Iterable[InstalledVoice], overrides: Mapping[str, str]) -> VoiceChoice:
    """The voice for ``language``: the configured override if installed, else the best exact match."""
    voices = tuple(installed)
    by_id = {voice.id.lower(): voice for voice in voices}
    override = overrides.get(language, "").strip()
    if override:
        voice = by_id.get(override.lower())
        if voice is None:
            return VoiceChoice(language, None, problem=message(OVERRIDE_MISSING, language=language, voice=override))
        return VoiceChoice(language, voice.id, voice.name, configured=True)
    for wanted in VOICE_LANGUAGES.get(language, (language.lower().replace("_", "-"),)):
        for voice in voices:
            if wanted in (code.lower() for code in voice.languages):
                return VoiceChoice(language, voice.id, voice.name)
    return VoiceChoice(language, None, problem=message(NO_VOICE, language=language))
