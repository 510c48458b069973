"""``kiosk hash-pin``: read a staff PIN from standard input and print its configuration line.

At a terminal the PIN is typed twice without being shown; from a pipe (``echo 482193 | kiosk
hash-pin``) one line is read. Only the salted hash is printed, ready to paste into kiosk.yaml.
A PIN shorter than six digits is refused: anyone who read its hash in the configuration file
could find the PIN by trying every one offline in minutes.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from kiosk.core.pin import PIN_LENGTH_MAX, PIN_LENGTH_MIN, hash_pin, pin_problem


def _read_pin() -> str | None:
    """The PIN typed or piped in; None when the two typed copies differ."""
    if sys.stdin.isatty():
        first = getpass.getpass(f"Staff PIN ({PIN_LENGTH_MIN} to {PIN_LENGTH_MAX} digits, not shown): ")
        second = getpass.getpass("Type it again: ")
        return first.strip() if first.strip() == second.strip() else None
    return sys.stdin.readline().strip()


def run(args: argparse.Namespace) -> int:
    """Print ``staff_pin_hash: "scrypt$..."``; exit 2 with a sentence when the PIN is unusable."""
    try:
        pin = _read_pin()
    except EOFError:
        pin = ""
    if pin is None:
        print("The two PINs were different. Run kiosk hash-pin again.", file=sys.stderr)
        return 2
    problem = pin_problem(pin)
    if problem:
        print(f"{problem} Nothing was printed.", file=sys.stderr)
        return 2
    print(f'staff_pin_hash: "{hash_pin(pin)}"')
    if sys.stdout.isatty():
        print(
            "Paste this line into the kiosk's configuration file, then run: kiosk check --config FILE", file=sys.stderr
        )
    return 0
