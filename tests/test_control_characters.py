"""Terminal control characters in content, configuration or catalogues: refused by check, never drawn.

``ESC c`` resets the kiosk's terminal (touch and mouse input stay off until a restart) and an
OSC sequence retitles it. YAML refuses a raw ESC, but a double-quoted ``"\\e"`` or ``"\\x9b"``
makes one; a ``.po`` file's ``"\\033"`` too.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from kiosk.core.control_chars import printable
from kiosk.core.i18n import Translator, catalogue_path
from tests.test_check_command import VALID, compile_catalogues, kiosk_check

RESET = "\\ec"  # as written in a double-quoted YAML string
RETITLE = "\\e]0;PWNED\\a"


def content_with(tmp_path: Path, file: str, line: int, old: str, new: str) -> Path:
    content = tmp_path / "content"
    shutil.copytree(VALID, content)
    path = content / file
    lines = path.read_text(encoding="utf-8").splitlines()
    assert old in lines[line - 1], lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(old, new)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return content


@pytest.mark.parametrize(
    ("file", "line", "old", "new", "named"),
    [
        ("guide.yaml", 10, "Talk to", f"Talk{RESET} to", "U+001B ESC"),
        ("contacts.yaml", 8, "Global", f"{RETITLE}Global", "U+001B ESC"),
        ("guide.yaml", 4, "Test guide", "Test\\x9b2J guide", "U+009B CSI"),
    ],
    ids=["reset-in-a-title", "osc-in-a-contact-name", "c1-csi-in-the-guide-title"],
)
def test_check_refuses_control_characters_in_content_with_file_and_line(
    tmp_path: Path, file: str, line: int, old: str, new: str, named: str
) -> None:
    content = content_with(tmp_path, file, line, old, new)
    result = kiosk_check("--content", content, "--strict")
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert f"{file}:{line}:" in result.stderr, result.stderr
    assert named in result.stderr and "control character" in result.stderr


def test_check_refuses_control_characters_in_the_configuration(tmp_path: Path) -> None:
    config = tmp_path / "kiosk.yaml"
    config.write_text('council: "Somerset\\e]0;PWNED\\a Council"\n', encoding="utf-8")
    result = kiosk_check("--config", config, "--content", VALID)
    assert result.returncode == 1
    assert "kiosk.yaml:1:" in result.stderr and "control character U+001B ESC" in result.stderr, result.stderr


def test_tabs_and_newlines_are_layout_not_commands(tmp_path: Path) -> None:
    content = content_with(tmp_path, "guide.yaml", 10, "Talk to", "Talk\\tto")
    assert kiosk_check("--content", content).returncode == 0
    assert printable("a\tb\nc\x1bc\x9b2J\x07d\x7f") == "a\tb\nc" + "c2Jd"


def test_check_refuses_a_translation_holding_an_escape(tmp_path: Path) -> None:
    locales = tmp_path / "locales"
    shutil.copytree(Path(__file__).parents[1] / "locales", locales)
    po_path = catalogue_path(locales, "pl")
    text = po_path.read_text(encoding="utf-8")
    assert 'msgstr "Kontakty"' in text
    # Babel reads a .po's characters as they are (it does not decode "\033"): a raw ESC, pasted in.
    po_path.write_text(text.replace('msgstr "Kontakty"', 'msgstr "Kontakty\x1bc"'), encoding="utf-8")
    compile_catalogues(locales)
    line = next(number for number, row in enumerate(po_path.read_text().splitlines(), 1) if "\x1bc" in row)
    config = tmp_path / "kiosk.yaml"
    config.write_text(f"languages: [en, pl]\nlocales_dir: {locales}\n", encoding="utf-8")
    result = kiosk_check("--config", config, "--content", VALID)
    assert result.returncode == 1
    # Babel places a message at its msgid line, the one before the msgstr.
    assert f"pl/LC_MESSAGES/messages.po:{line - 1}:" in result.stderr, result.stderr
    assert "U+001B ESC" in result.stderr
    # The second guard: what gets past the check (a .mo changed after it) is stripped before the screen.
    assert Translator("pl", locales).gettext("Contacts") == "Kontaktyc"


def test_the_kiosk_does_not_start_on_content_with_an_escape(tmp_path: Path) -> None:
    content = content_with(tmp_path, "guide.yaml", 10, "Talk to", f"Talk{RESET} to")
    kiosk = Path(kiosk_check.__globals__["KIOSK"])
    result = subprocess.run(
        [str(kiosk), "run", "--content", str(content)], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 1
    assert "guide.yaml:10:" in result.stderr and "control character" in result.stderr
