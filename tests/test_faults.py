"""Faults injected while the real kiosk runs, and what the people at the kiosk notice.

Each test starts the real app (real speech through espeak-ng and paplay into the PulseAudio null
sink, real CUPS with the kiosk-pdf queue), breaks one thing under it and checks, as a person at
the kiosk would: pages still open and show their text; the fault is told in plain words where the
right person looks (the status line for the family, the staff screen's usage section for staff);
there is never a traceback on screen, an exception in the app, a logged error, or a child process
left behind. Every test puts the machine back (cupsd running, the queue enabled and accepting,
no mount left) in a ``finally``: other tests in the same run print through the same CUPS.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import datetime as dt
import html
import logging
import os
import re
import signal
import subprocess
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.worker import Worker, WorkerState

from kiosk.core.config import KioskConfig
from kiosk.core.content import Content
from kiosk.core.i18n import Translator
from kiosk.core.pin import hash_pin
from kiosk.core.printing import CUPS_DOWN, NOT_ACCEPTING, QUEUE_STOPPED, failure_message
from kiosk.core.speech.messages import NO_PLAYER, message
from kiosk.core.stats import DB_NAME, FOLDER_FULL, UsageCounter
from kiosk.ui.app import KioskApp
from kiosk.ui.screens.pages import ContactsScreen, HomeScreen, StepScreen
from kiosk.ui.screens.staff import StaffScreen
from kiosk.ui.widgets.status_line import StatusLine
from tests.conftest import LOCALES_DIR
from tests.soak_walk import descendants
from tests.speech_env import alive, ensure_sound_server, synth_workers
from tests.test_app_speech import _started, wait_for
from tests.test_printing import QUEUE, cups_command, scheduler_running, start_cups, wait_until

PIN = "730518"
#: Bounded waits: a slip takes 1-3 s through cups-pdf and a sentence a few seconds to play.
PRINT_WAIT_S = 60.0
CUPS_WAIT_S = 15.0
ENGLISH = Translator("en", LOCALES_DIR)


@pytest.fixture(scope="module", autouse=True)
def _services() -> None:
    """The real sound server and CUPS (idempotent: fine when make test has started them)."""
    ensure_sound_server()
    start_cups()


# --- what a person at the kiosk notices --------------------------------------------------------


def screen_text(app: KioskApp) -> str:
    """The characters on screen, from the same export a screenshot is made from."""
    svg = app.export_screenshot()
    return html.unescape("".join(re.findall(r"<text[^>]*>(.*?)</text>", svg, re.S))).replace("\xa0", " ")


def squash(text: str) -> str:
    return " ".join(text.split())


def status_of(app: KioskApp) -> tuple[str, bool]:
    """The status line of the page on screen: its sentence, and whether it is shown as a problem."""
    page = app.page_screen
    assert page is not None, "no page is on screen"
    status = page.query_one("#status", StatusLine)
    return status.message, status.has_class("-problem")


async def wait_for_status(pilot: Pilot[None], app: KioskApp, sentence: str, timeout: float = 20.0) -> None:
    await wait_for(
        pilot,
        lambda: status_of(app) == (sentence, True),
        lambda: f"the problem {sentence!r} in the status line (it shows {status_of(app)!r})",
        timeout=timeout,
    )


async def assert_pages_serve(pilot: Pilot[None], app: KioskApp) -> None:
    """Step 2, the contacts page and home each open and show their own text."""
    step = app.content.steps[1]
    for key, kind, text in (
        ("2", StepScreen, step.title),
        ("c", ContactsScreen, ENGLISH.gettext("Who can help")),
        ("h", HomeScreen, step.summary),
    ):
        await pilot.press(key)
        await wait_for(pilot, lambda kind=kind: isinstance(app.screen, kind), f"{kind.__name__} to open")
        await pilot.pause()
        shown = screen_text(app)
        assert squash(text) in squash(shown), f"{kind.__name__} does not show {text!r}:\n{shown}"
        assert "Traceback" not in shown


async def open_staff_usage(pilot: Pilot[None], app: KioskApp) -> str:
    """Open the staff screen with the PIN and return its usage section."""
    await pilot.press("f12")
    await pilot.pause()
    await pilot.press(*PIN, "enter")
    await wait_for(pilot, lambda: isinstance(app.screen, StaffScreen), "the staff screen")
    await pilot.pause()
    return str(app.screen.query_one("#staff-usage").render())


async def close_staff(pilot: Pilot[None], app: KioskApp) -> None:
    await pilot.press("escape")
    await wait_for(pilot, lambda: not isinstance(app.screen, StaffScreen), "the staff screen to close")


# --- the running kiosk and what it must not leave behind -------------------------------------


@dataclass
class Watch:
    """Errors the kiosk logs and the workers it starts, collected while it runs."""

    errors: list[logging.LogRecord] = field(default_factory=list)
    workers: list[Worker[Any]] = field(default_factory=list)

    def failed_workers(self) -> list[str]:
        return [f"{worker.name}: {worker.error!r}" for worker in self.workers if worker.state == WorkerState.ERROR]


class _ErrorHandler(logging.Handler):
    def __init__(self, watch: Watch) -> None:
        super().__init__(logging.ERROR)
        self.watch = watch

    def emit(self, record: logging.LogRecord) -> None:
        self.watch.errors.append(record)


@contextlib.asynccontextmanager
async def running_kiosk(config: KioskConfig, content: Content) -> AsyncIterator[tuple[KioskApp, Pilot[None]]]:
    """The real kiosk on a 100x32 screen; afterwards, no exception, logged error or stray process."""
    before = descendants()
    watch = Watch()
    handler = _ErrorHandler(watch)
    kiosk_log = logging.getLogger("kiosk")
    kiosk_log.addHandler(handler)
    app = KioskApp(config, content)
    run_worker = app.run_worker

    def recording(*args: Any, **kwargs: Any) -> Worker[Any]:
        worker = run_worker(*args, **kwargs)
        watch.workers.append(worker)
        return worker

    app.run_worker = recording  # type: ignore[method-assign]
    try:
        async with app.run_test(size=(100, 32)) as pilot:
            await pilot.pause()
            yield app, pilot
            assert app.is_running, "the kiosk stopped"
            assert app.guard.pending is None and app.guard.recovered == 0, "the app hit an unexpected error"
            assert "Traceback" not in screen_text(app)
            # A print that is still being followed must end before the kiosk closes.
            await wait_for(pilot, lambda: not app.printer.busy, "the print job to end", timeout=PRINT_WAIT_S)
    finally:
        kiosk_log.removeHandler(handler)
    assert app.return_code in (None, 0), f"the kiosk ended with return code {app.return_code}"
    assert watch.failed_workers() == [], "a worker failed behind the screen"
    assert [record.getMessage() for record in watch.errors] == [], "the kiosk logged errors"
    left = await stray_processes(before)
    assert left == {}, f"processes outlived the kiosk: {left}"


async def stray_processes(before: dict[int, str], timeout: float = 10.0) -> dict[int, str]:
    """Processes started since ``before`` that are still alive, after a bounded wait for them to be reaped."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        left = {pid: name for pid, name in descendants().items() if pid not in before}
        if not left or asyncio.get_running_loop().time() > deadline:
            return left
        await asyncio.sleep(0.05)


