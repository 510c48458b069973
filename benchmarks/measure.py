"""Samples, their summary (median, p95, spread) and the goal each figure is judged against."""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass


@dataclass(frozen=True)
class Summary:
    """What a list of timings (or sizes) comes to."""

    count: int
    median: float
    p95: float
    minimum: float
    maximum: float


def summarise(samples: list[float]) -> Summary:
    """Median, 95th percentile (nearest rank) and range of ``samples``."""
    if not samples:
        raise ValueError("no samples to summarise")
    ordered = sorted(samples)
    rank = max(1, math.ceil(0.95 * len(ordered)))
    return Summary(len(ordered), statistics.median(ordered), ordered[rank - 1], ordered[0], ordered[-1])


@dataclass(frozen=True)
class Goal:
    """A target a figure is judged against, written the way it is printed (e.g. "p95 < 50 ms")."""

    text: str
    met: bool


@dataclass(frozen=True)
class Row:
    """One line of the results table."""

    section: str
    what: str
    #: The figure as printed: "412 ms (p95 431, n=9)".
    figure: str
    #: What it is compared with, as printed (empty when nothing is).
    versus: str = ""
    #: Ratio to the comparison, printed as "1.23x" (None when there is no comparison).
    ratio: float | None = None
    goal: Goal | None = None

    @property
    def verdict(self) -> str:
        if self.goal is None:
            return ""
        return "PASS" if self.goal.met else "MISS"


def ms(seconds: float) -> str:
    """A duration in milliseconds, with as many digits as its size deserves."""
    value = seconds * 1000
    if value >= 100:
        return f"{value:.0f} ms"
    if value >= 10:
        return f"{value:.1f} ms"
    return f"{value:.2f} ms"


def timing(summary: Summary) -> str:
    """``median ms (p95 .., min-max .., n=..)`` for the table."""
    return (
        f"{ms(summary.median)} (p95 {ms(summary.p95)}, range {ms(summary.minimum)}-{ms(summary.maximum)}, "
        f"n={summary.count})"
    )


def megabytes(kilobytes: float) -> str:
    return f"{kilobytes / 1024:.1f} MB"
