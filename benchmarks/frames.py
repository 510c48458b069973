"""Knowing when a Textual app has painted: every queued message handled, then a refresh with nothing left to paint.

Pilot's own ``press`` and ``pause`` wait for the process to go idle in 20 ms steps, which would
hide the latency being measured; these helpers use only public calls (``call_later``,
``call_after_refresh``) and add well under a millisecond.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from textual import events
from textual.app import App
from textual.message_pump import MessagePump

#: Rounds of "drain, then paint": the second round catches work the first frame scheduled
#: (a scroll restored after refresh, a status line set after a recompose).
ROUNDS = 2
#: Seconds any one wait may take before the measurement is reported as stuck.
WAIT_TIMEOUT_S = 30.0


class FrameTimeoutError(Exception):
    """The app did not settle within the bounded wait."""


async def _handled(nodes: list[MessagePump]) -> None:
    """Wait until each of ``nodes`` has handled every message queued to it before this call."""
    done = asyncio.Event()
    remaining = 0

    def one_done() -> None:
        nonlocal remaining
        remaining -= 1
        if remaining == 0:
            done.set()

    for node in nodes:
        if node.is_attached and node.call_later(one_done):
            remaining += 1
    if not remaining:
        return
    try:
        await asyncio.wait_for(done.wait(), WAIT_TIMEOUT_S)
    except TimeoutError as error:
        raise FrameTimeoutError(f"the app did not handle its queued messages within {WAIT_TIMEOUT_S:g} s") from error


async def _drain(app: App[Any]) -> None:
    """Wait until the app and every node of the current screen have handled what was queued before."""
    while True:
        screen = app.screen
        await _handled([app, *screen.walk_children(with_self=True)])
        # A key may have pushed a screen while we waited: drain that one too.
        if app.screen is screen:
            return


async def _painted(app: App[Any]) -> None:
    """Wait for the current screen's next refresh that leaves nothing dirty."""
    painted = asyncio.Event()
    if not app.screen.call_after_refresh(painted.set):
        return
    try:
        await asyncio.wait_for(painted.wait(), WAIT_TIMEOUT_S)
    except TimeoutError as error:
        raise FrameTimeoutError(f"the screen did not refresh within {WAIT_TIMEOUT_S:g} s") from error


async def settled(app: App[Any]) -> None:
    """Return once everything queued so far is handled and painted on the current screen."""
    for _ in range(ROUNDS):
        await _drain(app)
        await _painted(app)


def key_event(app: App[Any], key: str) -> events.Key:
    """A key event as the terminal driver would deliver it (``"1"``, ``"pagedown"``, ``"plus"``)."""
    characters = {"plus": "+", "minus": "-", "space": " "}
    character = key if len(key) == 1 else characters.get(key)
    return events.Key(key, character).set_sender(app)


async def key_to_frame(app: App[Any], key: str) -> float:
    """Seconds from a key reaching the app to the frame that shows its effect."""
    start = time.perf_counter()
    app.post_message(key_event(app, key))
    await settled(app)
    return time.perf_counter() - start
