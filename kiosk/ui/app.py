"""The kiosk application: screens, keys, language and the session of the family at the kiosk.

Keys (keyboard and numeric keypad) are listed once, in ``kiosk.ui.keymap``: the bindings below,
the key bar, the help screen's table and the README's table are all made from it
(``python -m kiosk.ui.keymap`` prints the table).

No key quits: the kiosk is locked (``inherit_bindings=False`` drops ctrl+q and ctrl+c; the
command palette is off). ``--dev`` adds ctrl+q for developers; staff exit from the staff screen.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events
from textual.app import App
from textual.binding import Binding
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from kiosk.core.announcements import DIALOG, MESSAGE, PAGE
from kiosk.core.collector import QuietCollector, collect_rarely_on_its_own
from kiosk.core.config import KioskConfig
from kiosk.core.content import Content
from kiosk.core.i18n import LANGUAGE_UNAVAILABLE, N_, Localized, Translator, translator
from kiosk.core.idle import Expired, IdleClock, Warning, countdown_to_say
from kiosk.core.journal import log_exception
from kiosk.core.pin import PinGuard
from kiosk.core.stats import EVENT_LABELS, UsageCounter
from kiosk.ui import keymap, text_size
from kiosk.ui.guard import VisitGuard, guarded
from kiosk.ui.narrator import Narrator, SpeechReport
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.screens.idle_warning import IdleWarningScreen
from kiosk.ui.screens.pages import ContactsScreen, HomeScreen, StepScreen
from kiosk.ui.themes import register_kiosk_themes

if TYPE_CHECKING:
    from kiosk.core.speech.log import SpeechLog
    from kiosk.ui.printing import PrintReport, SlipPrinter

log = logging.getLogger(__name__)

#: For staff, on the status line when the kiosk started without its catalogues (English, like the staff screen).
MISSING_TRANSLATIONS = N_("Staff: the translations folder %(folder)s is missing, so every language shows English.")

# Printing (PDF, CUPS) and the help, language and staff screens are imported where they are first
# used, not here: the first screen must not wait for code that no family may ever need.


class KioskApp(App[None], inherit_bindings=False):
    """The full-screen kiosk."""

    CSS_PATH = Path(__file__).with_name("kiosk.tcss")
    ENABLE_COMMAND_PALETTE = False
    TITLE = "SEND kiosk"

    BINDINGS = [
        *keymap.app_bindings(),
        Binding("ctrl+q", "dev_quit", show=False, priority=True),
    ]

    #: Actions that control speech itself; every other action stops speech first (EN 301 549 5.1.3.5).
    SPEECH_CONTROLS = frozenset(
        {
            "read_aloud",
            "pause_resume",
            "repeat_sentence",
            "previous_sentence",
            "next_sentence",
            "previous_sentence_or_scroll_up",
            "next_sentence_or_scroll_down",
            "volume_up",
            "volume_down",
            "slower",
            "faster",
            "toggle_speech_mode",
            "hear_slip",
            "read_help",
        }
    )

    #: Not actions of their own, so they leave speech alone: moving the focus (Tab and arrows reach
    #: the reading controls while a page is read) and Enter on a button ("press"), whose own action
    #: then decides - Pause must not stop the reading it pauses. Left and right on the page text ask
    #: it to scroll sideways first; it never can, so they move the focus too.
    PASS_THROUGH = frozenset({"focus_next", "focus_previous", "press", "scroll_left", "scroll_right"})

    #: What each button does, spoken in speech mode after its label (EN 301 549 5.1.3.1, 5.5.2).
    BUTTON_PURPOSES = {
        "home": N_("Goes back to the first page."),
        "previous": N_("Opens the step before this one."),
        "next": N_("Opens the next step."),
        "contacts": N_("Shows who can help, with phone numbers and websites."),
        "print": N_("Prints the contact details on a slip to take home."),
        "hear-slip": N_("Reads out what the slip would print."),
        "read": N_("Reads this page aloud. Press again to stop."),
        "language": N_("Lets you choose another language."),
        "help": N_("Shows the keys and more options."),
        "close": N_("Closes this window."),
        "still-here": N_("Keeps your visit going."),
        "qr-codes": N_("Shows each QR code on its own, large enough to scan with a phone."),
    }

    #: Input that proves someone is at the kiosk.
    INPUT_EVENTS = (events.Key, events.MouseDown, events.MouseScrollDown, events.MouseScrollUp)

    def __init__(
        self,
        config: KioskConfig,
        content: Content,
        *,
        language: str | None = None,
        dev: bool = False,
        clock: Callable[[], float] | None = None,
        speech_log: SpeechLog | None = None,
    ) -> None:
        super().__init__()
        self.config = config
        self.content = content
        self.dev = dev
        #: The language each visit starts in (staff can change it for the day).
        self.default_language = language or config.default_language
        self.tr: Translator = translator(self.default_language, config.locales_dir)
        self.idle = (
            IdleClock(config.idle_timeout_s, config.idle_warning_s, clock)
            if clock
            else IdleClock(config.idle_timeout_s, config.idle_warning_s)
        )
        # The PIN guard outlives visits: waiting for the idle reset must not lift a lock-out.
        # Counted in the data folder, so neither a reconnect (web mode) nor a restart lifts it either.
        self.pin_guard = (
            PinGuard(config.staff_pin_hash, config.data_dir, clock=clock)
            if clock
            else PinGuard(config.staff_pin_hash, config.data_dir)
        )
        self.staff_tr = translator("en", config.locales_dir)
        self.usage = UsageCounter(config.data_dir)
        self.narrator = Narrator(self, speech_log)
        #: Catches what no handler did: the visit starts again instead of the kiosk ending.
        self.guard = VisitGuard(self)
        self._printer: SlipPrinter | None = None
        #: Runs Python's full garbage collection in quiet moments (only under ``kiosk run``, which
        #: starts with collection off; see collect_garbage_from_now_on).
        self.quiet_collector: QuietCollector | None = None
        #: Font steps above normal that this visit asked for (reset with the visit).
        self.text_size_steps = 0
        register_kiosk_themes(self)
        self._start_in_theme(config.theme)

    def _start_in_theme(self, name: str) -> None:
        """Take the configured theme before the app runs, as Textual's ``theme`` watcher would.

        Set through the watcher, the theme would restyle the whole app once more just after
        start-up (Textual queues a CSS refresh): the stylesheet has not even been read yet, so
        everything the watcher does that matters before then is done here, without that pass.
        Later changes (high contrast, the reset after a visit) go through the watcher.
        """
        self.set_reactive(App.theme, name)
        dark = self.current_theme.dark
        classes = {css_class: False for css_class in self.classes if css_class.startswith("-theme-")}
        classes.update({f"-theme-{name}": True, "-dark-mode": dark, "-light-mode": not dark})
        self.update_classes(classes, update=False)
        # The stylesheet was made with the default theme's colours; it is first read at start-up.
        self.stylesheet.set_variables(self.get_css_variables())
        # Which colours ANSI names map to follows the theme's darkness (Textual's own watcher does this).
        self._refresh_truecolor_filter(self.ansi_theme)

    @property
    def printer_started(self) -> bool:
        """True once a slip has been asked for in this run (so there may be a job to stop)."""
        return self._printer is not None

    @property
    def printer(self) -> SlipPrinter:
        """Prints slips; made when a slip is first asked for."""
        if self._printer is None:
            from kiosk.ui.printing import SlipPrinter

            self._printer = SlipPrinter(self)
        return self._printer

    # --- layout -------------------------------------------------------------------------

    def key_hints(self) -> list[tuple[str, str]]:
        """The few keys shown at the foot of every page (from the keymap), translated."""
        return [(key, self.tr.gettext(label)) for key, label in keymap.bar_hints()]

    def all_key_hints(self) -> list[tuple[str, str]]:
        """Every key a family may use, keyboard then keypad, for the help screen (from the keymap)."""
        # "keyboard | keypad"; a keypad option of the help menu reads "/ → 7" (no words to translate).
        return [
            (f"{keyboard} | {keypad}" if keypad and keypad != keyboard else keyboard, self.tr.gettext(description))
            for keyboard, keypad, description in keymap.help_rows("help", then="→")
        ]

    def get_default_screen(self) -> Screen[None]:
        return HomeScreen()

    def on_mount(self) -> None:
        self.screen.call_after_refresh(self.collect_garbage_from_now_on)
        self.narrator.start()
        # A 1 s poll of a monotonic last-input stamp: a Timer reset on every key would fire late.
        # A timer's callback runs in the timer's own task, between the steps of a key's handling;
        # queued as a message, the poll takes its turn with keys and clicks instead.
        self.set_interval(1.0, lambda: self.call_later(self.poll_idle), name="idle")
        self.call_after_refresh(self.report_missing_translations)
        self.call_after_refresh(self.run_worker, self.load_catalogues, thread=True, name="load-catalogues")

    def collect_garbage_from_now_on(self) -> None:
        """Turn garbage collection back on if ``kiosk run`` turned it off for start-up."""
        if not gc.isenabled():
            # What start-up made lives as long as the kiosk: frozen, it is left out of every later
            # collection, so a full collection no longer stalls a key press for tens of milliseconds.
            gc.freeze()
            # And what comes later is collected in full when nobody is touching the kiosk.
            collect_rarely_on_its_own()
            self.quiet_collector = QuietCollector()
            gc.enable()

    def on_unmount(self) -> None:
        self.narrator.close()
        self.usage.close()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A worker that failed (printing, for one) says why in the journal; the family's message is its own."""
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            log_exception(f"The worker {event.worker.name!r} failed", event.worker.error)

    @guarded
    def on_speech_report(self, report: SpeechReport) -> None:
        self.narrator.handle(report.event)

    async def run_action(self, action, default_namespace=None, namespaces=None) -> bool:
        """Every action except the speech controls stops the reading first (EN 301 549 5.1.3.5).

        Announcements (a page's name, a message) are not cut here: what they may cut is decided by
        their kind (kiosk.core.announcements), so a page's name is heard to its end.
        """
        name = (action if isinstance(action, str) else action[1]).rpartition(".")[2].partition("(")[0]
        try:
            if name not in self.SPEECH_CONTROLS and name not in self.PASS_THROUGH:
                self.narrator.stop(reading_only=True)
            return await super().run_action(action, default_namespace, namespaces)
        except Exception as error:
            self.guard.failed(error)
            return True

    def _handle_exception(self, error: Exception) -> None:
        # Textual's one funnel for exceptions nothing caught (screens, widgets, timers, workers);
        # its own version draws a traceback and ends the app. There is no public hook for this.
        self.guard.failed(error)

    def notify_family(self, message: str, *, problem: bool = False, speak: bool = True) -> None:
        """Show a message in the status line, and speak it in speech mode (EN 301 549 5.1.3.15)."""
        if self.page_screen is not None:
            self.page_screen.show_status(message, problem=problem)
        if speak:
            self.narrator.announce(Localized(message, self.tr.code))

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """In speech mode, say what the newly focused control is and what it does."""
        # The idle warning's button is not said either: the warning says any key carries on, and
        # its seconds are better spent on the countdown.
        widget = event.widget
        if not self.narrator.speech_mode or widget.has_class("-private") or widget.id == "still-here":
            return
        if (widget.id or "").startswith("language-") and widget.name:
            # A language in the picker: its own name in its own voice, then its English name.
            self.narrator.announce_option(widget.name)
            return
        self.narrator.announce_focus(Localized(self.describe_control(widget), self.tr.code))

    def describe_control(self, widget) -> str:
        from textual.widgets import Button

        tr = self.tr
        if isinstance(widget, Button):
            label = str(widget.label).replace("\n", ". ")
            purpose = self.BUTTON_PURPOSES.get(widget.id or "")
            # Out of the f-string, so that the string extractor sees it.
            kind = tr.gettext("Button")
            described = f"{label}. {kind}."
            if widget.disabled:
                described += " " + tr.gettext("Not available here.")
            return f"{described} {tr.gettext(purpose)}" if purpose else described
        if widget.id == "page":
            return tr.gettext("The page text. Use the arrow keys to scroll, or press R to hear it.")
        # The language picker's buttons say their language in its own voice (the narrator does).
        return ""

    async def on_event(self, event: events.Event) -> None:
        try:
            if isinstance(event, self.INPUT_EVENTS):
                self.idle.touch()
                if isinstance(self.screen, IdleWarningScreen):
                    self.screen.dismiss()
                    if isinstance(event, events.Key):
                        return  # the key only said "I am still here"
            await super().on_event(event)
        except Exception as error:  # keys, clicks and callbacks: the app's own queue must keep going
            self.guard.failed(error)

    # --- the visit: idle warning and reset ----------------------------------------------

    async def poll_idle(self) -> None:
        """Show, update or act on the idle warning (called every second).

        Speech never counts as activity, only keys and touches do: a page still being read when the
        warning shows is fine, as any key carries on (and counted as activity, the warning's own
        speech kept the visit alive for ever).
        """
        if self.quiet_collector is not None:
            self.quiet_collector.poll(self.idle.last_input_at, self.idle.idle_for())
        state = self.idle.state()
        warning = self.screen if isinstance(self.screen, IdleWarningScreen) else None
        if isinstance(state, Warning):
            if warning is None:
                # Awaited: a key or the next poll must not reach the warning before it is mounted.
                await self.push_screen(IdleWarningScreen(state.seconds_left))
                self.announce_warning()
            else:
                said = countdown_to_say(warning.seconds_left, state.seconds_left)
                warning.count_down(state.seconds_left)
                # Said only once the warning itself has been heard: a number that waited would be stale.
                if said is not None and not self.narrator.speaking:
                    self.narrator.announce(Localized(warning.seconds_message(), self.tr.code), key="idle-countdown")
        elif isinstance(state, Expired):
            await self.reset_visit()
        elif warning is not None:
            warning.dismiss()

    def announce_warning(self) -> None:
        """In speech mode the warning is spoken as well as shown."""
        if isinstance(self.screen, IdleWarningScreen):
            self.narrator.announce_place(Localized(self.screen.message(), self.tr.code), kind=DIALOG)

    async def reset_visit(self) -> None:
        """Forget everything about the last visit: page, history, dialogs, language, theme, scroll."""
        self.usage.session_reset()
        self.theme = self.config.theme
        if self.text_size_steps:
            self._change_text_size(-self.text_size_steps)
        self.narrator.reset()
        if self._printer is not None:
            self._printer.cancel()
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.tr = translator(self.default_language, self.config.locales_dir)
        from kiosk.ui.render_caches import clear_render_caches

        clear_render_caches()
        await self.screen.recompose()
        home = self.screen
        if isinstance(home, HomeScreen):
            home.on_mount()
        self.idle.restart()

    async def action_staff(self) -> None:
        from kiosk.ui.screens.pin import PinDialog
        from kiosk.ui.screens.staff import StaffScreen

        # In web mode F12 does nothing unless the configuration allows staff mode there: the PIN
        # pad is for the kiosk's own screen, not for whoever can reach the page (issue 14).
        if text_size.in_web_mode() and not self.config.web.staff_mode:
            return
        if not isinstance(self.screen, PinDialog | StaffScreen):
            await self.push_screen(PinDialog(), callback=self._pin_answered)
            # Staff screens are in English. The digits typed are never spoken (the field is private).
            if self.narrator.speech_mode:
                staff = self.staff_tr
                status = self.pin_guard.status().describe(staff)
                self.narrator.say_all([Localized(staff.gettext("Staff only."), "en"), Localized(status, "en")], DIALOG)

    async def _pin_answered(self, accepted: bool | None) -> None:
        if accepted:
            from kiosk.ui.screens.staff import StaffScreen

            # Awaited: a staff screen closed before it is mounted crashes Textual's Select.
            await self.push_screen(StaffScreen())
            self.narrator.announce_place(Localized(self.staff_tr.gettext("Staff screen."), "en"), kind=DIALOG)

    def translation_status_lines(self) -> list[str]:
        """One line per offered language: how complete its catalogue is and who reviewed it."""
        from kiosk.core.catalogues import check_catalogues

        report = check_catalogues(self.config.locales_dir, self.config.languages)
        lines = [
            f"{stats.code:8} {stats.translated}/{stats.total} translated, {stats.fuzzy} fuzzy, "
            f"{stats.missing} missing - {stats.review}"
            for stats in report.languages
        ]
        # What families get matters more than the .po: a compiled catalogue that would not load shows English.
        failed = (translator(code, self.config.locales_dir) for code in self.config.languages)
        return lines + [f"{tr.code:8} SHOWN IN ENGLISH: {tr.problem}" for tr in failed if tr.problem]

    def usage_lines(self) -> list[str]:
        """Today's and earlier days' counts, for the staff screen, after what went wrong with them."""
        usage = self.usage
        rows = usage.rows()  # looks at the file first: one damaged under the kiosk is set aside here
        lines = (
            [f"The usage file was damaged: it was moved to {usage.set_aside} and counting started again in a new file."]
            if usage.set_aside
            else []
        )
        if usage.problem:
            return [*lines, usage.problem]
        counts = [
            f"{row.day}  {EVENT_LABELS.get(row.event, row.event):14} {row.language or '-':8} {row.count}"
            for row in rows[-30:]
        ]
        return lines + (counts or ["No usage counted yet."])

    def test_speech(self, code: str) -> str:
        """Staff check: speak the kiosk's title in a language; say which voice read it, or why none did."""
        service = self.narrator.service
        if service is None:
            return "Speech is not running."
        choice = service.voice_for(code)
        if choice.voice_id is None:
            return f"No voice for {code}: {choice.reason}"
        self.narrator.say(translator(code, self.config.locales_dir).localized(self.content.title), MESSAGE)
        status = service.status
        return f"Speaking {code} with the voice {choice.voice_id}." + (
            "" if status.available else f" But: {status.reason}"
        )

    def print_test_slip(self) -> None:
        """Staff check: print the all-contacts slip in English and report on the staff screen."""
        if not self.printer.print_page("contacts", language="en"):
            self.staff_message("A slip is already printing.")

    def staff_message(self, message: str) -> None:
        from kiosk.ui.screens.staff import StaffScreen

        if isinstance(self.screen, StaffScreen):
            self.screen.say(message)

    def action_dev_quit(self) -> None:
        """Only a developer's kiosk (``--dev``) can be quit from the keyboard."""
        if self.dev:
            self.exit()

    # --- navigation ---------------------------------------------------------------------

    @property
    def page_screen(self) -> KioskScreen | None:
        for screen in reversed(self.screen_stack):
            if isinstance(screen, KioskScreen):
                return screen
        return None

    async def _close_dialogs(self) -> None:
        while not isinstance(self.screen, KioskScreen) and len(self.screen_stack) > 1:
            self.pop_screen()

    async def _show(self, screen: Screen[None]) -> None:
        await self._close_dialogs()
        # Keep history shallow: home is always at the bottom, at most one page above it,
        # so "back" is always "home" and nothing about earlier pages piles up.
        while len(self.screen_stack) > 1:
            self.pop_screen()
        if not isinstance(screen, HomeScreen):
            self.push_screen(screen)
        self.usage.page_viewed(self.tr.code)
        self.announce_screen()

    def announce_screen(self) -> None:
        """In speech mode every page says what it is when it opens (home says "Home." first);
        its name is heard to its end, the hint after it only until the person moves."""
        from kiosk.core.pages import build_page

        page = self.page_screen
        if page is None or not self.narrator.speech_mode:
            return
        title = build_page(self.content, self.tr, page.page_id).title
        # ``localized``: a sentence the catalogue lacks is read by the English voice, as on pages.
        names = [self.tr.localized("Home.")] if isinstance(page, HomeScreen) else []
        hint = self.tr.localized("Press R to hear this page.")
        self.narrator.say_all([*names, title], PAGE, then=[hint])

    async def action_open_step(self, number: int) -> None:
        steps = self.content.steps
        if 1 <= number <= len(steps):
            await self._show(StepScreen(steps[number - 1].id))

    async def action_open_qr_codes(self) -> None:
        """Q (or keypad / then *): the QR view over the page on show, one code at a time."""
        page = self.page_screen
        if page is not None:
            await page.offer_qr_codes()

    async def action_open_contacts(self) -> None:
        await self._show(ContactsScreen())

    async def action_go_home(self) -> None:
        await self._show(HomeScreen())

    async def action_back(self) -> None:
        if not isinstance(self.screen, KioskScreen) or len(self.screen_stack) > 1:
            self.pop_screen()
        if isinstance(self.screen, HomeScreen):
            self.announce_screen()  # "Home." - also when already there, so a blind visitor knows

    def action_help(self) -> None:
        from kiosk.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())
            self.narrator.announce_place(
                self.tr.localized("Help. On the keypad, press 1 to 9 for more options, or 0 to close."), kind=DIALOG
            )

    def action_choose_language(self) -> None:
        from kiosk.ui.screens.language import LanguageScreen

        if not isinstance(self.screen, LanguageScreen):
            self.push_screen(LanguageScreen(), callback=self._language_chosen)
            # Said before the highlighted language, which the picker says when it shows it.
            self.narrator.announce_place(
                self.tr.localized(
                    "Choose your language. Use the arrow keys, or 8 and 2 on the keypad, then press Enter."
                ),
                kind=DIALOG,
            )

    def _language_chosen(self, code: str | None) -> None:
        if code:
            # Textual runs this callback on whatever opened the picker (the Language button when it
            # was touched); the switch goes through the app's own queue, outside every screen.
            self.call_later(self.set_language, code)

    async def set_language(self, code: str) -> None:
        """Switch to another language, keeping the page, where it is scrolled to and the focus.

        Only the page on show changes now, in place; a screen underneath it changes when it is
        shown again, so a switch costs one page however deep the history.
        """
        if code == self.tr.code:
            return
        self.tr = translator(code, self.config.locales_dir)
        page = self.page_screen
        if page is not None:
            await page.show_language()
        if not self.report_catalogue_problem():
            self.notify_family(self.tr.gettext("Language changed."))

    def load_catalogues(self) -> None:
        """Load every offered language now (a worker thread), so a damaged catalogue is logged at start-up.

        Logged later, when a visitor first picks that language, the journal's time stamp would record
        what one family chose and when.
        """
        for code in self.config.languages:
            translator(code, self.config.locales_dir)

    def report_catalogue_problem(self) -> bool:
        """Say so when the language on show could not be loaded and English stands in (the journal has why)."""
        if self.tr.problem:
            self.notify_family(self.staff_tr.gettext(LANGUAGE_UNAVAILABLE), problem=True)
        return bool(self.tr.problem)

    def report_missing_translations(self) -> None:
        """At start-up: the kiosk runs without its catalogues (in English), and tells staff so."""
        if (
            not self.report_catalogue_problem()
            and not self.config.locales_dir.is_dir()
            and len(self.config.languages) > 1
        ):
            folder = str(self.config.locales_dir)
            log.error("The translations folder %s is missing: every language but English shows English.", folder)
            self.notify_family(MISSING_TRANSLATIONS.replace("%(folder)s", folder), problem=True, speak=False)

    # --- features that later parts of the kiosk provide -------------------------------

    def action_read_aloud(self) -> None:
        self.narrator.read_page()

    def action_pause_resume(self) -> None:
        self.narrator.pause_resume()

    def action_repeat_sentence(self) -> None:
        self.narrator.repeat()

    def action_previous_sentence(self) -> None:
        self.narrator.previous_sentence()

    def action_next_sentence(self) -> None:
        self.narrator.next_sentence()

    def action_previous_sentence_or_scroll_up(self) -> None:
        """Keypad 7: the previous sentence while a page is read aloud, else scroll the page up."""
        if self.reading_a_page:
            self.narrator.previous_sentence()
        else:
            self._scroll_page(-1)

    def action_next_sentence_or_scroll_down(self) -> None:
        """Keypad 9: the next sentence while a page is read aloud, else scroll the page down."""
        if self.reading_a_page:
            self.narrator.next_sentence()
        else:
            self._scroll_page(1)

    @property
    def reading_a_page(self) -> bool:
        """True while a page is being read aloud (or is paused mid-reading), not a short message."""
        return self.narrator.speaking and bool(self.narrator.reading.page_id)

    def _scroll_page(self, direction: int) -> None:
        page = self.page_screen
        if page is not None and page is self.screen:
            body = page.query_one("#page")
            if direction > 0:
                body.scroll_page_down(animate=False)
            else:
                body.scroll_page_up(animate=False)

    def _speech_setting_changed(self, change: str) -> None:
        """Let the family hear the new volume or rate (unless a page is being read: it changes there)."""
        self.notify_family(change, speak=False)
        if not self.narrator.speaking:
            self.narrator.say(Localized(change, self.tr.code))

    def action_volume_up(self) -> None:
        service = self.narrator.service
        if service is not None:
            service.volume_up()
            # At the end of the range another press changes nothing: say so, or it seems broken.
            loudest = service.volume_db >= service.volume_range_db[1]
            self._speech_setting_changed(self.tr.gettext("Loudest.") if loudest else self.tr.gettext("Louder."))

    def action_volume_down(self) -> None:
        service = self.narrator.service
        if service is not None:
            service.volume_down()
            quietest = service.volume_db <= service.volume_range_db[0]
            self._speech_setting_changed(self.tr.gettext("Quietest.") if quietest else self.tr.gettext("Quieter."))

    def action_slower(self) -> None:
        if self.narrator.service is not None:
            self.narrator.service.slower()
            self._speech_setting_changed(self.tr.gettext("Slower."))

    def action_faster(self) -> None:
        if self.narrator.service is not None:
            self.narrator.service.faster()
            self._speech_setting_changed(self.tr.gettext("Faster."))

    def action_toggle_speech_mode(self) -> None:
        """Speech mode reads out every button, page and message. Its new state is always spoken (5.6)."""
        narrator = self.narrator
        narrator.speech_mode = not narrator.speech_mode
        if not narrator.speech_mode:
            narrator.stop()  # what speech mode was saying ends with it
        state = (
            self.tr.gettext("Speech mode is on.") if narrator.speech_mode else self.tr.gettext("Speech mode is off.")
        )
        self.notify_family(state, speak=False)
        narrator.say(Localized(state, self.tr.code))

    def action_print_slip(self) -> None:
        page = self.page_screen
        if page is None:
            return
        if not self.printer.print_page(page.page_id):
            self.notify_family(self.tr.gettext("A slip is already printing. Please wait."))

    @guarded
    async def on_print_report(self, report: PrintReport) -> None:
        from kiosk.core.printing import DONE, FAILED, SENDING

        status = report.status
        failed = status.state == FAILED
        self.staff_message(f"{status.message} {status.detail}".strip())
        self.notify_family(status.message, problem=failed, speak=False)
        if status.final:
            self.printer.finished()
        if status.state == DONE:
            self.usage.slip_printed(report.language)
        message = Localized(status.message, report.language)
        # The failure opens the QR view, which says the failure before the first code.
        if failed and self.page_screen is not None and await self.page_screen.offer_qr_codes(message):
            return
        # The family asked for the slip, so its outcome is spoken even outside speech mode.
        if status.state in (SENDING, DONE, FAILED):
            self.narrator.say(message)

    def action_hear_slip(self) -> None:
        """Read out exactly what the slip would print (EN 301 549 5.1.3.16)."""
        import datetime as dt

        from kiosk.core.slip import build_slip, slip_utterances
        from kiosk.ui.printing import slip_page

        page = self.page_screen
        if page is None:
            return
        slip = build_slip(self.content, self.tr, slip_page(page.page_id), dt.date.today())
        # Shown as playing, with the reading controls and their Stop (R, 5 or the button stop it).
        from kiosk.ui.narrator import READING_THE_SLIP

        self.notify_family(self.tr.gettext(READING_THE_SLIP), speak=False)
        self.narrator.say_sentences(slip_utterances(slip), slip=True)

    def action_text_size(self, step: int) -> None:
        """Ask the terminal (or the web page) for larger or smaller letters; back to normal on reset."""
        wanted = max(0, min(text_size.MAX_STEPS, self.text_size_steps + step))
        if wanted == self.text_size_steps:
            return
        self._change_text_size(wanted - self.text_size_steps)
        message = self.tr.gettext("Larger text.") if step > 0 else self.tr.gettext("Smaller text.")
        self.notify_family(message, speak=False)
        self.narrator.say(Localized(message, self.tr.code))

    def _change_text_size(self, steps: int) -> None:
        self.text_size_steps += steps
        if text_size.in_web_mode():
            self.open_url(f"kiosk:text-size={self.text_size_steps}", new_tab=False)
        elif self._driver is not None:
            # Textual 8 has no public way to write to the terminal; its driver's ``write`` (what
            # ``copy_to_clipboard`` uses) queues the sequence with the frames on the one writer thread.
            text_size.ask_terminal(self.text_size_steps, self._driver.write)

    def action_toggle_contrast(self) -> None:
        """Switch between the kiosk's theme and its high-contrast twin; the new state is spoken (5.6)."""
        high = self.theme.startswith("high-contrast-")
        dark = self.current_theme.dark
        self.theme = (
            ("kiosk-dark" if dark else "kiosk-light")
            if high
            else ("high-contrast-dark" if dark else "high-contrast-light")
        )
        state = self.tr.gettext("High contrast is off.") if high else self.tr.gettext("High contrast is on.")
        self.notify_family(state, speak=False)
        self.narrator.say(Localized(state, self.tr.code))
