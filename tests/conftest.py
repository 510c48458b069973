"""Shared fixtures. The developer's own configuration and environment stay out of the tests."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
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


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture(autouse=True)
def guard_failures() -> Iterator[list[logging.LogRecord]]:
    """What the kiosk's guard caught (kiosk.ui.guard): a test fails if the app hit an unexpected error.

    The guard keeps the kiosk up after an error, so Textual no longer re-raises it at the end of
    ``run_test``; this puts that check back. A test that plants a failure on purpose asks for this
    fixture, checks the records and clears them.
    """
    handler = _Records()
    guard_log = logging.getLogger("kiosk.ui.guard")
    guard_log.addHandler(handler)
    try:
        yield handler.records
    finally:
        guard_log.removeHandler(handler)
    caught = [f"{record.getMessage()} {record.exc_info[1] if record.exc_info else ''!r}" for record in handler.records]
    assert not caught, f"the kiosk hit unexpected errors: {caught}"


@pytest.fixture
def make_app(content: Content, config: KioskConfig):  # type: ignore[no-untyped-def]
    """Build the real kiosk app on the shipped content (speech and printing as configured)."""
    from kiosk.ui.app import KioskApp

    def build(language: str | None = None, **overrides: object) -> KioskApp:
        import dataclasses

        return KioskApp(dataclasses.replace(config, **overrides), content, language=language)

    return build
