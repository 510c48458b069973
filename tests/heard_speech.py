"""What a visitor heard: every sentence the real speech service played, and whether it ran to its end.

The transcript listens where the app does (the narrator's ``handle``, on the app's thread) and
records each list of sentences handed to the service's ``speak``. A sentence was heard to its end
when the next thing the service reported was the following sentence of the same list, or the end
of the list; anything else (a stop, a pause, another list) cut it off.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.core.reading import Utterance
from kiosk.core.speech.events import SentenceStarted, SpeechEvent, SpeechFinished, SpeechPaused, SpeechResumed
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
        service = app.narrator.service
        assert service is not None, "the speech service has not started"
        self.batches: list[tuple[Utterance, ...]] = []
        self.heard: list[Heard] = []
        self.events: list[SpeechEvent] = []
        speak, handle = service.speak, app.narrator.handle

        def recording_speak(utterances):  # type: ignore[no-untyped-def]
            self.batches.append(tuple(u for u in utterances if u.text.strip()))
            speak(utterances)

        def recording_handle(event: SpeechEvent) -> None:
            self._note(event)
            handle(event)

        service.speak = recording_speak  # type: ignore[method-assign]
        app.narrator.handle = recording_handle  # type: ignore[method-assign]

    def _batch_for(self, event: SentenceStarted) -> tuple[Utterance, ...] | None:
        for batch in reversed(self.batches):
            if len(batch) == event.total and batch[event.index].key == event.key:
                return batch
        return None

    def _note(self, event: SpeechEvent) -> None:
        self.events.append(event)
        playing = self.heard[-1] if self.heard and self.heard[-1].finished is None else None
        if isinstance(event, SentenceStarted):
            if playing is not None:
                playing.finished = event.index == playing.index + 1
            batch = self._batch_for(event)
            text = batch[event.index].text if batch else f"<unknown sentence {event.key!r}>"
            self.heard.append(Heard(text, event.lang, event.index))
        elif isinstance(event, SpeechFinished) and playing is not None:
            playing.finished = event.completed
        elif isinstance(event, SpeechPaused) and playing is not None:
            playing.finished = False

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
