"""``kiosk check``: validate configuration, content and catalogues, and say what staff must look at.

Prints a summary (pages, words, contacts, unverified contact details, reviews due, each
language's translation state, the printer) and then every problem found, each as
``file:line:column: [field] sentence``. Exit status 0 when everything is valid, 1 otherwise.
Missing or fuzzy translations, and details shown to families whose source page predates
Somerset Council (1 April 2023) or is over 24 months old, are warnings, and errors with ``--strict``.
Details checked more than 12 months ago and the seed page's own review date are listed for staff.
``--today`` judges dates as on another day (for tests, or to look ahead).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import importlib
import os
import sys
from collections.abc import Iterable
from pathlib import Path

from rich.cells import cell_len

from kiosk.core.catalogues import CatalogueReport, LanguageStats, check_catalogues, template_ids
from kiosk.core.config import KioskConfig, load_config
from kiosk.core.content import CONTACTS_FILE, GUIDE_FILE, Content, load_content
from kiosk.core.errors import InputError, Problem
from kiosk.core.pages import PAGE_IDS
from kiosk.core.setup_checks import data_dir_problems, voice_problems
from kiosk.core.source_age import CHECK_MAX_AGE_MONTHS, long_unchecked, seed_page_line, stale_sources


def _shown(path: Path) -> str:
    """A path as short as it can be said: relative to the current folder when it is inside it."""
    try:
        return os.path.relpath(path) if Path(path).resolve().is_relative_to(Path.cwd()) else str(path)
    except (ValueError, RuntimeError, OSError):  # RuntimeError: a symbolic link loop (Python 3.11)
        return str(path)


def _located(problem: Problem) -> str:
    return str(dataclasses.replace(problem, path=Path(_shown(problem.path))))


def _load_config(args: argparse.Namespace, errors: list[Problem]) -> KioskConfig:
    """The configuration, or the defaults (with its problems recorded) when it is broken."""
    try:
        config = load_config(args.config)
    except InputError as error:
        errors += error.problems
        config = KioskConfig()
    if args.content:
        config = dataclasses.replace(config, content_dir=args.content.absolute())
    return config


def _load_content(config: KioskConfig, errors: list[Problem]) -> Content | None:
    try:
        return load_content(config.content_dir)
    except InputError as error:
        errors += error.problems
        return None


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _content_summary(content: Content, today: dt.date) -> list[str]:
    words = sum(len(text.split()) for text in content.strings())
    details = sum(len(contact.details) for contact in content.contacts)
    lines = [
        f"Content: {_shown(content.directory)}",
        f"  {_count(len(PAGE_IDS), 'page')}, {_count(len(content.steps), 'step')}, {_count(words, 'word')}, "
        f"{_count(len(content.contacts), 'contact')} in {_count(len(content.groups), 'group')}, "
        f"{_count(details, 'contact detail')}.",
    ]
    contacts_path = _shown(content.directory / CONTACTS_FILE)
    unverified = [
        (contact, detail) for contact in content.contacts for detail in contact.details if not detail.shown_to_families
    ]
    lines.append(f"Unverified contact details, not shown to families ({len(unverified)}):")
    for contact, detail in unverified:
        value = f" {detail.value}" if detail.value else ""
        lines.append(f"  {contacts_path}:{detail.line}: {contact.name}, {detail.kind}{value} - {detail.note}")
    unchecked = long_unchecked(content, today)
    lines.append(f"Contact details not checked for over {CHECK_MAX_AGE_MONTHS} months ({len(unchecked)}):")
    for contact, detail in unchecked:
        checked = detail.checked.isoformat() if detail.checked else "never"
        lines.append(f"  {contacts_path}:{detail.line}: {contact.name}, {detail.kind} - last checked {checked}.")
    guide_path = _shown(content.directory / GUIDE_FILE)
    seed_line = content.seed_page.line if content.seed_page else 0
    lines.append("The council page this guide was written from:")
    lines.append(f"  {guide_path}:{seed_line}: {seed_page_line(content, today)}")
    due = [step for step in content.steps if step.review_due(today)]
    lines.append(f"Reviews due on {today.isoformat()} ({len(due)}):")
    for step in due:
        lines.append(
            f"  {guide_path}:{step.line}: step {step.number} '{step.id}' was due for review on "
            f"{step.next_review.isoformat()} (last updated {step.last_updated.isoformat()})."
        )
    return lines


def _pad(text: str, width: int, *, right: bool = False) -> str:
    padding = " " * (width - cell_len(text))
    return padding + text if right else text + padding


def _language_table(stats: Iterable[LanguageStats]) -> list[str]:
    rows = [("code", "language", "translated", "fuzzy", "missing", "review")]
    rows += [(s.code, s.endonym, str(s.translated), str(s.fuzzy), str(s.missing), s.review) for s in stats]
    # Padded by screen cells, not characters: "中文 (简体)" is wider than its length says.
    widths = [max(cell_len(row[column]) for row in rows) for column in range(5)]
    lines = ["Translations:"]
    for row in rows:
        cells = [_pad(row[0], widths[0]), _pad(row[1], widths[1])]
        cells += [_pad(cell, width, right=True) for cell, width in zip(row[2:5], widths[2:5], strict=True)]
        lines.append("  " + "  ".join([*cells, row[5]]))
    return lines


def _printer_line(config: KioskConfig) -> str:
    """The printer's state from kiosk.core.printing, if that module is installed."""
    try:
        printing = importlib.import_module("kiosk.core.printing")
    except ModuleNotFoundError as error:
        if error.name != "kiosk.core.printing":
            raise
        return "Printer: not checked (this kiosk has no printing module yet)."
    printer_status = getattr(printing, "printer_status", None)
    if printer_status is None:
        return "Printer: not checked (kiosk.core.printing has no printer_status function)."
    try:
        ready, sentence = printer_status(config.printer.queue)
    except Exception as error:  # any fault of the printer check is reported as a sentence, never a traceback
        return f"Printer: could not be checked ({error})."
    return f"Printer: {'ready' if ready else 'NOT READY'} - {sentence}"


