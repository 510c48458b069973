"""Buttons to control reading (EN 301 549 5.1.3.4), shown only while a page is being read."""

from __future__ import annotations

from textual.containers import Horizontal
from textual.timer import Timer

from kiosk.ui.widgets.directional_button import DirectionalButton

#: Seconds the reading controls keep their rows, blank, after reading stops, before the page below
#: grows into them. Taking the rows back means laying out the whole page again, which delays the
#: frame that answers the key that stopped the reading (page down, say) by two or three frames;
#: this long, it happens after a page-down scroll has finished moving.
COLLAPSE_AFTER_S = 1.0

#: Left to right: each button's id, the label key it shows, and the app action it runs.
_BUTTONS = (
    ("speech-previous", "previous", "app.previous_sentence"),
    ("speech-pause", "pause", "app.pause_resume"),
    ("speech-repeat", "repeat", "app.repeat_sentence"),
    ("speech-next", "next", "app.next_sentence"),
    ("speech-stop", "stop", "app.read_aloud"),
)


class SpeechBar(Horizontal):
    """Pause/continue, repeat, previous and next sentence, stop - each also a key."""

    DEFAULT_CSS = """
    SpeechBar { height: 3; display: none; }
    SpeechBar Button { width: 1fr; min-width: 6; }
    """

    def __init__(self, labels: dict[str, str], *, rtl: bool = False) -> None:
        super().__init__(id="speech-bar")
        self.labels = labels
        self.rtl = rtl
        self.paused = False
        self._collapse_timer: Timer | None = None
        self.buttons = {
            button_id: DirectionalButton(labels[label], rtl=rtl, id=button_id, action=action)
            for button_id, label, action in _BUTTONS
        }

    def compose(self):
        buttons = list(self.buttons.values())
        yield from buttons[::-1] if self.rtl else buttons

    @property
    def reading(self) -> bool:
        """True while the bar is shown (a page is being read)."""
        return self.display and self.visible

    def show_reading(self, reading: bool, *, paused: bool = False) -> None:
        # Shown and hidden through ``display`` and ``visible`` themselves: a class would send the bar
        # and its five buttons through the stylesheet again, on the very key press that stops the
        # reading. Hidden, the bar first only turns blank (its buttons leave the focus chain and
        # take no clicks) and gives up its rows a moment later (COLLAPSE_AFTER_S).
        if self._collapse_timer is not None:
            self._collapse_timer.stop()
            self._collapse_timer = None
        if reading:
            self.display = True
            self.visible = True
        elif self.display:
            focused = self.screen.focused if self.is_attached else None
            if focused is not None and focused.parent is self:
                focused.blur()
            self.visible = False
            self._collapse_timer = self.set_timer(COLLAPSE_AFTER_S, self._collapse)
        self.paused = paused
        self.buttons["speech-pause"].label = self.labels["resume" if paused else "pause"]

    def _collapse(self) -> None:
        self._collapse_timer = None
        if not self.visible:
            self.display = False

    def show_labels(self, labels: dict[str, str], *, rtl: bool = False) -> None:
        """Relabel the same buttons (another language), mirrored for right-to-left."""
        self.labels = labels
        for button_id, label, _ in _BUTTONS:
            self.buttons[button_id].label = labels[label]
            self.buttons[button_id].rtl = rtl
        self.buttons["speech-pause"].label = labels["resume" if self.paused else "pause"]
        if rtl != self.rtl:
            # The buttons are in mirror order: moving each to the front, first first, reverses them.
            for button in list(self.children):
                self.move_child(button, before=0)
        self.rtl = rtl
