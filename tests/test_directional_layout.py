"""What a family sees at 80x24 in every language: right-to-left text in reading order and starting at
the right, words never cut, Chinese bullets kept with their text, all four steps on the home page.

Every assertion is on what is drawn inside the widget's own region (read back from the screenshot
export), never on what the widget holds.
"""

from __future__ import annotations

import arabic_reshaper
import pytest
from textual.geometry import Region
from textual.widget import Widget

from kiosk.core.i18n import translator
from kiosk.core.pages import BULLET, step_heading
from kiosk.ui.app import KioskApp
from kiosk.ui.screens.idle_warning import IdleWarningScreen
from kiosk.ui.widgets.block_view import BlockView
from tests.drawn import drawn_in, screen_rows
from tests.test_idle_reset import FakeClock

LANGUAGES = ("en", "pl", "ro", "pt", "bg", "lt", "lv", "hu", "uk", "ru", "ar", "zh_Hans")
SMALL = (80, 24)
REVIEW_NOTICE = (
    "This translation has not yet been checked by a professional translator. Ask staff if anything is unclear."
)
SPEECH_MODE_HELP = (
    "Press S, or the dot key on the keypad, to turn speech mode on or off. "
    "In speech mode the kiosk reads out every button and message."
)


def shown(word: str) -> str:
    """An Arabic word as a terminal must show it: letters joined, in right-to-left display order."""
    return arabic_reshaper.reshape(word)[::-1]


def text_lines(rows: list[str]) -> list[str]:
    return [row for row in rows if row.strip()]


def assert_reads_from_the_right(
    rows: list[str], paragraph: str, *, right_aligned: bool = True, line_pad: int = 0
) -> None:
    """``paragraph`` (logical Arabic) is drawn in reading order: its first word at the right end of
    an earlier (or the same) line than its last word, which is at the left end of its line; and,
    unless centred, every line of it starts at the right edge of the widget (inside a button's
    ``line_pad`` of blank cells)."""
    lines = text_lines(rows)
    words = paragraph.split()
    starts = [index for index, line in enumerate(lines) if line.split()[-1] == shown(words[0])]
    ends = [index for index, line in enumerate(lines) if line.split()[0] == shown(words[-1])]
    drawn = "\n".join(lines)
    assert starts, f"no drawn line ends (at its right) with the first word {words[0]!r}:\n{drawn}"
    assert ends, f"no drawn line starts (at its left) with the last word {words[-1]!r}:\n{drawn}"
    assert starts[0] <= ends[-1], f"the end of the sentence is drawn above its beginning:\n{drawn}"
    if right_aligned:
        for line in lines[starts[0] : ends[-1] + 1]:
            blank_at_right = len(line) - len(line.rstrip())
            assert blank_at_right <= line_pad, f"a right-to-left line does not start at the right edge: {line!r}"


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.pause()
    await pilot.pause()


# --- Arabic: wrapped lines in reading order, starting at the right -----------------------------------


async def test_arabic_review_notice_title_and_status_read_from_the_right(make_app) -> None:
    app = make_app(language="ar")
    tr = app.tr
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        notice = app.screen.query_one("#review-notice")
        assert len(text_lines(drawn_in(app, notice))) >= 2, "the notice should wrap at 80 columns"
        assert_reads_from_the_right(drawn_in(app, notice), tr.gettext(REVIEW_NOTICE))

        title = text_lines(drawn_in(app, app.screen.query_one("#kiosk-title")))
        assert title and not title[0].endswith(" "), f"the title does not start at the right: {title!r}"
        topbar = screen_rows(app)[0]
        assert topbar.index(shown(tr.language.endonym)) < topbar.index(title[0].strip()), (
            "the language name should be at the left of the title bar, the title at the right"
        )

        message = tr.gettext(REVIEW_NOTICE)  # a long translated sentence, wrapped on the status line
        app.notify_family(message, speak=False)
        await settle(pilot)
        assert_reads_from_the_right(drawn_in(app, app.screen.query_one("#status")), message)


async def test_arabic_two_line_buttons_read_from_the_top_right(make_app) -> None:
    app = make_app(language="ar")
    tr = app.tr
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("1")
        await settle(pilot)
        label = tr.gettext("Next step")
        button = app.screen.query_one("#next")
        lines = text_lines(drawn_in(app, button))
        assert len(lines) == 2, f"'{label}' should take two lines at 80 columns: {lines!r}"
        assert_reads_from_the_right(drawn_in(app, button), label, right_aligned=False)


async def test_arabic_step_buttons_wrap_in_reading_order_and_start_at_the_right(make_app) -> None:
    app = make_app(language="ar")
    tr = app.tr
    step = app.content.steps[0]
    async with app.run_test(size=(50, 40)) as pilot:
        await settle(pilot)
        rows = drawn_in(app, app.screen.query_one("#step-1"))
        summary = tr.gettext(step.summary)
        assert len(text_lines(rows)) >= 3, "at 50 columns the summary should wrap"
        assert_reads_from_the_right(rows, summary, line_pad=1)
        assert text_lines(rows)[0].split()[-1] == shown(step_heading(tr, step).text.split()[0])


async def test_arabic_help_text_reads_from_the_right(make_app) -> None:
    app = make_app(language="ar")
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("question_mark")
        await settle(pilot)
        help_text = app.screen.query_one("#help-text")
        help_text.scroll_visible(animate=False)
        paragraph = app.tr.gettext(SPEECH_MODE_HELP)
        # Scroll the help until the paragraph is on screen (the screen is only 24 rows).
        body = app.screen.query_one("#help-body")
        for _ in range(10):
            await settle(pilot)
            rows = drawn_in(app, help_text)
            if any(shown(paragraph.split()[-1]) in row for row in rows):
                break
            body.scroll_down(animate=False)
        assert_reads_from_the_right(rows, paragraph)


