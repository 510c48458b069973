"""Larger text from inside the kiosk (EN 301 549 5.1.4): the request sent, the steps, the reset."""

from __future__ import annotations

from pathlib import Path

from kiosk.commands.serve import private_page_template
from kiosk.ui import text_size
from kiosk.ui.app import KioskApp


def test_the_terminal_is_asked_for_a_larger_xterm_font(monkeypatch) -> None:
    monkeypatch.setenv("KIOSK_TERMINAL_FONT", "DejaVu Sans Mono")
    monkeypatch.setenv("KIOSK_TERMINAL_FONT_SIZE", "16")
    assert text_size.terminal_font_request(0) == "\x1b]50;xft:DejaVu Sans Mono:size=16\x07"
    assert text_size.terminal_font_request(3) == "\x1b]50;xft:DejaVu Sans Mono:size=32\x07"
    assert text_size.terminal_font_request(99) == text_size.terminal_font_request(3)


async def test_keys_step_the_size_and_a_new_visit_starts_normal(content, config) -> None:
    app = KioskApp(config, content)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("right_square_bracket", "right_square_bracket")
        await pilot.pause()
        assert app.text_size_steps == 2
        assert app.screen.query_one("#status").message == "Larger text."
        for _ in range(5):
            await pilot.press("right_square_bracket")
        assert app.text_size_steps == text_size.MAX_STEPS
        await pilot.press("left_square_bracket")
        assert app.text_size_steps == text_size.MAX_STEPS - 1
        await app.reset_visit()
        assert app.text_size_steps == 0


def test_web_page_understands_the_text_size_request(tmp_path: Path) -> None:
    import textual_serve.server

    stock = Path(textual_serve.server.__file__).parent / "templates"
    page = (private_page_template(stock, tmp_path) / "app_index.html").read_text(encoding="utf-8")
    assert "kiosk:text-size=" in page and "style.zoom" in page
    assert "fonts.googleapis.com" not in page


async def test_the_font_request_goes_through_the_driver_that_draws_the_frames(content, config) -> None:
    app = KioskApp(config, content)
    async with app.run_test(size=(100, 32)) as pilot:
        written: list[str] = []
        driver = app._driver
        assert driver is not None
        write = driver.write
        driver.write = lambda data: (written.append(data), write(data))  # type: ignore[method-assign]
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert text_size.terminal_font_request(1) in written
