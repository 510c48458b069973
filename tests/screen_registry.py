"""Every screen of the kiosk, how a person opens it, and what must then be drawn inside it.

``tests/test_screens_drawn.py`` fails when a Screen or ModalScreen subclass under ``kiosk/ui`` is
missing here, opens each entry through the real app by its keys at 80x24, and reads back what is
drawn inside the entry's widget. ``tests/test_screen_snapshots.py`` photographs each entry.

To register a new screen, add one ``ScreenEntry``: its class, the keys that open it (pressed after
``before``, so it is seen mid-flow, over a page), the selector of the widget that holds it, and the
texts a person must be able to read there.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from textual.pilot import Pilot
from textual.screen import Screen

from kiosk.core.config import KioskConfig
from kiosk.core.content import Content
from kiosk.core.i18n import offered_languages
from kiosk.core.pages import build_page
from kiosk.core.pin import hash_pin
from kiosk.ui.app import KioskApp
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.screens.help import HelpScreen
from kiosk.ui.screens.idle_warning import IdleWarningScreen
from kiosk.ui.screens.language import LanguageScreen
from kiosk.ui.screens.modal import KioskModal
from kiosk.ui.screens.pages import ContactsScreen, HomeScreen, PageScreen, StepScreen
from kiosk.ui.screens.pin import PinDialog
from kiosk.ui.screens.qr import QRCodesScreen
from kiosk.ui.screens.staff import StaffScreen
from kiosk.ui.text import visual

PIN = "246813"
#: Hashed once: scrypt is slow on purpose.
PIN_HASH = hash_pin(PIN)

#: Classes that are never shown themselves: what the kiosk's pages and dialogs share.
BASES: frozenset[type[Screen]] = frozenset({KioskScreen, PageScreen, KioskModal})

Expected = Callable[[KioskApp], list[str]]
Opener = Callable[[KioskApp, Pilot], Awaitable[None]]


#: The hand-moved clock of each app made by build_app.
CLOCKS: WeakKeyDictionary[KioskApp, FakeClock] = WeakKeyDictionary()


class FakeClock:
    """A monotonic clock moved by hand, so idle time passes without waiting two minutes."""

    def __init__(self) -> None:
        self.now = 10_000.0

    def __call__(self) -> float:
        return self.now


@dataclass(frozen=True)
class ScreenEntry:
    """One way a person reaches a screen, and what they must then see."""

    name: str
    screen: type[Screen]
    #: Keys that open it, pressed one by one through the real app.
    keys: tuple[str, ...]
    #: The widget whose region is read back (a selector on the opened screen).
    region: str
    #: Texts (in the app's language and direction) that must be drawn inside the region.
    expected: Expected
    #: Keys pressed first, so the screen is seen in the middle of a visit.
    before: tuple[str, ...] = ()
    #: The first expected text is the first line drawn in the region (the screen opens at its top).
    first_line: bool = False
    #: For screens that time (not a key) opens.
    opener: Opener | None = field(default=None, compare=False)


def page_title(page_id: str | Callable[[KioskApp], str]) -> Expected:
    def expected(app: KioskApp) -> list[str]:
        pid = page_id(app) if callable(page_id) else page_id
        return [visual(build_page(app.content, app.tr, pid).title.text, app.tr.language.rtl)]

    return expected


def step_id(number: int) -> Callable[[KioskApp], str]:
    return lambda app: app.content.steps[number - 1].id


def home_lead_and_first_step(app: KioskApp) -> list[str]:
    home = build_page(app.content, app.tr, "home")
    first_step = app.content.steps[0].id
    blocks = (home.block("lead"), home.block(f"step.{first_step}.title"))
    return [visual(block.text.text, app.tr.language.rtl) for block in blocks]


def every_language(app: KioskApp) -> list[str]:
    return [visual(language.endonym, language.rtl) for language in offered_languages(app.config)]


def in_language(message: str) -> Expected:
    return lambda app: [visual(app.tr.gettext(message), app.tr.language.rtl)]


def first_contacts_code(app: KioskApp) -> list[str]:
    """The QR view opened on Contacts shows its first code's organisation and address as text."""
    from kiosk.core.qr_codes import page_qr_codes

    first = page_qr_codes(build_page(app.content, app.tr, "contacts"), app.tr)[0]
    return [first.name.text, first.url[:20]]


def pin_prompt(app: KioskApp) -> list[str]:
    return ["Staff only", app.pin_guard.status().describe(app.staff_tr)]


async def wait_until(pilot: Pilot, condition: Callable[[], bool], what: str, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await pilot.pause(0.05)


async def let_idle_time_pass(app: KioskApp, pilot: Pilot) -> None:
    """Nobody touches the kiosk: the warning comes from the app's own one-second poll."""
    clock = CLOCKS.get(app)
    assert clock is not None, "the idle warning entry needs an app made by build_app"
    clock.now += app.config.idle_timeout_s + 1
    await wait_until(pilot, lambda: isinstance(app.screen, IdleWarningScreen), "the idle warning")


REGISTRY: list[ScreenEntry] = [
    # Home is what Escape goes back to from a page; its title is in the top bar, its page holds the steps.
    ScreenEntry("home", HomeScreen, ("escape",), "#page", home_lead_and_first_step, before=("3",)),
    *(
        ScreenEntry(f"step-{number}", StepScreen, (str(number),), "#page", page_title(step_id(number)))
        for number in range(1, 5)
    ),
    ScreenEntry("contacts", ContactsScreen, ("c",), "#page", page_title("contacts"), before=("2",)),
    ScreenEntry("language", LanguageScreen, ("l",), "#language-box", every_language, before=("3",)),
    ScreenEntry(
        "help", HelpScreen, ("question_mark",), "#help-body", in_language("Help"), before=("3",), first_line=True
    ),
    ScreenEntry(
        "idle-warning",
        IdleWarningScreen,
        (),
        "#idle-box",
        in_language("Are you still there?"),
        before=("3",),
        opener=let_idle_time_pass,
    ),
    ScreenEntry("qr", QRCodesScreen, ("q",), "#qr-text", first_contacts_code, before=("c",)),
    ScreenEntry("pin", PinDialog, ("f12",), "#pin-box", pin_prompt, before=("3",)),
    ScreenEntry("staff", StaffScreen, ("f12", *PIN, "enter"), "#staff-body", lambda app: ["Staff"], before=("3",)),
]

#: How each entry is checked: the kiosk's default look, right to left, and high contrast.
VARIANTS = {
    "en": ("en", "kiosk-dark"),
    "ar": ("ar", "kiosk-dark"),
    "high-contrast": ("en", "high-contrast-dark"),
}


def build_app(content: Content, data_dir: Path, language: str, theme: str, **settings: Any) -> KioskApp:
    """The real kiosk with a staff PIN, a hand-moved clock and its own data folder (and ``settings``)."""
    config = KioskConfig(data_dir=data_dir, staff_pin_hash=PIN_HASH, theme=theme, **settings)
    clock = FakeClock()
    app = KioskApp(config, content, language=language, clock=clock)
    CLOCKS[app] = clock
    return app


async def open_entry(entry: ScreenEntry, app: KioskApp, pilot: Pilot) -> None:
    """Walk to the entry the way a person would: ``before``, then its keys (or let time pass)."""
    for key in (*entry.before, *entry.keys):
        await pilot.press(key)
        await pilot.pause()
    if entry.opener is not None:
        await entry.opener(app, pilot)
    await wait_until(pilot, lambda: isinstance(app.screen, entry.screen), f"the {entry.name} screen")
    await pilot.pause()
