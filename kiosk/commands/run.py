"""``kiosk`` / ``kiosk run``: start the kiosk full screen."""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import gc
import sys
from typing import TYPE_CHECKING

from kiosk.commands.common import load
from kiosk.core.journal import log, log_exception, log_to_journal, log_uncaught_exceptions
from kiosk.core.scratch import private_temporary_files

if TYPE_CHECKING:
    from kiosk.ui.app import KioskApp


async def _run_until_stopped(app: KioskApp) -> None:
    """Run the app; SIGTERM and SIGHUP end the visit and stop it cleanly (status 0)."""
    from kiosk.ui.clean_stop import stop_on_signals

    loop = asyncio.get_running_loop()
    stop_on_signals(app, loop)
    loop.set_exception_handler(
        lambda _loop, context: log.error("Event loop: %s", context.get("message"), exc_info=context.get("exception"))
    )
    await app.run_async()


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

        log_to_journal(config.data_dir)
        log_uncaught_exceptions()

        with private_temporary_files():
            app = KioskApp(config, content, language=args.lang, dev=args.dev)
            asyncio.run(_run_until_stopped(app))
        if app.return_code:
            error = getattr(app, "_exception", None)  # Textual keeps the exception that ended the app here
            if error is not None:
                log_exception("The kiosk stopped on an uncaught exception", error)
            else:
                log.critical("The kiosk stopped with status %s.", app.return_code)
            return app.return_code
        return 0
    finally:
        gc.enable()
