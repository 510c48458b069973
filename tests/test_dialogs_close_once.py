"""Every dialog closes once, however many ways it is told to close in one moment (issue 11).

Textual's ``dismiss`` pops whatever screen is on top: a second dismissal of a dialog already
closing took the page under it away, and on the home screen ended the kiosk with a traceback.
The terminal burst test shows it at real speed; here each dialog is told twice, deterministically.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.core.content import Content
from kiosk.ui.screens.modal import KioskModal
from tests.drawn import screen_lines
from tests.screen_registry import REGISTRY, ScreenEntry, build_app, open_entry, wait_until

DIALOGS = [entry for entry in REGISTRY if issubclass(entry.screen, KioskModal)]


@pytest.mark.parametrize("over", ["step", "home"])
@pytest.mark.parametrize("entry", DIALOGS, ids=[entry.name for entry in DIALOGS])
async def test_dismissing_a_dialog_twice_closes_it_once(
    entry: ScreenEntry, over: str, content: Content, tmp_path: Path
) -> None:
    app = build_app(content, tmp_path / "data", "en", "kiosk-dark")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        if over == "home":
            entry = type(entry)(**{**entry.__dict__, "before": ()})
        await open_entry(entry, app, pilot)
        dialog = app.screen
        under = app.screen_stack[-2]
        dialog.dismiss()
        dialog.dismiss()
        await wait_until(pilot, lambda: app.screen is under, "the screen under the dialog")
        await pilot.pause(0.2)
        assert app.is_running and app.screen is under and len(app.screen_stack) == (2 if over == "step" else 1)
        drawn = "\n".join(screen_lines(app))
        assert "Traceback" not in drawn
        await pilot.press("3")  # the kiosk still answers keys
        await wait_until(pilot, lambda: getattr(app.screen, "page_id", "") == app.content.steps[2].id, "step 3")
