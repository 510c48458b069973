"""One keymap, one source: the bindings, the key bar, the help's key table and the README's table.

The key bar is checked as drawn at 80x24 in every offered language: each label shown there is
whole or visibly cut ("…"), and right to left its first key is at the right edge.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from kiosk.core.config import ALL_LANGUAGES, REPO_ROOT
from kiosk.ui import keymap
from kiosk.ui.app import KioskApp
from kiosk.ui.text import visual
from kiosk.ui.widgets.key_bar import ELLIPSIS, fit_hints
from tests.screen_text import region_rows, region_text


def readme_key_table() -> str:
    """The table in the README's "Using the kiosk" section, as written there."""
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Using the kiosk") :]
    start = section.index("| Keyboard | Keypad |")
    return section[start : section.index("\n\n", start)] + "\n"


def test_the_readme_key_table_is_the_one_the_keymap_makes() -> None:
    printed = subprocess.run(
        [sys.executable, "-m", "kiosk.ui.keymap", "--markdown"], capture_output=True, text=True, check=True
    ).stdout
    assert printed == keymap.markdown_table()
    assert readme_key_table() == printed, (
        "README.md's key table differs from the keymap: paste `python -m kiosk.ui.keymap --markdown` into it"
    )


def test_every_binding_comes_from_the_keymap_and_no_key_runs_two_actions() -> None:
    keys = [key for binding in KioskApp.BINDINGS if not isinstance(binding, tuple) for key in binding.key.split(",")]
    assert len(keys) == len(set(keys)), "a key is bound twice"
    from_keymap = {key for binding in keymap.app_bindings() for key in binding.key.split(",")}
    assert set(keys) - from_keymap == {"ctrl+q"}, "a key is bound outside the keymap"
    for digit in "0123456789":
        assert digit in keys, f"keypad {digit} does nothing on a page"
    for keypad_key in ("slash", "asterisk", "minus", "plus", "full_stop"):
        assert keypad_key in keys, f"keypad {keypad_key} does nothing on a page"


def test_every_keypad_key_is_in_the_help_and_the_help_menu_matches_the_help_keys() -> None:
    help_keypad = " ".join(keypad for _, keypad, _ in keymap.help_rows("help"))
    for key in ("1-4", "5", "*", "/", "0", "8", "6", "7", "9", "+", "-", ".", "Enter"):
        assert key in help_keypad.split(" "), f"keypad {key} is not in the help"
    help_keys = {binding.key for binding in keymap.help_screen_bindings()}
    for item in keymap.HELP_MENU:
        assert item.key in help_keys, f"{item.key} does not run {item.action} in the help"
    assert [item.key for item in keymap.HELP_MENU if item.key.isdigit()] == list("123456789")


def test_fit_hints_cuts_only_with_an_ellipsis_and_drops_a_stub() -> None:
    hints = [("1-4", "Steps"), ("C", "Contacts"), ("5", "Read aloud")]
    assert fit_hints(hints, 200) == hints
    # " 1-4 " + " Steps " = 12, " C " + " Contacts " = 13: 9 cells are left for " 5 " + " Read…".
    assert fit_hints(hints, 34) == [("1-4", "Steps"), ("C", "Contacts"), ("5", "Read…")]
    assert fit_hints(hints, 28) == [("1-4", "Steps"), ("C", "Contacts")], "a stub of a label is left out"


async def key_bar_labels(app: KioskApp) -> tuple[str, list[tuple[str, str]]]:
    """The key bar's row as drawn, and (key, drawn label) for each key found there, first first."""
    bar = app.screen.query_one("#keys")
    (row,) = region_rows(app, bar.region)
    rtl = app.tr.language.rtl
    drawn: list[tuple[str, str]] = []
    hints = app.key_hints()
    positions = []
    search_from = len(row) if rtl else 0
    for key, _ in hints:
        marker = f" {key} "
        at = row.rfind(marker, 0, search_from) if rtl else row.find(marker, search_from)
        if at < 0:
            break
        positions.append((key, at, at + len(marker)))
        search_from = at if rtl else at + len(marker)
    for index, (key, start, end) in enumerate(positions):
        if rtl:
            left = positions[index + 1][2] if index + 1 < len(positions) else 0
            drawn.append((key, row[left:start].strip()))
        else:
            right = positions[index + 1][1] if index + 1 < len(positions) else len(row)
            drawn.append((key, row[end:right].strip()))
    return row, drawn


def whole_or_visibly_cut(drawn: str, label: str, rtl: bool) -> bool:
    if drawn == visual(label, rtl):
        return True
    return any(drawn == visual(label[:letters].rstrip() + ELLIPSIS, rtl) for letters in range(1, len(label)))


@pytest.mark.parametrize("code", ALL_LANGUAGES)
async def test_the_key_bar_never_cuts_a_label_without_an_ellipsis(make_app, code: str) -> None:
    app = make_app(language=code)
    async with app.run_test(size=(80, 24)) as pilot:
        for opening_key in ("", "3"):
            if opening_key:
                await pilot.press(opening_key)
                await pilot.pause()
            row, drawn = await key_bar_labels(app)
            labels = dict(app.key_hints())
            assert len(drawn) >= 3, f"{code}: fewer than three keys drawn in the key bar: {row!r}"
            for key, text in drawn:
                assert whole_or_visibly_cut(text, labels[key], app.tr.language.rtl), (
                    f"{code}: the key bar shows {text!r} for {key!r} ({labels[key]!r}), cut without '…': {row!r}"
                )
            hidden = [key for key, _ in app.key_hints()[len(drawn) :]]
            for key in hidden:
                assert f" {key} " not in row, f"{code}: {key} is drawn out of order: {row!r}"
            if app.tr.language.rtl:
                assert row.rstrip().endswith(f" {app.key_hints()[0][0]}"), f"{code}: the first key is not at the right"
            else:
                assert row.startswith(f" {app.key_hints()[0][0]} "), f"{code}: the first key is not at the left"


async def test_over_a_dialog_the_key_bar_offers_only_keys_that_work_there(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3")
        await pilot.pause()
        page = app.screen

        def bar() -> str:
            return region_text(app, page.query_one("#keys").region)

        for opening_key, shown in (("slash", (" 1-9 ", " 0 ", " R ")), ("asterisk", (" 8 / 2 ", " 5 ", " 0 "))):
            await pilot.press(opening_key)
            await pilot.pause()
            assert app.screen is not page
            for key in shown:
                assert key in bar(), f"{key!r} missing from the key bar over the dialog: {bar()!r}"
            assert "Steps" not in bar() and "Language" not in bar(), f"page keys offered over a dialog: {bar()!r}"
            await pilot.press("0")
            await pilot.pause()
            assert "Steps" in bar(), f"the page's keys are not back after the dialog: {bar()!r}"
        await pilot.press("f12")
        await pilot.pause()
        assert bar().strip() == "", f"keys offered over the PIN dialog, where they do nothing: {bar()!r}"


async def test_the_help_draws_every_key_of_the_keymap(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(200, 60)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        drawn = region_text(app, app.screen.query_one("#help-text").region)
        words = " ".join(drawn.split())  # a long line wraps in the help's box
        for keyboard, keypad, description in keymap.help_rows("help", then="→"):
            line = (
                f"{keyboard} | {keypad}  {description}"
                if keypad and keypad != keyboard
                else f"{keyboard}  {description}"
            )
            assert " ".join(line.split()) in words, f"the help does not show {line!r}:\n{drawn}"
        assert "F12" not in drawn, "the staff key is shown to families"
