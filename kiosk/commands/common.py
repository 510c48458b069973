"""What every sub-command needs: the configuration and content, with errors as plain sentences."""

from __future__ import annotations

import argparse
import dataclasses
import sys

from kiosk.core.config import KioskConfig, load_config
from kiosk.core.content import Content, load_content
from kiosk.core.errors import InputError


def config_from_args(args: argparse.Namespace) -> KioskConfig:
    """The configuration named by ``--config`` (or the defaults), with ``--content`` applied."""
    config = load_config(getattr(args, "config", None))
    if getattr(args, "content", None):
        config = dataclasses.replace(config, content_dir=args.content.absolute())
    return config


def report(error: InputError) -> None:
    """Print every problem of an input error, one per line, on stderr."""
    print(f"{error.title}:", file=sys.stderr)
    for problem in error.problems:
        print(f"  {problem}", file=sys.stderr)


def load(args: argparse.Namespace) -> tuple[KioskConfig, Content] | None:
    """Load configuration and content; print the problems and return None if either is broken."""
    try:
        config = config_from_args(args)
        return config, load_content(config.content_dir)
    except InputError as error:
        report(error)
        return None
