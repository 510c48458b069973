"""QR codes: what the screen draws and what the printer prints must scan to the contact's website."""

from __future__ import annotations

import subprocess
from pathlib import Path

from PIL import Image

from kiosk.core.i18n import Translator
from kiosk.core.qr import QUIET_ZONE, qr_alt_text, qr_lines, qr_matrix, qr_png

URLS = [
    "https://www.ipsea.org.uk",
    "https://www.globalmediation.co.uk/send-mediation",
    "https://www.gov.uk/courts-tribunals/first-tier-tribunal-special-educational-needs-and-disability",
]
#: Each half-block character covers one module across and two modules down.
_MODULES = {" ": (False, False), "▀": (True, False), "▄": (False, True), "█": (True, True)}


def zbar_decode(image: Path) -> list[str]:
    """Every QR code zbarimg finds in an image file, as decoded text."""
    result = subprocess.run(
        ["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(image)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode in (0, 4), f"zbarimg failed on {image}: {result.stderr}"
    return [line for line in result.stdout.splitlines() if line]


def lines_to_image(lines: list[str], path: Path, pixels_per_module: int = 6) -> Path:
    """Draw half-block lines as a terminal shows them: each character is 1 x 2 modules, dark on light."""
    width, height = len(lines[0]), 2 * len(lines)
    image = Image.new("L", (width, height), 255)
    for row, line in enumerate(lines):
        for column, char in enumerate(line):
            top, bottom = _MODULES[char]
            if top:
                image.putpixel((column, 2 * row), 0)
            if bottom:
                image.putpixel((column, 2 * row + 1), 0)
    image.resize((width * pixels_per_module, height * pixels_per_module), Image.Resampling.NEAREST).save(path)
    return path


def test_screen_lines_scan_to_the_website(tmp_path: Path) -> None:
    for index, url in enumerate(URLS):
        image = lines_to_image(qr_lines(url), tmp_path / f"screen-{index}.png")
        assert zbar_decode(image) == [url]


def test_screen_lines_keep_a_four_module_quiet_zone() -> None:
    lines = qr_lines(URLS[0])
    size = len(qr_matrix(URLS[0]))
    assert all(len(line) == size + 2 * QUIET_ZONE for line in lines)
    # Four light module rows on top are two blank lines; four light columns each side.
    assert lines[0].strip() == "" and lines[1].strip() == ""
    assert all(line[:QUIET_ZONE] == " " * QUIET_ZONE and line[-QUIET_ZONE:] == " " * QUIET_ZONE for line in lines)
    assert set("".join(lines)) <= set(_MODULES)


def test_png_scans_to_the_website(tmp_path: Path) -> None:
    path = tmp_path / "code.png"
    data = qr_png(URLS[1], path, scale=4)
    assert path.read_bytes() == data
    with Image.open(path) as image:
        assert image.size[0] == (len(qr_matrix(URLS[1])) + 2 * QUIET_ZONE) * 4
    assert zbar_decode(path) == [URLS[1]]


def test_short_addresses_are_full_qr_codes_not_micro_codes() -> None:
    # A Micro QR code (11-17 modules) is unreadable by most phone cameras.
    assert len(qr_matrix("https://a.uk")) >= 21


def test_alt_text_names_the_contact(tmp_path: Path) -> None:
    tr = Translator("en", tmp_path)
    assert qr_alt_text(tr, "Global Mediation") == "QR code: link to the website of Global Mediation"
