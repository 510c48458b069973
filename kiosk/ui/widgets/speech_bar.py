"""Buttons to control reading (EN 301 549 5.1.3.4), shown only while a page is being read."""

from __future__ import annotations

from textual.containers import Horizontal
from textual.widgets import Button

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
        self.buttons = {
            button_id: Button(labels[label], id=button_id, action=action) for button_id, label, action in _BUTTONS
        }

    def compose(self):
        buttons = list(self.buttons.values())
        yield from buttons[::-1] if self.rtl else buttons

    @property
    def reading(self) -> bool:
        """True while the bar is shown (a page is being read)."""
        return self.display

    def show_reading(self, reading: bool, *, paused: bool = False) -> None:
        # Shown and hidden through ``display`` itself: a class would send the bar and its five
        # buttons through the stylesheet again, on the very key press that stops the reading.
        self.display = reading
        self.paused = paused
        self.buttons["speech-pause"].label = self.labels["resume" if paused else "pause"]

    def show_labels(self, labels: dict[str, str], *, rtl: bool = False) -> None:
        """Relabel the same buttons (another language), mirrored for right-to-left."""
        self.labels = labels
        for button_id, label, _ in _BUTTONS:
            self.buttons[button_id].label = labels[label]
        self.buttons["speech-pause"].label = labels["resume" if self.paused else "pause"]
        if rtl != self.rtl:
            # The buttons are in mirror order: moving each to the front, first first, reverses them.
            for button in list(self.children):
                self.move_child(button, before=0)
        self.rtl = rtl
