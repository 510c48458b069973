"""What every page screen shares: the title bar, the body, the button bar, status and keys."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

from kiosk.core.i18n import Translator
from kiosk.ui.text import visual
from kiosk.ui.widgets.key_bar import KeyBar
from kiosk.ui.widgets.nav_bar import NavAction, NavBar
from kiosk.ui.widgets.speech_bar import SpeechBar
from kiosk.ui.widgets.status_line import StatusLine

if TYPE_CHECKING:
    from kiosk.ui.app import KioskApp


class KioskScreen(Screen[None]):
    """A full page of the kiosk. Subclasses give the body and the buttons.

    The whole screen is composed from the current language, so switching language is a
    recompose that keeps the page and its scroll position.
    """

    #: Page id used by the core (``home``, ``contacts`` or a step id).
    page_id = "home"

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
        with Horizontal(id="topbar"):
            yield Static(visual(tr.gettext(self.kiosk.content.title), self.rtl), id="kiosk-title", markup=False)
            yield Static(visual(tr.language.endonym, self.rtl), id="language-name", markup=False)
        if not tr.review.reviewed:
            yield Static(
                visual(
                    tr.gettext(
                        "This translation has not yet been checked by a professional translator. "
                        "Ask staff if anything is unclear."
                    ),
                    self.rtl,
                ),
                id="review-notice",
                markup=False,
            )
        yield from self.compose_body()
        yield SpeechBar(
            {
                "previous": visual(tr.gettext("Previous sentence"), self.rtl),
                "pause": visual(tr.gettext("Pause"), self.rtl),
                "resume": visual(tr.gettext("Continue"), self.rtl),
                "repeat": visual(tr.gettext("Repeat"), self.rtl),
                "next": visual(tr.gettext("Next sentence"), self.rtl),
                "stop": visual(tr.gettext("Stop reading"), self.rtl),
            },
            rtl=self.rtl,
        )
        yield NavBar(self.nav_actions(), rtl=self.rtl)
        status = StatusLine(id="status")
        status.set_class(self.rtl, "-rtl")
        yield status
        yield KeyBar([(key, visual(label, self.rtl)) for key, label in self.kiosk.key_hints()], rtl=self.rtl)

    def compose_body(self) -> ComposeResult:
        raise NotImplementedError

    def nav_actions(self) -> list[NavAction]:
        raise NotImplementedError

    def button(self, id: str, label: str, action: str, *, disabled: bool = False) -> NavAction:
        return NavAction(id, visual(label, self.rtl), action, disabled)

    def common_actions(self) -> list[NavAction]:
        tr = self.tr
        return [
            self.button("read", tr.gettext("Read aloud"), "app.read_aloud"),
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
        for bar in self.query(SpeechBar):
            bar.show_reading(reading, paused=paused)
        for button in self.query("#read"):
            label = self.tr.gettext("Stop reading") if reading else self.tr.gettext("Read aloud")
            button.label = visual(label, self.rtl)  # type: ignore[attr-defined]

    def show_qr_codes(self) -> None:
        """Bring the first QR code into view (when printing failed, the codes are the way home)."""
        for view in self.query("QRView"):
            view.scroll_visible(top=True, animate=False)
            return

    def show_status(self, message: str, *, problem: bool = False) -> None:
        for status in self.query(StatusLine):
            status.message = visual(message, self.rtl)
            status.problem = problem

    def clear_status(self, message: str) -> None:
        """Take ``message`` off the status line if it still shows there: the problem it told is over."""
        for status in self.query(StatusLine):
            if status.message == visual(message, self.rtl):
                status.message = ""
                status.problem = False
