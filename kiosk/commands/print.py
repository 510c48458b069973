"""``kiosk print --lang CODE [--page ID] [--printer QUEUE] [--paper a4|roll80]``: print the slip and wait.

Prints each status of the job as the family would see it (with a detail for staff in brackets).
Exit status 0 when the job has printed; 1 with the reason when it has not.
"""

from __future__ import annotations

import argparse
import dataclasses

from kiosk.commands.common import load
from kiosk.commands.slip import fail, slip_from_args
from kiosk.core.errors import KioskError
from kiosk.core.i18n import translator
from kiosk.core.printing import DONE, FAILED, print_slip


def run(args: argparse.Namespace) -> int:
    loaded = load(args)
    if loaded is None:
        return 1
    config, content = loaded
    tr = translator(args.lang, config.locales_dir)
    try:
        slip, paper = slip_from_args(args, config, content)
    except KioskError as error:
        return fail("print", str(error))
    queue = args.printer if args.printer is not None else config.printer.queue
    settings = dataclasses.replace(config.printer, queue=queue, paper=paper)
    for status in print_slip(slip, tr, settings):
        detail = f" ({status.detail})" if status.detail else ""
        if status.state == FAILED:
            return fail("print", status.message + detail)
        print(status.message + detail, flush=True)
        if status.state == DONE:
            return 0
    return fail("print", "the print job ended without saying whether it printed.")
