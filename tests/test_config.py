"""The configuration file: the shipped example is valid and complete; every mistake is named precisely."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import yaml

from kiosk.core.config import CONFIG_FIELDS, REPO_ROOT, KioskConfig, PrinterSettings, SpeechSettings, load_config
from kiosk.core.errors import ConfigError, Problem
from kiosk.core.pin import hash_pin

EXAMPLE = REPO_ROOT / "kiosk.example.yaml"
BROKEN = Path(__file__).parent / "fixtures" / "config-broken"

#: Each broken file holds exactly one mistake: (line, field, words the sentence must contain).
EXPECTED_PROBLEMS: dict[str, tuple[int, str, tuple[str, ...]]] = {
    "unknown-key.yaml": (3, "colour_theme", ("not a known field", "theme")),
    "unknown-nested-key.yaml": (4, "speech.speed", ("not a known field", "rate")),
    "bad-language-code.yaml": (4, "languages[1]", ("'fr' is not a language", "zh_Hans")),
    "default-language-not-offered.yaml": (5, "default_language", ("'ar'", "languages offered", "en, pl")),
    "duplicated-language.yaml": (6, "languages[3]", ("'pl' is listed twice",)),
    "warning-too-short.yaml": (3, "idle_warning_s", ("10 seconds", "at least 20 seconds", "Use 20 to 600")),
    "negative-timeout.yaml": (2, "idle_timeout_s", ("-5 seconds", "Use 10 to 86400")),
    "wrong-type.yaml": (2, "idle_timeout_s", ("expected a number", "two minutes")),
    "bad-player.yaml": (3, "speech.player", ("'vlc'", "auto, paplay, aplay")),
    "bad-paper.yaml": (4, "printer.paper", ("'letter'", "a4, roll80")),
    "bad-theme.yaml": (3, "theme", ("'solarized'", "high-contrast-dark")),
    "bad-pin-hash.yaml": (2, "staff_pin_hash", ("not a PIN hash", "kiosk hash-pin")),
    "not-yaml.yaml": (4, "", ("not valid YAML", "indentation")),
    "not-utf8.yaml": (2, "", ("not UTF-8", "Save it as UTF-8")),
    "top-level-list.yaml": (2, "", ("'name: value' lines", "not a list")),
    "duplicate-key.yaml": (4, "", ("'theme' is written twice",)),
    "bad-voice-language.yaml": (5, "speech.voices.fr", ("'fr' is not a kiosk language",)),
    "bad-queue.yaml": (3, "printer.queue", ("'Reception printer'", "CUPS queue", "lpstat -p")),
    "languages-not-a-list.yaml": (2, "languages", ("expected a list", "en pl uk")),
    "rate-out-of-range.yaml": (3, "speech.rate", ("1000", "80 to 400")),
    "section-not-a-mapping.yaml": (2, "printer", ("expected a mapping", "reception")),
    "bad-web-origin.yaml": (5, "web.allowed_origins", ("https://kiosk.example.org/kiosk", "only e.g. https://")),
    "bad-web-public-url.yaml": (3, "web.public_url", ("'*' is not a web origin", "https://name")),
    "bad-web-max-kiosks.yaml": (3, "web.max_kiosks", ("40 is out of range", "1 to 20")),
}


def _problems(path: Path) -> list[Problem]:
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    return caught.value.problems


def test_example_config_is_valid_and_equals_the_built_in_defaults() -> None:
    config = load_config(EXAMPLE)
    # The example promises "the value shown here is the built-in default".
    assert dataclasses.replace(config, source=None) == KioskConfig()
    assert config.source == EXAMPLE


def test_example_config_documents_every_field_with_a_comment() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert set(data) == set(CONFIG_FIELDS)
    assert set(data["speech"]) == {f.name for f in dataclasses.fields(SpeechSettings)}
    assert set(data["printer"]) == {f.name for f in dataclasses.fields(PrinterSettings)}
    lines = text.splitlines()
    for name in (*CONFIG_FIELDS, *data["speech"], *data["printer"]):
        index = next(i for i, line in enumerate(lines) if line.strip().startswith(f"{name}:"))
        assert lines[index - 1].strip().startswith("#"), f"'{name}' in the example has no comment above it"


def test_every_broken_fixture_has_an_expected_problem() -> None:
    assert {path.name for path in BROKEN.glob("*.yaml")} == set(EXPECTED_PROBLEMS)
    assert len(EXPECTED_PROBLEMS) >= 12


@pytest.mark.parametrize("name", sorted(EXPECTED_PROBLEMS))
def test_broken_config_names_file_line_and_field(name: str) -> None:
    line, field, words = EXPECTED_PROBLEMS[name]
    path = BROKEN / name
    problems = _problems(path)
    assert len(problems) == 1, [str(problem) for problem in problems]
    problem = problems[0]
    shown = str(problem)
    assert (problem.line, problem.field) == (line, field), shown
    assert shown.startswith(f"{path}:{line}:"), shown
    if field:
        assert f"[{field}]" in shown
    for word in words:
        assert word in shown, f"{shown!r} does not mention {word!r}"
    assert "Traceback" not in shown and "Error" not in shown


def test_every_mistake_in_one_file_is_reported_together(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.yaml"
    path.write_text("theme: neon\nspeech:\n  player: vlc\nprinter:\n  paper: letter\nidle_warning_s: 5\n")
    assert sorted(problem.field for problem in _problems(path)) == [
        "idle_warning_s",
        "printer.paper",
        "speech.player",
        "theme",
    ]


def test_missing_file_is_a_sentence(tmp_path: Path) -> None:
    problems = _problems(tmp_path / "nowhere.yaml")
    assert "does not exist" in str(problems[0])


def test_empty_file_and_empty_sections_mean_the_defaults(tmp_path: Path) -> None:
    empty = tmp_path / "empty.yaml"
    empty.write_text("# nothing set yet\n")
    assert dataclasses.replace(load_config(empty), source=None) == KioskConfig()
    sections = tmp_path / "sections.yaml"
    sections.write_text("speech:\nprinter:\n  # queue: reception\n")
    config = load_config(sections)
    assert (config.speech, config.printer) == (SpeechSettings(), PrinterSettings())


def test_settings_are_read_and_relative_paths_start_at_the_config_folder(tmp_path: Path) -> None:
    pin_hash = hash_pin("482137")
    path = tmp_path / "etc" / "kiosk.yaml"
    path.parent.mkdir()
    path.write_text(
        "council: Testshire Council\n"
        "languages: [uk, en, ar]\n"
        "default_language: uk\n"
        "content_dir: ../content\n"
        "data_dir: state\n"
        "idle_timeout_s: 90\n"
        "idle_warning_s: 20\n"
        "speech: {player: paplay, rate: 140, volume_db: -12, voices: {pt: roa/pt}}\n"
        "printer: {queue: reception-a4, paper: roll80, timeout_s: 45}\n"
        "theme: high-contrast-light\n"
        f'staff_pin_hash: "{pin_hash}"\n'
    )
    config = load_config(path)
    assert config.council == "Testshire Council"
    assert config.languages == ("uk", "en", "ar")
    assert config.default_language == "uk"
    assert config.content_dir == tmp_path / "content"
    assert config.data_dir == tmp_path / "etc" / "state"
    assert (config.idle_timeout_s, config.idle_warning_s) == (90.0, 20.0)
    assert config.speech == SpeechSettings("paplay", 140, -12.0, config.speech.voices)
    assert dict(config.speech.voices) == {"pt": "roa/pt"}
    assert config.printer == PrinterSettings("reception-a4", "roll80", 45.0)
    assert config.theme == "high-contrast-light"
    assert config.staff_pin_hash == pin_hash


def test_no_config_file_means_the_built_in_defaults() -> None:
    assert load_config(None) == KioskConfig()
