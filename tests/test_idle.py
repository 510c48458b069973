"""The idle clock: a warning at the right time, extension by any input, reset, and only input keeps a visit going."""

from __future__ import annotations

import dataclasses

import pytest

from kiosk.core import idle
from kiosk.core.config import KioskConfig
from kiosk.core.idle import Active, Expired, IdleClock


class FakeClock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 500.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def idle_clock(clock: FakeClock) -> IdleClock:
    config = dataclasses.replace(KioskConfig(), idle_timeout_s=120, idle_warning_s=30)
    return IdleClock(config.idle_timeout_s, config.idle_warning_s, clock)


def test_active_until_the_timeout_then_a_countdown_then_expired(idle_clock: IdleClock, clock: FakeClock) -> None:
    clock.advance(119.9)
    assert idle_clock.state() == Active()
    clock.advance(0.1)
    assert idle_clock.state() == idle.Warning(30)
    clock.advance(0.5)
    assert idle_clock.state() == idle.Warning(30)  # whole seconds, rounded up: never "0" on screen
    clock.advance(28.5)
    assert idle_clock.state() == idle.Warning(1)
    clock.advance(0.9)
    assert idle_clock.state() == idle.Warning(1)
    clock.advance(0.1)
    assert idle_clock.state() == Expired()


def test_state_can_be_asked_for_any_moment(idle_clock: IdleClock, clock: FakeClock) -> None:
    start = clock.now
    assert idle_clock.state(start + 60) == Active()
    assert idle_clock.state(start + 135) == idle.Warning(15)
    assert idle_clock.state(start + 150) == Expired()


def test_any_input_during_the_warning_extends_the_visit_every_time(idle_clock: IdleClock, clock: FakeClock) -> None:
    # WCAG 2.2.1 asks for at least ten extensions; the clock allows any number.
    for _ in range(25):
        clock.advance(125)
        assert isinstance(idle_clock.state(), idle.Warning)
        idle_clock.touch()
        assert idle_clock.state() == Active()
    clock.advance(150)
    assert idle_clock.state() == Expired()


def test_input_before_the_warning_postpones_it(idle_clock: IdleClock, clock: FakeClock) -> None:
    clock.advance(100)
    idle_clock.touch()
    clock.advance(100)
    assert idle_clock.state() == Active()
    clock.advance(20)
    assert idle_clock.state() == idle.Warning(30)


def test_restart_after_a_reset_starts_the_quiet_time_again(idle_clock: IdleClock, clock: FakeClock) -> None:
    clock.advance(150)
    assert idle_clock.state() == Expired()
    idle_clock.restart()
    assert idle_clock.state() == Active()
    clock.advance(150)
    assert idle_clock.state() == Expired()


def test_nonsense_lengths_are_refused(clock: FakeClock) -> None:
    with pytest.raises(ValueError, match="longer than 0"):
        IdleClock(0, 30, clock)
