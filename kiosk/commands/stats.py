"""``kiosk stats``: print the daily usage counts as a table, or as CSV with ``--csv``.

Reads ``usage.sqlite3`` in the configured data folder without changing it, so it is safe to run
while the kiosk is running, and by another user than the kiosk's own.
"""

from __future__ import annotations

import argparse
import csv
import sys

from kiosk.commands.common import config_from_args, report
from kiosk.core.errors import InputError
from kiosk.core.stats import DB_NAME, EVENT_LABELS, UsageReadError, UsageRow, read_usage

CSV_HEADER = ("day", "event", "language", "count")


def _print_csv(rows: tuple[UsageRow, ...]) -> None:
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for row in rows:
        writer.writerow((row.day, row.event, row.language, row.count))


def _print_table(rows: tuple[UsageRow, ...], source: str) -> None:
    print(f"Usage counts in {source} - per day only: no times, nothing typed, nothing about who.")
    if not rows:
        print("Nothing has been counted yet.")
        return
    table = [("Day", "Event", "Language", "Count")]
    table += [(row.day, EVENT_LABELS.get(row.event, row.event), row.language or "-", str(row.count)) for row in rows]
    widths = [max(len(line[column]) for line in table) for column in range(4)]
    for line in table:
        cells = [text.ljust(width) for text, width in zip(line[:3], widths, strict=False)]
        print("  ".join([*cells, line[3].rjust(widths[3])]))


def run(args: argparse.Namespace) -> int:
    """Print the counts; 1 with a sentence on stderr when they cannot be read."""
    try:
        config = config_from_args(args)
    except InputError as error:
        report(error)
        return 1
    try:
        rows = read_usage(config.data_dir)
    except UsageReadError as error:
        print(error, file=sys.stderr)
        return 1
    if args.csv:
        _print_csv(rows)
    else:
        _print_table(rows, str(config.data_dir / DB_NAME))
    return 0
