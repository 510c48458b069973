"""The kiosk's voice: reads pages, speaks in speech mode, and shows which sentence is being read.

What is said has a kind (``kiosk.core.announcements``): a page's or dialog's name, a focused
control, a hint, a message, or a page being read. The speech service decides by the kind what a
new sentence may cut off, so a page's name is heard to its end and a message waits its turn.

The core ``SpeechService`` runs in its own threads and reports through a callback; the narrator
turns each report into a Textual message (``post_message`` is thread-safe), and only the app's
message handler touches widgets. Every public method here runs on the app's thread.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from textual.message import Message
from textual.widget import Widget

from kiosk.core.announcements import DIALOG, FOCUS, HINT, MESSAGE, PAGE
from kiosk.core.i18n import N_, Localized, language, translator
from kiosk.core.pages import build_page
from kiosk.core.reading import Utterance, page_utterances, speakable, split_sentences
from kiosk.core.speech.events import (
    SentenceStarted,
    SpeechEvent,
    SpeechFinished,
    SpeechPaused,
    SpeechResumed,
    StatusChanged,
)
from kiosk.core.speech.log import SpeechLog
from kiosk.core.speech.service import SpeechService
from kiosk.ui.widgets.block_view import BlockView

if TYPE_CHECKING:
    from kiosk.ui.app import KioskApp


#: When a key stops the reading, the reading's marks on screen (the highlighted sentence, the
#: reading controls, "Stop reading" on the read button) go this much later - two frames - so the
#: frame that answers the key (a page that scrolls, say) is not held up by laying the screen out.
MARKS_GO_AFTER_S = 2 / 60

#: Shown in the status line while the slip is read out; taken away when the reading ends.
READING_THE_SLIP = N_("Reading the slip.")

NO_VOICE_OFFER = N_(
    "There is no voice for this language on this kiosk. Press Read aloud again to hear the page in English."
)


class SpeechReport(Message):
    """Something the speech service reported, delivered on the app's thread."""

    def __init__(self, event: SpeechEvent) -> None:
        super().__init__()
        self.event = event


@dataclass
class Reading:
    """What is being read now: a page (with highlighting) or a short announcement."""

    page_id: str = ""
    #: True while the slip is read out ("Hear the slip"): it shows the reading controls like a page.
    slip: bool = False
    #: True once the family was told there is no voice for their language and offered English.
    english_offered: bool = False

    @property
    def controlled(self) -> bool:
        """True when the reading controls (and Stop) show: a page or the slip is being read."""
        return bool(self.page_id) or self.slip


