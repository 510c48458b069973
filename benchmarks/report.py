"""The results as Markdown: the figures table (printed and written to results.md), details and method."""

from __future__ import annotations

from dataclasses import dataclass, field

from machine import Machine
from measure import Row, Summary


@dataclass
class Table:
    """A titled Markdown table."""

    title: str
    header: tuple[str, ...]
    rows: list[tuple[str, ...]] = field(default_factory=list)

    def markdown(self) -> str:
        lines = [f"### {self.title}", "", _line(self.header), _line(tuple("---" for _ in self.header))]
        lines += [_line(row) for row in self.rows]
        return "\n".join(lines)


def _line(cells: tuple[str, ...]) -> str:
    return "| " + " | ".join(cell.replace("|", "/") for cell in cells) + " |"


def ratio_text(kiosk: Summary, other: Summary) -> str:
    return f"{kiosk.median / other.median:.2f}x (p95 {kiosk.p95 / other.p95:.2f}x)"


def figures_table(rows: list[Row]) -> str:
    """The main table: one line per figure, with its goal and PASS/MISS."""
    header = ("Section", "Measure", "Kiosk", "Compared with", "Ratio", "Goal", "Result")
    lines = [_line(header), _line(tuple("---" for _ in header))]
    for row in rows:
        ratio = f"{row.ratio:.2f}x" if row.ratio is not None else ""
        goal = row.goal.text if row.goal else "no goal set"
        lines.append(_line((row.section, row.what, row.figure, row.versus, ratio, goal, row.verdict)))
    return "\n".join(lines)


def results_markdown(
    machine: Machine,
    rows: list[Row],
    details: list[Table],
    method: list[str],
    notes: list[str],
    finished: str,
    load_at_end: str,
) -> str:
    """The whole results.md."""
    passed = sum(row.verdict == "PASS" for row in rows)
    judged = sum(bool(row.verdict) for row in rows)
    parts = [
        "# SEND kiosk benchmark results",
        "",
        "Written by `make bench` (`benchmarks/run.py`); every figure below comes from one run on the machine "
        "described here. Times are medians unless marked; p95 is the nearest-rank 95th percentile (with fewer "
        "than 20 samples it is the largest). Ratios are kiosk median / comparison median.",
        "",
        "## Machine",
        "",
        _line(("Item", "Value")),
        _line(("---", "---")),
        *(_line(item) for item in machine.lines),
        _line(("Load average at end", load_at_end)),
        _line(("Finished", finished)),
        "",
        "## Figures",
        "",
        f"{passed} of {judged} goals met.",
        "",
        figures_table(rows),
        "",
        "## Details",
        "",
    ]
    for table in details:
        parts += [table.markdown(), ""]
    parts += ["## How each figure is measured", ""]
    parts += [f"- {line}" for line in method]
    parts += ["", "## Notes from this run", ""]
    parts += [f"- {line}" for line in notes] if notes else ["- Nothing unusual was seen."]
    return "\n".join(parts) + "\n"
