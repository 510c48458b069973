"""What a visitor heard: every sentence the real speech service played, and whether it ran to its end.

The transcript listens where the app does (the narrator's ``handle``, on the app's thread): the
service says which sentence started (``SentenceStarted``, with its text) and how each one ended
(``SentenceEnded``: played to its end, or cut off by a stop, a pause or an announcement that may
cut it) - the same facts the speech log (``kiosk run --speech-log``) writes.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.core.speech.events import SentenceEnded, SentenceStarted, SpeechEvent, SpeechResumed
from kiosk.ui.app import KioskApp


@dataclass
class Heard:
    """One sentence as it was played."""

    text: str
    lang: str
    index: int
    #: None while it plays; then True (played to its end) or False (cut off).
    finished: bool | None = None


class Transcript:
    """Attach to a running app (after its speech service started) to record what it says."""

    def __init__(self, app: KioskApp) -> None:
        assert app.narrator.service is not None, "the speech service has not started"
        self.heard: list[Heard] = []
        self.events: list[SpeechEvent] = []
        handle = app.narrator.handle

        def recording_handle(event: SpeechEvent) -> None:
            self._note(event)
            handle(event)

        app.narrator.handle = recording_handle  # type: ignore[method-assign]

    def _note(self, event: SpeechEvent) -> None:
        self.events.append(event)
        if isinstance(event, SentenceStarted):
            self.heard.append(Heard(event.text, event.lang, event.index))
        elif isinstance(event, SentenceEnded):
            for heard in reversed(self.heard):
                if heard.finished is None and heard.text == event.text:
                    heard.finished = event.finished
                    break

    def started(self, fragment: str) -> bool:
        """A sentence holding ``fragment`` started playing."""
        return any(fragment in heard.text for heard in self.heard)

    def heard_to_the_end(self, fragment: str) -> bool:
        """A sentence holding ``fragment`` played to its end."""
        return any(fragment in heard.text and heard.finished for heard in self.heard)

    def count(self, kind: type) -> int:
        return sum(isinstance(event, kind) for event in self.events)

    def resumed(self) -> bool:
        return self.count(SpeechResumed) > 0

    def __str__(self) -> str:
        return "\n".join(f"{heard.finished!s:5} {heard.lang} {heard.text}" for heard in self.heard[-12:])
