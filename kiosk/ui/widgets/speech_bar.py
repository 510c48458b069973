"""Buttons to control reading (EN 301 549 5.1.3.4), shown only while a page is being read."""

from __future__ import annotations

from textual.containers import Horizontal
from textual.widgets import Button


class SpeechBar(Horizontal):
    """Pause/continue, repeat, previous and next sentence, stop - each also a key."""

    DEFAULT_CSS = """
    SpeechBar { height: 3; display: none; }
    SpeechBar.-reading { display: block; }
    SpeechBar Button { width: 1fr; min-width: 6; }
    """

    def __init__(self, labels: dict[str, str], *, rtl: bool = False) -> None:
        super().__init__(id="speech-bar")
        self.labels = labels
        self.rtl = rtl

    def compose(self):
        buttons = [
            Button(self.labels["previous"], id="speech-previous", action="app.previous_sentence"),
            Button(self.labels["pause"], id="speech-pause", action="app.pause_resume"),
            Button(self.labels["repeat"], id="speech-repeat", action="app.repeat_sentence"),
            Button(self.labels["next"], id="speech-next", action="app.next_sentence"),
            Button(self.labels["stop"], id="speech-stop", action="app.read_aloud"),
        ]
        yield from buttons[::-1] if self.rtl else buttons

    def show_reading(self, reading: bool, *, paused: bool = False) -> None:
        self.set_class(reading, "-reading")
        for button in self.query("#speech-pause").results(Button):
            button.label = self.labels["resume" if paused else "pause"]
