"""A seeded random walk through the real kiosk app, for the soak test.

The walk presses keys (bound keys, letters, digits, keypad keys), clicks visible buttons, resizes
the terminal, switches language, reads aloud, prints, lets the visit time out under a fake clock
and tries staff PINs. After every few events it checks what a person at the kiosk would notice:
the app still runs, shows one of its own screens and never a traceback, and nothing failed
behind the screen (a worker, a logged exception).

The same seed gives the same sequence of choices, so a failure can be replayed with
``KIOSK_SOAK_SEED``. (Timing still varies: speech and printing run in real time.)
"""

from __future__ import annotations

import asyncio
import ctypes
import dataclasses
import gc
import logging
import os
import random
import time
import unicodedata
from collections import Counter, deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from textual import events
from textual.geometry import Size
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Button, Select
from textual.worker import Worker, WorkerState

from kiosk.core.config import ALL_LANGUAGES, PrinterSettings
from kiosk.core.pin import PinOutcome
from kiosk.ui.app import KioskApp
from kiosk.ui.screens.help import HelpScreen
from kiosk.ui.screens.idle_warning import IdleWarningScreen
from kiosk.ui.screens.language import LanguageScreen
from kiosk.ui.screens.pages import ContactsScreen, HomeScreen, StepScreen
from kiosk.ui.screens.pin import PinDialog
from kiosk.ui.screens.qr import QRCodesScreen
from kiosk.ui.screens.staff import StaffScreen

#: Every screen the kiosk may show; anything else on top means the walk reached a broken state.
KNOWN_SCREENS = (
    HomeScreen,
    StepScreen,
    ContactsScreen,
    HelpScreen,
    LanguageScreen,
    IdleWarningScreen,
    PinDialog,
    StaffScreen,
    QRCodesScreen,
)

#: Keys that open pages and dialogs (or close them): each costs a screen change.
SCREEN_KEYS = (
    *"12340chl",
    "escape",
    "question_mark",
    "slash",
    "asterisk",
    "enter",
    "f12",
    "ctrl+q",
    "ctrl+c",
)
#: Keys that act within a page: speech controls, settings, focus and scrolling, keypad keys.
PAGE_KEYS = (
    *"56789",
    *"rabntsk",
    "space",
    "plus",
    "minus",
    "less_than_sign",
    "greater_than_sign",
    "full_stop",
    "right_square_bracket",
    "left_square_bracket",
    "tab",
    "shift+tab",
    "left",
    "right",
    "up",
    "down",
    "pageup",
    "pagedown",
    "home",
    "end",
    "backspace",
    "delete",
)
OTHER_KEYS = (*"abcdefghijklmnopqrstuvwxyz", *"ABCXYZ", "comma", "semicolon", "f1", "f5", "insert", "ctrl+z")
#: Screen sizes the walk switches between (the kiosk's smallest to a large monitor).
MIN_SIZE = (80, 24)
MAX_SIZE = (200, 60)
COMMON_MAX_SIZE = (130, 40)
#: Processes the kiosk starts; none may outlive it.
#: Longest time one event may take (a print or a language switch takes well under a second).
EVENT_TIMEOUT_S = 30.0
CHILD_NAMES = ("paplay", "aplay", "lp", "lpstat", "cancel", "espeak", "espeak-ng")
_LIBC = ctypes.CDLL("libc.so.6")


#: Characters of the named keys, as a terminal sends them.
_KEY_CHARACTERS = {
    "escape": "\x1b",
    "enter": "\r",
    "tab": "\t",
    "space": " ",
    "backspace": "\x08",
    "delete": "\x7f",
    "slash": "/",
    "minus": "-",
    "plus": "+",
    "less_than_sign": "<",
    "greater_than_sign": ">",
}


def key_character(key: str) -> str | None:
    """The character a key types ("full_stop" -> "."), or None for keys that type nothing (arrows, F12)."""
    if len(key) == 1:
        return key
    if key in _KEY_CHARACTERS:
        return _KEY_CHARACTERS[key]
    try:
        return unicodedata.lookup(key.replace("_", " "))
    except KeyError:
        return None


def await_chain(task: asyncio.Task[Any]) -> str:
    """Where a task waits: each coroutine it awaits in turn, innermost last."""
    steps = []
    awaited: Any = task.get_coro()
    while awaited is not None and len(steps) < 30:
        frame = getattr(awaited, "cr_frame", None) or getattr(awaited, "gi_frame", None)
        if frame is not None:
            steps.append(f"{frame.f_code.co_name} ({Path(frame.f_code.co_filename).name}:{frame.f_lineno})")
        awaited = getattr(awaited, "cr_await", None) or getattr(awaited, "gi_yieldfrom", None)
    return " > ".join(steps)


