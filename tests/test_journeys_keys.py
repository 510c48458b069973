"""A keypad-only visitor and a Tab/Enter-only visitor reach everything the README lists.

The real app at 80x24 through Pilot, real speech (espeak-ng into the PulseAudio null sink) and a
real CUPS queue. Each journey presses only the keys its visitor has, and checks what is drawn
(read back from the screenshot, inside each widget's region) and what was heard.

Keypad keys reach the app as "0".."9", "slash", "asterisk", "minus", "plus", "full_stop" and
"enter"; a Tab/Enter visitor has "tab", "shift+tab" and "enter".
"""

from __future__ import annotations

import time
from collections.abc import Callable

from textual.pilot import Pilot

from kiosk.core.pages import build_page
from kiosk.core.speech.events import SpeechPaused, SpeechResumed
from kiosk.ui.app import KioskApp
from kiosk.ui.screens.qr import QRCodesScreen
from tests.heard_speech import Transcript
from tests.screen_text import region_text, screen_rows
from tests.speech_env import ensure_sound_server

KEYPAD = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "slash", "asterisk", "minus", "plus", "full_stop", "enter"}
TAB_ENTER = {"tab", "shift+tab", "enter"}
WAIT_S = 30.0
HUMAN_PACE_S = 0.25


class Visitor:
    """Presses only the keys of one kind of visitor, and looks at the screen as drawn."""

    def __init__(self, app: KioskApp, pilot: Pilot[None], keys: set[str]) -> None:
        self.app, self.pilot, self.keys = app, pilot, keys

    async def press(self, *keys: str) -> None:
        for key in keys:
            assert key in self.keys, f"{key!r} is not a key this visitor has"
            await self.pilot.press(key)
            # At a person's pace: a button takes no second press while it shows the first (0.2 s).
            await self.pilot.pause(HUMAN_PACE_S if key == "enter" else None)

    def drawn(self, selector: str = "#page") -> str:
        """What is drawn inside the widget ``selector`` of the screen on top."""
        return region_text(self.app, self.app.screen.query_one(selector).region)

    def page_drawn(self, selector: str = "#page") -> str:
        """What is drawn inside a widget of the page (under any dialog on top of it)."""
        page = self.app.page_screen
        assert page is not None
        return region_text(self.app, page.query_one(selector).region)

    def help_drawn(self) -> bool:
        """The help is on screen: its first key or its menu is drawn in its box, wherever it is scrolled."""
        text = self.drawn("#help-body")
        return "Open step 1, 2, 3 or 4" in text or "Print slip" in text

    def screen(self) -> str:
        return "\n".join(screen_rows(self.app))

    async def wait_until(self, condition: Callable[[], bool], what: Callable[[], str] | str) -> None:
        deadline = time.monotonic() + WAIT_S
        while not condition():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what() if callable(what) else what}")
            await self.pilot.pause(0.05)

    async def press_until(self, key: str, condition: Callable[[], bool], what: str, limit: int = 40) -> None:
        """Press ``key`` until ``condition`` holds (checked before each press)."""
        for _ in range(limit):
            if condition():
                return
            await self.press(key)
        assert condition(), f"{what} after pressing {key!r} {limit} times; the screen:\n{self.screen()}"

    async def tab_to(self, widget_id: str, backwards: bool = False) -> None:
        """Tab (or Shift+Tab) until the control ``widget_id`` has the focus, as a sighted person would."""
        key = "shift+tab" if backwards else "tab"
        await self.press_until(
            key, lambda: self.app.focused is not None and self.app.focused.id == widget_id, f"no focus on {widget_id}"
        )


def title(app: KioskApp, page_id: str) -> str:
    return build_page(app.content, app.tr, page_id).title.text


def last_qr_caption(app: KioskApp) -> str:
    """The start of the last QR code's caption on Contacts (short enough to sit on one row)."""
    return [block.text.text for block in build_page(app.content, app.tr, "contacts").blocks if block.url][-1][:45]


async def scroll_to_who_can_help_and_qr_codes(visitor: Visitor, key: str) -> None:
    """``key`` scrolls the page until "Who can help" and then a QR code's line (which opens the QR view) are drawn."""
    await visitor.press_until(key, lambda: "Who can help" in visitor.drawn(), '"Who can help" is never drawn')
    await visitor.press_until(
        key, lambda: "QR code: link to the website of" in visitor.drawn(), "no QR code's line is drawn"
    )