class Narrator:
    """Owns the speech service and the session's speech settings (speech mode, volume, rate)."""

    def __init__(self, app: KioskApp, log: SpeechLog | None = None) -> None:
        self.app = app
        #: Where every sentence heard is written (``kiosk run --speech-log``), or None.
        self.log = log
        self.service: SpeechService | None = None
        self.speech_mode = False
        self.reading = Reading()
        self._highlighted: Widget | None = None
        self.available = True
        self.problem = ""

    # --- life cycle --------------------------------------------------------------------

    def start(self) -> None:
        """Start the speech service (its threads start the synthesis process in the background)."""
        if self.service is None:
            self.service = SpeechService(self.app.config.speech, on_event=self._forward, log=self.log)

    def _forward(self, event: SpeechEvent) -> None:
        # Called on the service's thread: hand over to the app's thread, touch nothing here.
        self.app.post_message(SpeechReport(event))

    def close(self) -> None:
        if self.service is not None:
            self.service.close()
            self.service = None

    @property
    def speaking(self) -> bool:
        return self.service is not None and (self.service.speaking or self.service.paused)

    # --- what the family asks for ------------------------------------------------------

    def read_page(self) -> None:
        """Read the current page from the top, or stop if it is already being read."""
        service = self.service
        screen = self.app.page_screen
        if service is None or screen is None:
            return
        if self.speaking and self.reading.controlled:
            self.stop()
            return
        tr = self.app.tr
        choice = service.voice_for(tr.code)
        if choice.voice_id is None:
            english = translator("en", self.app.config.locales_dir)
            if service.voice_for("en").voice_id is None:
                # No speech at all (espeak-ng missing, engine down): say why on screen.
                reason = choice.problem.translated(tr) if choice.problem else tr.gettext("Speech is not available.")
                self.app.notify_family(reason, problem=True, speak=False)
                return
            if not self.reading.english_offered:
                # No voice for this language: say so on screen and in English, and offer English audio.
                self.reading = Reading(page_id="", english_offered=True)
                self.app.notify_family(tr.gettext(NO_VOICE_OFFER), problem=True, speak=False)
                self.say(Localized(english.gettext(NO_VOICE_OFFER), "en"))
                return
            tr = english
        page = build_page(self.app.content, tr, screen.page_id)
        self.reading = Reading(page_id=screen.page_id, english_offered=self.reading.english_offered)
        self.app.usage.read_aloud(self.app.tr.code)
        service.speak(page_utterances(page, tr))

    def say(self, text: Localized, kind: str = MESSAGE, *, key: str = "") -> None:
        """Speak ``text`` now, in or out of speech mode; its ``kind`` decides what it may cut off.

        A message with a ``key`` replaces a waiting message with the same key (see announcements).
        """
        self.say_all([text], kind, key=key)

    def say_all(self, texts: list[Localized], kind: str, *, then: list[Localized] | None = None, key: str = "") -> None:
        """Speak ``texts`` (each in its own language and voice) as one announcement of ``kind``,
        followed by ``then`` as a hint that a focus change may cut."""
        if self.service is None:
            return
        utterances = [
            Utterance(speakable(sentence), text.lang, key, sentence_kind)
            for part, sentence_kind in ((texts, kind), (then or [], HINT))
            for text in part
            if text.text.strip()
            for sentence in split_sentences(text.text, text.lang) or [text.text]
        ]
        self.say_utterances(utterances)

    def say_utterances(self, utterances: list[Utterance], kind: str | None = None) -> None:
        """Say sentences already cut and tagged with their language (as ``kind``, if given)."""
        if self.service is None:
            return
        said = [replace(utterance, kind=kind or utterance.kind) for utterance in utterances if utterance.text.strip()]
        if not said:
            return
        if said[0].kind in (PAGE, DIALOG):
            # A new place: the page being read is over (a message or a focus only interrupts it).
            self._clear_highlight()
            self.reading = Reading(english_offered=self.reading.english_offered)
        self.service.announce(said)

    def announce(self, text: Localized, kind: str = MESSAGE, *, key: str = "") -> None:
        """Speak only in speech mode: a busy reception is not filled with noise otherwise."""
        if self.speech_mode:
            self.say(text, kind, key=key)

    def announce_place(self, name: Localized, hint: Localized | None = None, *, kind: str = PAGE) -> None:
        """In speech mode, say where the person now is (a page or a dialog), then what they can do."""
        if self.speech_mode:
            self.say_all([name], kind, then=[hint] if hint is not None else None)

    def announce_focus(self, description: Localized) -> None:
        """In speech mode, say what the focused control is (cuts only hints and older focus)."""
        if self.speech_mode:
            self.say(description, FOCUS)

    def announce_option(self, code: str) -> None:
        """In speech mode, say a highlighted language in its own voice, then its English name in English."""
        if not self.speech_mode:
            return
        offered = language(code)
        names = [Localized(offered.endonym, code)]
        if code != "en":
            names.append(Localized(offered.english_name, "en"))
        self.say_all(names, FOCUS)

    def say_sentences(self, utterances: list[Utterance], *, slip: bool = False) -> None:
        """Speak several sentences, each in its own language; ``slip``: with the reading controls shown."""
        if self.service is not None:
            self._clear_highlight()
            self.reading = Reading(slip=slip, english_offered=self.reading.english_offered)
            self.service.speak(utterances)

    def stop(self, *, reading_only: bool = False) -> None:
        """Silence at once; with ``reading_only`` (any navigation or new action) only the page or
        slip being read stops, and announcements - a page's name, a message - are heard to their end.

        The stop is handed to the speech service without waiting for the player process to end, so
        the key that stopped the reading is handled at once; whatever is asked next runs after it.
        What showed the reading on screen goes two frames later (MARKS_GO_AFTER_S).
        """
        if self.service is not None and self.speaking:
            if reading_only:
                self.service.stop_reading()
            else:
                self.service.stop(wait=False)
        # The service tells it is idle once its controller has run the stop; the narrator knows now.
        self.reading = Reading(english_offered=self.reading.english_offered)
        screens = self.app.screen_stack
        if self._highlighted is not None or any(getattr(screen, "reading", False) for screen in screens):
            self.app.set_timer(MARKS_GO_AFTER_S, self._take_marks_away)

    def _take_marks_away(self) -> None:
        """Clear the highlight and hide the reading controls, unless a page is being read again.

        An announcement started meanwhile does not keep them: only a page reading has marks.
        """
        if self.reading.controlled:
            return
        self._clear_highlight()
        page = self.app.page_screen
        if page is not None:
            page.clear_status(self.app.tr.gettext(READING_THE_SLIP))
        for screen in self.app.screen_stack:
            show_reading = getattr(screen, "show_reading", None)
            if show_reading is not None:
                show_reading(False)

    def pause_resume(self) -> None:
        if self.service is None:
            return
        if self.service.paused:
            self.service.resume()
        elif self.service.speaking:
            self.service.pause()

    def repeat(self) -> None:
        if self.service is not None:
            self.service.repeat()

    def next_sentence(self) -> None:
        if self.service is not None:
            self.service.next_sentence()

    def previous_sentence(self) -> None:
        if self.service is not None:
            self.service.previous_sentence()

    def reset(self) -> None:
        """A new visit: silence, speech mode off, volume and rate back to their defaults."""
        self.stop()
        self.speech_mode = False
        self.reading = Reading()
        if self.service is not None:
            self.service.reset_defaults()

    # --- reports from the service (on the app's thread) -------------------------------

    def handle(self, event: SpeechEvent) -> None:
        screen = self.app.page_screen
        if isinstance(event, SentenceStarted):
            # Speech is not the visitor: only keys and touches keep a visit going (the idle clock).
            self._highlight(event.key, event.lang)
            if screen is not None and self.reading.controlled:
                screen.show_reading(True)
        elif isinstance(event, SpeechPaused | SpeechResumed):
            if screen is not None and self.reading.controlled:
                screen.show_reading(True, paused=isinstance(event, SpeechPaused))
        elif isinstance(event, SpeechFinished):
            self._clear_highlight()
            if screen is not None:
                screen.clear_status(self.app.tr.gettext(READING_THE_SLIP))
                screen.show_reading(False)
        elif isinstance(event, StatusChanged):
            told = self.problem
            self.available = event.available
            self.problem = event.problem.translated(self.app.tr) if event.problem else event.reason
            if not event.available:
                self.app.notify_family(self.problem, problem=True, speak=False)
            elif told and screen is not None:
                # Speech works again (a sentence played through): the page must stop saying it does not.
                screen.clear_status(told)

    def _highlight(self, key: str, lang: str) -> None:
        self._clear_highlight()
        screen = self.app.page_screen
        if not key or screen is None or not self.reading.page_id:
            return
        block_key, _, index_text = key.partition("/")
        view = screen.spoken_view(block_key)
        if view is None:
            return
        if isinstance(view, BlockView):
            sentences = split_sentences(view.logical_text, lang)
            index = int(index_text or 0)
            start = 0
            for position, sentence in enumerate(sentences):
                found = view.logical_text.find(sentence, start)
                if found < 0:
                    break
                if position == index:
                    view.spoken = (found, found + len(sentence))
                    break
                start = found + len(sentence)
        else:
            view.add_class("-spoken")
        self._highlighted = view
        # Keep the spoken sentence in view (EN 301 549 5.1.3.3).
        view.scroll_visible(animate=False)

    def _clear_highlight(self) -> None:
        view = self._highlighted
        self._highlighted = None
        if view is None:
            return
        if isinstance(view, BlockView):
            view.spoken = None
        else:
            view.remove_class("-spoken")
