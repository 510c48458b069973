"""What every page screen shares: the title bar, the body, the button bar, status and keys."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, cast

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widget import Widget

from kiosk.core.i18n import Localized, Translator
from kiosk.ui.widgets.directional_text import DirectionalText
from kiosk.ui.widgets.key_bar import KeyBar
from kiosk.ui.widgets.nav_bar import NavAction, NavBar
from kiosk.ui.widgets.speech_bar import SpeechBar
from kiosk.ui.widgets.status_line import StatusLine

if TYPE_CHECKING:
    from kiosk.core.qr_codes import QRCodeEntry
    from kiosk.ui.app import KioskApp


class KioskScreen(Screen[None]):
    """A full page of the kiosk. Subclasses give the body and the buttons.

    The screen is composed once, in the language of the moment. A language switch then gives the
    same widgets their new text (``show_language``), so the page keeps its scroll position, its
    focus and what is being read. A screen under the one on show is brought up to date when it
    is shown again.
    """

    #: Page id used by the core (``home``, ``contacts`` or a step id).
    page_id = "home"

    def __init__(self, name: str | None = None) -> None:
        super().__init__(name=name)
        #: The language code the widgets show; behind the app's while the screen waits under another.
        self.shown_language = ""
        self.reading = False
        self.paused = False

    @property
    def kiosk(self) -> KioskApp:
        return cast("KioskApp", self.app)

    @property
    def tr(self) -> Translator:
        return self.kiosk.tr

    @property
    def rtl(self) -> bool:
        return self.tr.language.rtl

    def compose(self) -> ComposeResult:
        tr = self.tr
        self.shown_language = tr.code
        self.reading = self.paused = False
        self.topbar = Horizontal(id="topbar")
        with self.topbar:
            self.title_view = DirectionalText(self.title_text(), rtl=self.rtl, id="kiosk-title")
            self.language_view = DirectionalText(self.language_text(), rtl=self.rtl, id="language-name")
            # Mirrored for right-to-left: the title starts at the right, the language name at the left.
            yield from (self.language_view, self.title_view) if self.rtl else (self.title_view, self.language_view)
        # Always there, shown only for catalogues nobody has checked, so a switch never has to add it.
        self.review_notice = DirectionalText(self.review_text(), rtl=self.rtl, id="review-notice")
        self.review_notice.display = not tr.review.reviewed
        yield self.review_notice
        yield from self.compose_body()
        self.speech_bar = SpeechBar(self.speech_labels(), rtl=self.rtl)
        self.nav_bar = NavBar(self.nav_actions(), rtl=self.rtl)
        self.status_line = StatusLine(id="status")
        self.status_line.rtl = self.rtl
        self.key_bar = KeyBar(self.key_labels(), rtl=self.rtl)
        yield self.speech_bar
        yield self.nav_bar
        yield self.status_line
        yield self.key_bar

    def title_text(self) -> str:
        return self.tr.gettext(self.kiosk.content.title)

    def language_text(self) -> str:
        return self.tr.language.endonym

    def review_text(self) -> str:
        if self.tr.review.reviewed:
            return ""
        return self.tr.gettext(
            "This translation has not yet been checked by a professional translator. Ask staff if anything is unclear."
        )

    def speech_labels(self) -> dict[str, str]:
        tr = self.tr
        return {
            "previous": tr.gettext("Previous sentence"),
            "pause": tr.gettext("Pause"),
            "resume": tr.gettext("Continue"),
            "repeat": tr.gettext("Repeat"),
            "next": tr.gettext("Next sentence"),
            "stop": tr.gettext("Stop reading"),
        }

    def key_labels(self) -> list[tuple[str, str]]:
        # In reading order: the key bar cuts a label that does not fit, then reorders it.
        return self.kiosk.key_hints()

    def show_key_hints(self, hints: Iterable[tuple[str, str]] | None = None) -> None:
        """The key bar: this page's keys, or the (untranslated) keys of a dialog on top of it."""
        keys = self.key_labels() if hints is None else [(key, self.tr.gettext(label)) for key, label in hints]
        if self.is_mounted:
            self.key_bar.show_keys(keys, rtl=self.rtl)

    def compose_body(self) -> ComposeResult:
        raise NotImplementedError

    async def show_body_language(self) -> None:
        """Give the body's widgets their text in the current language."""
        raise NotImplementedError

    async def show_language(self) -> None:
        """Show the app's current language in the widgets already there (nothing to do if they do)."""
        tr = self.tr
        if not self.is_mounted or self.shown_language == tr.code:
            return
        self.shown_language = tr.code
        rtl = self.rtl
        self.title_view.update(self.title_text(), rtl=rtl)
        self.language_view.update(self.language_text(), rtl=rtl)
        topbar_first = self.language_view if rtl else self.title_view
        if self.topbar.children[0] is not topbar_first:
            self.topbar.move_child(topbar_first, before=0)
        self.review_notice.update(self.review_text(), rtl=rtl)
        self.review_notice.display = not tr.review.reviewed
        await self.show_body_language()
        self.speech_bar.show_labels(self.speech_labels(), rtl=rtl)
        self.nav_bar.show_actions(self.nav_actions(), rtl=rtl)
        # A message in the old language says nothing to the family now.
        self.status_line.message = ""
        self.status_line.problem = False
        self.status_line.rtl = rtl
        self.key_bar.show_keys(self.key_labels(), rtl=rtl)

    def on_screen_suspend(self) -> None:
        # A dialog on top (help, language, PIN) leaves this page's key bar in sight, but the page's
        # keys do not reach through it: the bar shows the dialog's own keys (``KEY_HINTS``), or none.
        dialog = self.app.screen
        if dialog is not self and dialog.is_modal:
            self.show_key_hints(getattr(dialog, "KEY_HINTS", ()))

    async def on_screen_resume(self) -> None:
        # The language may have changed while this screen waited under another one.
        await self.show_language()
        self.show_key_hints()

    def nav_actions(self) -> list[NavAction]:
        raise NotImplementedError

    def button(self, id: str, label: str, action: str, *, disabled: bool = False) -> NavAction:
        return NavAction(id, label, action, disabled)

    def read_label(self) -> str:
        return self.tr.gettext("Stop reading") if self.reading else self.tr.gettext("Read aloud")

    def common_actions(self) -> list[NavAction]:
        tr = self.tr
        return [
            NavAction("read", self.read_label(), "app.read_aloud"),
            self.button("language", tr.gettext("Language"), "app.choose_language"),
            self.button("help", tr.gettext("Help"), "app.help"),
        ]

    def spoken_view(self, block_key: str) -> Widget | None:
        """The widget that shows a page block, to highlight it while it is read aloud."""
        for view in self.query("BlockView, QRView"):
            if getattr(view, "block", None) is not None and view.block.key == block_key:  # type: ignore[attr-defined]
                return view
        return None

    def show_reading(self, reading: bool, *, paused: bool = False) -> None:
        """Show the reading controls while a page is read, and "Stop reading" on the read button."""
        if not self.is_mounted or (reading, paused) == (self.reading, self.paused):
            return  # every key asks for this; only a change costs a new layout
        self.reading, self.paused = reading, paused
        self.speech_bar.show_reading(reading, paused=paused)
        self.nav_bar.relabel("read", self.read_label())

    def qr_codes(self) -> tuple[QRCodeEntry, ...]:
        """The codes this page offers; the home page offers every contact's (its slip lists them all)."""
        from kiosk.core.pages import CONTACTS, HOME, build_page
        from kiosk.core.qr_codes import page_qr_codes

        page_id = CONTACTS if self.page_id == HOME else self.page_id
        return page_qr_codes(build_page(self.kiosk.content, self.tr, page_id), self.tr)

    async def action_open_qr_codes(self, key: str = "") -> None:
        """Open the QR view at the code of block ``key`` (the first if empty)."""
        await self.offer_qr_codes(key=key)

    async def offer_qr_codes(self, reason: Localized | None = None, *, key: str = "") -> bool:
        """Open the QR view over this page; ``reason`` (a failed print) is shown and said first.

        False when there is nothing to open it with: the page has no codes, or something (the
        view itself, a dialog) is already over the page.
        """
        from kiosk.ui.screens.qr import QRCodesScreen, fitting_scale

        codes = self.qr_codes()
        if not codes or not self.is_current:
            return False
        # Opened by a failed print: start at the first code this screen can draw whole (a council
        # page's long address may not fit at 80x24), so the family has one to scan at once.
        fits = [index for index, code in enumerate(codes) if fitting_scale(code.url, *self.app.size)]
        first = fits[0] if fits and reason is not None else 0
        start = next((index for index, code in enumerate(codes) if code.key == key), first)
        await self.app.push_screen(QRCodesScreen(codes, start=start, reason=reason))
        return True

    def show_status(self, message: str, *, problem: bool = False) -> None:
        if self.is_mounted:
            self.status_line.message = message
            self.status_line.problem = problem

    def clear_status(self, message: str) -> None:
        """Take ``message`` off the status line if it still shows there: the problem it told is over."""
        if self.is_mounted and self.status_line.message == message:
            self.status_line.message = ""
            self.status_line.problem = False