async def open_and_close_the_qr_view(visitor: Visitor, *opening: str, next_key: str, closing: str) -> None:
    """``opening`` shows the QR view; ``next_key`` moves on from a code too big for 80x24 (the
    council's long page address, said in words instead) to one drawn in half blocks; ``closing`` goes back."""
    await visitor.press(*opening)
    await visitor.wait_until(lambda: isinstance(visitor.app.screen, QRCodesScreen), "the QR view")
    await visitor.pilot.pause()
    if "▀" not in visitor.drawn("#qr-layout"):
        await visitor.press(next_key)
    await visitor.wait_until(lambda: "▀" in visitor.drawn("#qr-code"), "a code drawn in the QR view")
    if closing == "enter":
        await visitor.tab_to("qr-close")
    await visitor.press(closing)
    await visitor.wait_until(lambda: not isinstance(visitor.app.screen, QRCodesScreen), "the QR view to close")


async def heard(visitor: Visitor, transcript: Transcript, fragment: str, *, to_the_end: bool = True) -> None:
    check = transcript.heard_to_the_end if to_the_end else transcript.started
    await visitor.wait_until(lambda: check(fragment), lambda: f"hearing {fragment!r}; heard:\n{transcript}")


async def status_shows(visitor: Visitor, message: str) -> None:
    await visitor.wait_until(
        lambda: message in visitor.page_drawn("#status"), lambda: f"{message!r} in the status line: {visitor.screen()}"
    )


async def test_a_keypad_only_visitor_reaches_everything(make_app) -> None:
    ensure_sound_server()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        visitor = Visitor(app, pilot, KEYPAD)
        transcript = Transcript(app)

        # Every step, and home again.
        for number, step in enumerate(app.content.steps, start=1):
            await visitor.press(str(number))
            assert title(app, step.id) in visitor.drawn(), f"step {number} is not drawn"
        await visitor.press("0")
        assert "Step 1" in visitor.drawn() and app.screen is app.page_screen, "0 does not go home"

        # Scrolling a step page down to "Who can help" and its QR codes, and back up, with 9 and 7.
        await visitor.press("3")
        step_title = title(app, "mediation")
        await scroll_to_who_can_help_and_qr_codes(visitor, "9")
        assert step_title not in visitor.drawn()
        # The codes themselves, large enough to scan: / then * opens the QR view, 0 closes it.
        await open_and_close_the_qr_view(visitor, "slash", "asterisk", next_key="6", closing="0")
        await visitor.press_until("7", lambda: step_title in visitor.drawn(), "7 never scrolls back to the top")

        # Contacts from the help menu (/ then 7), scrolled to its last QR code.
        await visitor.press("slash")
        assert visitor.help_drawn(), "the help is not drawn"
        await visitor.press("7")
        assert "Mediation and disagreement resolution" in visitor.drawn(), "contacts are not drawn"
        last_qr = last_qr_caption(app)
        await visitor.press_until("9", lambda: last_qr in visitor.drawn(), "the last QR code is never drawn")

        # The language, by the picker: * opens it, 2 moves down to Polski, 5 chooses.
        await visitor.press("3", "asterisk", "2", "5")
        await visitor.wait_until(lambda: app.tr.code == "pl" and title(app, "mediation") in visitor.drawn(), "Polish")
        assert title(app, "mediation") != step_title
        await visitor.press("asterisk", "8", "5")
        await visitor.wait_until(lambda: step_title in visitor.drawn(), "English again")

        # Reading aloud: 5 reads, 8 pauses and continues, 6 repeats, 9 the next sentence, + and - volume, 5 stops.
        await visitor.press("5")
        await heard(visitor, transcript, step_title)
        assert "Pause" in visitor.drawn("#speech-bar"), "the reading controls are not drawn"
        await visitor.press("8")
        await visitor.wait_until(lambda: "Continue" in visitor.drawn("#speech-bar"), "Continue on the paused bar")
        await visitor.press("8")
        await visitor.wait_until(lambda: "Pause" in visitor.drawn("#speech-bar"), "Pause after continuing")
        assert transcript.count(SpeechPaused) == 1 and transcript.count(SpeechResumed) == 1
        before = len(transcript.heard)
        await visitor.wait_until(lambda: len(transcript.heard) > before, "a sentence after continuing")
        repeated = transcript.heard[-1]
        await visitor.press("6")
        await visitor.wait_until(
            lambda: len(transcript.heard) > before + 1 and transcript.heard[-1].index == repeated.index,
            lambda: f"the sentence again after 6; heard:\n{transcript}",
        )
        await visitor.press("9")
        await visitor.wait_until(
            lambda: transcript.heard[-1].index == repeated.index + 1,
            lambda: f"the next sentence after 9; heard:\n{transcript}",
        )
        await visitor.press("plus")
        await status_shows(visitor, "Louder.")
        await visitor.press("minus")
        await status_shows(visitor, "Quieter.")
        assert "Pause" in visitor.drawn("#speech-bar"), "the volume keys stopped the reading"
        await visitor.press("5")
        await visitor.wait_until(lambda: "Pause" not in visitor.drawn("#speech-bar"), "the reading to stop")

        # The help menu: hear the slip, print it, speech mode, speed, contrast, text size.
        await visitor.press("slash", "2")
        await heard(visitor, transcript, "SEND disagreements", to_the_end=False)
        await visitor.press("slash", "1")
        await status_shows(visitor, "Please take your slip.")
        await visitor.press("slash", "3")
        await status_shows(visitor, "Speech mode is on.")
        await heard(visitor, transcript, "Speech mode is on.")
        await visitor.press("full_stop")
        await heard(visitor, transcript, "Speech mode is off.")
        await visitor.press("slash", "4")
        await status_shows(visitor, "Slower.")
        await visitor.press("slash", "5")
        await status_shows(visitor, "Faster.")
        await visitor.press("slash", "6")
        await status_shows(visitor, "High contrast is on.")
        await visitor.press("slash", "8")
        await status_shows(visitor, "Larger text.")
        await visitor.press("slash", "9")
        await status_shows(visitor, "Smaller text.")
        # And the help closes with 0, leaving the page it was opened on.
        await visitor.press("slash", "0")
        assert title(app, "mediation") in visitor.drawn()
        assert "Traceback" not in visitor.screen()


