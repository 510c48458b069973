"""The volume keys say when the loudest or quietest level is reached (issue 11, point 8)."""

from __future__ import annotations

from kiosk.core.speech.service import MAX_VOLUME_DB, VOLUME_STEP_DB
from tests.test_app_speech import wait_for


async def test_volume_keys_say_loudest_and_quietest(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        status = app.screen.query_one("#status")
        service = app.narrator.service
        assert service is not None
        low, high = service.volume_range_db
        await pilot.press("plus")
        await wait_for(pilot, lambda: status.message in ("Louder.", "Loudest."), "a volume message")
        for _ in range(round((high - low) / VOLUME_STEP_DB) + 1):
            await pilot.press("plus")
        await pilot.pause()
        assert service.volume_db == MAX_VOLUME_DB
        assert status.message == "Loudest."
        await pilot.press("minus")
        await pilot.pause()
        assert status.message == "Quieter."
        for _ in range(round((high - low) / VOLUME_STEP_DB) + 1):
            await pilot.press("minus")
        await pilot.pause()
        assert service.volume_db == low
        assert status.message == "Quietest."
        assert "Quietest." in app.export_screenshot().replace("&#160;", " ")
