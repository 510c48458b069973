"""``make bench``: measure the kiosk side by side with its yardsticks, print the figures, write results.md.

Start-up and memory are measured against a bare Textual app, first audio against raw espeak-ng,
key-to-frame while speaking against the same keys with nothing playing. Every figure is printed
with its goal and PASS or MISS. Needs the PulseAudio and CUPS services that ``make bench`` starts.

Usage: ``python benchmarks/run.py [--quick] [--output FILE]`` (``--quick``: two rounds of everything,
for trying the script; results.md is then only written when ``--output`` is given).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from core_timing import cups_ready, measure_content, measure_print_handoff, measure_slips
from frames import FrameTimeoutError
from in_app import (
    BenchError,
    bench_config,
    longest_step_key,
    measure_first_audio,
    measure_frames_while_speaking,
    measure_language_switch,
    measure_navigation,
    run_in_app,
)
from machine import cpu_snapshot, describe, load_average, others_busy
from measure import Goal, Row, Summary, megabytes, ms, summarise, timing
from report import Table, figures_table, results_markdown
from startup import StartupError, measure_startup

from kiosk.core.config import ALL_LANGUAGES, KioskConfig
from kiosk.core.content import Content, load_content
from kiosk.core.i18n import translator
from kiosk.core.pages import build_page

RESULTS = Path(__file__).with_name("results.md")

#: Goals from the project brief.
STARTUP_GOAL = 1.3
MEMORY_GOAL = 1.5
LANGUAGE_SWITCH_P95_S = 0.050
FIRST_AUDIO_GOAL = 1.5
SILENCE_S = 0.050
SPEAKING_FRAME_GOAL = 1.2
#: Above this many cores kept busy by other programs, a section's figures are flagged as disturbed.
BUSY_MACHINE_CORES = 0.2
PRINTING_SECTION = "printing through CUPS"
#: Pages are opened in English and in the right-to-left language, whose text is reshaped and reordered.
NAVIGATION_LANGUAGES = ("en", "ar")


@dataclass(frozen=True)
class Rounds:
    """How many timed repetitions each section makes (warm-up rounds come on top)."""

    startup: int = 9
    language: int = 9
    navigation: int = 9
    first_audio: int = 7
    frames_speaking: int = 7
    slips: int = 3
    printing: int = 7
    content: int = 15


QUICK = Rounds(2, 2, 2, 2, 2, 1, 2, 3)


@dataclass
class Bench:
    """What every section needs, and what they all add to."""

    config: KioskConfig
    content: Content
    rounds: Rounds
    scratch: Path
    languages: tuple[str, ...] = ALL_LANGUAGES
    rows: list[Row] = field(default_factory=list)
    details: list[Table] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: Per section: what it measured, seconds it took, and how many cores other programs kept busy meanwhile.
    load: list[tuple[str, float, float]] = field(default_factory=list)


def _versus(label: str, kiosk: Summary, other: Summary) -> tuple[str, float]:
    return f"{label}: {timing(other)}", kiosk.median / other.median


# --------------------------------------------------------------------------- sections


def startup_section(bench: Bench) -> None:
    all_runs = measure_startup(bench.rounds.startup)
    runs = {app: [run for run in all_runs if run.app == app and not run.warmup] for app in ("kiosk", "bare")}
    first_starts = {run.app: run for run in all_runs if run.warmup}
    frame_k, frame_b = (summarise([run.first_frame_s for run in runs[app]]) for app in ("kiosk", "bare"))
    idle_k, idle_b = (summarise([run.idle_s for run in runs[app]]) for app in ("kiosk", "bare"))
    tree_k, tree_b = (summarise([run.tree_peak_kb for run in runs[app]]) for app in ("kiosk", "bare"))
    own_k, own_b = (summarise([run.own_peak_kb for run in runs[app]]) for app in ("kiosk", "bare"))
    versus, ratio = _versus("bare Textual app", frame_k, frame_b)
    bench.rows.append(Row("Start-up", "`kiosk run` to first frame", timing(frame_k), versus, ratio))
    versus, ratio = _versus("bare Textual app", idle_k, idle_b)
    bench.rows.append(
        Row(
            "Start-up",
            "`kiosk run` to first screen painted and idle",
            timing(idle_k),
            versus,
            ratio,
            Goal(f"<= {STARTUP_GOAL}x bare", ratio <= STARTUP_GOAL),
        )
    )
    cold_k, cold_b = first_starts["kiosk"].idle_s, first_starts["bare"].idle_s
    bench.rows.append(
        Row(
            "Start-up",
            "first start after installing: the kiosk's bytecode not yet cached (painted and idle)",
            ms(cold_k),
            f"bare app's first start, compiling Textual: {ms(cold_b)}",
        )
    )
    tree_ratio = tree_k.median / tree_b.median
    bench.rows.append(
        Row(
            "Start-up",
            "peak memory (ru_maxrss of the child, from wait4)",
            f"{megabytes(tree_k.median)} (range {megabytes(tree_k.minimum)}-{megabytes(tree_k.maximum)})",
            f"bare Textual app: {megabytes(tree_b.median)}",
            tree_ratio,
            Goal(f"<= {MEMORY_GOAL}x bare", tree_ratio <= MEMORY_GOAL),
        )
    )
    bench.rows.append(
        Row(
            "Start-up",
            "peak memory of the app's own process (VmHWM)",
            megabytes(own_k.median),
            f"bare Textual app: {megabytes(own_b.median)}",
            own_k.median / own_b.median,
        )
    )
    breakdown = Table(
        "Start-up: where the time goes (medians, time since the process was started)", ("Moment", "kiosk", "bare")
    )

    def median_mark(app: str, name: str) -> str:
        values = [run.marks[name] for run in runs[app] if name in run.marks]
        return ms(summarise(values).median) if values else "-"

    for label, name in (
        ("Python, Textual and the kiosk CLI imported; content loading starts", "load_started_s"),
        ("configuration and content loaded and validated", "load_done_s"),
        ("kiosk UI imported, app constructed; `App.run` called", "run_called_s"),
        ("first frame", "first_frame_s"),
        ("painted and idle", "idle_s"),
        ("`run` returned after exit (speech service closed)", "returned_s"),
    ):
        breakdown.rows.append((label, median_mark("kiosk", name), median_mark("bare", name)))
    breakdown.rows.append(
        (
            "process gone (seen by the parent)",
            ms(summarise([run.exited_s for run in runs["kiosk"]]).median),
            ms(summarise([run.exited_s for run in runs["bare"]]).median),
        )
    )
    bench.details.append(breakdown)


def content_section(bench: Bench) -> None:
    samples = measure_content(bench.config, bench.languages, bench.rounds.content)
    count = len(bench.languages)
    for name, what in (
        ("load and validate content", "load and validate all content (guide.yaml, contacts.yaml)"),
        ("check every catalogue", f"check the catalogues of all {count} languages (as `kiosk check`)"),
        ("load every translator", f"load the Translators of all {count} languages"),
    ):
        bench.rows.append(Row("Content", what, timing(summarise(samples.timings[name]))))
    bench.notes += samples.notes


def language_section(bench: Bench) -> None:
    key = longest_step_key(bench.content)
    step = bench.content.steps[int(key) - 1]
    blocks = len(build_page(bench.content, translator("en", bench.config.locales_dir), step.id).blocks)
    samples = run_in_app(
        bench.config, bench.content, lambda app: measure_language_switch(app, bench.languages, bench.rounds.language)
    )
    pooled = summarise([value for values in samples.timings.values() for value in values])
    bench.rows.append(
        Row(
            "Language",
            f"switch language on the longest page (step {key}, {blocks} blocks), all {len(bench.languages)} "
            "languages pooled",
            timing(pooled),
            goal=Goal(f"p95 < {ms(LANGUAGE_SWITCH_P95_S)}", pooled.p95 < LANGUAGE_SWITCH_P95_S),
        )
    )
    worst_code = max(samples.timings, key=lambda code: summarise(samples.timings[code]).p95)
    worst = summarise(samples.timings[worst_code])
    bench.rows.append(
        Row(
            "Language",
            f"switch language, slowest target language ({worst_code})",
            timing(worst),
            goal=Goal(f"p95 < {ms(LANGUAGE_SWITCH_P95_S)}", worst.p95 < LANGUAGE_SWITCH_P95_S),
        )
    )
    table = Table("Language switch per target language (longest page)", ("Language", "p50", "p95", "max", "n"))
    for code in bench.languages:
        summary = summarise(samples.timings[code])
        table.rows.append((code, ms(summary.median), ms(summary.p95), ms(summary.maximum), str(summary.count)))
    bench.details.append(table)
    bench.notes += samples.notes


def navigation_section(bench: Bench) -> None:
    table = Table("Key to frame per page", ("Language", "Key", "p50", "p95", "max", "n"))
    for language in NAVIGATION_LANGUAGES:
        samples = run_in_app(
            bench.config, bench.content, lambda app: measure_navigation(app, bench.rounds.navigation), language
        )
        opened = [value for name, values in samples.timings.items() if name.startswith("open ") for value in values]
        bench.rows.append(
            Row("Pages", f"open a page from home (keys 1-4, C), {language}, pooled", timing(summarise(opened)))
        )
        main_rows = (
            ("back home", "back to home (key H)"),
            ("page down: first frame", "page down on the longest page: first frame moved"),
            ("page down: scroll finished", "page down on the longest page: scroll animation finished"),
        )
        # The other language's back and scroll figures are in the details table only.
        for name, what in main_rows if language == NAVIGATION_LANGUAGES[0] else ():
            bench.rows.append(Row("Pages", f"{what}, {language}", timing(summarise(samples.timings[name]))))
        for name, values in samples.timings.items():
            summary = summarise(values)
            table.rows.append(
                (language, name, ms(summary.median), ms(summary.p95), ms(summary.maximum), str(summary.count))
            )
        bench.notes += samples.notes
    bench.details.append(table)


def speech_section(bench: Bench) -> None:
    app_samples, raw_samples = run_in_app(
        bench.config,
        bench.content,
        lambda app: measure_first_audio(app, bench.languages, bench.rounds.first_audio, bench.scratch),
    )
    first = bench.languages[0]
    app_first = summarise(app_samples.timings[f"first audio {first}"])
    raw_first = summarise(raw_samples.timings[first])
    versus, ratio = _versus("raw espeak-ng -w, then paplay", app_first, raw_first)
    bench.rows.append(
        Row(
            "Speech",
            f"first audio after R ({first}, first sentence of step 1)",
            timing(app_first),
            versus,
            ratio,
            Goal(f"<= {FIRST_AUDIO_GOAL}x raw", ratio <= FIRST_AUDIO_GOAL),
        )
    )
    app_all = summarise([v for k, vs in app_samples.timings.items() if k.startswith("first audio") for v in vs])
    raw_all = summarise([v for vs in raw_samples.timings.values() for v in vs])
    versus, ratio = _versus("raw espeak-ng", app_all, raw_all)
    bench.rows.append(
        Row(
            "Speech",
            f"first audio after R, all {len(bench.languages)} languages pooled",
            timing(app_all),
            versus,
            ratio,
            Goal(f"<= {FIRST_AUDIO_GOAL}x raw", ratio <= FIRST_AUDIO_GOAL),
        )
    )
    silence = summarise(app_samples.timings["silence"])
    bench.rows.append(
        Row(
            "Speech",
            "navigation key (2) to silence (player process gone)",
            timing(silence),
            goal=Goal(f"max <= {ms(SILENCE_S)}", silence.maximum <= SILENCE_S),
        )
    )
    table = Table(
        "First audio per language (app: R to paplay started; raw: espeak-ng -w start to paplay started)",
        ("Language", "app: R to speak() p50", "app p50", "app p95", "raw p50", "raw p95", "ratio of medians"),
    )
    for code in bench.languages:
        app_summary = summarise(app_samples.timings[f"first audio {code}"])
        handed_over = summarise(app_samples.timings[f"handed over {code}"])
        raw_summary = summarise(raw_samples.timings[code])
        table.rows.append(
            (
                code,
                ms(handed_over.median),
                ms(app_summary.median),
                ms(app_summary.p95),
                ms(raw_summary.median),
                ms(raw_summary.p95),
                f"{app_summary.median / raw_summary.median:.2f}x",
            )
        )
    bench.details.append(table)
    bench.notes += app_samples.notes

    frames = run_in_app(
        bench.config, bench.content, lambda app: measure_frames_while_speaking(app, bench.rounds.frames_speaking)
    )
    for name, what in (
        ("volume key", "key to frame, volume keys (+/-; speech goes on)"),
        ("page down", "key to frame, page down on the longest page (stops speech)"),
    ):
        speaking = summarise(frames.timings[f"{name}, speaking"])
        idle = summarise(frames.timings[f"{name}, idle"])
        ratio = speaking.median / idle.median
        bench.rows.append(
            Row(
                "Speech",
                f"{what}, while speaking",
                timing(speaking),
                f"nothing playing: {timing(idle)}",
                ratio,
                Goal(f"<= {SPEAKING_FRAME_GOAL}x idle", ratio <= SPEAKING_FRAME_GOAL),
            )
        )
    bench.notes += frames.notes


def slip_section(bench: Bench) -> None:
    samples = measure_slips(bench.config, bench.content, bench.languages, bench.rounds.slips)
    paper = bench.config.printer.paper
    renders = {code: samples.timings[f"render {code}"] for code in bench.languages}
    pooled = summarise([value for values in renders.values() for value in values])
    bench.rows.append(Row("Slip", f"render the all-contacts slip ({paper}), all languages pooled", timing(pooled)))
    slowest = max(renders, key=lambda code: summarise(renders[code]).median)
    bench.rows.append(Row("Slip", f"render, slowest language ({slowest})", timing(summarise(renders[slowest]))))
    bench.rows.append(
        Row(
            "Slip",
            "render in a child process, as the kiosk prints (starts Python, imports fpdf2, loads fonts), pooled",
            timing(summarise(samples.timings["render in a child process"])),
        )
    )
    bench.rows.append(
        Row(
            "Slip",
            "first slip of the process (imports fpdf2, loads fonts)",
            ms(samples.timings["first slip of the process (cold)"][0]),
        )
    )
    table = Table("Slip per language (all contacts)", ("Language", "build p50", "render p50", "render max", "n"))
    for code in bench.languages:
        build = summarise(samples.timings[f"build {code}"])
        render = summarise(renders[code])
        table.rows.append((code, ms(build.median), ms(render.median), ms(render.maximum), str(render.count)))
    bench.details.append(table)


def print_section(bench: Bench) -> None:
    problem = cups_ready()
    if problem:
        raise BenchError(problem)
    samples = measure_print_handoff(bench.config, bench.content, bench.rounds.printing)
    bench.rows.append(
        Row(
            "Slip",
            "hand-off to CUPS (print_pdf until the job is accepted, kiosk-pdf queue)",
            timing(summarise(samples.timings["hand-off to CUPS (job accepted)"])),
        )
    )
    bench.rows.append(
        Row(
            "Slip",
            "until cups-pdf has written the job (polled every 0.25 s)",
            timing(summarise(samples.timings["job done (polled every 0.25 s)"])),
        )
    )
    bench.notes += samples.notes


SECTIONS: tuple[tuple[str, str, Callable[[Bench], None]], ...] = (
    ("Start-up", "start-up and memory (kiosk run and a bare Textual app)", startup_section),
    ("Content", "content and catalogues", content_section),
    ("Language", "language switching", language_section),
    ("Pages", "opening pages and scrolling", navigation_section),
    ("Speech", "speech (the app, raw espeak-ng, keys while speaking)", speech_section),
    ("Slip", "slip rendering", slip_section),
    ("Slip", PRINTING_SECTION, print_section),
)

METHOD = [
    "Start-up: `benchmarks/startup_probe.py` runs as a child process, once for `kiosk run` (with a configuration "
    "that only moves the usage counts to a temporary folder) and once for `benchmarks/bare_app.py` (one Static "
    "line). It replaces Textual's `App.run` with a headless run (100x40) whose auto-pilot waits until every "
    "queued message is handled and a refresh leaves nothing to paint (first frame), then for the first 25 ms "
    "window in which the process uses under 1.5 ms of CPU (idle), then exits. Times run from the parent's "
    "CLOCK_MONOTONIC just before the process is started. One warm-up start each, then alternating starts.",
    "Memory: `ru_maxrss` that `wait4` returns for the child (the largest of the app and the children it reaped, "
    "such as the speech engine), and the app process's own peak (`VmHWM`). The starts are made from a small "
    "launcher process, because Linux carries the parent's peak into `ru_maxrss` of a child it starts.",
    "Bytecode: both apps cache it in a temporary folder (`PYTHONPYCACHEPREFIX`), as an installed kiosk does; "
    "the shell's `PYTHONDONTWRITEBYTECODE` is dropped for the children. The warm-up starts (bare app first, "
    "so it compiles Textual) are not in the medians; the kiosk's is reported as the first start.",
    "In-app figures use the real app under `App.run_test` (headless, 100x40) with the real speech service. A key "
    "is posted as the terminal driver would post it; the time runs until every node of the current screen has "
    "handled what was queued and two refreshes have left nothing to paint (`benchmarks/frames.py`). Pilot's "
    "`press`/`pause` are not used: they wait for idleness in 20 ms steps.",
    "Language switch: `await app.set_language(code)` and the frame wait above, on the step page with the most "
    "blocks, scrolled two pages down, cycling through every language (each switch goes from the previous "
    "language); one untimed pass first.",
    "First audio: the app from posting R (on step 1) to the speech service's `SentenceStarted` report, which "
    "it sends right after the `paplay` process has started (noted by wrapping the app's `post_message`; a "
    "polling thread was tried and slowed the app down by competing for the interpreter); raw espeak-ng from "
    "starting `espeak-ng -v VOICE -s RATE -w FILE SENTENCE` to `paplay` started on that file, for the same "
    "first sentence, voice, rate and volume. Both play into the PulseAudio null sink. One warm-up round per "
    "language; app and raw samples alternate.",
    "Silence: from posting the navigation key 2 while the first sentence plays to the player process "
    "being gone or a zombie (killed, so silent), seen by a thread looking every 0.5 ms.",
    "While speaking: the longest page is read aloud (R), then after a random 50-250 ms the key is posted. "
    "Idle figures press the same keys with nothing playing (a volume key then speaks the new volume; the next "
    "sample waits for that to end).",
    "Slip: `build_slip` and `render_slip` of the all-contacts slip on the configured paper, each language in "
    "turn; the very first render of the process is reported apart. Printing: `print_pdf` on the kiosk-pdf "
    "queue until CUPS reports the job accepted (PRINTING with a job id), then until DONE; the benchmark's "
    "PDFs are deleted afterwards.",
    "Content: `load_content`; `check_catalogues` with the template's and the content's strings (as `kiosk "
    "check`); fresh `Translator` objects for every language (the cached `translator()` is bypassed).",
]


def _load_table(bench: Bench) -> Table:
    cores = len(os.sched_getaffinity(0))
    table = Table(
        "Other programs running during each section (CUPS filters and PulseAudio working for the benchmark "
        "count here too)",
        ("Section", "took", f"cores kept busy by other programs (of {cores})"),
    )
    for description, took, busy in bench.load:
        table.rows.append((description, f"{took:.0f} s", f"{busy:.2f}"))
    return table


def services_problem() -> str:
    """Empty when the sound server and espeak-ng are there; otherwise what to do."""
    for tool, package in (("espeak-ng", "espeak-ng"), ("paplay", "pulseaudio-utils"), ("pactl", "pulseaudio-utils")):
        if shutil.which(tool) is None:
            return f"'{tool}' is not installed; install the Debian package {package} (make bench does)."
    try:
        completed = subprocess.run(["pactl", "info"], capture_output=True, timeout=10, check=False)
    except subprocess.TimeoutExpired:
        return "the PulseAudio server did not answer 'pactl info' within 10 s; run scripts/start-pulseaudio.sh."
    if completed.returncode != 0:
        return "no PulseAudio server is running; run scripts/start-pulseaudio.sh (make bench does)."
    return ""


def run(rounds: Rounds, output: Path | None) -> int:
    problem = services_problem()
    if problem:
        print(f"The benchmark cannot run: {problem}", file=sys.stderr)
        return 1
    started = dt.datetime.now().astimezone()
    machine = describe(started)
    clock = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="kiosk-bench-") as folder:
        scratch = Path(folder)
        config = bench_config(KioskConfig(), scratch / "data")
        bench = Bench(config, load_content(config.content_dir), rounds, scratch)
        failed = 0
        for section, description, measure in SECTIONS:
            print(f"Measuring {description}...", flush=True)
            section_clock = time.monotonic()
            before = cpu_snapshot()
            try:
                measure(bench)
            except (
                BenchError,
                StartupError,
                FrameTimeoutError,
                RuntimeError,
                OSError,
                subprocess.SubprocessError,
            ) as error:
                failed += 1
                bench.rows.append(Row(section, f"{description}: NOT MEASURED", str(error)))
            took, busy = time.monotonic() - section_clock, others_busy(before, cpu_snapshot())
            bench.load.append((description, took, busy))
            print(f"  done in {took:.0f} s; other programs kept {busy:.2f} cores busy meanwhile", flush=True)
    elapsed = time.monotonic() - clock
    bench.details.append(_load_table(bench))
    # The printing section's own CUPS filters count as other programs: it is not judged here.
    busy_sections = [
        description
        for description, _, busy in bench.load
        if busy > BUSY_MACHINE_CORES and description != PRINTING_SECTION
    ]
    if busy_sections:
        bench.notes.append(
            "Other programs kept the machine busy during: "
            + "; ".join(busy_sections)
            + ". Those figures are slower and more spread out than on a quiet machine: run `make bench` again "
            "when nothing else runs."
        )
    finished = f"{dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z} ({elapsed:.0f} s)"
    print()
    print(figures_table(bench.rows))
    missed = [row for row in bench.rows if row.verdict == "MISS"]
    print()
    print(f"{len(missed)} goal(s) missed; {failed} section(s) could not be measured. Took {elapsed:.0f} s.")
    if output is not None:
        output.write_text(
            results_markdown(machine, bench.rows, bench.details, METHOD, bench.notes, finished, load_average()),
            encoding="utf-8",
        )
        print(f"Written to {output}.")
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Measure the kiosk against its yardsticks and write results.md.")
    parser.add_argument("--quick", action="store_true", help="two rounds of everything (results not written)")
    parser.add_argument("--output", type=Path, default=None, help=f"results file (default: {RESULTS})")
    args = parser.parse_args(argv)
    output = args.output if args.output or args.quick else RESULTS
    return run(QUICK if args.quick else Rounds(), output)


if __name__ == "__main__":
    sys.exit(main())
