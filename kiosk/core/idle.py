"""The idle clock: when a visit has been left alone long enough to warn, and then to reset.

Pure logic with an injectable monotonic clock. The app calls :meth:`IdleClock.touch` on every key,
click or touch and asks :meth:`IdleClock.state` from a 1-second interval. (Resetting a Textual
``Timer`` on each key does not work: the reset takes effect only after the current sleep, so the
reset would fire anywhere between T and 2T - see stack-pitfalls.md.)

Only input counts, never speech: a kiosk that counted its own voice as someone being there never
cleared a visit in speech mode (its spoken warning kept the visit going, for ever).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Active:
    """Someone touched the kiosk recently enough."""


@dataclass(frozen=True)
class Warning:  # shadows the built-in on purpose: use it as ``idle.Warning``
    """The reset warning should be on screen, counting down ``seconds_left`` whole seconds."""

    seconds_left: int


@dataclass(frozen=True)
class Expired:
    """Nobody answered the warning: clear the visit and return to the first screen."""


IdleState = Active | Warning | Expired


class IdleClock:
    """Tracks the time since the last input against the configured time-out and warning length.

    ``timeout_s`` is the quiet time before the warning appears; ``warning_s`` is how long the
    warning counts down before the visit expires. Any ``touch()`` - during the warning too -
    starts the quiet time again, as often as the person needs (WCAG 2.2.1).
    """

    def __init__(self, timeout_s: float, warning_s: float, clock: Callable[[], float] = time.monotonic) -> None:
        if timeout_s <= 0 or warning_s <= 0:
            raise ValueError("the idle time-out and the warning must both be longer than 0 seconds")
        self.timeout_s = timeout_s
        self.warning_s = warning_s
        self._clock = clock
        self._last_input = clock()

    def touch(self) -> None:
        """Record input now: a key, a click, a touch or a scroll."""
        self._last_input = self._clock()

    def restart(self) -> None:
        """Start the quiet time again (after the visit has been reset)."""
        self.touch()

    @property
    def last_input_at(self) -> float:
        """The clock's time of the last input (or of the restart)."""
        return self._last_input

    def idle_for(self, now: float | None = None) -> float:
        """Seconds since the last input."""
        moment = self._clock() if now is None else now
        return max(moment - self._last_input, 0.0)

    def state(self, now: float | None = None) -> IdleState:
        """Active, Warning(seconds_left) or Expired at ``now`` (default: the clock's time)."""
        idle = self.idle_for(now)
        if idle < self.timeout_s:
            return Active()
        left = self.timeout_s + self.warning_s - idle
        if left <= 0:
            return Expired()
        return Warning(math.ceil(left))


#: Seconds left at which speech mode says the countdown (the warning itself is said once, in full).
COUNTDOWN_MARKS = (20, 10, 5)


def countdown_to_say(previous_left: int, seconds_left: int, marks: tuple[int, ...] = COUNTDOWN_MARKS) -> int | None:
    """The countdown mark passed between two polls of the warning (``None`` if none was): each mark
    is said once, even when a late poll skips the second it falls on."""
    passed = [mark for mark in marks if seconds_left <= mark < previous_left]
    return min(passed) if passed else None
