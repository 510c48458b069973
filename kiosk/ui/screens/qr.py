"""The QR view: one code at a time, as large as the terminal allows, with whose it is and the address.

A code inside a scrolling page cannot be scanned when it is taller than the page's viewport (at
80x24 every code is), so codes get a screen of their own. The code stands on one side, full
height; its organisation's name, the address as text and large buttons stand on the other
(mirrored for right-to-left languages). Keys, keyboard and keypad alike:

| Keyboard          | Keypad | Action         |
|-------------------|--------|----------------|
| right / left      | 6 / 4  | next / previous code |
| r                 | 5      | say the code's name and address |
| escape, h, q      | 0      | close          |

A code that does not fit the terminal, quiet zone included, is never drawn cut or squeezed: the
view says so, and the address stays there to read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.widgets import Button

from kiosk.core.announcements import DIALOG, FOCUS, READING
from kiosk.core.i18n import N_, Localized
from kiosk.core.pages import CONTACT, DETAIL, PARAGRAPH, Block
from kiosk.core.qr import qr_screen_size
from kiosk.core.qr_codes import QRCodeEntry, code_count, entry_utterances
from kiosk.core.reading import Utterance, speakable, split_sentences
from kiosk.ui.screens.modal import KioskModal
from kiosk.ui.widgets.block_view import BlockView
from kiosk.ui.widgets.directional_button import DirectionalButton
from kiosk.ui.widgets.directional_text import DirectionalText
from kiosk.ui.widgets.qr_code import QRCode

if TYPE_CHECKING:
    pass

#: Columns kept beside the code for the name, the address and the buttons.
PANEL_MIN_WIDTH = 28
#: Largest module size tried: three cells across, one and a half down, on a large terminal.
MAX_SCALE = 3

TOO_BIG = N_("This code is too big for this screen. Type the address into your phone instead.")
SCAN_HINT = N_("Point your phone's camera at the code.")


def fitting_scale(url: str, width: int, height: int) -> int:
    """The largest scale at which the code, quiet zone included, fits beside the panel; 0 if none."""
    for scale in range(MAX_SCALE, 0, -1):
        columns, lines = qr_screen_size(url, scale)
        if columns + PANEL_MIN_WIDTH <= width and lines <= height:
            return scale
    return 0


class QRCodesScreen(KioskModal[None]):
    """The QR codes of one page, one at a time, with next, previous and close."""

    BINDINGS = [
        Binding("right,6", "next_code", show=False, id="qr-next"),
        Binding("left,4", "previous_code", show=False, id="qr-previous"),
        Binding("r,5", "say_code", show=False, id="qr-say"),
        Binding("escape,0,h,q", "close", show=False, id="qr-close"),
    ]

    def __init__(self, codes: tuple[QRCodeEntry, ...], *, start: int = 0, reason: Localized | None = None) -> None:
        super().__init__()
        self.codes = codes
        self.index = max(0, min(start, len(codes) - 1))
        #: Why the view opened by itself (the slip could not be printed), shown and said first.
        self.reason = reason

    @property
    def entry(self) -> QRCodeEntry:
        return self.codes[self.index]

    def compose(self) -> ComposeResult:
        tr = self.kiosk.tr
        rtl = tr.language.rtl
        self.code_view = QRCode(id="qr-code")
        self.count_view = DirectionalText("", rtl=rtl, id="qr-count")
        self.reason_view = DirectionalText(self.reason.text if self.reason else "", rtl=rtl, id="qr-reason")
        self.reason_view.display = self.reason is not None
        self.name_view = BlockView(self._name_block(), rtl=self._name_rtl())
        self.description_view = BlockView(self._description_block(), rtl=rtl)
        self.url_view = BlockView(self._url_block())
        self.too_big_view = BlockView(Block("qr-too-big", PARAGRAPH, tr.localized(TOO_BIG)), rtl=rtl)
        self.hint_view = BlockView(Block("qr-hint", PARAGRAPH, tr.localized(SCAN_HINT)), rtl=rtl)
        for view, view_id in (
            (self.name_view, "qr-name"),
            (self.description_view, "qr-description"),
            (self.url_view, "qr-url"),
            (self.too_big_view, "qr-too-big"),
            (self.hint_view, "qr-hint"),
        ):
            view.id = view_id
        # Each label starts with its keypad key; the strings are outside f-strings so they are extracted.
        previous_label = tr.gettext("Previous code")
        next_label = tr.gettext("Next code")
        close_label = tr.gettext("Close")
        buttons = [
            DirectionalButton(f"4  {previous_label}", rtl=rtl, id="qr-previous", action="screen.previous_code"),
            DirectionalButton(f"6  {next_label}", rtl=rtl, id="qr-next", action="screen.next_code"),
            DirectionalButton(f"0  {close_label}", rtl=rtl, id="qr-close", action="screen.close"),
        ]
        code_area = Vertical(self.code_view, id="qr-code-area")
        panel = Vertical(
            self.count_view,
            self.reason_view,
            VerticalScroll(
                self.name_view, self.description_view, self.url_view, self.too_big_view, self.hint_view, id="qr-text"
            ),
            Grid(*(buttons[::-1] if rtl else buttons), id="qr-buttons"),
            id="qr-panel",
        )
        # Right to left, the panel comes first (on the left) and the code stands on the right.
        yield Horizontal(*((panel, code_area) if rtl else (code_area, panel)), id="qr-layout")

    def on_mount(self) -> None:
        self._show_entry()
        self.query_one("#qr-next" if len(self.codes) > 1 else "#qr-close", Button).focus()
        if self.reason is not None:
            self.say_code(with_reason=True)
        elif self.kiosk.narrator.speech_mode:
            self.say_code()

    def on_resize(self) -> None:
        if self.is_mounted:
            self._draw_code()

    def _draw_code(self) -> None:
        width, height = self.app.size
        scale = fitting_scale(self.entry.url, width, height)
        self.code_view.display = scale > 0
        self.query_one("#qr-code-area").display = scale > 0
        if scale:
            self.code_view.show(self.entry.url, scale)
        self.too_big_view.display = scale == 0
        self.hint_view.display = scale > 0

    def _name_block(self) -> Block:
        return Block("qr-name", CONTACT, self.entry.name)

    def _name_rtl(self) -> bool:
        # An organisation's own name is English, written left to right in every language.
        tr = self.kiosk.tr
        return tr.language.rtl and self.entry.name.lang == tr.code

    def _description_block(self) -> Block:
        return Block("qr-description", PARAGRAPH, self.entry.description)

    def _url_block(self) -> Block:
        return Block("qr-url", DETAIL, Localized(self.entry.url, "en"))

    def _show_entry(self) -> None:
        tr = self.kiosk.tr
        rtl = tr.language.rtl
        self.count_view.update(code_count(tr, self.index + 1, len(self.codes)).text, rtl=rtl)
        self.name_view.show(self._name_block(), rtl=self._name_rtl())
        self.description_view.show(self._description_block(), rtl=rtl)
        self.url_view.show(self._url_block())
        self.query_one("#qr-previous", Button).disabled = self.index == 0
        self.query_one("#qr-next", Button).disabled = self.index >= len(self.codes) - 1
        if self.focused is not None and self.focused.disabled:
            self.query_one("#qr-close", Button).focus()
        self._draw_code()

    def utterances(self, *, with_reason: bool = False) -> list[Utterance]:
        """What is said for the code on show (after why the view opened, when it opened by itself)."""
        tr = self.kiosk.tr
        spoken: list[Utterance] = []
        if with_reason and self.reason is not None:
            spoken += [
                Utterance(speakable(sentence), self.reason.lang)
                for sentence in split_sentences(self.reason.text, self.reason.lang)
            ]
        return spoken + entry_utterances(self.entry, code_count(tr, self.index + 1, len(self.codes)))

    def say_code(self, *, with_reason: bool = False, kind: str = DIALOG) -> None:
        """Say the code on show: as the view's name when it opens (heard to its end), as a focus
        change when the visitor moves to another code, as a reading when they ask (R, keypad 5)."""
        self.kiosk.narrator.say_utterances(self.utterances(with_reason=with_reason), kind)

    def _move(self, step: int) -> None:
        index = self.index + step
        if self.dismissed or not 0 <= index < len(self.codes):
            return
        self.index = index
        self._show_entry()
        if self.kiosk.narrator.speech_mode:
            self.say_code(kind=FOCUS)

    def action_next_code(self) -> None:
        self._move(1)

    def action_previous_code(self) -> None:
        self._move(-1)

    def action_say_code(self) -> None:
        self.say_code(kind=READING)

    def action_close(self) -> None:
        # KioskModal: two close keys in one frame must not close the page underneath as well.
        self.dismiss()
