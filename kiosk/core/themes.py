"""The kiosk's colour themes as plain data, and the WCAG 2.x contrast ratio that checks them.

Four themes, named as in ``kiosk.core.config.THEMES``. Every colour is an explicit ``#rrggbb``:
Textual's defaults blend text with transparency ("auto 87%"), which cannot be checked and
lowers contrast, so each theme also sets the Textual variables that colour text and borders.

The promises, checked pair by pair in ``tests/test_themes.py``:

* every theme: all text at least 4.5:1 against what it is drawn on (WCAG 1.4.3); focus
  indicators, control borders and button fills at least 3:1 against their surroundings (1.4.11);
* the high-contrast themes: all text at least 7:1 (WCAG 1.4.6).

``kiosk.ui.themes.textual_theme(name)`` turns one of these into a Textual ``Theme``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType

#: WCAG thresholds.
TEXT_CONTRAST = 4.5
HIGH_CONTRAST_TEXT = 7.0
NON_TEXT_CONTRAST = 3.0

#: Colours that fill buttons; each gets a hover shade and a muted tint.
FILLS = ("primary", "success", "warning", "error")

#: The ten base colours Textual's ``Theme`` takes, by their Textual names.
BASE_COLOURS = (
    "primary",
    "secondary",
    "accent",
    "foreground",
    "background",
    "surface",
    "panel",
    "success",
    "warning",
    "error",
)

#: (text colour, colour it is drawn on): every pairing of text and background the kiosk uses.
#: Names are base colours or Textual variables set by every theme.
TEXT_PAIRS: tuple[tuple[str, str], ...] = (
    *((text, ground) for text in ("foreground", "text-muted") for ground in ("background", "surface", "panel")),
    # Coloured text: headings, status lines, "not yet translated" marks, errors.
    *(
        (text, ground)
        for text in ("text-primary", "text-secondary", "text-accent", "text-success", "text-warning", "text-error")
        for ground in ("background", "surface", "panel")
    ),
    # Buttons: plain ones on the surface; coloured ones in their colour, also when hovered
    # (Textual's buttons hover in the darken-1/-2 shade); flat ones in coloured text on a tint.
    ("button-foreground", "surface"),
    *(("button-color-foreground", f"{fill}{shade}") for fill in FILLS for shade in ("", "-darken-1", "-darken-2")),
    *((f"text-{fill}", f"{fill}-muted") for fill in FILLS),
    # Highlighted option in lists (the language picker) and the sentence being read aloud.
    ("block-cursor-foreground", "block-cursor-background"),
    ("block-cursor-blurred-foreground", "block-cursor-blurred-background"),
    # Footer key hints.
    ("footer-foreground", "footer-background"),
    ("footer-key-foreground", "footer-background"),
    ("footer-description-foreground", "footer-background"),
    ("link-color", "background"),
    ("link-color", "surface"),
    ("input-selection-foreground", "input-selection-background"),
)

#: (indicator, what surrounds it): focus rings, control borders and button fills (WCAG 1.4.11).
NON_TEXT_PAIRS: tuple[tuple[str, str], ...] = (
    *(("border", ground) for ground in ("background", "surface", "panel")),
    *(("border-blurred", ground) for ground in ("background", "surface", "panel")),
    *((fill, ground) for fill in FILLS for ground in ("background", "surface")),
    ("block-cursor-background", "surface"),
    ("input-cursor-background", "surface"),
)


def _channel(value: int) -> float:
    srgb = value / 255
    return srgb / 12.92 if srgb <= 0.04045 else ((srgb + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    """WCAG 2.x relative luminance of a ``#rrggbb`` (or ``#rgb``) colour, from 0 (black) to 1 (white)."""
    red, green, blue = _rgb(colour)
    return 0.2126 * _channel(red) + 0.7152 * _channel(green) + 0.0722 * _channel(blue)


