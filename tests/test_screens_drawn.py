"""Every screen, opened by its keys at 80x24, draws what a person must read inside its own region.

Asserts on the text read back from the screenshot (``tests/drawn.py``), not on widget state: a
widget holding the right options but drawing none of them (the language picker, issue 11) fails.
In English, in Arabic (right to left) and in high contrast.
"""

from __future__ import annotations

import gc
import importlib
import pkgutil
import re
from pathlib import Path

import pytest
from textual.screen import Screen

import kiosk.ui
from kiosk.core.config import REPO_ROOT
from kiosk.core.content import Content
from tests.drawn import drawn_text
from tests.screen_registry import BASES, REGISTRY, VARIANTS, ScreenEntry, build_app, open_entry

#: Frames, scroll bars and the other block characters Textual draws around text.
_FRAME = re.compile(r"[\u2500-\u259f]")


def kiosk_screen_classes() -> set[type[Screen]]:
    """Every Screen subclass defined anywhere under kiosk/ui (each module imported first)."""
    for module in pkgutil.walk_packages(kiosk.ui.__path__, "kiosk.ui."):
        importlib.import_module(module.name)
    found: set[type[Screen]] = set()
    pending = [Screen]
    while pending:
        for subclass in pending.pop().__subclasses__():
            pending.append(subclass)
            if subclass.__module__.startswith("kiosk."):
                found.add(subclass)
    return found


def readable(text: str) -> str:
    return " ".join(_FRAME.sub(" ", text).split())


def is_drawn(expected: str, drawn: str) -> bool:
    """Drawn as one run of text, or - when wrapped across lines - word by word."""
    wanted = " ".join(expected.split())
    return wanted in drawn or all(word in drawn.split() for word in wanted.split())


def test_every_screen_is_registered() -> None:
    registered = {entry.screen for entry in REGISTRY} | BASES
    missing = sorted(cls.__qualname__ for cls in kiosk_screen_classes() - registered)
    assert not missing, f"add these screens to tests/screen_registry.py (keys, region, what is drawn): {missing}"


def test_registry_check_finds_an_unregistered_screen() -> None:
    """The completeness check sees a screen class defined in a kiosk module (planted here)."""

    class Planted(Screen[None]):
        pass

    Planted.__module__ = "kiosk.ui.screens.planted"
    try:
        assert Planted in kiosk_screen_classes()
    finally:
        del Planted
        gc.collect()  # gone from Screen.__subclasses__() before any other test walks them


@pytest.mark.parametrize("variant", list(VARIANTS))
@pytest.mark.parametrize("entry", REGISTRY, ids=[entry.name for entry in REGISTRY])
async def test_screen_draws_its_text_inside_its_region(
    entry: ScreenEntry, variant: str, content: Content, tmp_path: Path
) -> None:
    language, theme = VARIANTS[variant]
    app = build_app(content, tmp_path / "data", language, theme)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await open_entry(entry, app, pilot)
        widget = app.screen.query_one(entry.region)
        assert widget.region.area > 0, f"{entry.region} takes no room on the {entry.name} screen"
        text = drawn_text(app, widget)
        drawn = readable(text)
        expected = entry.expected(app)
        missing = [wanted for wanted in expected if not is_drawn(wanted, drawn)]
        assert not missing, f"not drawn inside {entry.region} ({entry.name}, {variant}): {missing}\n{text}"
        if entry.first_line:
            first = next(line for line in (readable(row) for row in text.splitlines()) if line)
            assert is_drawn(expected[0], first), f"{entry.name} does not open at its top; first line: {first!r}"
        assert "Traceback" not in drawn


def test_the_stylesheet_never_pads_option_list_rows() -> None:
    """Vertical padding on an OptionList option makes Textual 8 draw every option blank (issue 11)."""
    stylesheet = (REPO_ROOT / "kiosk" / "ui" / "kiosk.tcss").read_text(encoding="utf-8")
    rules = re.findall(r"([^{}]*\.option-list--option[^{}]*)\{([^}]*)\}", stylesheet)
    padded = [selector.strip() for selector, body in rules if re.search(r"\bpadding(-top|-bottom)?\s*:", body)]
    assert not padded, f"padding on OptionList options draws them blank; give them room another way: {padded}"
