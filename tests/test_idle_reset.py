"""Idle reset (WCAG 2.2.1, 2.2.6): a warning with a countdown, extended by any input, then a clean slate."""

from __future__ import annotations

from kiosk.ui.screens.idle_warning import IdleWarningScreen
from kiosk.ui.screens.pages import HomeScreen, StepScreen


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _app(make_app, content, config, clock: FakeClock):  # type: ignore[no-untyped-def]
    from kiosk.ui.app import KioskApp

    return KioskApp(config, content, clock=clock)


async def test_warning_appears_after_the_timeout_and_counts_down(content, config) -> None:
    clock = FakeClock()
    app = _app(None, content, config, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        clock.now += config.idle_timeout_s - 1
        await app.poll_idle()
        await pilot.pause()
        assert not isinstance(app.screen, IdleWarningScreen)
        clock.now += 2
        await app.poll_idle()
        await pilot.pause()
        assert isinstance(app.screen, IdleWarningScreen)
        assert app.screen.seconds_left >= 20
        first = app.screen.seconds_left
        clock.now += 5
        await app.poll_idle()
        assert app.screen.seconds_left == first - 5
        assert "seconds" in str(app.screen.query_one("#idle-message").render())


async def test_any_input_extends_the_visit_as_often_as_needed(content, config) -> None:
    clock = FakeClock()
    app = _app(None, content, config, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3")
        for _ in range(12):  # WCAG asks for at least 10 extensions
            clock.now += config.idle_timeout_s + 5
            await app.poll_idle()
            await pilot.pause()
            assert isinstance(app.screen, IdleWarningScreen)
            await pilot.press("x")
            await pilot.pause()
            assert isinstance(app.screen, StepScreen)
            assert app.screen.page_id == "mediation"


async def test_expiry_resets_page_history_dialogs_and_language(content, config) -> None:
    clock = FakeClock()
    app = _app(None, content, config, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3", "k")
        await pilot.pause()
        assert app.theme.startswith("high-contrast")
        await app.set_language("pl")
        await pilot.press("question_mark")
        await pilot.pause()
        clock.now += config.idle_timeout_s + config.idle_warning_s + 1
        await app.poll_idle()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert len(app.screen_stack) == 1
        assert app.tr.code == "en"
        assert app.theme == config.theme
        assert app.screen.query_one("#page").scroll_y == 0


async def test_the_end_of_a_visit_empties_the_text_caches_the_visit_filled(content, config) -> None:
    # Over weeks, every page, language and window size would otherwise stay in Rich's and
    # Textual's memo caches until each reached its cap.

    from kiosk.core.textlayout import _cached_lines
    from kiosk.ui.render_caches import library_caches

    def entries() -> int:
        return sum(function.cache_info().currsize for function in library_caches())

    clock = FakeClock()
    app = _app(None, content, config, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        at_start = entries()
        for language in ("ar", "pl", "en"):
            await app.set_language(language)
            for key in ("1", "2", "3", "4", "c"):
                await pilot.press(key, "pagedown", "pagedown")
                await pilot.resize_terminal(100 + len(key), 30)
                await pilot.pause()
        assert _cached_lines.cache_info().currsize > 0, "the Arabic pages were laid out"
        visited = entries()
        assert visited > at_start
        clock.now += config.idle_timeout_s + config.idle_warning_s + 1
        await app.poll_idle()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert _cached_lines.cache_info().currsize == 0
        assert entries() < visited / 2, "the next visit starts with what one home screen needs"
        assert "Step 1" in " ".join(str(button.label) for button in app.screen.query("Button"))
