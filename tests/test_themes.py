"""Colour themes: every text and indicator pair meets its WCAG contrast, and Textual draws those colours."""

from __future__ import annotations

import re

import pytest
from textual.app import App
from textual.color import Color

from kiosk.core.config import THEMES as CONFIG_THEMES
from kiosk.core.themes import (
    BASE_COLOURS,
    NON_TEXT_CONTRAST,
    NON_TEXT_PAIRS,
    TEXT_PAIRS,
    THEMES,
    ThemeColours,
    contrast_ratio,
    mix,
    relative_luminance,
)
from kiosk.ui.themes import register_kiosk_themes, textual_theme

HEX = re.compile(r"#[0-9a-f]{6}")


def test_theme_names_are_the_ones_the_configuration_accepts() -> None:
    assert tuple(THEMES) == CONFIG_THEMES
    assert [theme.high_contrast for theme in THEMES.values()] == [False, False, True, True]


@pytest.mark.parametrize(
    ("first", "second", "ratio"),
    [
        ("#000000", "#ffffff", 21.0),
        ("#ffffff", "#000000", 21.0),
        ("#777777", "#777777", 1.0),
        # Reference values from the WCAG 2 understanding documents and WebAIM's checker.
        ("#777777", "#ffffff", 4.48),
        ("#595959", "#ffffff", 7.0),
        ("#0000ff", "#ffffff", 8.59),
        ("#f00", "#fff", 4.0),
    ],
)
def test_contrast_ratio_matches_wcag(first: str, second: str, ratio: float) -> None:
    assert contrast_ratio(first, second) == pytest.approx(ratio, abs=0.01)


def test_luminance_ends_and_bad_colours() -> None:
    assert relative_luminance("#000000") == 0.0
    assert relative_luminance("#ffffff") == pytest.approx(1.0)
    assert mix("#000000", "#ffffff", 0.5) == "#808080"
    with pytest.raises(ValueError, match="not a #rrggbb colour"):
        relative_luminance("#12345")


@pytest.mark.parametrize("theme", THEMES.values(), ids=list(THEMES))
def test_every_colour_is_an_explicit_hex_value(theme: ThemeColours) -> None:
    colours = [theme.colour(name) for name in BASE_COLOURS]
    colours += [value for name, value in theme.variables.items() if not name.endswith("text-style")]
    assert all(HEX.fullmatch(colour) for colour in colours), colours


@pytest.mark.parametrize("theme", THEMES.values(), ids=list(THEMES))
def test_all_text_meets_its_contrast_on_everything_it_is_drawn_on(theme: ThemeColours) -> None:
    # 4.5:1 (WCAG 1.4.3) for every theme; 7:1 (1.4.6) for the high-contrast ones.
    needed = 7.0 if theme.name.startswith("high-contrast") else 4.5
    assert theme.minimum_text_contrast == needed
    failures = [
        f"{text} {theme.colour(text)} on {ground} {theme.colour(ground)}: "
        f"{contrast_ratio(theme.colour(text), theme.colour(ground)):.2f}"
        for text, ground in TEXT_PAIRS
        if contrast_ratio(theme.colour(text), theme.colour(ground)) < needed
    ]
    assert not failures, f"{theme.name} needs {needed}:1 -> " + "; ".join(failures)


@pytest.mark.parametrize("theme", THEMES.values(), ids=list(THEMES))
def test_focus_borders_and_button_fills_stand_out_from_their_surroundings(theme: ThemeColours) -> None:
    failures = [
        f"{mark} on {ground}: {contrast_ratio(theme.colour(mark), theme.colour(ground)):.2f}"
        for mark, ground in NON_TEXT_PAIRS
        if contrast_ratio(theme.colour(mark), theme.colour(ground)) < NON_TEXT_CONTRAST
    ]
    assert not failures, f"{theme.name} needs 3:1 -> " + "; ".join(failures)


def test_the_pairs_cover_text_on_every_background_and_the_focus_ring() -> None:
    grounds = {ground for _, ground in TEXT_PAIRS}
    assert {"background", "surface", "panel", "primary", "success", "warning", "error"} <= grounds
    assert ("foreground", "panel") in TEXT_PAIRS
    assert ("border", "background") in NON_TEXT_PAIRS


@pytest.mark.parametrize("name", list(THEMES))
def test_textual_draws_exactly_the_colours_that_were_measured(name: str) -> None:
    app: App[object] = App()
    register_kiosk_themes(app)
    app.theme = name
    drawn = app.get_css_variables()
    theme = THEMES[name]
    assert textual_theme(name).dark is theme.dark
    roles = {role for pair in (*TEXT_PAIRS, *NON_TEXT_PAIRS) for role in pair}
    different = {
        role: (drawn[role], theme.colour(role))
        for role in roles
        if Color.parse(drawn[role]).hex6.lower() != theme.colour(role)
    }
    assert not different, f"Textual would draw other colours than those checked: {different}"
    # Plain text is drawn without transparency, so the measured contrast is the real one.
    assert Color.parse(drawn["text"]).hex6.lower() == theme.foreground


@pytest.mark.parametrize("name", list(THEMES))
async def test_the_kiosk_starts_in_the_configured_theme(name: str, content, config) -> None:  # type: ignore[no-untyped-def]
    import dataclasses

    from kiosk.ui.app import KioskApp

    app = KioskApp(dataclasses.replace(config, theme=name), content)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        drawn = set(HEX.findall(app.export_screenshot().lower()))
        theme = THEMES[name]
        assert {theme.background, theme.foreground} <= drawn, f"{name} is not what the first screen shows"
        assert app.has_class("-dark-mode") is theme.dark
        assert app.has_class("-light-mode") is not theme.dark
