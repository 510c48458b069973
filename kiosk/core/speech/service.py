"""The app's speech controller: reads sentences aloud, one player process each, and can be cut off at once.

Three kinds of thread work for it:

- the controller thread owns every piece of state and runs every command, one at a time, so no
  command can see another half done; it alone starts and kills players and emits events;
- the synthesis thread talks to the synthesis child process (which may hang, so it must not be
  the controller) and posts each finished WAV back to the controller;
- one short waiter thread per player posts the player's exit back to the controller.

Public methods hand a command to the controller and wait (bounded) until it has run, so when
``stop()`` returns the player is gone, and ``speaking``/``paused`` already tell the new state.

``speak`` replaces whatever is said (a page read aloud); ``announce`` fits what speech mode says
into it by kind (``kiosk.core.announcements.plan``, applied here on the controller thread, so the
plan and what plays never disagree); ``stop_reading`` cuts off only the page being read.
"""

from __future__ import annotations

import functools
import itertools
import logging
import queue
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.core.announcements import READING, plan
from kiosk.core.speech.events import (
    SentenceEnded,
    SentenceStarted,
    SpeechEvent,
    SpeechFinished,
    SpeechPaused,
    SpeechResumed,
    SpeechStatus,
    StatusChanged,
)
from kiosk.core.speech.log import FINISHED, INTERRUPTED
from kiosk.core.speech.messages import ENGINE_STOPPED, NO_AUDIO, Message, message
from kiosk.core.speech.player import Player, PlayerProcess, find_player, usable_player
from kiosk.core.speech.synth_process import START_TIMEOUT_S, SynthError, SynthProcess
from kiosk.core.speech.voices import InstalledVoice, VoiceChoice, choose_voice
from kiosk.core.speech.wav import read_wav, scaled, wav_duration_s, write_wav

if TYPE_CHECKING:
    from kiosk.core.config import SpeechSettings
    from kiosk.core.reading import Utterance
    from kiosk.core.speech.log import SpeechLog

logger = logging.getLogger(__name__)

VOLUME_STEP_DB = 3.0
#: Quietest and loudest volumes (EN 301 549 8.2.1 asks for a range of at least 18 dB).
MIN_VOLUME_DB = -30.0
MAX_VOLUME_DB = 0.0
RATE_STEP = 20
MIN_RATE = 80
MAX_RATE = 400
#: Seconds a public method waits for the controller to run its command.
COMMAND_TIMEOUT_S = 10.0
#: Seconds ``close`` waits for each thread to end.
JOIN_TIMEOUT_S = 5.0

_IDLE, _WAITING, _PLAYING, _PAUSED = "idle", "waiting", "playing", "paused"


@dataclass(frozen=True)
class _Job:
    generation: int
    index: int
    utterance: Utterance
    rate: int


@dataclass(frozen=True)
class _Prepared:
    """A sentence synthesised into ``path``, or why it cannot be spoken."""

    path: Path | None
    rate: int
    problem: Message | None = None
    #: True when the problem is only that this sentence's language has no voice.
    no_voice: bool = False


