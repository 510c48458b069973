"""What speech mode says, and what a new announcement may cut off.

Every sentence the kiosk speaks has a kind. When something new is to be said while something is
still being said (or waits its turn), ``plan`` decides, by the new announcement's kind, what goes:

- a page's or dialog's name (``page``, ``dialog``) is where the person now is: it replaces
  everything said about the place they left (names, hints, focus, the page being read), but never
  a message;
- a focus change (``focus``) cuts only hints and older focus announcements; a name being said is
  heard to its end first;
- a hint (``hint``) replaces only older hints;
- a message (``message``: print outcome, errors, settings) cuts nothing and waits its turn; the
  same message already waiting is not queued twice, and a message with the same ``key`` as one
  still waiting replaces it (a countdown says only its latest number);
- focus, hints and messages said during a reading interrupt it, and the reading then goes on
  from the start of the sentence they cut (paused, if it was paused);
- reading a page (``reading``) replaces everything: the person asked for it.

Plain Python without Textual: the speech service applies the plan on its own thread, so what it
decides and what plays never disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.core.reading import Utterance

PAGE = "page"
DIALOG = "dialog"
FOCUS = "focus"
HINT = "hint"
MESSAGE = "message"
READING = "reading"
KINDS = (PAGE, DIALOG, FOCUS, HINT, MESSAGE, READING)

#: For each kind of new announcement, the kinds of sentence it removes (playing or waiting).
_REMOVES: dict[str, frozenset[str]] = {
    PAGE: frozenset({PAGE, DIALOG, FOCUS, HINT, READING}),
    DIALOG: frozenset({PAGE, DIALOG, FOCUS, HINT, READING}),
    FOCUS: frozenset({FOCUS, HINT}),
    HINT: frozenset({HINT}),
    MESSAGE: frozenset(),
    READING: frozenset(KINDS),
}


@dataclass(frozen=True)
class Plan:
    """What to say from now on.

    ``keep_current``: the sentence playing now plays on to its end, and ``queue`` follows it;
    otherwise it is cut off now and ``queue`` starts at once. ``pause_at`` is the position in
    ``queue`` of a paused reading that was put off: the speech stops there, paused, until resumed.
    """

    keep_current: bool
    queue: tuple[Utterance, ...]
    pause_at: int | None = None


def plan(
    current: Utterance | None,
    waiting: Sequence[Utterance],
    incoming: Sequence[Utterance],
    *,
    paused: bool = False,
) -> Plan:
    """The new plan when ``incoming`` is to be said.

    ``current`` is the sentence playing (or, when ``paused``, the paused sentence); ``waiting``
    the sentences planned after it. The kind of ``incoming``'s first sentence decides.
    """
    if not incoming:
        return Plan(current is not None and not paused, tuple(waiting))
    kind = incoming[0].kind
    removes = _REMOVES.get(kind, frozenset(KINDS))
    defer_reading = READING not in removes
    kept: list[Utterance] = []
    put_off: list[Utterance] = []
    keep_current = False
    if current is not None:
        if current.kind == READING and defer_reading:
            put_off.append(current)  # said again from its start once the announcement is over
        elif current.kind not in removes and not paused:
            keep_current = True
    replaced = {utterance.key for utterance in incoming if kind == MESSAGE and utterance.key}
    for utterance in waiting:
        if utterance.kind in removes or (utterance.kind == MESSAGE and utterance.key in replaced):
            continue
        (put_off if utterance.kind == READING else kept).append(utterance)
    if kind == MESSAGE:
        already = {(utterance.text, utterance.lang) for utterance in kept if utterance.kind == MESSAGE}
        if current is not None and keep_current and current.kind == MESSAGE:
            already.add((current.text, current.lang))
        if all((utterance.text, utterance.lang) in already for utterance in incoming):
            incoming = ()
    queue = (*kept, *incoming, *put_off)
    pause_at = len(kept) + len(incoming) if paused and put_off else None
    return Plan(keep_current, queue, pause_at)
