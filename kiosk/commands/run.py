"""``kiosk`` / ``kiosk run``: start the kiosk full screen."""

from __future__ import annotations

import argparse
import dataclasses
import gc
import logging
import sys
from logging.handlers import SysLogHandler
from pathlib import Path

from kiosk.commands.common import load


def log_to_journal() -> None:
    """Send log records to the system journal, never to the terminal the kiosk draws on.

    Python's last-resort handler writes warnings to stderr, which would scribble over the
    full-screen app; under systemd, ``journalctl -u kiosk`` shows what goes to ``/dev/log``.
    """
    root = logging.getLogger()
    handler: logging.Handler = logging.NullHandler()
    if Path("/dev/log").exists():
        handler = SysLogHandler(address="/dev/log")
        handler.ident = "kiosk: "
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)


def run(args: argparse.Namespace) -> int:
    # Start-up makes many objects that live as long as the kiosk (content, catalogues, the stylesheet,
    # the first screen) and little garbage, so collecting while it runs only walks them over and over.
    # The app turns collection back on once its first screen is up (KioskApp.collect_garbage_from_now_on).
    gc.disable()
    speech_log = None
    try:
        if getattr(args, "speech_log", None):
            from kiosk.core.speech.log import SpeechLog, SpeechLogError

            try:
                # Made first: its times count from the kiosk's start.
                speech_log = SpeechLog(Path(args.speech_log))
            except SpeechLogError as error:
                print(error, file=sys.stderr)
                return 1
        loaded = load(args)
        if loaded is None:
            print(
                "The kiosk cannot start until these problems are fixed. Run 'kiosk check' for details.",
                file=sys.stderr,
            )
            return 1
        config, content = loaded
        if args.lang and args.lang not in config.languages:
            config = dataclasses.replace(config, languages=(*config.languages, args.lang))
        from kiosk.ui.app import KioskApp  # imported here so the other commands never load Textual

        log_to_journal()

        KioskApp(config, content, language=args.lang, dev=args.dev, speech_log=speech_log).run()
        return 0
    finally:
        if speech_log is not None:
            speech_log.close()
        gc.enable()
