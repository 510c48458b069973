"""``kiosk voices``: which espeak-ng voice reads each of the kiosk's languages, and why not where none.

Always exits 0: a missing voice is information for staff, not a failure of the command.
"""

from __future__ import annotations

import argparse

from kiosk.commands.common import load
from kiosk.core.i18n import language
from kiosk.core.speech.render import SpeechUnavailableError, installed_voices, voice_choices
from kiosk.core.speech.voices import VoiceChoice


def _rows(choices: tuple[VoiceChoice, ...]) -> list[tuple[str, str, str]]:
    rows = [("Language", "Voice", "Notes")]
    for choice in choices:
        name = f"{choice.language} ({language(choice.language).english_name})"
        if choice.voice_id is None:
            rows.append((name, "no voice", choice.reason))
        else:
            note = "set in the configuration" if choice.configured else choice.voice_name
            rows.append((name, choice.voice_id, note))
    return rows


def run(args: argparse.Namespace) -> int:
    loaded = load(args)
    if loaded is None:
        return 1
    config, _ = loaded
    try:
        installed = installed_voices()
    except SpeechUnavailableError as error:
        print(error.problem.english())
        for code in config.languages:
            print(f"  {code}: no voice")
        return 0
    rows = _rows(voice_choices(config.languages, config.speech.voices, installed))
    widths = [max(len(row[column]) for row in rows) for column in range(2)]
    for row in rows:
        print(f"{row[0]:<{widths[0]}}  {row[1]:<{widths[1]}}  {row[2]}".rstrip())
    print(f"{len(installed)} espeak-ng voices installed.")
    return 0
