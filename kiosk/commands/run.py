"""``kiosk`` / ``kiosk run``: start the kiosk full screen."""

from __future__ import annotations

import argparse
import dataclasses
import gc
import logging
import sys
from logging.handlers import SysLogHandler
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.commands.common import load

if TYPE_CHECKING:
    from kiosk.ui.app import KioskApp


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
    try:
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

        app = KioskApp(config, content, language=args.lang, dev=args.dev)
        app.run()
        return exit_status(app)
    finally:
        gc.enable()


def exit_status(app: KioskApp) -> int:
    """0 only when staff (or a developer) closed the kiosk; a crash that got out is 1, for the service manager."""
    if app.return_code:
        return app.return_code
    return 1 if app.guard.pending is not None else 0
