"""``kiosk say PAGE --lang CODE --wav OUT.wav``: write the read-aloud audio of a page to one WAV file.

The same sentences, voices, rate and volume as the kiosk uses when it reads the page aloud.
Prints one line (length, sentences, voices); exit status 1 with a sentence when it cannot.
"""

from __future__ import annotations

import argparse
import sys

from kiosk.commands.common import load
from kiosk.core.i18n import translator
from kiosk.core.pages import PAGE_IDS, build_page
from kiosk.core.reading import page_utterances
from kiosk.core.speech.render import SpeechUnavailableError, synthesise_to_wav


def _fail(sentence: str) -> int:
    print(f"kiosk say: {sentence}", file=sys.stderr)
    return 1


def run(args: argparse.Namespace) -> int:
    loaded = load(args)
    if loaded is None:
        return 1
    config, content = loaded
    if args.page not in PAGE_IDS:
        return _fail(f"'{args.page}' is not a page; pages are: {', '.join(PAGE_IDS)}.")
    tr = translator(args.lang, config.locales_dir)
    utterances = page_utterances(build_page(content, tr, args.page), tr)
    wav = args.wav.expanduser()
    if not wav.parent.is_dir():
        return _fail(f"the folder {wav.parent} does not exist; create it or choose another --wav path.")
    try:
        rendering = synthesise_to_wav(utterances, wav, config.speech)
    except SpeechUnavailableError as error:
        return _fail(error.problem.english())
    except OSError as error:
        return _fail(f"could not write {wav}: {error.strerror or error}.")
    voices = ", ".join(f"{choice.language}={choice.voice_id}" for choice in rendering.choices if choice.voice_id)
    line = f"Wrote {wav}: {rendering.duration_s:.1f} s, {rendering.sentences} sentences, voices {voices}"
    if rendering.skipped:
        missing = "; ".join(choice.reason for choice in rendering.choices if choice.reason)
        line += f"; {rendering.skipped} sentences silent ({missing})"
    print(line + ".")
    return 0
