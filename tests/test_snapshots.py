"""Screens as a family sees them, compared with approved SVG snapshots.

Run ``make snapshots`` after an intended change of layout or text, look at the report, commit.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.core.config import KioskConfig
from kiosk.core.content import load_content
from kiosk.ui.app import KioskApp
from tests.conftest import CONTENT_DIR

PAGES = {
    "home": [],
    "talk-to-the-service": ["1"],
    "make-a-complaint": ["2"],
    "mediation": ["3"],
    "still-not-happy": ["4"],
    "contacts": ["c"],
}


def _app(data_dir: Path, language: str = "en") -> KioskApp:
    # A private data folder: the usage counts of a test run must never reach /var/lib/kiosk.
    config = KioskConfig(data_dir=data_dir)
    return KioskApp(config, load_content(CONTENT_DIR), language=language)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize("page", list(PAGES))
def test_english_pages(snap_compare, page: str, size: tuple[int, int], tmp_path: Path) -> None:
    assert snap_compare(_app(tmp_path), press=PAGES[page], terminal_size=size)


@pytest.mark.parametrize("page", ["home", "mediation"])
@pytest.mark.parametrize("language", ["pl", "uk", "ar", "zh_Hans"])
def test_translated_pages(snap_compare, language: str, page: str, tmp_path: Path) -> None:
    assert snap_compare(_app(tmp_path, language), press=PAGES[page], terminal_size=(100, 32))
