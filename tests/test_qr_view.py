"""The QR view: every code the kiosk shows is scanned from the screen as drawn, at 80x24.

The screen is exported from the running app, rebuilt cell by cell with its colours, drawn as a
picture (each cell two pixels high, by its half-block glyph) and decoded with zbarimg, as a phone
camera held to the kiosk would. Every step and the contacts page, in English and Arabic, in the
normal and the high-contrast theme.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.core.i18n import translator
from kiosk.core.pages import CONTACTS, build_page
from kiosk.core.qr import qr_screen_size
from kiosk.core.qr_codes import page_qr_codes
from kiosk.ui.app import KioskApp
from kiosk.ui.screens.qr import QRCodesScreen
from tests.conftest import LOCALES_DIR
from tests.screen_cells import HALF_BLOCKS, cells_text, drawn_cells, rasterise
from tests.test_qr import zbar_decode

SIZE = (80, 24)


def page_ids(content) -> list[str]:
    return [step.id for step in content.steps] + [CONTACTS]


def expected_codes(content, page_id: str, lang: str):
    tr = translator(lang, LOCALES_DIR)
    return page_qr_codes(build_page(content, tr, page_id), tr)


def scan_screen(app: KioskApp, path: Path) -> tuple[list[str], str]:
    """What a phone decodes from the screen as drawn, and the screen's text."""
    width, height = app.size
    cells = drawn_cells(app.export_screenshot(), width, height)
    return zbar_decode(rasterise(cells, path)), cells_text(cells)


def fits(url: str, width: int, height: int) -> bool:
    columns, lines = qr_screen_size(url)
    return lines <= height and columns < width


async def walk_codes(app: KioskApp, pilot, content, page_id: str, lang: str, folder: Path) -> list[str]:
    """Open ``page_id``'s QR view, go through every code with the keys, and scan each one from the screen.

    Returns the addresses whose codes are too big for the screen (and were said to be).
    """
    step_keys = {step.id: str(step.number) for step in content.steps}
    await pilot.press(step_keys.get(page_id, "c"))
    await pilot.pause()
    await pilot.press("q")
    await pilot.pause()
    assert isinstance(app.screen, QRCodesScreen), f"Q on {page_id} did not open the QR view"
    too_big = []
    codes = expected_codes(content, page_id, lang)
    assert codes, f"{page_id} offers no QR code"
    for index, code in enumerate(codes):
        if index:
            await pilot.press("6" if index % 2 else "right")
            await pilot.pause()
        decoded, text = scan_screen(app, folder / f"{page_id}-{lang}-{index}.png")
        if fits(code.url, *app.size):
            assert decoded == [code.url], f"{page_id} code {index + 1} ({code.url}) scanned as {decoded}"
        else:
            # Never drawn cut or squeezed: no code at all, and the family is told why.
            too_big.append(code.url)
            assert decoded == [], f"{code.url} is too big for {app.size} yet something scanned: {decoded}"
            assert not set(text) & set(HALF_BLOCKS), "a part of a code that cannot fit was drawn"
            assert "too big for this screen" in text or lang != "en"
    await pilot.press("escape")
    await pilot.pause()
    assert not isinstance(app.screen, QRCodesScreen)
    return too_big


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("high_contrast", [False, True], ids=["kiosk-theme", "high-contrast"])
async def test_every_code_scans_from_the_screen_at_80x24(content, make_app, tmp_path, lang, high_contrast) -> None:
    app = make_app(lang)
    too_big: set[str] = set()
    async with app.run_test(size=SIZE) as pilot:
        if high_contrast:
            await pilot.press("k")
            assert app.theme.startswith("high-contrast-")
        for page_id in page_ids(content):
            too_big |= set(await walk_codes(app, pilot, content, page_id, lang, tmp_path))
    # Said plainly rather than drawn unreadable: with a 4-module quiet zone and square modules, a
    # code needs (modules + 8) / 2 lines. The council's step pages (over 120 characters) need a
    # version 6 code even at the lowest error correction: 41 + 8 = 49 modules, 25 lines - one
    # more than 80x24 has. Every other address fits.
    assert too_big == {
        url
        for page_id in page_ids(content)
        for url in (code.url for code in expected_codes(content, page_id, lang))
        if qr_screen_size(url)[1] > SIZE[1]
    }
    assert all(len(url) > 120 for url in too_big), f"a short address does not fit at 80x24: {too_big}"


async def test_codes_too_big_for_80x24_scan_on_a_taller_terminal(content, make_app, tmp_path) -> None:
    app = make_app("en")
    async with app.run_test(size=(80, 26)) as pilot:
        too_big = await walk_codes(app, pilot, content, content.steps[2].id, "en", tmp_path)
    assert too_big == []


async def test_a_large_terminal_draws_the_code_larger_and_it_still_scans(content, make_app, tmp_path) -> None:
    app = make_app("en")
    async with app.run_test(size=(200, 60)) as pilot:
        await pilot.press("c", "q")
        await pilot.pause()
        code = app.screen.query_one("#qr-code")
        url = expected_codes(content, CONTACTS, "en")[0].url
        columns, _ = qr_screen_size(url)
        scale = code.region.width // columns
        assert scale > 1 and tuple(code.region.size) == qr_screen_size(url, scale), "the code is drawn larger"
        decoded, _ = scan_screen(app, tmp_path / "large.png")
        assert decoded == [url]


async def test_the_view_shows_and_says_whose_code_it_is(content, make_app) -> None:
    app = make_app("en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c", "q", "right")
        await pilot.pause()
        second = expected_codes(content, CONTACTS, "en")[1]
        panel = app.screen.query_one("#qr-panel")
        width, height = app.size
        cells = drawn_cells(app.export_screenshot(), width, height)
        region = panel.region
        inside = "\n".join(
            "".join(cell.char for cell in row[region.x : region.right]) for row in cells[region.y : region.bottom]
        )
        assert second.name.text in inside
        assert "Code 2 of" in inside
        assert second.url.removeprefix("https://")[:20] in inside.replace("\n", "")
        spoken = [utterance.text for utterance in app.screen.utterances()]
        languages = [utterance.lang for utterance in app.screen.utterances()]
        assert spoken[-2:] == [second.name.text, second.url.removeprefix("https://")]
        assert languages[-2:] == ["en", "en"]


async def test_a_code_being_read_aloud_stays_black_on_white(content, make_app, tmp_path) -> None:
    # Issue 11 point 8: the mark of the block being spoken (``-spoken``, reverse video) reversed
    # the code, and a reversed code does not scan. Marked as spoken, the code must still scan.
    app = make_app("en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c", "q")
        await pilot.pause()
        url = expected_codes(content, CONTACTS, "en")[0].url
        app.screen.say_code()
        for widget in (app.screen.query_one("#qr-code-area"), app.screen.query_one("#qr-code")):
            widget.add_class("-spoken", "-qr")
        await pilot.pause()
        decoded, _ = scan_screen(app, tmp_path / "spoken.png")
        assert decoded == [url]
