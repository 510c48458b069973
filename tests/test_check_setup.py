"""`kiosk check` on settings that read well but cannot work: symbolic link loops, a data folder that is a
file or inside /proc, a configured voice that is not installed; and the council's name, which is used."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from kiosk.core.config import REPO_ROOT, KioskConfig
from kiosk.core.content import Content
from kiosk.ui.app import KioskApp
from kiosk.ui.screens.staff import StaffScreen
from tests.test_check_command import VALID, kiosk_check
from tests.test_faults import PIN, screen_text, staff_config


def loop(tmp_path: Path, name: str) -> Path:
    """A symbolic link that leads, through another, back to itself."""
    first, second = tmp_path / name, tmp_path / f"{name}-other"
    first.symlink_to(second)
    second.symlink_to(first)
    return first


@pytest.mark.parametrize("where", ["content", "locales", "relative-locales", "guide", "config"])
def test_a_symbolic_link_loop_is_a_sentence_naming_the_path(tmp_path: Path, where: str) -> None:
    config = tmp_path / "kiosk.yaml"
    config.write_text("languages: [en, pl]\n", encoding="utf-8")
    args: list[str | Path] = ["--config", config, "--content", VALID]
    if where == "content":
        args[-1] = looped = loop(tmp_path, "content")
    elif where == "locales":
        looped = loop(tmp_path, "locales")
        config.write_text(f"languages: [en, pl]\nlocales_dir: {looped}\n", encoding="utf-8")
    elif where == "relative-locales":
        looped = loop(tmp_path, "locales")
        config.write_text("languages: [en, pl]\nlocales_dir: locales\n", encoding="utf-8")
    elif where == "guide":
        content = tmp_path / "content"
        content.mkdir()
        (content / "contacts.yaml").write_text((VALID / "contacts.yaml").read_text())
        (content / "guide.yaml").symlink_to(content / "guide.yaml")
        args[-1], looped = content, content / "guide.yaml"
    else:
        looped = loop(tmp_path, "looped.yaml")
        args[1] = looped
    result = kiosk_check(*args)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    assert str(looped) in result.stderr and "loop" in result.stderr, result.stderr


@pytest.mark.parametrize(
    ("data_dir", "says"),
    [
        ("a-file", "is a file, not a folder"),
        ("/proc/self/kiosk", "is inside /proc, a view of the running system"),
        ("/proc", "is inside /proc"),
        ("a-file/data", "cannot be made, because"),
    ],
)
def test_a_data_folder_that_cannot_hold_the_counts_is_an_error(tmp_path: Path, data_dir: str, says: str) -> None:
    (tmp_path / "a-file").write_text("not a folder")
    config = tmp_path / "kiosk.yaml"
    config.write_text(f"# the kiosk's data\ndata_dir: {data_dir}\n", encoding="utf-8")
    result = kiosk_check("--config", config, "--content", VALID)
    assert result.returncode == 1
    assert "kiosk.yaml:2:11: [data_dir]" in result.stderr and says in result.stderr, result.stderr


def test_a_configured_voice_that_is_not_installed_is_an_error_naming_it(tmp_path: Path) -> None:
    config = tmp_path / "kiosk.yaml"
    config.write_text("speech:\n  voices:\n    pl: zlw/pl\n    ar: sem/no-such-voice\n", encoding="utf-8")
    result = kiosk_check("--config", config, "--content", VALID)
    assert result.returncode == 1
    assert "kiosk.yaml:4:9: [speech.voices.ar] the voice 'sem/no-such-voice'" in result.stderr, result.stderr
    assert "kiosk voices" in result.stderr
    assert "zlw/pl" not in result.stderr
    assert "Voices: 1 of 2 configured voices installed." in result.stdout


def test_the_shipped_configuration_example_is_still_valid() -> None:
    result = kiosk_check("--config", REPO_ROOT / "kiosk.example.yaml", "--content", REPO_ROOT / "content")
    assert "data_dir" not in result.stderr or "/var/lib/kiosk" in result.stderr


async def test_the_council_setting_names_the_kiosk_on_the_staff_screen(config: KioskConfig, content: Content) -> None:
    app = KioskApp(staff_config(dataclasses.replace(config, council="Testshire Council")), content)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f12")
        await pilot.pause()
        await pilot.press(*PIN, "enter")
        for _ in range(20):
            await pilot.pause(0.05)
        assert isinstance(app.screen, StaffScreen)
        title = app.screen.query_one("#staff-title")
        drawn = screen_text(app)
        assert "Staff - Testshire Council" in drawn and title.region.height > 0
    result = kiosk_check("--content", VALID)
    assert "Council: Somerset Council" in result.stdout
