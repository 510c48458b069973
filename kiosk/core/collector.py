"""Python's full garbage collection, moved from the middle of a touch to a quiet moment.

A full collection looks at every object the kiosk made since start-up - its caches, the pages
on show - and takes tens of milliseconds (about 30 ms measured on a 2-core server). CPython
starts one on its own every hundred or so young collections, which on a page full of text can be
every tenth language switch. Once the kiosk is running it raises that count tenfold, and runs
the full collection itself as soon as nobody has touched the screen for a moment. Young objects
are still collected as usual.
"""

from __future__ import annotations

import gc
from collections.abc import Callable

#: Young-generation collections between CPython's own full collections (CPython's default is 10
#: middle-generation collections of 10 young ones each; this makes it 100). A backstop: the idle
#: collection below normally runs long before.
MIDDLE_COLLECTIONS_PER_FULL = 100
#: Seconds without input before the full collection runs.
QUIET_AFTER_S = 2.0


def collect_rarely_on_its_own() -> None:
    """Keep CPython's young-generation thresholds; make its own full collections ten times rarer."""
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, MIDDLE_COLLECTIONS_PER_FULL)


class QuietCollector:
    """Runs one full collection in each spell of QUIET_AFTER_S or more without input."""

    def __init__(self, collect: Callable[[], object] = gc.collect, quiet_after_s: float = QUIET_AFTER_S) -> None:
        self._collect = collect
        self.quiet_after_s = quiet_after_s
        #: The last input before the spell this collector last collected in.
        self._collected_after: float | None = None

    def poll(self, last_input_at: float, idle_for_s: float) -> bool:
        """Call regularly with the time of the last input and the seconds since; True when it collected."""
        if idle_for_s < self.quiet_after_s or self._collected_after == last_input_at:
            return False
        self._collect()
        self._collected_after = last_input_at
        return True
