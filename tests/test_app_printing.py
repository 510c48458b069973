"""Printing from the real app through the real CUPS queue, and what a family hears when it fails."""

from __future__ import annotations

import dataclasses
import time

from kiosk.core.speech.events import SentenceStarted
from kiosk.ui.app import KioskApp
from kiosk.ui.screens.qr import QRCodesScreen
from tests.screen_cells import drawn_cells
from tests.test_app_speech import _spoken_texts as _spoken
from tests.test_app_speech import wait_for


async def test_print_from_a_step_page_reports_the_slip_is_ready(content, config) -> None:
    app = KioskApp(config, content)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        spoken = _spoken(app)
        await pilot.press("3", "p")
        status = app.screen.query_one("#status")
        started = time.monotonic()
        # The screen answers while CUPS works: the first message appears before the job ends.
        await wait_for(pilot, lambda: status.message != "", "a first status")
        await wait_for(
            pilot,
            lambda: status.message == "Please take your slip.",
            lambda: f"the job to complete (status: {status.message!r})",
            timeout=60,
        )
        assert time.monotonic() - started < 60
        assert "Your slip is printing." in spoken and "Please take your slip." in spoken
        await pilot.press("1")
        await pilot.pause()
        assert app.screen.page_id == "talk-to-the-service"


async def test_unknown_queue_offers_the_qr_codes(content, config) -> None:
    config = dataclasses.replace(config, printer=dataclasses.replace(config.printer, queue="no-such-queue"))
    app = KioskApp(config, content)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        spoken = _spoken(app)
        await pilot.press("c", "p")
        status = app.screen.query_one("#status")
        await wait_for(
            pilot,
            lambda: "cannot find its printer" in status.message,
            lambda: f"the failure (status: {status.message!r})",
            timeout=30,
        )
        assert "You can scan the QR codes instead." in status.message
        assert status.has_class("-problem")
        # The failure opens the QR view at the page's first code, and says why it opened.
        await wait_for(pilot, lambda: isinstance(app.screen, QRCodesScreen), "the QR view to open")
        await wait_for(pilot, lambda: any("cannot find its printer" in text for text in spoken), "the failure said")
        reason = app.screen.query_one("#qr-reason").region
        cells = drawn_cells(app.export_screenshot(), *app.size)
        drawn = " ".join(
            "".join(c.char for c in row[reason.x : reason.right]).strip() for row in cells[reason.y : reason.bottom]
        )
        assert "cannot find its printer" in drawn


async def test_a_failed_print_at_80x24_opens_a_code_the_family_can_scan(content, config, tmp_path) -> None:
    """Step 3's first code (the council's page, 133 characters) is too big for 80x24: the view that a
    failed print opens starts at the first code the screen can draw whole, and a phone decodes it."""
    from tests.screen_cells import rasterise
    from tests.test_qr import zbar_decode

    config = dataclasses.replace(config, printer=dataclasses.replace(config.printer, queue="no-such-queue"))
    app = KioskApp(config, content)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("3", "p")
        await wait_for(pilot, lambda: isinstance(app.screen, QRCodesScreen), "the QR view to open", timeout=30)
        await pilot.pause()
        view = app.screen
        assert isinstance(view, QRCodesScreen)
        decoded = zbar_decode(rasterise(drawn_cells(app.export_screenshot(), *app.size), tmp_path / "failed.png"))
        assert decoded == [view.entry.url], f"nothing to scan after a failed print: {decoded}"


