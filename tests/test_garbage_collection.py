"""``kiosk run`` starts with garbage collection off; the app must turn it back on, or a kiosk that
runs all day would never free what it no longer uses."""

from __future__ import annotations

import gc


async def test_collection_comes_back_on_once_the_first_screen_is_up(make_app) -> None:
    gc.disable()  # as kiosk.commands.run does before start-up
    try:
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert gc.isenabled()
            assert gc.get_freeze_count() > 0, "what start-up made is frozen, out of later collections"
    finally:
        gc.enable()
        gc.unfreeze()  # the rest of the test run collects as usual


async def test_an_app_started_with_collection_on_leaves_it_alone(make_app) -> None:
    frozen = gc.get_freeze_count()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert gc.isenabled()
        assert gc.get_freeze_count() == frozen


async def test_under_kiosk_run_full_collections_wait_for_a_quiet_moment(content, config) -> None:  # type: ignore[no-untyped-def]
    from kiosk.core.collector import MIDDLE_COLLECTIONS_PER_FULL, QUIET_AFTER_S
    from kiosk.ui.app import KioskApp

    class Clock:
        now = 1000.0

        def __call__(self) -> float:
            return self.now

    clock = Clock()
    thresholds = gc.get_threshold()
    gc.disable()  # as kiosk.commands.run does before start-up
    try:
        app = KioskApp(config, content, clock=clock)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert gc.get_threshold()[2] == MIDDLE_COLLECTIONS_PER_FULL
            assert gc.get_threshold()[:2] == thresholds[:2], "young objects are collected as before"

            def full_collections() -> int:
                return int(gc.get_stats()[2]["collections"])

            await pilot.press("3")
            before = full_collections()
            await app.poll_idle()
            assert full_collections() == before, "no full collection while someone is using the kiosk"
            clock.now += QUIET_AFTER_S + 0.5
            await app.poll_idle()
            assert full_collections() == before + 1, "the quiet moment is used"
            await app.poll_idle()
            assert full_collections() == before + 1, "once per quiet spell"
            await pilot.press("2")
            clock.now += QUIET_AFTER_S + 0.5
            await app.poll_idle()
            assert full_collections() == before + 2, "and again after the next touch"
    finally:
        gc.set_threshold(*thresholds)
        gc.enable()
        gc.unfreeze()
