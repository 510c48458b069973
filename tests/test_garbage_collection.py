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
