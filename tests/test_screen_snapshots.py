"""Every registered screen photographed at 80x24, in Arabic and in high contrast, in the middle of a visit.

Each entry of ``tests/screen_registry.py`` is opened by its keys over a page (its ``before`` keys),
as a person would reach it. ``make snapshots`` regenerates the approved SVGs after a look at the
report; a snapshot alone can approve a blank box, so ``tests/test_screens_drawn.py`` reads the
same screens back as text.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from kiosk.core.content import Content
from tests.screen_registry import REGISTRY, VARIANTS, ScreenEntry, build_app, open_entry

SNAPSHOT_VARIANTS = ["ar", "high-contrast"]


@pytest.mark.parametrize("variant", SNAPSHOT_VARIANTS)
@pytest.mark.parametrize("entry", REGISTRY, ids=[entry.name for entry in REGISTRY])
def test_screen_snapshot(snap_compare, entry: ScreenEntry, variant: str, content: Content, tmp_path: Path) -> None:
    language, theme = VARIANTS[variant]
    app = build_app(content, tmp_path / "data", language, theme)

    async def reach_the_screen(pilot: Pilot) -> None:
        await open_entry(entry, app, pilot)

    assert snap_compare(app, run_before=reach_the_screen, terminal_size=(80, 24))