# --- 1. the speech process is killed while a page is read --------------------------------------


async def test_killing_the_speech_process_mid_page_keeps_reading(content: Content, config: KioskConfig) -> None:
    async with running_kiosk(config, content) as (app, pilot):
        service = app.narrator.service
        assert service is not None
        started = _started(app)
        await pilot.press("3", "r")
        await wait_for(pilot, lambda: bool(started) and service.synth_pid is not None, "the page to be read")
        killed = service.synth_pid
        assert killed is not None and len(synth_workers()) == 1
        index_at_kill = started[-1].index
        os.kill(killed, signal.SIGKILL)

        # The page goes on being read: the sentences after the kill are made by a new process.
        await wait_for(
            pilot,
            lambda: started[-1].index >= index_at_kill + 2,
            lambda: f"reading to go on after the kill (last sentence {started[-1].index}, status {status_of(app)!r})",
            timeout=30.0,
        )
        assert service.synth_pid not in (None, killed)
        assert not alive(killed), "the killed process is reaped"
        assert len(synth_workers()) == 1, "exactly one synthesis process runs"
        assert status_of(app)[1] is False, f"no problem is shown: {status_of(app)!r}"

        await pilot.press("r")  # stop
        await wait_for(pilot, lambda: not service.speaking, "reading to stop")
        started.clear()
        await pilot.press("1", "r")
        await wait_for(pilot, lambda: bool(started), "reading again on step 1")
        assert app.screen.page_id == "talk-to-the-service"  # type: ignore[attr-defined]
        await assert_pages_serve(pilot, app)


# --- 2. cupsd stops while the kiosk runs --------------------------------------------------------


