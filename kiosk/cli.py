"""The ``kiosk`` command: start the app, or check, speak, print and report from the shell.

Each sub-command lives in ``kiosk/commands/<name>.py`` with a ``run(args) -> int`` function and
is imported only when used, so ``kiosk check`` never pays for Textual and the app never pays for
PDF rendering at start-up.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import sys
from pathlib import Path

from kiosk import __version__
from kiosk.core.config import ALL_LANGUAGES, PAPERS


def _iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date; write it as YYYY-MM-DD.") from None


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", type=Path, help="kiosk configuration file (default: built-in settings)")
    parser.add_argument("--content", type=Path, help="content folder holding guide.yaml and contacts.yaml")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kiosk",
        description="A multilingual, speaking guide to SEND disagreements for a council reception.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    run = commands.add_parser("run", help="start the kiosk full screen (the default)")
    _run_options(run)
    _run_options(parser)

    check = commands.add_parser("check", help="validate content, catalogues, configuration and printer")
    _common(check)
    check.add_argument(
        "--strict", action="store_true", help="also fail on missing or fuzzy translations and on old sources"
    )
    check.add_argument(
        "--today",
        type=_iso_date,
        metavar="YYYY-MM-DD",
        help="judge review dates and source ages as on this day (default: today)",
    )

    say = commands.add_parser("say", help="write the read-aloud audio of a page to a WAV file")
    _common(say)
    say.add_argument("page", help="page id: home, contacts or a step id such as mediation")
    say.add_argument("--lang", default="en", choices=ALL_LANGUAGES)
    say.add_argument("--wav", type=Path, required=True, help="output WAV file")

    voices = commands.add_parser("voices", help="list the espeak-ng voice chosen for each language")
    _common(voices)

    slip = commands.add_parser("slip", help="write the take-home slip as a PDF")
    _common(slip)
    slip.add_argument("--lang", default="en", choices=ALL_LANGUAGES)
    slip.add_argument("--page", default=None, help="step id; all contacts when omitted")
    slip.add_argument("--paper", choices=PAPERS, default=None)
    slip.add_argument("--pdf", type=Path, required=True)

    print_ = commands.add_parser("print", help="print the take-home slip and wait for the job")
    _common(print_)
    print_.add_argument("--lang", default="en", choices=ALL_LANGUAGES)
    print_.add_argument("--page", default=None)
    print_.add_argument("--printer", default=None, help="CUPS queue (default: configured, then system default)")
    print_.add_argument("--paper", choices=PAPERS, default=None)

    serve = commands.add_parser("serve", help="serve the kiosk to a browser (touch-screen kiosks)")
    _common(serve)
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)

    stats = commands.add_parser("stats", help="print the daily usage counts")
    _common(stats)
    stats.add_argument("--csv", action="store_true")

    commands.add_parser("hash-pin", help="read a staff PIN from standard input and print its config line")
    return parser


def _run_options(parser: argparse.ArgumentParser) -> None:
    _common(parser)
    parser.add_argument("--lang", default=None, choices=ALL_LANGUAGES, help="start in this language")
    parser.add_argument("--dev", action="store_true", help="development mode: ctrl+q quits")


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    command = (args.command or "run").replace("-", "_")
    module = importlib.import_module(f"kiosk.commands.{command}")
    try:
        return int(module.run(args))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
