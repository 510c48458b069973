"""``kiosk`` / ``kiosk run``: start the kiosk full screen."""

from __future__ import annotations

import argparse
import dataclasses
import sys

from kiosk.commands.common import load


def run(args: argparse.Namespace) -> int:
    loaded = load(args)
    if loaded is None:
        print("The kiosk cannot start until these problems are fixed. Run 'kiosk check' for details.",
              file=sys.stderr)
        return 1
    config, content = loaded
    if args.lang and args.lang not in config.languages:
        config = dataclasses.replace(config, languages=(*config.languages, args.lang))
    from kiosk.ui.app import KioskApp  # imported here so the other commands never load Textual

    KioskApp(config, content, language=args.lang, dev=args.dev).run()
    return 0
