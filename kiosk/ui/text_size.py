"""Larger text from inside the kiosk (EN 301 549 5.1.4).

A terminal app cannot draw bigger letters itself: the terminal chooses the font. So the kiosk
asks the terminal it runs in:

- on the recommended kiosk terminal, xterm (full screen, see docs/deploy.md), with the escape
  sequence OSC 50 that sets its font: ``xft:<family>:size=<points>``; a full-screen xterm keeps
  its window and gives the app fewer, larger cells, and the layout reflows;
- in web mode (``kiosk serve``), through the page: the kiosk's page template understands a
  ``kiosk:text-size`` link, zooms the terminal and refits it.

Terminals that do not know the sequence ignore it. The family and size of the normal font come
from ``KIOSK_TERMINAL_FONT`` and ``KIOSK_TERMINAL_FONT_SIZE`` (the deploy files set both).
"""

from __future__ import annotations

import os
from collections.abc import Callable

#: Set by ``kiosk serve`` for the kiosk processes it starts.
WEB_MODE_VARIABLE = "KIOSK_WEB"
#: Each step makes letters this much larger than the normal size; the last step doubles them.
STEP_FACTORS = (1.0, 1.25, 1.5, 2.0)
MAX_STEPS = len(STEP_FACTORS) - 1


def in_web_mode() -> bool:
    return os.environ.get(WEB_MODE_VARIABLE) == "1"


def terminal_font_request(steps: int) -> str:
    """The OSC 50 sequence that sets xterm's font to the size for ``steps`` above normal."""
    family = os.environ.get("KIOSK_TERMINAL_FONT", "DejaVu Sans Mono")
    try:
        base = float(os.environ.get("KIOSK_TERMINAL_FONT_SIZE", "14"))
    except ValueError:
        base = 14.0
    size = round(base * STEP_FACTORS[max(0, min(steps, MAX_STEPS))], 1)
    return f"\x1b]50;xft:{family}:size={size:g}\x07"


def ask_terminal(steps: int, write: Callable[[str], None]) -> None:
    """Send the font request to the terminal through ``write`` (it does not move the cursor or draw).

    ``write`` must be the writer that draws the app's frames (Textual's driver): written from
    anywhere else, the sequence can land in the middle of a frame and garble it.
    """
    write(terminal_font_request(steps))