@contextlib.contextmanager
def cupsd_stopped() -> Iterator[None]:
    """cupsd stopped for the body only, then started again (scripts/start-cups.sh) whatever happens."""
    try:
        pid = int(Path("/run/cups/cupsd.pid").read_text(encoding="utf-8").strip())
        os.kill(pid, signal.SIGTERM)
        wait_until(lambda: not scheduler_running(), CUPS_WAIT_S, "cupsd stopping")
        yield
    finally:
        start_cups()


async def print_and_wait(pilot: Pilot[None], app: KioskApp, sentence: str, *, problem: bool) -> None:
    """Press P and wait for the job's last word in the status line."""
    await wait_for(pilot, lambda: not app.printer.busy, "the last print job to end", timeout=PRINT_WAIT_S)
    await pilot.press("p")
    await wait_for(
        pilot,
        lambda: status_of(app) == (sentence, problem),
        lambda: f"{sentence!r} in the status line (it shows {status_of(app)!r})",
        timeout=PRINT_WAIT_S,
    )


def qr_codes_in_view(app: KioskApp) -> bool:
    from kiosk.ui.screens.qr import QRCodesScreen

    return isinstance(app.screen, QRCodesScreen)


async def wait_for_qr_codes(pilot: Pilot[None], app: KioskApp) -> None:
    """The failure opens the QR view over the page; the family reads a code and closes it again."""
    await wait_for(pilot, lambda: qr_codes_in_view(app), "the QR view to open", timeout=5.0)
    await pilot.press("escape")
    await pilot.pause()


async def test_printing_while_cupsd_is_stopped_then_after_it_is_started_again(
    content: Content, config: KioskConfig
) -> None:
    async with running_kiosk(config, content) as (app, pilot):
        await pilot.press("3")
        await pilot.pause()
        with cupsd_stopped():
            await print_and_wait(pilot, app, failure_message(ENGLISH, CUPS_DOWN), problem=True)
        await wait_for_qr_codes(pilot, app)
        assert squash("The printing service is not running. You can scan the QR codes instead.") in squash(
            screen_text(app)
        )
        assert scheduler_running()
        # The same kiosk, never restarted, prints again.
        await print_and_wait(pilot, app, "Please take your slip.", problem=False)
        await assert_pages_serve(pilot, app)


# --- 3. the queue is paused, or refuses jobs ----------------------------------------------------


@pytest.mark.parametrize(
    ("break_queue", "mend_queue", "failure", "sentence"),
    [
        ("cupsdisable", "cupsenable", QUEUE_STOPPED, "The printer is paused."),
        ("cupsreject", "cupsaccept", NOT_ACCEPTING, "The printer is not taking slips at the moment."),
    ],
    ids=["disabled", "rejecting"],
)
async def test_printing_on_a_queue_that_is_paused_or_refusing_jobs(
    content: Content, config: KioskConfig, break_queue: str, mend_queue: str, failure: str, sentence: str
) -> None:
    async with running_kiosk(config, content) as (app, pilot):
        await pilot.press("c")
        await pilot.pause()
        try:
            cups_command(break_queue, QUEUE)
            await print_and_wait(pilot, app, failure_message(ENGLISH, failure), problem=True)
        finally:
            cups_command(mend_queue, QUEUE)
        await wait_for_qr_codes(pilot, app)
        assert squash(f"{sentence} You can scan the QR codes instead.") in squash(screen_text(app))
        await print_and_wait(pilot, app, "Please take your slip.", problem=False)
        await assert_pages_serve(pilot, app)


# --- 4. the audio player disappears after start-up ---------------------------------------------


async def test_the_audio_player_removed_after_start_up(
    content: Content, config: KioskConfig, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The kiosk finds its programs on PATH: a folder of links to the real ones stands in for
    # /usr/bin, so the players can be taken away (and brought back) as if uninstalled.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    players = ("paplay", "aplay")
    for tool in (*players, "pactl", "espeak-ng", "lp", "lpstat", "cancel"):
        (bin_dir / tool).symlink_to(f"/usr/bin/{tool}")
    monkeypatch.setenv("PATH", str(bin_dir))
    async with running_kiosk(config, content) as (app, pilot):
        service = app.narrator.service
        assert service is not None
        started = _started(app)
        await pilot.press("1", "r")
        await wait_for(pilot, lambda: bool(started), "the page to be read with the player in place")
        await pilot.press("r")
        await wait_for(pilot, lambda: not service.speaking, "reading to stop")

        for player in players:
            (bin_dir / player).unlink()
        started.clear()
        await pilot.press("r")
        await wait_for_status(pilot, app, message(NO_PLAYER).english())
        assert started == [] and not service.speaking
        await assert_pages_serve(pilot, app)
        await pilot.press("r")  # asked again on another page: told again there
        await wait_for_status(pilot, app, message(NO_PLAYER).english())

        for player in players:
            (bin_dir / player).symlink_to(f"/usr/bin/{player}")
        await pilot.press("r")
        await wait_for(pilot, lambda: bool(started), "the page to be read once the player is back")
        # The same page's status line must not go on saying there is no audio while it plays.
        await wait_for(
            pilot,
            lambda: status_of(app) != (message(NO_PLAYER).english(), True),
            lambda: f"the status line to stop saying audio is missing (it shows {status_of(app)!r})",
        )


# --- 5. the data folder's disk is full ----------------------------------------------------------


@contextlib.contextmanager
def small_disk(folder: Path) -> Iterator[Path]:
    """A 256 KiB tmpfs mounted at ``folder``, unmounted afterwards whatever happens."""
    folder.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(folder)], check=True, timeout=30)
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True, timeout=30)


