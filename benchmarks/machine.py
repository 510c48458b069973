"""A description of the machine and software the figures were measured on."""

from __future__ import annotations

import datetime as dt
import os
import platform
import subprocess
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path


@dataclass(frozen=True)
class Machine:
    """What the results depend on, each as one printable line."""

    lines: tuple[tuple[str, str], ...]


def _first(path: str, prefix: str, separator: str = ":") -> str:
    """The value of the first ``prefix<separator>value`` line of a text file."""
    try:
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            if line.startswith(prefix):
                return line.partition(separator)[2].strip().strip('"')
    except OSError:
        pass
    return "unknown"


def _command_output(*command: str) -> str:
    try:
        completed = subprocess.run(command, capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    said = (completed.stdout or completed.stderr).strip()
    return said.splitlines()[0] if said else ""


def _memory() -> str:
    total = _first("/proc/meminfo", "MemTotal")
    try:
        return f"{int(total.split()[0]) / 1024 / 1024:.1f} GiB"
    except (ValueError, IndexError):
        return total


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text(encoding="utf-8").split()[:3])
    except OSError:
        return "unknown"


def describe(started: dt.datetime) -> Machine:
    """CPU, cores, memory, OS, Python and library versions, the source revision and the date."""
    revision = _command_output("git", "rev-parse", "--short", "HEAD")
    changed = _command_output("git", "status", "--porcelain", "--untracked-files=no")
    return Machine(
        (
            ("Date", started.strftime("%Y-%m-%d %H:%M %Z").strip()),
            ("CPU", _first("/proc/cpuinfo", "model name")),
            ("Cores", f"{len(os.sched_getaffinity(0))} usable ({os.cpu_count()} online)"),
            ("Memory", _memory()),
            ("System", f"{platform.system()} {platform.release()} ({_first('/etc/os-release', 'PRETTY_NAME', '=')})"),
            ("Python", platform.python_version()),
            ("Textual", _version("textual")),
            ("fpdf2 / segno", f"{_version('fpdf2')} / {_version('segno')}"),
            ("espeak-ng", _command_output("espeak-ng", "--version")),
            ("Source", f"{revision}{' with uncommitted changes' if changed else ''}"),
            ("Load average at start", load_average()),
        )
    )


@dataclass(frozen=True)
class CpuSnapshot:
    """Busy and total CPU time of the whole machine, and of this process and its reaped children (seconds)."""

    machine_busy_s: float
    machine_total_s: float
    own_s: float
    wall_s: float


def cpu_snapshot() -> CpuSnapshot:
    ticks = os.sysconf("SC_CLK_TCK")
    try:
        fields = [int(value) for value in Path("/proc/stat").read_text(encoding="utf-8").split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        fields = [0] * 8
    # user nice system idle iowait irq softirq steal
    idle = fields[3] + fields[4]
    total = sum(fields[:8])
    times = os.times()
    own = times.user + times.system + times.children_user + times.children_system
    return CpuSnapshot((total - idle) / ticks, total / ticks, own, time.monotonic())


def others_busy(before: CpuSnapshot, after: CpuSnapshot) -> float:
    """How many cores other programs kept busy, on average, between two snapshots."""
    wall = after.wall_s - before.wall_s
    if wall <= 0:
        return 0.0
    busy = after.machine_busy_s - before.machine_busy_s
    own = after.own_s - before.own_s
    return max(0.0, (busy - own) / wall)
