"""The kiosk's colour themes as Textual ``Theme`` objects, built from ``kiosk.core.themes``."""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.theme import Theme

from kiosk.core.themes import THEMES


def textual_theme(name: str) -> Theme:
    """The Textual theme for a kiosk theme name (one of ``kiosk.core.config.THEMES``)."""
    colours = THEMES[name]
    return Theme(
        name=colours.name,
        primary=colours.primary,
        secondary=colours.secondary,
        accent=colours.accent,
        foreground=colours.foreground,
        background=colours.background,
        surface=colours.surface,
        panel=colours.panel,
        success=colours.success,
        warning=colours.warning,
        error=colours.error,
        dark=colours.dark,
        variables=dict(colours.variables),
    )


def register_kiosk_themes(app: App[Any]) -> None:
    """Register every kiosk theme with the app, so ``app.theme = "high-contrast-dark"`` works."""
    for name in THEMES:
        app.register_theme(textual_theme(name))