class SpeechService:
    """Reads lists of sentences aloud; one per app.

    ``on_event`` is called from the service's own thread and must not block (a Textual app posts a
    message): commands wait for that thread. ``synth_timeout_s`` bounds each sentence's synthesis;
    a synthesis process that takes longer is killed and replaced. ``log``, when given, is told of
    every sentence when its player ends or is killed (``kiosk run --speech-log``).
    """

    def __init__(
        self,
        settings: SpeechSettings,
        voice_overrides: Mapping[str, str] | None = None,
        on_event: Callable[[SpeechEvent], None] | None = None,
        *,
        synth_timeout_s: float = 10.0,
        log: SpeechLog | None = None,
    ) -> None:
        self.settings = settings
        self._log = log
        self._overrides = dict(settings.voices if voice_overrides is None else voice_overrides)
        self._on_event = on_event or (lambda event: None)
        self._default_volume_db = max(min(float(settings.volume_db), MAX_VOLUME_DB), -40.0)
        self._min_volume_db = min(MIN_VOLUME_DB, self._default_volume_db)
        self._default_rate = max(MIN_RATE, min(int(settings.rate), MAX_RATE))
        self._scratch = Path(tempfile.mkdtemp(prefix="kiosk-speech-"))
        self._file_numbers = itertools.count(1)
        self._closed = False
        self._close_lock = threading.Lock()

        # Controller state: written only by the controller thread.
        self._utterances: tuple[Utterance, ...] = ()
        self._index = 0
        self._mode = _IDLE
        self._generation = 0
        self._ready: dict[int, _Prepared] = {}
        self._pending: set[int] = set()
        self._player: PlayerProcess | None = None
        self._player_file: Path | None = None
        self._player_choice: Player | None = None
        #: What the player plays and when it started (for the speech log).
        self._player_utterance: Utterance | None = None
        self._player_started = 0.0
        #: Where in ``_utterances`` a paused reading put off by an announcement pauses again.
        self._pause_at: int | None = None
        self._volume_db = self._default_volume_db
        self._rate = self._default_rate
        self._engine_problem: Message | None = None
        self._audio_problem: Message | None = None
        self._language_problem: Message | None = None
        self._status = SpeechStatus(True)
        #: True once this reading has been told why it cannot be spoken.
        self._told = False

        # Written by the synthesis thread; read by voice_for from any thread.
        self._installed: tuple[InstalledVoice, ...] | None = None
        self._start_problem: Message | None = None
        self._voices_loaded = threading.Event()
        self._choices: dict[str, VoiceChoice] = {}

        self._synth = SynthProcess(timeout_s=synth_timeout_s)
        self._inbox: queue.Queue[Callable[[], None] | None] = queue.Queue()
        self._jobs: queue.Queue[_Job | None] = queue.Queue()
        self._controller = threading.Thread(target=self._control, name="speech-controller", daemon=True)
        self._synthesiser = threading.Thread(target=self._synthesise, name="speech-synthesis", daemon=True)
        self._controller.start()
        self._synthesiser.start()

    # ----------------------------------------------------------------- public state

    @property
    def speaking(self) -> bool:
        """True while a list is being read (including the wait for a sentence's audio)."""
        return self._mode in (_WAITING, _PLAYING)

    @property
    def paused(self) -> bool:
        return self._mode == _PAUSED

    @property
    def volume_db(self) -> float:
        """Current volume in decibels relative to full scale (0 is loudest)."""
        return self._volume_db

    @property
    def volume_range_db(self) -> tuple[float, float]:
        """The quietest and loudest volumes the steps reach."""
        return self._min_volume_db, MAX_VOLUME_DB

    @property
    def rate(self) -> int:
        """Current speaking rate in words per minute."""
        return self._rate

    @property
    def status(self) -> SpeechStatus:
        """Whether speech works, and if not, why."""
        return self._status

    @property
    def synth_pid(self) -> int | None:
        """The synthesis child's process id while it runs (for diagnostics and tests)."""
        return self._synth.pid

    @property
    def player_pid(self) -> int | None:
        """The current player's process id while one plays."""
        player = self._player
        return player.pid if player is not None else None

    def voice_for(self, lang: str) -> VoiceChoice:
        """The voice that reads ``lang``, or None with the reason (waits for the voice list at start-up)."""
        self._voices_loaded.wait(START_TIMEOUT_S)
        installed = self._installed
        if installed is None:
            return VoiceChoice(lang, None, problem=self._start_problem or message(ENGINE_STOPPED))
        choice = self._choices.get(lang)
        if choice is None:
            choice = self._choices[lang] = choose_voice(lang, installed, self._overrides)
        return choice

    # ----------------------------------------------------------------- commands

    def speak(self, utterances: Sequence[Utterance]) -> None:
        """Stop anything being read and read ``utterances`` in order."""
        items = tuple(utterance for utterance in utterances if utterance.text.strip())
        self._call(lambda: self._do_speak(items))

    def announce(self, utterances: Sequence[Utterance]) -> None:
        """Say ``utterances`` as ``kiosk.core.announcements.plan`` decides by their kind: after what is
        being said, or cutting off only what they may cut off. Returns at once."""
        items = tuple(utterance for utterance in utterances if utterance.text.strip())
        if items:
            self._call(lambda: self._do_announce(items), wait=False)

    def stop_reading(self) -> None:
        """Cut off the page being read, now and without waiting; announcements play on.

        As in ``stop(wait=False)``, a reading sentence's player is killed from the calling thread
        after the command is queued, so silence does not wait for the controller's turn.
        """
        player = self._player
        utterance = self._player_utterance
        reading_now = player is not None and utterance is not None and utterance.kind == READING
        killed = player if reading_now else None
        self._call(lambda: self._do_stop_reading(killed), wait=False)
        if killed is not None:
            killed.kill()

    def stop(self, *, wait: bool = True) -> None:
        """Stop reading now; returns once the player process is gone.

        With ``wait=False`` it returns at once instead: the player is killed from the calling thread,
        so silence does not wait for the controller's turn, and the controller is handed the rest;
        commands given after it still run after it. An app's event loop stops this way, so a key
        press never waits for a process to die.
        """
        self._call(self._do_stop, wait=wait)
        if not wait:
            # Killed after the stop is queued: the player's exit then reaches a controller that has
            # already stopped on purpose, and is not taken for a failing player.
            player = self._player
            if player is not None:
                player.kill()

    def pause(self) -> None:
        """Silence now, remembering the sentence; ``resume`` starts it again from its beginning."""
        self._call(self._do_pause)

    def resume(self) -> None:
        self._call(self._do_resume)

    def repeat(self) -> None:
        """Play the current sentence (or the last one read) again from its beginning."""
        self._call(lambda: self._do_jump(0))

    def next_sentence(self) -> None:
        self._call(lambda: self._do_jump(1))

    def previous_sentence(self) -> None:
        self._call(lambda: self._do_jump(-1))

    def volume_up(self) -> None:
        """One step louder, from the next sentence on."""
        self._call(lambda: self._set_volume(self._volume_db + VOLUME_STEP_DB))

    def volume_down(self) -> None:
        """One step quieter, from the next sentence on."""
        self._call(lambda: self._set_volume(self._volume_db - VOLUME_STEP_DB))

    def faster(self) -> None:
        """Speak faster, from the next sentence on."""
        self._call(lambda: self._set_rate(self._rate + RATE_STEP))

    def slower(self) -> None:
        self._call(lambda: self._set_rate(self._rate - RATE_STEP))

    def reset_defaults(self) -> None:
        """Volume and rate back to the configured defaults (every session starts there)."""
        self._call(self._do_reset_defaults)

    def close(self) -> None:
        """Stop, end every child process and thread, remove every temporary file. Idempotent."""
        with self._close_lock:
            if self._closed:
                return
            self._call(self._do_stop)
            self._closed = True
        self._jobs.put(None)
        self._inbox.put(None)
        # A hung synthesis request would hold the synthesis thread: end the child now.
        self._synth.kill()
        for thread in (self._synthesiser, self._controller):
            if thread is not threading.current_thread():
                thread.join(JOIN_TIMEOUT_S + self._synth.timeout_s)
        self._synth.close()
        player = self._player
        if player is not None:
            player.stop()
        if self._log is not None:
            self._log.close()
        shutil.rmtree(self._scratch, ignore_errors=True)

    def __enter__(self) -> SpeechService:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # ----------------------------------------------------------------- controller thread

    def _call(self, action: Callable[[], None], *, wait: bool = True) -> None:
        if self._closed:
            return
        if threading.current_thread() is self._controller:
            action()
            return
        if not wait:
            self._inbox.put(action)
            return
        done = threading.Event()

        def run() -> None:
            try:
                action()
            finally:
                done.set()

        self._inbox.put(run)
        if not done.wait(COMMAND_TIMEOUT_S):
            logger.error("the speech controller did not answer within %s s", COMMAND_TIMEOUT_S)

    def _control(self) -> None:
        while True:
            command = self._inbox.get()
            if command is None:
                return
            try:
                command()
            except Exception:
                # A bug in one command must not leave the kiosk without speech for the rest of the day.
                logger.exception("speech command failed")

    def _emit(self, event: SpeechEvent) -> None:
        try:
            self._on_event(event)
        except Exception:
            logger.exception("the speech event handler failed")

    def _update_status(self, tell_again: bool = False) -> None:
        """Report a change of status; with ``tell_again``, repeat a problem once per reading, because
        the family just asked for speech and the screen they are on may not show the first report."""
        problem = self._engine_problem or self._audio_problem or self._language_problem
        status = SpeechStatus(problem is None, problem)
        if status != self._status or (tell_again and problem is not None and not self._told):
            self._status = status
            self._told = problem is not None
            self._emit(StatusChanged(status.available, status.reason, problem))

    def _active(self) -> bool:
        return self._mode != _IDLE

    def _kill_player(self) -> None:
        player, self._player = self._player, None
        if player is not None:
            player.stop()
            self._log_sentence(INTERRUPTED)
        self._remove(self._player_file)
        self._player_file = None

    def _log_sentence(self, outcome: str) -> None:
        """Tell the log and the listener how the sentence that played ended."""
        utterance, self._player_utterance = self._player_utterance, None
        if utterance is None:
            return
        if self._log is not None:
            voice = self.voice_for(utterance.lang).voice_id or ""
            self._log.record(utterance, voice, self._player_started, time.monotonic(), outcome)
        self._emit(SentenceEnded(utterance.text, utterance.lang, utterance.kind, outcome == FINISHED))

    def _reset_plan(self) -> None:
        """Forget every synthesised sentence; results still on their way are ignored."""
        self._generation += 1
        for prepared in self._ready.values():
            self._remove(prepared.path)
        self._ready.clear()
        self._pending.clear()

    def _finish(self, completed: bool) -> None:
        self._kill_player()
        self._reset_plan()
        self._pause_at = None
        self._mode = _IDLE
        self._emit(SpeechFinished(completed))

    def _do_speak(self, utterances: tuple[Utterance, ...]) -> None:
        if self._active():
            self._finish(False)
        self._reset_plan()
        self._pause_at = None
        self._utterances = utterances
        self._language_problem = None
        self._told = False
        self._update_status()
        if not utterances:
            self._emit(SpeechFinished(True))
            return
        self._go(0)

    def _do_stop(self) -> None:
        if self._active():
            self._finish(False)

    def _do_announce(self, incoming: tuple[Utterance, ...]) -> None:
        if not self._active():
            self._do_speak(incoming)
            return
        current = self._utterances[self._index]
        waiting = self._utterances[self._index + 1 :]
        new = plan(current, waiting, incoming, paused=self._mode == _PAUSED)
        self._replan(new.keep_current, new.queue, new.pause_at)

    def _do_stop_reading(self, killed: PlayerProcess | None) -> None:
        if not self._active():
            return
        current = self._utterances[self._index]
        waiting = tuple(utterance for utterance in self._utterances[self._index + 1 :] if utterance.kind != READING)
        cut = current.kind == READING or (killed is not None and killed is self._player)
        self._replan(not cut and self._mode != _PAUSED, waiting, None)

    def _replan(self, keep_current: bool, queue: tuple[Utterance, ...], pause_at: int | None) -> None:
        """Go on with ``queue`` after the current sentence (``keep_current``) or instead of it, now.

        Sentences already synthesised (or being synthesised) keep their audio: it follows them to
        their new places, found by identity.
        """
        old = self._utterances
        current = old[self._index]
        new = (current, *queue) if keep_current else queue
        places = {id(utterance): position for position, utterance in enumerate(new)}
        if keep_current:
            places[id(current)] = 0  # the same sentence may be planned again later: this one plays now
        if not keep_current:
            self._kill_player()
        ready, self._ready = self._ready, {}
        for index, prepared in ready.items():
            place = places.get(id(old[index])) if index < len(old) else None
            if place is None:
                self._remove(prepared.path)
            else:
                self._ready[place] = prepared
        pending, self._pending = self._pending, set()
        for index in pending:
            place = places.get(id(old[index])) if index < len(old) else None
            if place is not None:
                self._pending.add(place)
        self._utterances = new
        if not new:
            self._finish(False)
            return
        if keep_current:
            self._index = 0
            self._pause_at = None if pause_at is None else pause_at + 1
            if self._mode == _PLAYING:
                self._request(1)  # the next sentence is made while this one plays
            return
        self._pause_at = pause_at
        self._go(0)

    def _do_pause(self) -> None:
        if self._mode not in (_WAITING, _PLAYING):
            return
        self._pause_at = None  # the visitor's own pause and resume replace one put off by an announcement
        self._kill_player()
        self._mode = _PAUSED
        self._emit(SpeechPaused(self._utterances[self._index].key, self._index))

    def _do_resume(self) -> None:
        self._pause_at = None
        if self._mode != _PAUSED:
            return
        self._emit(SpeechResumed(self._utterances[self._index].key, self._index))
        self._go(self._index)

    def _do_jump(self, step: int) -> None:
        """Repeat (0), next (1) or previous (-1) sentence, from whatever state reading is in."""
        if not self._utterances:
            return
        self._pause_at = None
        target = max(0, self._index + step)
        if target >= len(self._utterances):
            if self._active():
                self._finish(True)
            return
        self._kill_player()
        if self._mode == _IDLE:
            self._reset_plan()
            self._told = False
        elif self._mode == _PAUSED:
            self._emit(SpeechResumed(self._utterances[target].key, target))
        self._go(target)

    def _set_volume(self, volume_db: float) -> None:
        self._volume_db = max(self._min_volume_db, min(volume_db, MAX_VOLUME_DB))

    def _set_rate(self, rate: int) -> None:
        self._rate = max(MIN_RATE, min(rate, MAX_RATE))

    def _do_reset_defaults(self) -> None:
        self._volume_db = self._default_volume_db
        self._rate = self._default_rate

    def _go(self, index: int) -> None:
        """Read from sentence ``index`` on: play it as soon as its audio is ready."""
        self._index = index
        if index == self._pause_at:
            # A paused reading, put off by an announcement, is paused again where it was.
            self._pause_at = None
            self._mode = _PAUSED
            self._request(index)
            self._emit(SpeechPaused(self._utterances[index].key, index))
            return
        self._mode = _WAITING
        self._request(index)
        self._play_if_ready()

    def _request(self, index: int) -> None:
        if index >= len(self._utterances) or index in self._pending:
            return
        prepared = self._ready.get(index)
        if prepared is not None and (prepared.rate == self._rate or prepared.path is None):
            return
        self._pending.add(index)
        self._jobs.put(_Job(self._generation, index, self._utterances[index], self._rate))

    def _on_synthesised(self, job: _Job, prepared: _Prepared) -> None:
        index = self._place_of(job)
        if job.generation != self._generation or self._closed or index is None:
            self._remove(prepared.path)
            return
        self._pending.discard(index)
        old = self._ready.pop(index, None)
        if old is not None:
            self._remove(old.path)
        self._ready[index] = prepared
        if prepared.problem is None:
            self._engine_problem = None
            self._update_status()
        if self._mode == _WAITING and index == self._index:
            self._play_if_ready()

    def _place_of(self, job: _Job) -> int | None:
        """Where the job's sentence is in the plan now (an announcement may have moved or removed it)."""
        utterances = self._utterances
        if job.index < len(utterances) and utterances[job.index] is job.utterance:
            return job.index
        for index, utterance in enumerate(utterances):
            if utterance is job.utterance and index in self._pending:
                return index
        return None

    def _play_if_ready(self) -> None:
        prepared = self._ready.get(self._index)
        if prepared is None:
            return
        if prepared.path is not None and prepared.rate != self._rate:
            # The rate changed since this sentence was made: make it again.
            self._ready.pop(self._index)
            self._remove(prepared.path)
            self._request(self._index)
            return
        if prepared.no_voice:
            self._language_problem = prepared.problem
            self._update_status(tell_again=True)
            self._advance()
            return
        if prepared.path is None:
            self._engine_problem = prepared.problem
            self._update_status(tell_again=True)
            self._finish(False)
            return
        self._start_player(prepared.path)

    def _advance(self) -> None:
        self._forget(self._index)
        if self._index + 1 < len(self._utterances):
            self._go(self._index + 1)
        else:
            self._finish(True)

    def _forget(self, index: int) -> None:
        prepared = self._ready.pop(index, None)
        if prepared is not None:
            self._remove(prepared.path)

    def _start_player(self, wav: Path) -> None:
        choice = self._player_choice
        if choice is None or choice.path is None:
            # Look again: the player may have been installed since, or PATH changed.
            choice = self._player_choice = find_player(self.settings.player)
        if choice.path is None:
            self._audio_problem = choice.problem
            self._update_status(tell_again=True)
            self._finish(False)
            return
        play_file: Path | None = None
        if not choice.sets_volume:
            # aplay has no volume option: play a quieter copy.
            play_file = self._new_file("play")
            write_wav(play_file, scaled(read_wav(wav), self._volume_db))
        try:
            player = PlayerProcess(
                choice.command(play_file or wav, self._volume_db), wav_duration_s(wav), self._player_exited
            )
        except OSError:
            self._remove(play_file)
            self._player_choice = None
            self._audio_problem = find_player(self.settings.player).problem or message(NO_AUDIO)
            self._update_status(tell_again=True)
            self._finish(False)
            return
        utterance = self._utterances[self._index]
        # Set before the player: ``stop_reading`` (another thread) reads the player, then this, and
        # must never pair a new player with the last sentence's kind.
        self._player_utterance, self._player_started = utterance, time.monotonic()
        self._player, self._player_file = player, play_file
        self._mode = _PLAYING
        self._emit(
            SentenceStarted(
                utterance.key, self._index, len(self._utterances), utterance.lang, utterance.text, utterance.kind
            )
        )
        # Synthesis of the next sentence overlaps the playing of this one.
        self._request(self._index + 1)

    def _player_exited(self, player: PlayerProcess, returncode: int, error_text: str) -> None:
        self._inbox.put(functools.partial(self._on_player_exit, player, returncode, error_text))

    def _on_player_exit(self, player: PlayerProcess, returncode: int, error_text: str) -> None:
        if player is not self._player:
            return  # stopped on purpose, or replaced
        self._player = None
        self._remove(self._player_file)
        self._player_file = None
        self._log_sentence(FINISHED if returncode == 0 else INTERRUPTED)
        if returncode != 0:
            logger.warning("the audio player failed (%s): %s", returncode, error_text)
            self._audio_problem = message(NO_AUDIO)
            self._update_status(tell_again=True)
            self._finish(False)
            return
        if self._audio_problem is not None:
            self._audio_problem = None
            self._update_status()
        self._advance()

    def _on_started(self, engine_problem: Message | None, player: Player) -> None:
        self._engine_problem = engine_problem
        self._player_choice = player
        self._audio_problem = player.problem
        self._update_status()

    def _new_file(self, kind: str) -> Path:
        return self._scratch / f"{kind}-{next(self._file_numbers)}.wav"

    @staticmethod
    def _remove(path: Path | None) -> None:
        if path is not None:
            path.unlink(missing_ok=True)

    # ----------------------------------------------------------------- synthesis thread

    def _synthesise(self) -> None:
        try:
            engine_problem = self._start_engine()
            player = usable_player(self.settings.player, self._scratch)
            self._inbox.put(functools.partial(self._on_started, engine_problem, player))
            while True:
                job = self._jobs.get()
                if job is None or self._closed:
                    return
                if job.generation != self._generation:
                    continue  # the plan changed before this sentence's turn
                prepared = self._prepare(job)
                self._inbox.put(functools.partial(self._on_synthesised, job, prepared))
        finally:
            self._voices_loaded.set()
            self._synth.close()

    def _start_engine(self) -> Message | None:
        try:
            self._synth.start()
            self._installed = self._synth.voices()
        except SynthError as error:
            logger.warning("speech engine did not start: %s", error)
            self._start_problem = error.problem
            return error.problem
        finally:
            self._voices_loaded.set()
        self._start_problem = None
        return None

    def _prepare(self, job: _Job) -> _Prepared:
        if self._installed is None:
            start_problem = self._start_engine()
            if start_problem is not None:
                return _Prepared(None, job.rate, start_problem)
        choice = self.voice_for(job.utterance.lang)
        if choice.voice_id is None:
            return _Prepared(None, job.rate, choice.problem, no_voice=True)
        path = self._new_file("sentence")
        problem = message(ENGINE_STOPPED)
        for attempt in range(2):
            if self._closed:
                break
            try:
                self._synth.synthesise(job.utterance.text, choice.voice_id, job.rate, path)
                return _Prepared(path, job.rate)
            except SynthError as error:
                if self._closed:
                    break  # close() ended the child on purpose
                logger.warning("synthesis failed (attempt %s): %s", attempt + 1, error)
                problem = error.problem
                if not error.fatal:
                    break
                # The child crashed or hung and was killed; the next request starts a new one.
        path.unlink(missing_ok=True)
        return _Prepared(None, job.rate, problem)