def _voice_check(config: KioskConfig, errors: list[Problem]) -> str:
    """Configured voices that are not installed are errors; the summary line says what was checked."""
    if not config.speech.voices:
        return "Voices: none set in the configuration (each language's voice is chosen by 'kiosk voices')."
    from kiosk.core.speech.render import SpeechUnavailableError, installed_voices

    try:
        installed = installed_voices()
    except SpeechUnavailableError as error:
        return f"Voices: not checked ({error.problem.english()})"
    found = voice_problems(config, installed)
    errors += found
    return (
        f"Voices: {len(config.speech.voices) - len(found)} of {len(config.speech.voices)} configured voices installed."
    )


def run(args: argparse.Namespace) -> int:
    """Check everything and print the summary and every problem; 0 when valid, 1 otherwise."""
    errors: list[Problem] = []
    config = _load_config(args, errors)
    content = _load_content(config, errors)
    today: dt.date = getattr(args, "today", None) or dt.date.today()

    lines = [
        f"Configuration: {_shown(config.source) if config.source else 'built-in defaults'}",
        f"Council: {config.council} (shown on the staff screen; families' pages and slips say what the content says)",
    ]
    errors += data_dir_problems(config)
    if content is not None:
        lines += _content_summary(content, today)
    else:
        lines.append(f"Content: {_shown(config.content_dir)} cannot be used (see the errors below).")
    expected = set(template_ids(config.locales_dir))
    if content is not None:
        expected |= set(content.strings())
    report: CatalogueReport = check_catalogues(config.locales_dir, config.languages, expected)
    lines += _language_table(report.languages)
    lines.append(_printer_line(config))
    lines.append(_voice_check(config, errors))
    errors += report.errors
    warnings = list(report.incomplete)
    old_sources = [stale.problem(content) for stale in stale_sources(content, today)] if content else []
    if args.strict:
        errors += warnings + old_sources
        warnings, old_sources = [], []
    print("\n".join(lines))
    if old_sources:
        print(f"\nWarnings ({len(old_sources)}) - families are shown details whose source is old:")
        print("\n".join(f"  {_located(problem)}" for problem in old_sources))
    if warnings:
        print(f"\nWarnings ({len(warnings)}) - families see English for these strings:")
        print("\n".join(f"  {_located(problem)}" for problem in warnings))
    if errors:
        print(f"\nErrors ({len(errors)}):", file=sys.stderr)
        print("\n".join(f"  {_located(problem)}" for problem in errors), file=sys.stderr)
        print(f"\nNot valid: {len(errors)} problem(s) to fix.", file=sys.stderr)
        return 1
    print("\nValid." + (" Strict: every string is translated." if args.strict else ""))
    return 0