def _rgb(colour: str) -> tuple[int, int, int]:
    digits = colour.strip().lstrip("#")
    if len(digits) == 3:
        digits = "".join(digit * 2 for digit in digits)
    if len(digits) != 6:
        raise ValueError(f"'{colour}' is not a #rrggbb colour")
    red, green, blue = (int(digits[index : index + 2], 16) for index in (0, 2, 4))
    return red, green, blue


def mix(first: str, second: str, amount: float) -> str:
    """The colour ``amount`` (0 to 1) of the way from ``first`` to ``second``, as ``#rrggbb``."""
    mixed = (round(a + (b - a) * amount) for a, b in zip(_rgb(first), _rgb(second), strict=True))
    return "#" + "".join(f"{channel:02x}" for channel in mixed)


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2.x contrast ratio of two colours: 1.0 (same) to 21.0 (black on white), either order."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@dataclass(frozen=True)
class ThemeColours:
    """One colour theme: Textual's base colours plus the variables that colour text and borders."""

    name: str
    dark: bool
    #: True for the themes that promise 7:1 text.
    high_contrast: bool
    primary: str
    secondary: str
    accent: str
    foreground: str
    background: str
    surface: str
    panel: str
    success: str
    warning: str
    error: str
    #: Textual theme variables (``"border"``, ``"footer-key-foreground"``...): colours as ``#rrggbb``,
    #: plus two text styles (``"button-focus-text-style"``, ``"block-cursor-text-style"``).
    variables: MappingProxyType[str, str] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def minimum_text_contrast(self) -> float:
        """The contrast every text pair of this theme reaches at least."""
        return HIGH_CONTRAST_TEXT if self.high_contrast else TEXT_CONTRAST

    def colour(self, role: str) -> str:
        """The hex colour of a base colour or a variable, by its Textual name."""
        if role in BASE_COLOURS:
            return str(getattr(self, role))
        return self.variables[role]


def _theme(
    name: str,
    *,
    dark: bool,
    high_contrast: bool,
    base: dict[str, str],
    text_muted: str,
    on_colour: str,
    coloured_text: dict[str, str],
    focus: str,
    control_border: str,
    selection: str,
    muted_mix: float,
) -> ThemeColours:
    """Build a theme, deriving the variables every theme sets from a few decisions."""
    shades: dict[str, str] = {}
    for fill in FILLS:
        # Hovered buttons move towards the foreground, away from their text colour, so hovering
        # never lowers the contrast (Textual's own darken shades would, on the dark themes).
        hover = mix(base[fill], base["foreground"], 0.25)
        shades[f"{fill}-darken-1"] = shades[f"{fill}-darken-2"] = hover
        shades[f"{fill}-muted"] = mix(base[fill], base["background"], muted_mix)
    variables = {
        # Textual re-derives each base colour through Lab space and can land one step off; pin them.
        **{name: base[name] for name in BASE_COLOURS},
        **shades,
        # Text without transparency, so its contrast is what the test measured.
        "text": base["foreground"],
        "text-muted": text_muted,
        "text-disabled": text_muted,
        "foreground-muted": text_muted,
        **{f"text-{role}": colour for role, colour in coloured_text.items()},
        "button-foreground": base["foreground"],
        "button-color-foreground": on_colour,
        "button-focus-text-style": "bold reverse",
        "block-cursor-foreground": on_colour,
        "block-cursor-background": base["primary"],
        "block-cursor-text-style": "bold",
        "block-cursor-blurred-foreground": base["foreground"],
        "block-cursor-blurred-background": base["panel"],
        "block-hover-background": base["panel"],
        "border": focus,
        "border-blurred": control_border,
        "footer-foreground": base["foreground"],
        "footer-background": base["panel"],
        "footer-key-foreground": coloured_text["accent"],
        "footer-description-foreground": base["foreground"],
        "link-color": coloured_text["primary"],
        "link-color-hover": coloured_text["primary"],
        "input-cursor-foreground": base["background"],
        "input-cursor-background": base["foreground"],
        "input-selection-foreground": base["foreground"],
        "input-selection-background": selection,
        "scrollbar": control_border,
        "scrollbar-hover": focus,
        "scrollbar-active": focus,
        "scrollbar-background": base["panel"],
    }
    return ThemeColours(
        name=name, dark=dark, high_contrast=high_contrast, variables=MappingProxyType(variables), **base
    )