async def test_arabic_idle_warning_reads_from_the_right(content, config) -> None:
    clock = FakeClock()
    app = KioskApp(config, content, language="ar", clock=clock)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        clock.now += config.idle_timeout_s + 1
        await app.poll_idle()
        await settle(pilot)
        assert isinstance(app.screen, IdleWarningScreen)
        question = app.tr.gettext("Are you still there?")
        rows = drawn_in(app, app.screen.query_one("#idle-message"))
        first = text_lines(rows)[0]
        assert first.split()[-1] == shown(question.split()[0]), f"the warning does not begin with its question: {rows}"
        # The question and the countdown, in Arabic (the last sentence may still be in English).
        arabic = app.screen.message().split(app.tr.gettext("Press any key or touch the screen to carry on."))[0]
        assert_reads_from_the_right(rows, arabic)


async def test_arabic_nav_bar_mirrors_row_by_row(make_app) -> None:
    """Two rows of buttons: the first (Home) at the right of the first row, the short row at the right."""
    app = make_app(language="ar")
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("c")
        await settle(pilot)
        nav = app.screen.query_one("#nav")
        rows = drawn_in(app, nav, content=False)
        assert len(app.screen.query("#nav Button")) == 7
        assert len(rows) == 6, "at 80 columns the contacts page's seven buttons take two rows"
        first_row = " ".join(rows[0:3])
        home = shown(app.tr.gettext("Home"))
        assert home in first_row, f"Home is not in the first row: {rows[0:3]}"
        assert first_row.rstrip().endswith(home), f"Home is not at the right of the first row: {rows[0:3]}"
        second_row = rows[3:6]
        # Seven buttons in rows of five: the second row's two stand against the right edge.
        assert all(not row[:14].strip() for row in second_row), f"the short row is not at the right: {second_row}"
        assert any(row[-14:].strip() for row in second_row), f"the short row is not at the right: {second_row}"
        assert any(shown(app.tr.gettext("Help").split()[0]) in row for row in second_row)


# --- Every language at 80x24 ------------------------------------------------------------------------


def label_words(app: KioskApp, label: str) -> set[str]:
    if app.tr.language.rtl:
        # Arabic words are drawn shaped and reversed; a Latin word among them ("QR") as written.
        return {word if word.isascii() else shown(word) for word in label.split()}
    return set(label.split())


@pytest.mark.parametrize("code", LANGUAGES)
async def test_nav_labels_break_only_between_words(make_app, code: str) -> None:
    app = make_app(language=code)
    async with app.run_test(size=SMALL) as pilot:
        for key in ("h", "1"):  # the home page's buttons, then the step page's nine
            await pilot.press(key)
            await settle(pilot)
            for button in app.screen.query("#nav Button"):
                label = str(button.label)
                drawn = [word for row in drawn_in(app, button) for word in row.split()]
                expected = label_words(app, label)
                cut = [word for word in drawn if word not in expected]
                assert not cut, f"{code}: '{label}' is drawn with a word cut or lost: {drawn_in(app, button)}"
                assert sorted(drawn) == sorted(expected), f"{code}: '{label}' is not drawn whole: {drawn}"


def rendered_rows(view: Widget) -> list[str]:
    """The rows a widget renders at the size it is laid out at, on screen or scrolled out of view."""
    width = view.size.width + view.styles.gutter.width
    height = view.size.height + view.styles.gutter.height
    return ["".join(segment.text for segment in strip) for strip in view.render_lines(Region(0, 0, width, height))]


@pytest.mark.parametrize("code", LANGUAGES)
async def test_no_bullet_stands_alone_on_its_line(make_app, code: str) -> None:
    app = make_app(language=code)
    async with app.run_test(size=SMALL) as pilot:
        bullets = 0
        for key in ("1", "2", "3", "4", "c"):
            await pilot.press(key)
            await settle(pilot)
            for view in app.screen.query(BlockView):
                if view.block.kind != BULLET:
                    continue
                bullets += 1
                rows = rendered_rows(view)
                assert "•" in rows[0], f"{code}, page {key}: the bullet is not on the first line: {rows}"
                assert all(row.strip() != "•" for row in rows), f"{code}, page {key}: a lone bullet: {rows}"
        assert bullets, "no bullet was drawn at all"


async def test_a_chinese_bullet_keeps_its_first_characters_on_screen(make_app) -> None:
    app = make_app(language="zh_Hans")
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("1")
        await settle(pilot)
        bullet = next(view for view in app.screen.query(BlockView) if view.block.kind == BULLET)
        bullet.scroll_visible(top=True, animate=False)
        await settle(pilot)
        first = text_lines(drawn_in(app, bullet))[0].strip()
        assert first.startswith("• ") and first[2:3] == bullet.logical_text[:1], f"a lone bullet: {first!r}"


@pytest.mark.parametrize("code", LANGUAGES)
async def test_all_four_steps_are_on_the_home_page_at_80x24(make_app, content, code: str) -> None:
    app = make_app(language=code)
    tr = translator(code, app.config.locales_dir)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        page = app.screen.query_one("#page")
        for step in content.steps:
            button = app.screen.query_one(f"#step-{step.number}")
            assert page.region.contains_region(button.region), f"{code}: step {step.number} is not fully in view"
            assert button.region.height >= 3, f"{code}: step {step.number} is under three rows high"
            words = step_heading(tr, step).text.split()
            first = shown(words[0]) if tr.language.rtl else words[0]
            drawn = "\n".join(drawn_in(app, button))
            assert first in drawn, f"{code}: step {step.number}'s heading is not drawn:\n{drawn}"
