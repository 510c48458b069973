"""``kiosk slip --lang CODE [--page ID] [--paper a4|roll80] --pdf OUT.pdf``: write the take-home slip.

The same slip the kiosk prints, as a PDF file. Prints one line saying what was written; exit
status 1 with a sentence when the slip cannot be made (unknown page, missing font, bad folder).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from kiosk.commands.common import load
from kiosk.core.config import KioskConfig
from kiosk.core.content import Content
from kiosk.core.errors import KioskError
from kiosk.core.i18n import translator
from kiosk.core.slip import Slip, build_slip
from kiosk.core.slip_pdf import write_slip_pdf


def fail(command: str, sentence: str) -> int:
    """Print ``sentence`` for the person at the terminal and return the failure exit status."""
    print(f"kiosk {command}: {sentence}", file=sys.stderr)
    return 1


def slip_from_args(args: argparse.Namespace, config: KioskConfig, content: Content) -> tuple[Slip, str]:
    """The slip asked for on the command line and the paper to print it on (``--paper`` or the config's).

    Raises SlipError for an unknown page.
    """
    tr = translator(args.lang, config.locales_dir)
    return build_slip(content, tr, args.page, dt.date.today()), args.paper or config.printer.paper


def run(args: argparse.Namespace) -> int:
    loaded = load(args)
    if loaded is None:
        return 1
    config, content = loaded
    pdf: Path = args.pdf.expanduser()
    if not pdf.parent.is_dir():
        return fail("slip", f"the folder {pdf.parent} does not exist; create it or choose another --pdf path.")
    try:
        slip, paper = slip_from_args(args, config, content)
        write_slip_pdf(slip, pdf, paper)
    except KioskError as error:
        return fail("slip", str(error))
    print(
        f"Wrote {pdf}: {paper} slip in {slip.lang}, {len(slip.contacts())} contacts, {len(slip.websites())} QR codes."
    )
    return 0
