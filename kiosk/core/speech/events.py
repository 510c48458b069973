"""What the speech service reports, as small frozen messages.

The service calls its ``on_event`` callback with these from its own thread; a UI forwards them to
its own thread (Textual: ``post_message``) before touching the screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from kiosk.core.speech.messages import Message

if TYPE_CHECKING:
    from kiosk.core.i18n import Translator


@dataclass(frozen=True)
class SentenceStarted:
    """A sentence started playing: highlight ``key`` (``"<block key>/<sentence index>"``)."""

    key: str
    #: Position in the list given to ``speak`` (0-based), and that list's length.
    index: int
    total: int
    #: The language the sentence is spoken in (its voice's language).
    lang: str
    #: The sentence itself and its kind (``kiosk.core.announcements``): for whoever listens in.
    text: str = ""
    kind: str = "reading"


@dataclass(frozen=True)
class SentenceEnded:
    """A sentence's player ended: ``finished`` when it played to its end, False when it was cut off
    (a stop, a pause, an announcement that may cut it). What the speech log writes, as an event."""

    text: str
    lang: str
    kind: str
    finished: bool


@dataclass(frozen=True)
class SpeechFinished:
    """Reading ended: ``completed`` is True when it reached the end, False when stopped or failed."""

    completed: bool


@dataclass(frozen=True)
class SpeechPaused:
    """Reading is paused on a sentence; ``resume`` starts that sentence again."""

    key: str
    index: int


@dataclass(frozen=True)
class SpeechResumed:
    """Reading goes on after a pause."""

    key: str
    index: int


@dataclass(frozen=True)
class SpeechStatus:
    """Whether the kiosk can speak, and if not, why in plain words."""

    available: bool
    problem: Message | None = None

    @property
    def reason(self) -> str:
        """Why speech is not available, in English; empty when it is."""
        return self.problem.english() if self.problem else ""

    def translated(self, tr: Translator) -> str:
        """Why speech is not available, in the translator's language; empty when it is."""
        return self.problem.translated(tr) if self.problem else ""


@dataclass(frozen=True)
class StatusChanged:
    """Speech became available or unavailable (``reason`` says why, in English)."""

    available: bool
    reason: str = ""
    #: The same reason, translatable: ``event.problem.translated(tr)``.
    problem: Message | None = None


SpeechEvent = SentenceStarted | SentenceEnded | SpeechFinished | SpeechPaused | SpeechResumed | StatusChanged