def fill(folder: Path) -> Path:
    """Write a file until the disk has no space left."""
    filler = folder / "filler"
    block = b"\0" * 4096
    descriptor = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_EXCL)
    try:
        with contextlib.suppress(OSError):
            while os.write(descriptor, block):
                pass
    finally:
        os.close(descriptor)
    assert os.statvfs(folder).f_bavail == 0, "the disk is not full"
    return filler


def staff_config(config: KioskConfig, **changes: object) -> KioskConfig:
    return dataclasses.replace(config, staff_pin_hash=hash_pin(PIN), **changes)  # type: ignore[arg-type]


def usage_line(event: str, language: str, count: int) -> str:
    """A line of the staff screen's usage section, for today."""
    return f"{dt.date.today().isoformat()}  {event:14} {language or '-':8} {count}"


async def test_a_full_data_disk_pauses_counting_and_says_so_to_staff(
    content: Content, config: KioskConfig, tmp_path: Path
) -> None:
    with small_disk(tmp_path / "disk") as disk:
        data_dir = disk / "data"
        async with running_kiosk(staff_config(config, data_dir=data_dir), content) as (app, pilot):
            await assert_pages_serve(pilot, app)  # two pages opened and counted, then back home
            filler = fill(disk)
            await assert_pages_serve(pilot, app)
            # A visit's counts are written when it ends: that is when the full disk shows.
            await app.reset_visit()
            assert await open_staff_usage(pilot, app) == FOLDER_FULL
            await close_staff(pilot, app)

            # A visit ends while the disk is still full: counting tries again, and stays paused.
            await app.reset_visit()
            await assert_pages_serve(pilot, app)
            assert await open_staff_usage(pilot, app) == FOLDER_FULL
            await close_staff(pilot, app)

            filler.unlink()
            await app.reset_visit()  # the next visit's end finds room again
            await assert_pages_serve(pilot, app)
            usage = (await open_staff_usage(pilot, app)).splitlines()
            # The visits that ended on a full disk are lost; the one under way is counted.
            assert usage == [usage_line("pages viewed", "en", 2), usage_line("resets", "", 1)], usage
            await close_staff(pilot, app)


# --- 6. the usage file is damaged under the running kiosk ---------------------------------------


@pytest.mark.parametrize("damage", ["garbage", "truncated"])
async def test_a_damaged_usage_file_is_set_aside_and_staff_are_told(
    content: Content, config: KioskConfig, damage: str
) -> None:
    # A kiosk that has counted before: the file holds earlier days, not only what SQLite has in memory.
    earlier = UsageCounter(config.data_dir, today=lambda: dt.date(2026, 1, 5))
    for _ in range(50):
        earlier.page_viewed("pl")
    earlier.close()
    async with running_kiosk(staff_config(config), content) as (app, pilot):
        await pilot.press("1")  # the kiosk has the file open and has counted into it
        await pilot.pause()
        path = config.data_dir / DB_NAME
        if damage == "garbage":
            path.write_bytes(b"\xde\xad\xbe\xef not a database " * 300)
        else:
            os.truncate(path, 0)

        await assert_pages_serve(pilot, app)
        usage = (await open_staff_usage(pilot, app)).splitlines()
        set_aside = config.data_dir / f"{DB_NAME}.corrupt"
        assert usage == [
            f"The usage file was damaged: it was moved to {set_aside} and counting started again in a new file.",
            # This visit's counts are held until it ends, so none was lost with the file.
            usage_line("pages viewed", "en", 3),
        ], usage
        # Kept for whoever looks into it (closing the old connection may have written its last pages there).
        assert set_aside.is_file()
        await close_staff(pilot, app)
        await assert_pages_serve(pilot, app)
