"""The shipped deployment files work as docs/deploy.md says: valid terminal settings, fonts that
exist, no way out of the kiosk through the terminal, and commands the kiosk really accepts."""

from __future__ import annotations

import configparser
import re
import shlex
import subprocess
from pathlib import Path

import pytest

from kiosk.cli import build_parser
from kiosk.core.config import REPO_ROOT

DEPLOY = REPO_ROOT / "deploy"
GUIDE = REPO_ROOT / "docs" / "deploy.md"
FOOT_INI = DEPLOY / "foot.ini"


def _foot_settings() -> configparser.ConfigParser:
    settings = configparser.ConfigParser(interpolation=None)
    settings.optionxform = str  # type: ignore[assignment,method-assign]  # keep key names as written
    settings.read_string(FOOT_INI.read_text(encoding="utf-8"))
    return settings


def test_foot_accepts_the_shipped_terminal_settings() -> None:
    done = subprocess.run(
        ["foot", "--check-config", f"--config={FOOT_INI}"], capture_output=True, text=True, timeout=30
    )
    assert done.returncode == 0, done.stderr


def test_the_terminal_offers_no_way_out_of_the_kiosk() -> None:
    bindings = _foot_settings()["key-bindings"]
    for escape in ("spawn-terminal", "show-urls-launch", "pipe-visible", "pipe-scrollback", "pipe-selected"):
        assert bindings[escape] == "none", f"{escape} would lead out of the kiosk"
    assert "Control+plus" in bindings["font-increase"]  # the documented way to enlarge text


@pytest.mark.parametrize("family", ["DejaVu Sans Mono", "Noto Sans Mono CJK SC"])
def test_the_terminal_fonts_are_installed_under_the_names_used(family: str) -> None:
    assert f"{family}:size=" in _foot_settings()["main"]["font"]
    # fontconfig silently substitutes a missing font; ask which family it really picks.
    done = subprocess.run(["fc-match", "-f", "%{family}", family], capture_output=True, text=True, timeout=30)
    assert family in done.stdout.split(","), f"fontconfig picks {done.stdout!r} for {family!r}"


def _kiosk_arguments(command: str) -> list[str]:
    """The arguments after the ``kiosk`` executable in a shell command line."""
    words = shlex.split(command, comments=True)
    start = next(index for index, word in enumerate(words) if word.endswith("/.venv/bin/kiosk"))
    return words[start + 1 :]


def _exec_start(unit: Path) -> str:
    lines = [line for line in unit.read_text().splitlines() if line.startswith("ExecStart=") and line != "ExecStart="]
    assert len(lines) == 1
    return lines[0].removeprefix("ExecStart=")


def test_both_ways_of_starting_run_the_same_kiosk_command() -> None:
    service = _exec_start(DEPLOY / "kiosk.service")
    login = " ".join(line.strip().rstrip("\\") for line in (DEPLOY / "kiosk-login.sh").read_text().splitlines())
    login_command = re.search(r"exec (/usr/bin/cage .*?)\s+fi\b", login)
    assert login_command is not None
    for command in (service, login_command.group(1)):
        words = shlex.split(command)
        assert words[:3] == ["/usr/bin/cage", "-d", "--"]
        assert "--config=/etc/kiosk/foot.ini" in words
        arguments = _kiosk_arguments(command)
        assert arguments == ["run", "--config", "/etc/kiosk/kiosk.yaml"]
        parsed = build_parser().parse_args(arguments)
        assert (parsed.command, parsed.config) == ("run", Path("/etc/kiosk/kiosk.yaml"))


def _guide_commands() -> list[str]:
    """Every kiosk command line in the guide's code blocks."""
    blocks = re.findall(r"```[a-z]*\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.DOTALL)
    return [line.strip() for block in blocks for line in block.splitlines() if "/.venv/bin/kiosk " in line]


def test_every_kiosk_command_in_the_guide_is_one_the_kiosk_accepts() -> None:
    commands = _guide_commands()
    assert len(commands) >= 6
    for command in commands:
        try:
            build_parser().parse_args(_kiosk_arguments(command))
        except SystemExit as refused:
            raise AssertionError(f"docs/deploy.md shows a command the kiosk refuses: {command}") from refused


def test_the_guide_explains_every_deployment_file() -> None:
    guide = GUIDE.read_text(encoding="utf-8")
    for path in sorted(DEPLOY.iterdir()):
        assert f"deploy/{path.name}" in guide, f"docs/deploy.md never mentions deploy/{path.name}"
    for heading in ("Making text larger", "Logs", "Usage counts and privacy", "Staff PIN", "Printer"):
        assert f"{heading}" in guide
