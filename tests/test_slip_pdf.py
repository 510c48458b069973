"""The printed slip as a PDF: real fonts, shaped Arabic, unbroken phone numbers, scannable QR codes.

Checked with the tools a person would trust: poppler's pdftotext/pdffonts/pdfinfo/pdftoppm and zbarimg.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import zlib
from collections import defaultdict
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.core import fonts
from kiosk.core.content import Content
from kiosk.core.fonts import ARABIC, FontFace, FontFamily, FontMissingError
from kiosk.core.i18n import Translator
from kiosk.core.slip import build_slip
from kiosk.core.slip_pdf import LAYOUTS, render_slip, write_slip_pdf
from tests.test_qr import zbar_decode
from tests.test_slip import PRINTED_ON, translator_with

MM_PER_PT = 25.4 / 72
_ARABIC_LETTER = re.compile("[\u0621-\u064a]")


def run_tool(*args: str) -> str:
    """Run a poppler tool and return its standard output; fail the test with its error otherwise."""
    result = subprocess.run(args, capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, f"{args[0]} failed: {result.stderr}"
    return result.stdout


#: Direction marks and embeddings pdftotext adds around right-to-left runs; they are not printed.
_BIDI_CONTROLS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


def squash(text: str) -> str:
    """Text without whitespace or direction marks: lines wrap, and pdftotext spaces Chinese and
    marks Arabic, differently per layout."""
    return "".join(text.translate(_BIDI_CONTROLS).split())


def pdf_text(path: Path) -> str:
    return run_tool("pdftotext", "-enc", "UTF-8", str(path), "-")


def embedded_fonts(path: Path) -> dict[str, bool]:
    """Font name (without the subset prefix) -> embedded, as pdffonts reports them."""
    fonts_found = {}
    for line in run_tool("pdffonts", str(path)).splitlines()[2:]:
        columns = line.split()
        name = columns[0].split("+")[-1]
        emb_column = -5 if columns[-4] in ("yes", "no") else -4
        fonts_found[name] = columns[emb_column] == "yes"
    return fonts_found


def page_sizes_mm(path: Path) -> list[tuple[float, float]]:
    """(width, height) of every page in millimetres."""
    info = run_tool("pdfinfo", "-f", "1", "-l", "999", str(path))
    sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info)
    return [(float(w) * MM_PER_PT, float(h) * MM_PER_PT) for w, h in sizes]


def decode_pdf_qr_codes(path: Path, folder: Path) -> list[str]:
    """Render every page at 150 dpi, as a phone camera would see a print, and decode every QR code."""
    folder.mkdir(parents=True, exist_ok=True)
    run_tool("pdftoppm", "-r", "150", "-png", str(path), str(folder / "page"))
    return [code for image in sorted(folder.glob("page*.png")) for code in zbar_decode(image)]


def word_boxes(path: Path) -> list[tuple[str, float, float, float, float]]:
    """(word, xMin, yMin, xMax, yMax) in points for each word pdftotext finds on page 1."""
    xml = run_tool("pdftotext", "-bbox", "-f", "1", "-l", "1", str(path), "-")
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
    return [(w, float(a), float(b), float(c), float(d)) for a, b, c, d, w in re.findall(pattern, xml)]


def glyph_forms(pdf: bytes) -> list[dict[str, set[bytes]]]:
    """For each embedded font, the glyph ids its ToUnicode map draws each character with.

    Shaped Arabic draws one letter with several glyphs of the same font (initial, medial, final,
    isolated forms); unshaped text would use a single glyph per letter.
    """
    fonts_forms = []
    for match in re.finditer(rb"(?<!end)stream\r?\n", pdf):
        end = pdf.find(b"endstream", match.end())
        raw = pdf[match.end() : end]
        try:
            data = zlib.decompress(raw)
        except zlib.error:
            data = raw
        if b"beginbfchar" not in data:
            continue
        forms: dict[str, set[bytes]] = defaultdict(set)
        for glyph, target in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", data.split(b"endcodespacerange")[-1]):
            forms[bytes.fromhex(target.decode()).decode("utf-16-be", "replace")].add(glyph)
        fonts_forms.append(forms)
    return fonts_forms


def shaped_arabic_letters(pdf: bytes) -> set[str]:
    """Arabic letters that some font of the PDF draws with more than one glyph (joining forms)."""
    return {
        char
        for forms in glyph_forms(pdf)
        for char, glyphs in forms.items()
        if _ARABIC_LETTER.match(char) and len(glyphs) > 1
    }


def test_roll_slip_is_80_mm_wide_one_page_as_long_as_its_content(content: Content, tmp_path: Path) -> None:
    tr = Translator("en", tmp_path)
    slip = build_slip(content, tr, "still-not-happy", PRINTED_ON)
    path = tmp_path / "roll.pdf"
    document = write_slip_pdf(slip, path, "roll80")
    [(width, height)] = page_sizes_mm(path)
    assert width == pytest.approx(80, abs=0.1)
    assert 150 < height < 1000
    assert document.media == f"Custom.80x{height:.2f}mm"
    # The last printed line sits near the end of the paper: no metres of blank roll.
    boxes = word_boxes(path)
    last_line_mm = max(box[4] for box in boxes) * MM_PER_PT
    assert height - LAYOUTS["roll80"].margin - 8 < last_line_mm <= height
    # Nothing runs off the 72 mm printable width.
    assert all(box[3] * MM_PER_PT <= 80 - LAYOUTS["roll80"].margin + 0.5 for box in boxes)
    assert sorted(decode_pdf_qr_codes(path, tmp_path / "png")) == sorted(slip.websites())
    assert "0300 123 4666" in pdf_text(path)


def test_a4_slip_breaks_between_contacts_and_every_code_scans(content: Content, tmp_path: Path) -> None:
    slip = build_slip(content, Translator("en", tmp_path), None, PRINTED_ON)
    path = tmp_path / "a4.pdf"
    document = write_slip_pdf(slip, path, "a4")
    sizes = page_sizes_mm(path)
    assert len(sizes) == document.pages > 1
    assert all(size == (pytest.approx(210, abs=0.1), pytest.approx(297, abs=0.1)) for size in sizes)
    assert document.media == ""
    # Each code is whole on one page: every website decodes exactly once.
    assert sorted(decode_pdf_qr_codes(path, tmp_path / "png")) == sorted(slip.websites())
    text = pdf_text(path)
    for contact in slip.contacts():
        assert squash(contact.name) in squash(text)
    assert "This slip holds no personal information." in text


def test_arabic_is_shaped_right_to_left_and_the_phone_number_reads_left_to_right(
    content: Content, tmp_path: Path
) -> None:
    slip = build_slip(content, translator_with(tmp_path, "ar"), "still-not-happy", PRINTED_ON)
    document = render_slip(slip, "a4")
    path = tmp_path / "ar.pdf"
    path.write_bytes(document.pdf)
    assert embedded_fonts(path).get("NotoNaskhArabic") is True
    shaped = shaped_arabic_letters(document.pdf)
    assert len(shaped) >= 5, f"Arabic letters drawn with joining forms: {sorted(shaped)}"
    text = pdf_text(path)
    assert "من يمكنه المساعدة" in text
    assert "0345 015 4033" in text  # the PHSO's number: its groups appear nowhere else on the slip
    boxes = word_boxes(path)
    groups = [next(box for box in boxes if box[0] == group) for group in ("0345", "015", "4033")]
    assert len({box[2] for box in groups}) == 1, "the phone number is split across lines"
    assert groups[0][1] < groups[1][1] < groups[2][1], "the phone number's groups are out of order"
    # Right to left: pdftotext -bbox spells each word in visual order (so reversed), and the
    # heading's line ends at the right margin, its last word leftmost.
    last_word = next(box for box in boxes if box[0][::-1] == "المساعدة")
    line = [box for box in boxes if box[2] == last_word[2]]
    assert last_word[1] == min(box[1] for box in line)
    assert max(box[3] for box in line) * MM_PER_PT == pytest.approx(210 - LAYOUTS["a4"].margin, abs=1.0)


def test_chinese_roll_slip_embeds_the_cjk_font_and_stays_inside_the_paper(content: Content, tmp_path: Path) -> None:
    tr = Translator("zh_Hans", tmp_path)
    slip = build_slip(content, tr, "still-not-happy", PRINTED_ON)
    path = tmp_path / "zh.pdf"
    write_slip_pdf(slip, path, "roll80")
    found = embedded_fonts(path)
    assert found.get("NotoSansCJKSC") is True and all(found.values())
    assert squash(tr.date(PRINTED_ON)) in squash(pdf_text(path))
    assert all(box[3] * MM_PER_PT <= 80 - LAYOUTS["roll80"].margin + 0.5 for box in word_boxes(path))


def test_missing_font_names_the_debian_package(
    content: Content, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    gone = FontFace(tmp_path / "NotoNaskhArabic-Regular.ttf", "fonts-noto-core")
    monkeypatch.setitem(fonts.FAMILIES, ARABIC, FontFamily("naskh", gone, gone))
    slip = build_slip(content, Translator("ar", tmp_path), None, PRINTED_ON)
    with pytest.raises(FontMissingError, match="Install the Debian package fonts-noto-core"):
        render_slip(slip, "a4")
    out = tmp_path / "slip.pdf"
    assert main(["slip", "--lang", "ar", "--pdf", str(out)]) == 1
    error = capsys.readouterr().err
    assert "is missing. Install the Debian package fonts-noto-core (apt-get install fonts-noto-core)." in error
    assert "Traceback" not in error and not out.exists()


def test_kiosk_slip_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "slip.pdf"
    assert main(["slip", "--lang", "uk", "--page", "mediation", "--paper", "roll80", "--pdf", str(out)]) == 0
    assert f"Wrote {out}: roll80 slip in uk" in capsys.readouterr().out
    [(width, _height)] = page_sizes_mm(out)
    assert width == pytest.approx(80, abs=0.1)
    # The slip says, in Ukrainian, the day it was printed.
    assert squash(Translator("uk", tmp_path).date(dt.date.today())) in squash(pdf_text(out))

    assert main(["slip", "--lang", "en", "--page", "nowhere", "--pdf", str(tmp_path / "x.pdf")]) == 1
    assert "'nowhere' is not a page of the guide" in capsys.readouterr().err
    assert main(["slip", "--lang", "en", "--pdf", str(tmp_path / "no" / "x.pdf")]) == 1
    assert f"the folder {tmp_path / 'no'} does not exist" in capsys.readouterr().err


def test_every_step_slip_fits_one_a4_page_in_every_language(content: Content, tmp_path: Path) -> None:
    # Issue 11 point 8: a step's slip spilled one contact and the footer onto a second page.
    # Measured with pdfinfo, as a person counting the sheets would.
    from kiosk.core.config import ALL_LANGUAGES
    from kiosk.core.i18n import translator
    from tests.conftest import LOCALES_DIR

    for code in ALL_LANGUAGES:
        tr = translator(code, LOCALES_DIR)
        for step in content.steps:
            path = tmp_path / f"{code}-{step.id}.pdf"
            write_slip_pdf(build_slip(content, tr, step.id, PRINTED_ON), path, "a4")
            assert len(page_sizes_mm(path)) == 1, f"the {code} slip of {step.id} takes more than one page"
