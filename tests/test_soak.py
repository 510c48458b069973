"""Soak: thousands of seeded random events through the real kiosk, with real speech and printing.

``make soak`` runs 20,000 events (``KIOSK_SOAK_EVENTS``); ``make test`` runs 2,000. The seed is
printed first; ``KIOSK_SOAK_SEED=<seed>`` replays the same walk. At the end: no exception reached
the app, no traceback was ever on screen, the kiosk was always on one of its own screens, no child
process outlives the kiosk and its private temporary folder is empty, the usage counts kept
counting, and resident memory grew by at most 10% after warm-up.
"""

from __future__ import annotations

import logging
import os
import random
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from kiosk.core.config import REPO_ROOT, KioskConfig
from kiosk.core.content import Content
from kiosk.core.pin import hash_pin
from kiosk.core.stats import PAGE_VIEW, READ_ALOUD, RESET, read_usage
from kiosk.ui.app import KioskApp
from tests.soak_walk import (
    ErrorLog,
    FakeClock,
    SoakWalk,
    descendants,
    leftovers,
    soak_printer,
)
from tests.speech_env import ensure_sound_server

EVENTS = int(os.environ.get("KIOSK_SOAK_EVENTS", "2000"))
PIN = "739182"
QUEUE = "kiosk-pdf"
PDF_DIR = Path(os.environ.get("KIOSK_PDF_DIR", "/var/spool/cups-pdf/kiosk-pdf"))
#: Events before memory is first measured. The memory trace of 2,000- and 6,000-event walks shows
#: Textual's and the kiosk's size- and text-keyed layout caches filling for the first few hundred
#: events and flat after that; a leak keeps growing past them.
WARM_UP_EVENTS = 500
#: Resident memory may grow this much from the end of warm-up to the end of the walk.
MEMORY_GROWTH_LIMIT = 1.10
#: Bounded wait for the last print job and the last player to end after the kiosk closed.
CLEAN_UP_WAIT_S = 40.0


def soak_seed() -> int:
    configured = os.environ.get("KIOSK_SOAK_SEED", "").strip()
    return int(configured) if configured else random.SystemRandom().randrange(2**32)


def start_cups() -> None:
    completed = subprocess.run(
        [str(REPO_ROOT / "scripts" / "start-cups.sh")], capture_output=True, text=True, timeout=60, check=False
    )
    assert completed.returncode == 0, f"scripts/start-cups.sh failed: {completed.stderr.strip()}"


def wait_for_queue_to_empty(queue: str, timeout_s: float) -> None:
    """Let the jobs the soak sent finish (bounded), so their PDFs can be removed."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        waiting = subprocess.run(
            ["lpstat", "-o", queue], capture_output=True, text=True, timeout=10, check=False, env={"LC_ALL": "C"}
        )
        if not waiting.stdout.strip():
            return
        time.sleep(0.5)


def remove_soak_pdfs(since: float) -> None:
    """The soak prints a few hundred slips at most; their PDFs are not kept."""
    for pdf in PDF_DIR.glob("*.pdf"):
        try:
            if pdf.stat().st_mtime >= since - 1 and "Kiosk_slip" in pdf.name:
                pdf.unlink()
        except OSError:
            continue


async def test_random_walk_through_the_real_kiosk(
    content: Content, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ensure_sound_server()
    # The kiosk and the processes it starts write temporary files only here, so anything left
    # behind is theirs, whatever else the machine is doing.
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    monkeypatch.setenv("TMPDIR", str(scratch))
    start_cups()
    seed = soak_seed()
    print(f"\nsoak: seed {seed} (replay with KIOSK_SOAK_SEED={seed}), {EVENTS} events")
    started = time.time()
    children_before = descendants()
    errors = ErrorLog()
    kiosk_log = logging.getLogger("kiosk")
    kiosk_log.addHandler(errors)
    clock = FakeClock()
    config = KioskConfig(data_dir=tmp_path / "data", staff_pin_hash=hash_pin(PIN), printer=soak_printer(QUEUE))
    app = KioskApp(config, content, clock=clock)
    try:
        async with app.run_test(size=(100, 32)) as pilot:
            walk = SoakWalk(app, pilot, clock, seed, PIN)
            result = await walk.run(EVENTS, warm_up=max(EVENTS // 10, WARM_UP_EVENTS))
    finally:
        kiosk_log.removeHandler(errors)

    print(
        f"soak: {result.events} events in {result.seconds:.1f} s ({result.events_per_second:.1f} events/s); "
        f"memory {result.rss_start_kib / 1024:.1f} MiB at start, {result.rss_warm_kib / 1024:.1f} MiB after "
        f"warm-up, {result.rss_end_kib / 1024:.1f} MiB at the end ({(result.growth_after_warm_up - 1) * 100:+.1f}%)"
    )
    print("soak: memory along the walk: " + ", ".join(f"{n}: {kib / 1024:.1f} MiB" for n, kib in result.rss_trace_kib))
    print(f"soak: events done: {dict(sorted(result.done.items()))}")
    replay = f"(replay with KIOSK_SOAK_SEED={seed})"

    assert app.return_code in (None, 0), f"the kiosk ended with return code {app.return_code} {replay}"
    assert not errors.records, f"the kiosk logged errors {replay}:\n{errors.describe()}"
    assert result.growth_after_warm_up <= MEMORY_GROWTH_LIMIT, (
        f"resident memory grew from {result.rss_warm_kib} KiB after warm-up to {result.rss_end_kib} KiB "
        f"(more than {(MEMORY_GROWTH_LIMIT - 1) * 100:.0f}%) {replay}"
    )
    for kind in ("press", "click", "resize", "language", "pin", "idle"):
        assert result.done[kind] > 0, f"the walk never did '{kind}' {replay}"

    # Nothing outlives the kiosk: players, print commands, the synthesis process, temporary folders.
    deadline = time.monotonic() + CLEAN_UP_WAIT_S
    while True:
        left = {pid: name for pid, name in descendants().items() if pid not in children_before}
        temporary_left = leftovers(scratch)
        if not left and not temporary_left:
            break
        assert time.monotonic() < deadline, (
            f"{CLEAN_UP_WAIT_S:.0f} s after the kiosk closed, these remain: processes {left}, "
            f"temporary files {temporary_left} {replay}"
        )
        time.sleep(0.2)

    # The counts kept counting through it all.
    counted = {row.event for row in read_usage(config.data_dir)}
    assert {PAGE_VIEW, READ_ALOUD, RESET} <= counted, f"usage counts stopped: only {counted} {replay}"

    wait_for_queue_to_empty(QUEUE, 30)
    remove_soak_pdfs(started)