class FakeClock:
    """A monotonic clock the walk moves forward by hand (idle time-outs, PIN locks)."""

    def __init__(self) -> None:
        self.now = 10_000.0

    def __call__(self) -> float:
        return self.now


def resident_kib() -> int:
    """This process's resident memory (VmRSS) in KiB, after a full garbage collection.

    Freed memory that the C allocator still holds is handed back first (glibc ``malloc_trim``):
    rendering a Chinese slip frees tens of MiB that would otherwise make RSS swing by that much
    from one measurement to the next, hiding or faking a leak.
    """
    gc.collect()
    _LIBC.malloc_trim(0)
    for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("/proc/self/status has no VmRSS line")


def descendants(pid: int | None = None) -> dict[int, str]:
    """Every live process below ``pid`` (default: this one), by pid, with its name."""
    found: dict[int, str] = {}
    waiting = [pid or os.getpid()]
    while waiting:
        parent = waiting.pop()
        try:
            tasks = list(Path(f"/proc/{parent}/task").iterdir())
        except OSError:
            continue
        for task in tasks:
            try:
                children = (task / "children").read_text(encoding="ascii").split()
            except OSError:
                continue
            for child in map(int, children):
                try:
                    stat = Path(f"/proc/{child}/stat").read_text(encoding="utf-8", errors="replace")
                except OSError:
                    continue
                if stat[stat.rindex(")") + 2] == "Z":
                    continue
                found[child] = stat[stat.index("(") + 1 : stat.rindex(")")]
                waiting.append(child)
    return found


def leftovers(root: Path) -> list[str]:
    """Every file and folder under ``root`` (the walk's private temporary folder), relative to it."""
    return sorted(str(path.relative_to(root)) for path in root.rglob("*"))


