"""Measurements of the core without a screen: slips, printing through CUPS, content and catalogues."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.core.catalogues import check_catalogues, template_ids
from kiosk.core.config import KioskConfig
from kiosk.core.content import Content, load_content
from kiosk.core.i18n import Translator, translator
from kiosk.core.printing import DONE, FAILED, PRINTING, print_pdf
from kiosk.core.slip import build_slip

#: The CUPS queue ``scripts/start-cups.sh`` creates; cups-pdf writes its jobs to PDF_DIR.
QUEUE = "kiosk-pdf"
PDF_DIR = Path(os.environ.get("KIOSK_PDF_DIR", "/var/spool/cups-pdf/kiosk-pdf"))
JOB_TITLE = "kiosk-bench"
#: Seconds to wait for the benchmark's print jobs to leave the queue before tidying up.
QUEUE_DRAIN_S = 60.0
#: The date printed on benchmark slips (fixed, so every run lays out the same text).
PRINTED_ON = dt.date(2026, 1, 15)


@dataclass
class CoreSamples:
    """Named timings in seconds, single figures, and notes."""

    timings: dict[str, list[float]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def add(self, name: str, seconds: float) -> None:
        self.timings.setdefault(name, []).append(seconds)


def _timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def measure_slips(config: KioskConfig, content: Content, languages: tuple[str, ...], rounds: int) -> CoreSamples:
    """Render the all-contacts slip (the longest) on the configured paper in every language.

    The very first render of the process is kept apart: it includes importing fpdf2 and loading fonts.
    """
    samples = CoreSamples()
    paper = config.printer.paper
    start = time.perf_counter()
    from kiosk.core.slip_pdf import render_slip  # imported here: its first use is part of the cold figure

    first = build_slip(content, translator(languages[0], config.locales_dir), None, PRINTED_ON)
    render_slip(first, paper)
    samples.add("first slip of the process (cold)", time.perf_counter() - start)
    for _ in range(rounds):
        for code in languages:
            tr = translator(code, config.locales_dir)
            start = time.perf_counter()
            slip = build_slip(content, tr, None, PRINTED_ON)
            built = time.perf_counter()
            render_slip(slip, paper)
            samples.add(f"build {code}", built - start)
            samples.add(f"render {code}", time.perf_counter() - built)
    # As the kiosk prints: in a child process, which starts Python and loads fpdf2 and the fonts each time.
    from kiosk.core.slip_render import render_in_child

    with tempfile.TemporaryDirectory(prefix="kiosk-bench-slip-") as folder:
        for _ in range(rounds):
            for code in languages:
                slip = build_slip(content, translator(code, config.locales_dir), None, PRINTED_ON)
                start = time.perf_counter()
                render_in_child(slip, Path(folder) / "slip.pdf", paper, deadline=time.monotonic() + 120)
                samples.add("render in a child process", time.perf_counter() - start)
    return samples


def measure_print_handoff(config: KioskConfig, content: Content, rounds: int) -> CoreSamples:
    """Hand a rendered slip to CUPS (``print_pdf``) until CUPS has accepted the job; then until it is done."""
    from kiosk.core.slip_pdf import write_slip_pdf

    samples = CoreSamples()
    tr = translator("en", config.locales_dir)
    jobs: list[str] = []
    with tempfile.TemporaryDirectory(prefix="kiosk-bench-print-") as folder:
        pdf = Path(folder) / "slip.pdf"
        write_slip_pdf(build_slip(content, tr, None, PRINTED_ON), pdf, config.printer.paper)
        for round_number in range(rounds + 1):
            start = time.perf_counter()
            handed_off: float | None = None
            for status in print_pdf(pdf, tr, QUEUE, title=JOB_TITLE, timeout_s=QUEUE_DRAIN_S):
                if status.state == PRINTING and handed_off is None:
                    handed_off = time.perf_counter() - start
                    jobs.append(status.job)
                if status.state == FAILED:
                    raise RuntimeError(f"printing on '{QUEUE}' failed: {status.message} {status.detail}")
                if status.state == DONE:
                    break
            done = time.perf_counter() - start
            if handed_off is None:
                raise RuntimeError(f"CUPS never reported the job on '{QUEUE}' as accepted")
            if round_number:  # the first job warms up CUPS and its filters
                samples.add("hand-off to CUPS (job accepted)", handed_off)
                samples.add("job done (polled every 0.25 s)", done)
    samples.notes.extend(_tidy_printed(jobs))
    return samples


def _tidy_printed(jobs: list[str]) -> list[str]:
    """Delete the PDFs cups-pdf wrote for the benchmark's jobs; say so if some could not be found.

    cups-pdf names each file from the job title and number, e.g. ``kiosk-bench__s-pdf_kiosk-pdf-job_216.pdf``.
    """
    missing = 0
    for job in jobs:
        number = job.rpartition("-")[2]
        found = list(PDF_DIR.glob(f"{JOB_TITLE}*job_{number}.pdf"))
        for path in found:
            path.unlink(missing_ok=True)
        missing += not found
    if missing:
        return [f"{missing} of the benchmark's {len(jobs)} printed PDFs were not found in {PDF_DIR} to delete"]
    return []


def measure_content(config: KioskConfig, languages: tuple[str, ...], rounds: int) -> CoreSamples:
    """Loading and validating the content; checking every catalogue; loading every Translator."""
    samples = CoreSamples()
    content = load_content(config.content_dir)

    def check() -> None:
        # What ``kiosk check`` does: every catalogue against the template and the content's strings.
        expected = template_ids(config.locales_dir) | set(content.strings())
        report = check_catalogues(config.locales_dir, languages, expected)
        if report.errors:
            samples.notes.append(f"the catalogue check found {len(report.errors)} problems")

    for _ in range(rounds):
        samples.add("load and validate content", _timed(lambda: load_content(config.content_dir)))
        samples.add("check every catalogue", _timed(check))
        # Fresh objects: ``translator()`` caches one per language for the process.
        samples.add(
            "load every translator", _timed(lambda: [Translator(code, config.locales_dir) for code in languages])
        )
    return samples


def cups_ready() -> str:
    """Empty when the kiosk-pdf queue accepts jobs; otherwise what to do."""
    try:
        result = subprocess.run(
            ["lpstat", "-p", QUEUE], capture_output=True, text=True, timeout=10, check=False, env=_c_locale()
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"lpstat could not ask CUPS about '{QUEUE}' ({error}); run scripts/start-cups.sh"
    if f"printer {QUEUE} " not in result.stdout:
        return f"the CUPS queue '{QUEUE}' does not exist; run scripts/start-cups.sh (make bench does)"
    return ""


def _c_locale() -> dict[str, str]:
    return {**os.environ, "LC_ALL": "C"}
