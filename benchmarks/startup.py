"""Start-up and peak memory: ``kiosk run`` against a bare Textual app, through the same harness.

The starts are made from a small launcher process (this file run as a script, standard library
only), not from the benchmark's own large process: Linux carries a parent's peak memory into a
child it starts (``ru_maxrss`` survives ``vfork``/``exec``), so a child of a 50 MB process would
report at least 50 MB whatever it used itself.

Python bytecode is cached in a temporary folder (``PYTHONPYCACHEPREFIX``) for both apps, as it is
on an installed kiosk; the first start of each app (the warm-up) compiles it and is reported apart.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

PROBE = Path(__file__).with_name("startup_probe.py")
#: Seconds one start-up may take before the run is called stuck.
RUN_TIMEOUT_S = 60.0
APPS = ("kiosk", "bare")
UNWANTED_ENVIRONMENT = ("PYTHONDONTWRITEBYTECODE", "PYTHONPROFILEIMPORTTIME")


class StartupError(Exception):
    """A child did not start, or did not report."""


@dataclass(frozen=True)
class StartupRun:
    """One start of one app, times in seconds from just before the process was started."""

    app: str
    #: True for the first start of each app (bytecode not yet cached, files not yet in the page cache).
    warmup: bool
    first_frame_s: float
    idle_s: float
    exited_s: float
    #: Peak resident memory of the app's own process (``VmHWM``).
    own_peak_kb: int
    #: ``ru_maxrss`` that ``wait4`` reports for the child (its largest reaped descendant included).
    tree_peak_kb: int
    marks: dict[str, Any]


def _wait4(pid: int, deadline: float) -> tuple[int, Any]:
    """``os.wait4`` with a deadline: the child is killed if it outlives it."""
    while True:
        waited, status, usage = os.wait4(pid, os.WNOHANG)
        if waited == pid:
            return status, usage
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            os.wait4(pid, 0)
            raise StartupError(f"the start-up harness did not finish within {RUN_TIMEOUT_S:g} s and was killed")
        time.sleep(0.002)


def start_once(app: str, kiosk_args: list[str], scratch: Path, *, warmup: bool) -> StartupRun:
    """Start ``app`` ("kiosk" or "bare") once through the harness and collect its marks."""
    result = scratch / f"{app}.json"
    result.unlink(missing_ok=True)
    errors = scratch / f"{app}.stderr"
    # Bytecode is cached (outside the checkout) as on an installed kiosk, whatever this shell says.
    environment = {key: value for key, value in os.environ.items() if key not in UNWANTED_ENVIRONMENT}
    environment.update(BENCH_RESULT=str(result), PYTHONPYCACHEPREFIX=str(scratch / "bytecode"))
    command = [sys.executable, str(PROBE), app, *(kiosk_args if app == "kiosk" else [])]
    with errors.open("wb") as error_file:
        spawned = time.monotonic()
        environment["BENCH_SPAWN_T0"] = repr(spawned)
        process = subprocess.Popen(
            command, env=environment, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=error_file
        )
        status, usage = _wait4(process.pid, spawned + RUN_TIMEOUT_S)
        exited = time.monotonic() - spawned
    process.returncode = os.waitstatus_to_exitcode(status)
    said = errors.read_text(encoding="utf-8", errors="replace").strip()
    if process.returncode != 0 or not result.exists():
        raise StartupError(f"{app} exited with {process.returncode}: {said[-800:] or 'no message'}")
    marks = json.loads(result.read_text(encoding="utf-8"))
    return StartupRun(
        app=app,
        warmup=warmup,
        first_frame_s=marks["first_frame_s"],
        idle_s=marks["idle_s"],
        exited_s=exited,
        own_peak_kb=int(marks["own_peak_rss_kb"]),
        tree_peak_kb=int(usage.ru_maxrss),
        marks=marks,
    )


def kiosk_config(scratch: Path) -> Path:
    """A configuration that keeps the benchmark's usage counts out of the kiosk's real data folder."""
    path = scratch / "kiosk.yaml"
    path.write_text(f'data_dir: "{scratch / "data"}"\n', encoding="utf-8")
    return path


def start_all(runs: int) -> list[StartupRun]:
    """One warm-up start of each app, then ``runs`` starts of each, alternating which goes first."""
    results: list[StartupRun] = []
    with tempfile.TemporaryDirectory(prefix="kiosk-bench-start-") as folder:
        scratch = Path(folder)
        kiosk_args = ["--config", str(kiosk_config(scratch))]
        for attempt in range(1 + runs):
            # Alternate the order, so neither app always runs on a machine the other just warmed. The bare
            # app goes first in the warm-up: it compiles Textual, so the kiosk's first start compiles only its own.
            order = APPS if attempt % 2 else APPS[::-1]
            results += [start_once(app, kiosk_args, scratch, warmup=attempt == 0) for app in order]
    return results


def measure_startup(runs: int) -> list[StartupRun]:
    """Run the launcher (this file) in its own small process and return its runs."""
    timeout = (1 + runs) * len(APPS) * RUN_TIMEOUT_S
    try:
        completed = subprocess.run(
            [sys.executable, __file__, "--runs", str(runs)],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise StartupError(f"the start-up launcher did not finish within {timeout:g} s") from error
    if completed.returncode != 0:
        said = completed.stderr.strip()[-800:]
        raise StartupError(said or f"the start-up launcher exited with {completed.returncode}")
    return [StartupRun(**run) for run in json.loads(completed.stdout)]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Start kiosk run and the bare app; print the runs as JSON.")
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args(argv)
    try:
        runs = start_all(args.runs)
    except StartupError as error:
        print(error, file=sys.stderr)
        return 1
    print(json.dumps([asdict(run) for run in runs]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