class ErrorLog(logging.Handler):
    """Collects every ERROR the kiosk logs (a caught exception in a speech command, say)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def describe(self) -> str:
        return "\n".join(self.format(record) for record in self.records)


@dataclass
class WalkResult:
    """What the walk did and what it measured."""

    seed: int
    events: int = 0
    seconds: float = 0.0
    rss_start_kib: int = 0
    rss_warm_kib: int = 0
    rss_end_kib: int = 0
    #: Resident memory (KiB) after every tenth of the walk, to tell steady growth from a bounded cache filling.
    rss_trace_kib: list[tuple[int, int]] = field(default_factory=list)
    done: Counter[str] = field(default_factory=Counter)

    @property
    def events_per_second(self) -> float:
        return self.events / self.seconds if self.seconds else 0.0

    @property
    def growth_after_warm_up(self) -> float:
        """Resident memory at the end over memory after warm-up (1.0 means no growth)."""
        return self.rss_end_kib / self.rss_warm_kib if self.rss_warm_kib else 0.0


class SoakWalk:
    """Drives one running KioskApp through ``Pilot`` with seeded random choices."""

    def __init__(self, app: KioskApp, pilot: Pilot[None], clock: FakeClock, seed: int, pin: str) -> None:
        self.app = app
        self.pilot = pilot
        self.clock = clock
        self.rng = random.Random(seed)
        self.pin = pin
        self.result = WalkResult(seed)
        self.recent: deque[str] = deque(maxlen=40)
        self.workers: list[Worker[Any]] = []
        self._real_queue = app.config.printer.queue
        self._watch_workers()
        actions: list[tuple[int, Callable[[], Awaitable[None]]]] = [
            (10, self.press_screen_key),
            (40, self.press_page_key),
            (8, self.press_other_key),
            (6, self.scroll),
            (9, self.click_button),
            (3, self.resize),
            (4, self.language_by_keys),
            (1, self.language_direct),
            (5, self.read_aloud),
            (1, self.print_slip),
            (2, self.idle_warning),
            (2, self.idle_expiry),
            (2, self.staff_pin),
            (2, self.open_page),
        ]
        self._weights = [weight for weight, _ in actions]
        self._actions = [action for _, action in actions]

    # --- the walk -----------------------------------------------------------------------------

    async def run(self, events: int, warm_up: int) -> WalkResult:
        """Run ``events`` events; memory is measured at the start, after ``warm_up`` events and at the end."""
        result = self.result
        result.rss_start_kib = resident_kib()
        started = time.monotonic()
        await self.tour()
        while result.events < events:
            if result.events >= warm_up and not result.rss_warm_kib:
                await self.settle()
                result.rss_warm_kib = resident_kib()
            action = self.rng.choices(self._actions, self._weights)[0]
            await self.bounded(action())
            result.events += 1
            self.check()
            if result.events % 50 == 0:
                await self.pilot.pause()
            if result.events % 100 == 0:
                self.check_screen_text()
            if result.events % max(1, events // 10) == 0:
                result.rss_trace_kib.append((result.events, resident_kib()))
        await self.settle()
        self.check()
        self.check_screen_text()
        await self.bounded(self.still_serves_pages())
        self.check()
        result.seconds = time.monotonic() - started
        result.rss_end_kib = resident_kib()
        return result

    async def bounded(self, event: Awaitable[None]) -> None:
        """Run one event; a kiosk that does not answer within EVENT_TIMEOUT_S hangs, and the walk says where."""
        try:
            await asyncio.wait_for(event, EVENT_TIMEOUT_S)
        except TimeoutError:
            # Message pumps waiting for their next message are idle; the others show where it is stuck.
            chains = {task.get_name(): await_chain(task) for task in asyncio.all_tasks()}
            stuck = "\n".join(f"{name}: {chain}" for name, chain in chains.items() if "_get_message" not in chain)
            raise self.fail(
                f"one event took longer than {EVENT_TIMEOUT_S:g} s: the kiosk hangs "
                f"(screens {self.app.screen_stack!r}).\nWaiting tasks:\n{stuck}"
            ) from None

    async def tour(self) -> None:
        """Visit every page, dialog and language once, and print in the scripts with the largest fonts,
        so that warm-up has loaded everything the walk uses before memory is measured."""
        for key in ("1", "2", "3", "4", "c", "question_mark", "escape", "l", "escape"):
            await self.press(key)
        for code in ALL_LANGUAGES:
            self.note(f"tour: language {code}")
            await self.app.set_language(code)
            for key in ("3", "question_mark", "escape", "r", "r"):
                await self.press(key)
            if code in ("ar", "zh_Hans"):
                await self.press("p")
                await self.settle()
            if code in ("en", "ar"):
                # Layouts are cached per size: let the left-to-right and right-to-left ones fill in.
                for width, height in (MIN_SIZE, COMMON_MAX_SIZE, MAX_SIZE, (101, 33)):
                    size = Size(width, height)
                    self.app.post_message(events.Resize(size, size))
                    await self.pilot.pause()
        await self.press("f12")
        await self.type_pin(self.pin)
        await self.press("escape")
        await self.expire_visit()
        await self.pilot.pause()
        self.check()

    async def still_serves_pages(self) -> None:
        """After the walk, a family can still close whatever is open and open a step."""
        for _ in range(6):
            if isinstance(self.app.screen, HomeScreen | StepScreen | ContactsScreen):
                break
            await self.press("escape")
            await self.pilot.pause()
        await self.press("2")
        deadline = time.monotonic() + 10
        while not (isinstance(self.app.screen, StepScreen) and self.app.screen.page_id == self.app.content.steps[1].id):
            if time.monotonic() > deadline:
                raise self.fail(f"key 2 did not open step 2; the kiosk shows {self.app.screen_stack!r}")
            await self.pilot.pause(0.05)

    async def settle(self) -> None:
        """Let queued messages run (and a print job end) before measuring."""
        await self.pilot.pause(0.2)
        deadline = time.monotonic() + 30
        while self.app.printer.busy and time.monotonic() < deadline:
            await self.pilot.pause(0.1)
        await self.pilot.pause()

    # --- checks ----------------------------------------------------------------------------------

    def fail(self, what: str) -> AssertionError:
        recent = "\n  ".join(self.recent)
        return AssertionError(
            f"{what}\nAfter {self.result.events} events; replay with KIOSK_SOAK_SEED={self.result.seed}."
            f"\nLast events:\n  {recent}"
        )

    def check(self) -> None:
        app = self.app
        # The guard keeps the kiosk up after an unexpected error (and logs it): any is a failure here.
        error = app.guard.pending
        if error is not None or app.guard.recovered:
            raise self.fail(f"the app hit an exception: {error!r}") from error
        if not app.is_running:
            raise self.fail("the kiosk stopped running")
        if not isinstance(app.screen, KNOWN_SCREENS):
            raise self.fail(f"the kiosk shows an unknown screen: {app.screen!r}")
        if not isinstance(app.screen_stack[0], HomeScreen):
            raise self.fail(f"the bottom screen is not home: {app.screen_stack!r}")
        for worker in self.workers:
            if worker.state == WorkerState.ERROR:
                raise self.fail(f"the worker {worker.name!r} failed: {worker.error!r}")

    def check_screen_text(self) -> None:
        screenshot = self.app.export_screenshot()
        if "Traceback" in screenshot:
            raise self.fail("a traceback is on the screen")

    def _watch_workers(self) -> None:
        run_worker = self.app.run_worker

        def recording(*args: Any, **kwargs: Any) -> Worker[Any]:
            worker = run_worker(*args, **kwargs)
            self.workers.append(worker)
            # Keep only the workers still running or failed: the list must not grow for the soak.
            self.workers = [w for w in self.workers if w.state in (WorkerState.PENDING, WorkerState.RUNNING)] + [
                w for w in self.workers if w.state == WorkerState.ERROR
            ]
            return worker

        self.app.run_worker = recording  # type: ignore[method-assign]

    # --- helpers ---------------------------------------------------------------------------------

    def note(self, event: str) -> None:
        self.recent.append(f"{self.result.events}: {event} (on {type(self.app.screen).__name__})")
        self.result.done[event.split(" ")[0]] += 1

    async def press(self, *keys: str) -> None:
        """Send keys the way a terminal does (to the app), each after the last was handled.

        ``Pilot.press`` also waits for the whole process to be idle, which with speech and
        printing threads at work can take a second per key; a family does not wait for that.
        """
        if isinstance(self.app.screen, StaffScreen):
            keys = tuple(self._staff_safe(key) for key in keys)
        self.note(f"press {' '.join(keys)}")
        for key in keys:
            self.app.post_message(events.Key(key, key_character(key)))
            await self.pilot.pause(0)

    async def click(self, widget: Widget) -> None:
        """Press and release the mouse over ``widget`` as a terminal reports it (the app makes the click)."""
        region = widget.region
        x, y = region.x + region.width // 2, region.y + region.height // 2
        for kind in (events.MouseDown, events.MouseUp):
            self.app.post_message(kind(None, x, y, 0, 0, 1, False, False, False, screen_x=x, screen_y=y))
        await self.pilot.pause(0)

    def _staff_safe(self, key: str) -> str:
        """On the staff screen, never press the Exit button: that would end the kiosk on purpose."""
        focused = self.app.focused
        if key == "enter" and focused is not None and focused.id == "exit-kiosk":
            return "tab"
        return key

    async def type_pin(self, pin: str) -> None:
        if isinstance(self.app.screen, PinDialog):
            self.note(f"pin {'right' if pin == self.pin else 'wrong'}")
            await self.press(*pin, "enter")

    async def poll_idle(self) -> None:
        """Let the app look at the idle clock as its 1 s timer does: in turn with the app's other messages."""
        self.app.call_later(self.app.poll_idle)
        await self.pilot.pause(0)

    async def expire_visit(self) -> None:
        config = self.app.config
        self.clock.now += config.idle_timeout_s + config.idle_warning_s + 1
        self.note("idle expiry")
        await self.poll_idle()

    # --- events ----------------------------------------------------------------------------------

    async def press_screen_key(self) -> None:
        await self.press(self.rng.choice(SCREEN_KEYS))

    async def press_page_key(self) -> None:
        await self.press(self.rng.choice(PAGE_KEYS))

    async def press_any_key(self) -> None:
        await self.press(self.rng.choice(SCREEN_KEYS + PAGE_KEYS + OTHER_KEYS))

    async def scroll(self) -> None:
        """Turn the mouse wheel (or swipe) somewhere on the screen."""
        size = self.app.screen.size
        x, y = self.rng.randrange(size.width), self.rng.randrange(size.height)
        kind = self.rng.choice((events.MouseScrollDown, events.MouseScrollUp))
        self.note(f"scroll {'down' if kind is events.MouseScrollDown else 'up'} at {x},{y}")
        self.app.post_message(kind(None, x, y, 0, 0, 0, False, False, False, screen_x=x, screen_y=y))
        await self.pilot.pause(0)

    async def press_other_key(self) -> None:
        await self.press(self.rng.choice(OTHER_KEYS))

    async def click_button(self) -> None:
        screen = self.app.screen
        size = screen.size.region
        buttons = [
            button
            for button in screen.query(Button)
            if button.display
            and button.id != "exit-kiosk"
            and button.region.area > 0
            and size.contains_region(button.region)
        ]
        if not buttons:
            await self.press_any_key()
            return
        button = self.rng.choice(buttons)
        self.note(f"click #{button.id}")
        await self.click(button)

    async def resize(self) -> None:
        # Mostly the sizes of kiosk screens and browser windows; now and then as large as the walk goes.
        largest = MAX_SIZE if self.rng.random() < 0.25 else COMMON_MAX_SIZE
        width = self.rng.randint(MIN_SIZE[0], largest[0])
        height = self.rng.randint(MIN_SIZE[1], largest[1])
        self.note(f"resize {width}x{height}")
        # As the terminal reports it (Pilot.resize_terminal also waits for the process to be idle).
        size = Size(width, height)
        self.app.post_message(events.Resize(size, size))
        await self.pilot.pause(0)

    async def language_by_keys(self) -> None:
        await self.press(self.rng.choice(("l", "asterisk")))
        if isinstance(self.app.screen, LanguageScreen):
            for _ in range(self.rng.randint(0, 6)):
                await self.press(self.rng.choice(("up", "down", "8", "2", "pagedown", "home", "end")))
            await self.press(self.rng.choice(("enter", "5", "enter", "escape")))

    async def language_direct(self) -> None:
        code = self.rng.choice(ALL_LANGUAGES)
        self.note(f"language {code}")
        await self.app.set_language(code)

    async def read_aloud(self) -> None:
        await self.press(self.rng.choice(("r", "5")))
        for _ in range(self.rng.randint(0, 3)):
            await self.pilot.pause(self.rng.choice((0.0, 0.02, 0.1)))
            await self.press(self.rng.choice(("space", "n", "b", "a", "plus", "minus", "r", "8", "9", "7")))

    async def print_slip(self) -> None:
        # Mostly the real queue; sometimes a queue CUPS does not have, to walk the failure path too.
        queue = self._real_queue if self.rng.random() < 0.7 else "no-such-queue-soak"
        if self.app.config.printer.queue != queue:
            printer = dataclasses.replace(self.app.config.printer, queue=queue)
            self.app.config = dataclasses.replace(self.app.config, printer=printer)
        await self.press(self.rng.choice(("p", "t", "p")))

    async def idle_warning(self) -> None:
        self.clock.now += self.app.config.idle_timeout_s + 1
        self.note("idle warning")
        await self.poll_idle()
        if self.rng.random() < 0.5:
            await self.press_any_key()
        elif isinstance(self.app.screen, IdleWarningScreen):
            # The warning may be pushed but not yet drawn: nobody can touch a button before it shows.
            for button in self.app.screen.query("#still-here"):
                self.note("click #still-here")
                await self.click(button)

    async def idle_expiry(self) -> None:
        await self.expire_visit()

    async def staff_pin(self) -> None:
        app = self.app
        if not isinstance(app.screen, PinDialog | StaffScreen):
            await self.press("f12")
        if isinstance(app.screen, PinDialog):
            if app.pin_guard.status().outcome is PinOutcome.LOCKED and self.rng.random() < 0.5:
                # Staff wait the lock out (the walk's clock moves; someone is still here).
                self.clock.now += app.pin_guard.status().seconds_remaining + 1
                app.idle.touch()
                self.note("wait out the PIN lock")
                await self.pilot.pause(1.1)
            right = self.rng.random() < 0.5
            pin = self.pin if right else "".join(self.rng.choice("0123456789") for _ in range(self.rng.randint(1, 8)))
            await self.type_pin(pin)
        if isinstance(app.screen, StaffScreen):
            await self.staff_actions()

    async def staff_actions(self) -> None:
        for _ in range(self.rng.randint(1, 4)):
            screen = self.app.screen
            if not isinstance(screen, StaffScreen):
                return
            choice = self.rng.choice(("test-speech", "test-print", "switch-theme", "language", "close", "key"))
            if choice == "language":
                select = screen.query_one(self.rng.choice(("#staff-language", "#speech-language")), Select)
                code = self.rng.choice(self.app.config.languages)
                self.note(f"staff select {select.id} {code}")
                select.value = code
                await self.pilot.pause(0)
            elif choice == "key":
                await self.press(self.rng.choice(("tab", "shift+tab", "down", "up", "escape", "enter")))
            else:
                self.note(f"staff click #{choice}")
                button = screen.query_one(f"#{choice}", Button)
                if screen.size.region.contains_region(button.region):
                    await self.click(button)
                else:
                    button.press()  # scrolled out of sight at this size: as if scrolled to and clicked
                    await self.pilot.pause(0)

    async def open_page(self) -> None:
        await self.press(self.rng.choice(("1", "2", "3", "4", "c", "h", "0")))


def soak_printer(queue: str) -> PrinterSettings:
    """Printer settings for the walk: a short time limit, so a stuck job cannot hold it long."""
    return PrinterSettings(queue=queue, paper="roll80", timeout_s=30.0)
