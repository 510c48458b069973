"""Knowing when a Textual app has painted: every queued message handled, then a refresh with nothing left to paint.

Pilot's own ``press`` and ``pause`` wait for the process to go idle in 20 ms steps, which would
hide the latency being measured; these helpers use only public calls (``call_later``,
``call_after_refresh``, ``message_queue_size``) and add about a millisecond.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from textual import events
from textual.app import App
from textual.message_pump import MessagePump
from textual.screen import Screen

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


async def _painted(app: App[Any]) -> None:
    """Wait for the current screen's next refresh that leaves nothing dirty."""
    painted = asyncio.Event()
    if not app.screen.call_after_refresh(painted.set):
        return
    try:
        await asyncio.wait_for(painted.wait(), WAIT_TIMEOUT_S)
    except TimeoutError as error:
        raise FrameTimeoutError(f"the screen did not refresh within {WAIT_TIMEOUT_S:g} s") from error


def _queues_empty(app: App[Any], screen: Screen[Any]) -> bool:
    """True when the app and every node of ``screen`` have no message waiting."""
    nodes = screen.walk_children(with_self=True)
    return not app.message_queue_size and not any(node.message_queue_size for node in nodes)


async def settled(app: App[Any]) -> None:
    """Return once everything sent to the app so far is handled and painted, and nothing is waiting.

    First the app handles what was posted to it (the key); then, frame after frame, the current
    screen refreshes until no node of it has a message waiting (a refresh, a resize, a scroll
    restored after the frame all arrive as messages) and no other screen has come to the top.
    """
    await _handled([app])
    deadline = time.monotonic() + WAIT_TIMEOUT_S
    while time.monotonic() < deadline:
        screen = app.screen
        await _painted(app)
        if app.screen is screen and _queues_empty(app, screen):
            return
    raise FrameTimeoutError(f"the app kept working for {WAIT_TIMEOUT_S:g} s without settling")


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