KIOSK_DARK = _theme(
    "kiosk-dark",
    dark=True,
    high_contrast=False,
    base={
        "primary": "#5cb8ff",
        "secondary": "#b4a7ff",
        "accent": "#ffc857",
        "foreground": "#f2f4f7",
        "background": "#101820",
        "surface": "#1b2631",
        "panel": "#26323f",
        "success": "#6fd08c",
        "warning": "#ffc857",
        "error": "#ff8f8f",
    },
    text_muted="#c3ccd6",
    on_colour="#0b1117",
    coloured_text={
        "primary": "#8fd0ff",
        "secondary": "#cfc6ff",
        "accent": "#ffd27a",
        "success": "#8fe0a6",
        "warning": "#ffd27a",
        "error": "#ffadad",
    },
    focus="#ffc857",
    control_border="#8a9aab",
    selection="#1f4f7a",
    muted_mix=0.7,
)

KIOSK_LIGHT = _theme(
    "kiosk-light",
    dark=False,
    high_contrast=False,
    base={
        "primary": "#0b5cad",
        "secondary": "#5b3fa8",
        "accent": "#a34700",
        "foreground": "#1a1d21",
        "background": "#f4f6f8",
        "surface": "#ffffff",
        "panel": "#e2e7ed",
        "success": "#1d7236",
        "warning": "#8a5300",
        "error": "#b3261e",
    },
    text_muted="#4a525c",
    on_colour="#ffffff",
    coloured_text={
        "primary": "#0a4f96",
        "secondary": "#4f3594",
        "accent": "#8f3e00",
        "success": "#1a6630",
        "warning": "#7a4900",
        "error": "#a3221b",
    },
    focus="#a34700",
    control_border="#6b7580",
    selection="#b9d4f0",
    muted_mix=0.8,
)

HIGH_CONTRAST_DARK = _theme(
    "high-contrast-dark",
    dark=True,
    high_contrast=True,
    base={
        "primary": "#ffd400",
        "secondary": "#00e5ff",
        "accent": "#00e5ff",
        "foreground": "#ffffff",
        "background": "#000000",
        "surface": "#000000",
        "panel": "#1a1a1a",
        "success": "#7dff9b",
        "warning": "#ffd400",
        "error": "#ff8080",
    },
    text_muted="#d9d9d9",
    on_colour="#000000",
    coloured_text={
        "primary": "#ffd400",
        "secondary": "#00e5ff",
        "accent": "#00e5ff",
        "success": "#7dff9b",
        "warning": "#ffd400",
        "error": "#ff9999",
    },
    focus="#00e5ff",
    control_border="#ffffff",
    selection="#003d66",
    muted_mix=0.8,
)

HIGH_CONTRAST_LIGHT = _theme(
    "high-contrast-light",
    dark=False,
    high_contrast=True,
    base={
        "primary": "#00338f",
        "secondary": "#4b0082",
        "accent": "#8a0060",
        "foreground": "#000000",
        "background": "#ffffff",
        "surface": "#ffffff",
        "panel": "#ebebeb",
        "success": "#00551c",
        "warning": "#5c3300",
        "error": "#9a0000",
    },
    text_muted="#333333",
    on_colour="#ffffff",
    coloured_text={
        "primary": "#00338f",
        "secondary": "#4b0082",
        "accent": "#8a0060",
        "success": "#00551c",
        "warning": "#5c3300",
        "error": "#9a0000",
    },
    focus="#8a0060",
    control_border="#000000",
    selection="#c6dcff",
    muted_mix=0.9,
)

#: Every kiosk theme by name, in the order of ``kiosk.core.config.THEMES``.
THEMES: MappingProxyType[str, ThemeColours] = MappingProxyType(
    {theme.name: theme for theme in (KIOSK_DARK, KIOSK_LIGHT, HIGH_CONTRAST_DARK, HIGH_CONTRAST_LIGHT)}
)
