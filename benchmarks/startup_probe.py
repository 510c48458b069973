"""Start-up harness, run as a child process: ``kiosk run`` or the bare app, headless, timed from process start.

Usage: ``python benchmarks/startup_probe.py kiosk|bare [kiosk run options]``. The parent puts its
``time.monotonic()`` from just before starting this process in ``BENCH_SPAWN_T0`` (CLOCK_MONOTONIC
is the same clock in every process) and a result path in ``BENCH_RESULT``. The harness makes
Textual's ``App.run`` headless with an auto-pilot that records the first frame and the first idle
moment, then exits the app. Both apps go through exactly this code.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

SPAWNED_AT = float(os.environ.get("BENCH_SPAWN_T0", time.monotonic()))
RESULT_PATH = os.environ.get("BENCH_RESULT", "")
#: The terminal size both apps start in.
SIZE = (100, 40)
#: Idle means a window this long in which the process used less CPU time than IDLE_CPU_S.
IDLE_WINDOW_S = 0.025
IDLE_CPU_S = 0.0015
#: Give up waiting for idle after this long (then the moment of giving up is recorded).
IDLE_LIMIT_S = 10.0


def _since_spawn() -> float:
    return time.monotonic() - SPAWNED_AT


async def _first_idle() -> float:
    """Seconds since spawn at the start of the first quiet window (the process had finished its work)."""
    import asyncio

    deadline = time.monotonic() + IDLE_LIMIT_S
    while True:
        window_start = _since_spawn()
        cpu_before = time.process_time()
        await asyncio.sleep(IDLE_WINDOW_S)
        if time.process_time() - cpu_before < IDLE_CPU_S or time.monotonic() > deadline:
            return window_start


def _patch_app_run(marks: dict[str, Any]) -> None:
    from frames import settled
    from textual.app import App
    from textual.pilot import Pilot

    original_run: Callable[..., Any] = App.run

    async def probe(pilot: Pilot[Any]) -> None:
        app = pilot.app
        await settled(app)
        marks["first_frame_s"] = _since_spawn()
        marks["idle_s"] = await _first_idle()
        marks["screen"] = type(app.screen).__name__
        app.exit()

    def headless_run(self: App[Any], **_options: Any) -> Any:
        marks["run_called_s"] = _since_spawn()
        return original_run(self, headless=True, size=SIZE, auto_pilot=probe)

    App.run = headless_run  # type: ignore[method-assign]


def _time_content_loading(marks: dict[str, Any]) -> None:
    """Record when ``kiosk run`` starts and finishes loading its configuration and content."""
    import kiosk.commands.run as run_command

    original_load = run_command.load

    def timed_load(args: Any) -> Any:
        marks["load_started_s"] = _since_spawn()
        try:
            return original_load(args)
        finally:
            marks["load_done_s"] = _since_spawn()

    run_command.load = timed_load


def _own_peak_rss_kb() -> int:
    """This process's peak resident memory (``VmHWM``: unlike ``ru_maxrss``, it starts afresh at exec)."""
    for line in Path("/proc/self/status").read_text(encoding="utf-8").splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("kiosk", "bare"):
        print("usage: startup_probe.py kiosk|bare [kiosk run options]", file=sys.stderr)
        return 2
    marks: dict[str, Any] = {"app": argv[0]}
    _patch_app_run(marks)
    if argv[0] == "kiosk":
        from kiosk.cli import main as kiosk_main

        _time_content_loading(marks)

        code = kiosk_main(["run", *argv[1:]])
    else:
        from bare_app import main as bare_main

        code = bare_main()
    marks["returned_s"] = _since_spawn()
    marks["own_peak_rss_kb"] = _own_peak_rss_kb()
    marks["exit_code"] = code
    if RESULT_PATH:
        Path(RESULT_PATH).write_text(json.dumps(marks), encoding="utf-8")
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