async def test_a_tab_and_enter_visitor_reaches_everything_and_pauses_a_reading(make_app) -> None:
    ensure_sound_server()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        visitor = Visitor(app, pilot, TAB_ENTER)
        transcript = Transcript(app)

        # Step 1 from home, then Next step through all four, Previous step, Home.
        await visitor.press("enter")
        steps = app.content.steps
        assert title(app, steps[0].id) in visitor.drawn(), "Enter on the first step button does not open it"
        for step in steps[1:]:
            await visitor.tab_to("next")
            await visitor.press("enter")
            assert title(app, step.id) in visitor.drawn()
        await visitor.tab_to("previous")
        await visitor.press("enter")
        assert title(app, steps[2].id) in visitor.drawn()

        # Scrolling: Tab to the page text, Enter scrolls down to "Who can help" and the QR codes,
        # and from the end back to the top.
        step_title = title(app, steps[2].id)
        await visitor.tab_to("page")
        await scroll_to_who_can_help_and_qr_codes(visitor, "enter")
        await visitor.press_until("enter", lambda: step_title in visitor.drawn(), "Enter never comes back to the top")
        # The codes, by the QR codes button; Enter on the view's Close button goes back.
        await visitor.tab_to("qr-codes")
        await open_and_close_the_qr_view(visitor, "enter", next_key="enter", closing="enter")

        # Reading: Read aloud, then Tab to Pause without stopping the reading, pause and continue.
        await visitor.tab_to("read")
        await visitor.press("enter")
        await heard(visitor, transcript, step_title)
        await visitor.tab_to("speech-pause")
        assert "Pause" in visitor.drawn("#speech-bar"), "Tab stopped the reading: its controls are gone"
        await visitor.press("enter")
        await visitor.wait_until(lambda: "Continue" in visitor.drawn("#speech-bar"), "Continue on the paused bar")
        paused_at = len(transcript.heard)
        await visitor.press("enter")
        await visitor.wait_until(
            lambda: len(transcript.heard) > paused_at,
            lambda: f"the reading to go on after Continue: {transcript.events[-4:]}, focus {app.focused}",
        )
        assert "Pause" in visitor.drawn("#speech-bar")
        await visitor.tab_to("speech-next")
        await visitor.press("enter")
        await visitor.wait_until(
            lambda: transcript.heard[-1].index == transcript.heard[paused_at].index + 1,
            lambda: f"the next sentence; heard:\n{transcript}",
        )
        await visitor.tab_to("speech-repeat", backwards=True)
        now = len(transcript.heard)
        await visitor.press("enter")
        await visitor.wait_until(
            lambda: len(transcript.heard) > now and transcript.heard[-1].index == transcript.heard[now - 1].index,
            lambda: f"the sentence again; heard:\n{transcript}",
        )
        await visitor.tab_to("speech-stop")
        await visitor.press("enter")
        await visitor.wait_until(lambda: "Pause" not in visitor.page_drawn("#speech-bar"), "the reading to stop")

        # Contacts, scrolled to the end by Enter.
        await visitor.tab_to("contacts")
        await visitor.press("enter")
        assert "Mediation and disagreement resolution" in visitor.drawn()
        await visitor.tab_to("page", backwards=True)
        last_qr = last_qr_caption(app)
        await visitor.press_until("enter", lambda: last_qr in visitor.drawn(), "the last QR code is never drawn")

        # Everything in the help menu, each from a fresh Help.
        for button, shows in (
            ("menu-hear-slip", ""),
            ("menu-print-slip", "Please take your slip."),
            ("menu-toggle-speech-mode", "Speech mode is on."),
            ("menu-slower", "Slower."),
            ("menu-faster", "Faster."),
            ("menu-toggle-contrast", "High contrast is on."),
            ("menu-text-size-1", "Larger text."),
            ("menu-text-size-minus-1", "Smaller text."),
            ("menu-volume-up", "Louder."),
            ("menu-volume-down", "Quieter."),
            ("menu-toggle-speech-mode", "Speech mode is off."),
        ):
            await visitor.tab_to("help")
            await visitor.press("enter")
            assert visitor.help_drawn(), "the help is not drawn"
            await visitor.tab_to(button)
            await visitor.press("enter")
            if shows:
                await status_shows(visitor, shows)
            else:
                await heard(visitor, transcript, "SEND disagreements", to_the_end=False)
        await heard(visitor, transcript, "Speech mode is off.")

        # Home.
        await visitor.tab_to("home")
        await visitor.press("enter")
        assert "Step 1" in visitor.drawn() and app.screen is app.page_screen
        assert "Traceback" not in visitor.screen()


