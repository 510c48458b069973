"""Shared fixtures. The developer's own configuration and environment stay out of the tests."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kiosk.core.config import REPO_ROOT, KioskConfig
from kiosk.core.content import Content, load_content

CONTENT_DIR = REPO_ROOT / "content"
LOCALES_DIR = REPO_ROOT / "locales"
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def content() -> Content:
    """The shipped English content (it must validate)."""
    return load_content(CONTENT_DIR)


@pytest.fixture
def config(tmp_path: Path) -> KioskConfig:
    """Default settings with a private data directory per test."""
    return KioskConfig(data_dir=tmp_path / "data")


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("KIOSK_CONFIG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    os.environ.setdefault("TZ", "Europe/London")


@pytest.fixture
def make_app(content: Content, config: KioskConfig):  # type: ignore[no-untyped-def]
    """Build the real kiosk app on the shipped content (speech and printing as configured)."""
    from kiosk.ui.app import KioskApp

    def build(language: str | None = None, **overrides: object) -> KioskApp:
        import dataclasses

        return KioskApp(dataclasses.replace(config, **overrides), content, language=language)

    return build