async def test_missing_lp_binary_is_explained(content, config, monkeypatch, tmp_path) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    # Audio tools stay reachable, so only printing is missing.
    for tool in ("paplay", "aplay", "pactl"):
        (empty / tool).symlink_to(f"/usr/bin/{tool}")
    monkeypatch.setenv("PATH", str(empty))
    app = KioskApp(config, content)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        spoken = _spoken(app)
        await pilot.press("3", "p")
        status = app.screen.query_one("#status")
        missing = "Printing is not installed"
        await wait_for(
            pilot,
            lambda: missing in status.message,
            lambda: f"the failure (status: {status.message!r})",
            timeout=30,
        )
        assert "Traceback" not in app.export_screenshot()
        await wait_for(
            pilot, lambda: sum(missing in text for text in spoken) >= 1, lambda: f"the failure told: {spoken}"
        )
        told_once = sum(missing in text for text in spoken)
        # The failure opened the QR view; back on the page, another try is allowed once the first
        # has ended: it is tried, and fails again.
        await wait_for(pilot, lambda: isinstance(app.screen, QRCodesScreen), "the QR view to open")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("p")
        await wait_for(
            pilot,
            lambda: sum(missing in text for text in spoken) == 2 * told_once,
            lambda: f"the second try's failure to be told (heard: {spoken})",
            timeout=30,
        )
        assert "already printing" not in status.message


async def test_hear_the_slip_reads_phone_numbers_digit_by_digit(content, config) -> None:
    app = KioskApp(config, content)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        spoken = _spoken(app)
        started: list[SentenceStarted] = []
        handle = app.narrator.handle
        app.narrator.handle = lambda event: (
            started.append(event)
            if isinstance(event, SentenceStarted)  # type: ignore[method-assign]
            else None,
            handle(event),
        )
        # Step 4's slip holds Ofsted's verified number (step 3's mediation number is unverified now).
        await pilot.press("4", "t")
        await wait_for(pilot, lambda: bool(started), "the slip to be read")
        await wait_for(
            pilot, lambda: any("0 3 0 0, 1 2 3, 4 6 6 6" in text for text in spoken), "Ofsted's number, digit by digit"
        )
        assert any("This slip holds no personal information" in text for text in spoken)


async def test_a_print_worker_that_fails_unexpectedly_is_told_and_frees_the_printer(
    content, config, monkeypatch
) -> None:
    import kiosk.ui.printing

    real_build_slip = kiosk.ui.printing.build_slip

    def broken_build_slip(*args, **kwargs):
        raise RuntimeError("a bug in making the slip")

    monkeypatch.setattr(kiosk.ui.printing, "build_slip", broken_build_slip)
    app = KioskApp(config, content)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3")
        await pilot.pause()
        status = app.screen.query_one("#status")
        await pilot.press("p")
        await wait_for(
            pilot,
            lambda: "Something went wrong while printing your slip." in status.message,
            lambda: f"the failure to be told (status: {status.message!r})",
            timeout=30,
        )
        assert status.has_class("-problem")
        await wait_for(pilot, lambda: isinstance(app.screen, QRCodesScreen), "the QR view to open")
        assert "Traceback" not in app.export_screenshot()
        await pilot.press("escape")
        # The printer is free again: the next press prints through CUPS, not "already printing".
        monkeypatch.setattr(kiosk.ui.printing, "build_slip", real_build_slip)
        await pilot.press("p")
        await wait_for(
            pilot,
            lambda: status.message == "Please take your slip.",
            lambda: f"the second slip to print (status: {status.message!r})",
            timeout=60,
        )


async def test_hearing_the_slip_shows_it_plays_and_r_stops_it(content, config) -> None:
    from tests.test_app_speech import _alive

    app = KioskApp(config, content)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3")
        await pilot.pause()
        screen = app.screen
        status = screen.query_one("#status")
        service = app.narrator.service
        assert service is not None
        await pilot.press("t")
        await wait_for(pilot, lambda: _alive(service.player_pid), "the slip to play")
        player = service.player_pid
        await pilot.pause()
        stop = screen.query_one("#speech-stop")
        assert stop.region.height > 0, "the Stop button shows while the slip is read"
        assert "Reading the slip." in app.export_screenshot().replace("&#160;", " ")
        assert status.message == "Reading the slip."
        await pilot.press("r")  # R stops the slip; it does not start reading the page instead
        await pilot.pause()
        await wait_for(pilot, lambda: not _alive(player), "the slip's player to end", timeout=2.0)
        assert not service.speaking
        await wait_for(pilot, lambda: status.message == "", "the status line to stop saying it plays", timeout=2.0)