async def test_the_help_answers_r_s_the_keypad_dot_and_arrows(make_app) -> None:
    ensure_sound_server()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        visitor = Visitor(app, pilot, KEYPAD | {"r", "s", "left", "right"})
        transcript = Transcript(app)
        await visitor.press("3", "slash")
        assert visitor.help_drawn()

        await visitor.press("s")
        await status_shows(visitor, "Speech mode is on.")
        await heard(visitor, transcript, "Speech mode is on.")
        await visitor.press("full_stop")
        await status_shows(visitor, "Speech mode is off.")
        assert visitor.help_drawn(), "speech mode closed the help"

        await visitor.press("r")
        await heard(visitor, transcript, "Help.")
        await heard(visitor, transcript, "Open step 1, 2, 3 or 4", to_the_end=False)
        assert visitor.help_drawn(), "reading the help closed it"

        # Arrows move between the help's buttons: left to "High contrast", Enter presses it.
        await visitor.press_until(
            "left",
            lambda: app.focused is not None and app.focused.id == "menu-toggle-contrast",
            "the arrows never reach High contrast",
        )
        await visitor.press("enter")
        await status_shows(visitor, "High contrast is on.")

        # Enter on the help's text scrolls it: to its first key and down to its last option.
        await visitor.press("slash")
        await visitor.press_until(
            "left", lambda: app.focused is not None and app.focused.id == "help-body", "the help's text never has focus"
        )
        await visitor.press_until("enter", lambda: "Open step 1, 2, 3 or 4" in visitor.drawn("#help-body"), "no top")
        await visitor.press_until("enter", lambda: "Smaller text" in visitor.drawn("#help-body"), "no last option")


async def test_arrows_reach_the_reading_controls_without_stopping_the_reading(make_app) -> None:
    ensure_sound_server()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        visitor = Visitor(app, pilot, KEYPAD | {"left", "right", "up", "down"})
        transcript = Transcript(app)
        await visitor.press("3", "5")
        await heard(visitor, transcript, title(app, "mediation"), to_the_end=False)
        # From the page text, right goes on to the reading controls (the page never scrolls
        # sideways); each step leaves the reading going.
        await visitor.press_until(
            "right",
            lambda: app.focused is not None and app.focused.id == "speech-pause",
            "the arrows never reach Pause",
        )
        assert "Pause" in visitor.drawn("#speech-bar"), "moving the focus stopped the reading"
        await visitor.press("enter")
        await visitor.wait_until(lambda: "Continue" in visitor.drawn("#speech-bar"), "Continue on the paused bar")
        await visitor.press("left", "up", "right", "down")  # to Previous sentence, the page text, and back
        assert app.focused is not None and app.focused.id == "speech-pause"
        assert "Continue" in visitor.drawn("#speech-bar"), "moving the focus ended the paused reading"
