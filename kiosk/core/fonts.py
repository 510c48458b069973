"""The font files the printed slip embeds, from Debian font packages, chosen by script.

DejaVu Sans covers Latin and Cyrillic, Noto Naskh Arabic covers Arabic, and Noto Sans CJK SC
(one face of a TrueType collection) covers Simplified Chinese. A missing file becomes a
sentence naming the Debian package that provides it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kiosk.core.errors import KioskError

LATIN, ARABIC, CHINESE = "latin", "arabic", "chinese"


class FontMissingError(KioskError):
    """A font the slip needs is not installed."""

    title = "A font is missing"


@dataclass(frozen=True)
class FontFace:
    """One font file (and, for a collection, which face in it)."""

    path: Path
    package: str
    #: For a .ttc collection: the family name of the face to use.
    collection_family: str = ""

    def collection_index(self) -> int:
        """The index of ``collection_family`` inside the collection file (0 for a plain font)."""
        if not self.collection_family:
            return 0
        return _face_index(self.path, self.collection_family)


@dataclass(frozen=True)
class FontFamily:
    """A regular and a bold face of one family, registered in the PDF under ``name``."""

    name: str
    regular: FontFace
    bold: FontFace


_DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
_NOTO = Path("/usr/share/fonts/truetype/noto")
_NOTO_CJK = Path("/usr/share/fonts/opentype/noto")

FAMILIES = {
    LATIN: FontFamily(
        "dejavu",
        FontFace(_DEJAVU / "DejaVuSans.ttf", "fonts-dejavu-core"),
        FontFace(_DEJAVU / "DejaVuSans-Bold.ttf", "fonts-dejavu-core"),
    ),
    ARABIC: FontFamily(
        "naskh",
        FontFace(_NOTO / "NotoNaskhArabic-Regular.ttf", "fonts-noto-core"),
        FontFace(_NOTO / "NotoNaskhArabic-Bold.ttf", "fonts-noto-core"),
    ),
    CHINESE: FontFamily(
        "notocjk",
        FontFace(_NOTO_CJK / "NotoSansCJK-Regular.ttc", "fonts-noto-cjk", "Noto Sans CJK SC"),
        FontFace(_NOTO_CJK / "NotoSansCJK-Bold.ttc", "fonts-noto-cjk", "Noto Sans CJK SC"),
    ),
}


def script_of(lang: str) -> str:
    """Which script a kiosk language is written in, as far as fonts are concerned."""
    if lang == "ar":
        return ARABIC
    if lang.startswith("zh"):
        return CHINESE
    return LATIN


@cache
def _face_index(path: Path, family: str) -> int:
    # fontTools is large: it loads only where a slip is rendered (a child process), never in the kiosk.
    from fontTools.ttLib import TTCollection, TTLibError

    try:
        collection = TTCollection(str(path), lazy=True)
    except (OSError, TTLibError) as error:
        raise FontMissingError(
            f"The font file {path} cannot be read ({error}). Reinstall the Debian package fonts-noto-cjk."
        ) from error
    for index, face in enumerate(collection.fonts):
        if face["name"].getDebugName(1) == family:
            return index
    raise FontMissingError(f"The font file {path} has no '{family}' face. Reinstall the Debian package fonts-noto-cjk.")


def check_installed(family: FontFamily) -> None:
    """Raise FontMissingError, naming the Debian package, when a face of ``family`` is missing."""
    for face in (family.regular, family.bold):
        if not face.path.is_file():
            raise FontMissingError(
                f"The slip cannot be printed: the font file {face.path} is missing. "
                f"Install the Debian package {face.package} (apt-get install {face.package})."
            )


def families_for(lang: str) -> dict[str, FontFamily]:
    """The font families a slip in ``lang`` needs, by script, its own script's first; all installed.

    Latin is always included: contact names, web addresses and English fallbacks are in Latin script.
    """
    needed = {script: FAMILIES[script] for script in dict.fromkeys((script_of(lang), LATIN))}
    for family in needed.values():
        check_installed(family)
    return needed
