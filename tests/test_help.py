"""Help as a person sees it: it opens at its top with its text focused, its menu buttons are large
targets with room between them, and it tells the configured idle time truly (issue 11)."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from kiosk.core.config import REPO_ROOT
from kiosk.core.content import Content
from kiosk.core.i18n import translator
from kiosk.ui.app import KioskApp
from kiosk.ui.screens.help import HelpScreen, idle_sentence
from tests.drawn import drawn_text
from tests.screen_registry import build_app, wait_until

_FRAME_CHARACTERS = set("▀▄█▌▐▊▎▔▁▏▕─│┌┐└┘━┃┏┓┗┛")


def make_app(content: Content, tmp_path: Path, **settings: object) -> KioskApp:
    return build_app(content, tmp_path / "data", "en", "kiosk-dark", **settings)


async def open_help(app: KioskApp, pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("2", "question_mark")
    await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), "help")
    await pilot.pause()


def frame(text: str) -> str:
    """Only the frame characters drawn around the text, in order."""
    return "".join(ch for ch in text if ch in _FRAME_CHARACTERS)


@pytest.mark.parametrize("size", [(80, 24), (110, 34), (200, 60)], ids=["80x24", "110x34", "200x60"])
async def test_help_opens_at_its_top_with_its_text_focused(content: Content, tmp_path: Path, size) -> None:  # type: ignore[no-untyped-def]
    app = make_app(content, tmp_path)
    async with app.run_test(size=size) as pilot:
        await open_help(app, pilot)
        body = app.screen.query_one("#help-body")
        lines = [line.strip(" " + "".join(_FRAME_CHARACTERS)) for line in drawn_text(app, body).splitlines()]
        assert next(line for line in lines if line) == "Help", f"help did not open at its top at {size}: {lines}"
        assert app.focused is body
        focused_frame = frame(drawn_text(app, body))
        await pilot.press("tab")  # to the first menu button: the text no longer has the focus
        await pilot.pause()
        assert frame(drawn_text(app, body)) != focused_frame, "the help text's frame does not show its focus"


async def test_arrows_scroll_the_focused_help_text(content: Content, tmp_path: Path) -> None:
    app = make_app(content, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_help(app, pilot)
        before = drawn_text(app, "#help-body")
        await pilot.press("down", "down", "down")
        await pilot.pause()
        assert drawn_text(app, "#help-body") != before


async def test_menu_buttons_are_three_rows_high_with_a_row_between_them(content: Content, tmp_path: Path) -> None:
    app = make_app(content, tmp_path)
    # Tall enough that the whole help, its eleven options and Close among them, is in view at once.
    async with app.run_test(size=(120, 70)) as pilot:
        await open_help(app, pilot)
        buttons = list(app.screen.query("#help-body Button"))
        from kiosk.ui.keymap import HELP_MENU

        assert len(buttons) == len(HELP_MENU) + 1  # the menu, and Close
        rows = sorted({button.region.y for button in buttons})
        for button in buttons:
            assert button.region.height >= 3, f"{button.id} is {button.region.height} row(s) high"
            label = str(button.label).split("  ", 1)[1]
            assert label in " ".join(drawn_text(app, button).split()), f"{button.id} does not show {label!r}"
        for upper, lower in itertools.pairwise(rows):
            assert lower - upper >= 4, f"menu rows at {upper} and {lower} touch: no gap between targets"


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [
        (90, "for 90 seconds,"),
        (120, "for 2 minutes,"),
        (60, "for 1 minute,"),
        (150, "for 150 seconds,"),
        (45, "for 45 seconds,"),
        (600, "for 10 minutes,"),
    ],
)
def test_the_idle_time_is_told_as_configured(seconds: float, expected: str) -> None:
    assert expected in idle_sentence(translator("en", REPO_ROOT / "locales"), seconds)


async def test_help_draws_ninety_seconds_not_two_minutes(content: Content, tmp_path: Path) -> None:
    app = make_app(content, tmp_path, idle_timeout_s=90.0)
    async with app.run_test(size=(200, 60)) as pilot:
        await open_help(app, pilot)
        body = app.screen.query_one("#help-body")
        body.scroll_end(animate=False)
        await pilot.pause()
        drawn = " ".join(drawn_text(app, body).split())
        assert "If nobody touches the kiosk for 90 seconds," in drawn
        assert "2 minutes" not in drawn
