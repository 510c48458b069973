"""The kiosk's configuration: one YAML file, typed, validated, with defaults when absent."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from kiosk.core.errors import ConfigError, Problem
from kiosk.core.pin import pin_hash_problem
from kiosk.core.yamlsource import Fields, Mark, MarkedMap, describe, read_yaml_file

#: Every language the kiosk ships, in the default order (English first: the source).
ALL_LANGUAGES = ("en", "pl", "ro", "pt", "bg", "lt", "lv", "hu", "uk", "ru", "ar", "zh_Hans")
PLAYERS = ("auto", "paplay", "aplay")
PAPERS = ("a4", "roll80")
THEMES = ("kiosk-dark", "kiosk-light", "high-contrast-dark", "high-contrast-light")
DEFAULT_CONFIG_NAME = "kiosk.yaml"
REPO_ROOT = Path(__file__).resolve().parents[2]
#: WCAG 2.2.1 (Timing Adjustable): a person must be warned at least 20 seconds before a time-out.
MIN_IDLE_WARNING_S = 20.0
#: CUPS queue names: printable characters except space, tab, "/", "\\", "#", quotes and commas.
_QUEUE_PATTERN = re.compile(r"[^\s/\\#'\",]{1,127}")


@dataclass(frozen=True)
class SpeechSettings:
    """How the kiosk speaks by default; every user's changes return to these on reset."""

    #: Audio player: ``paplay`` (PulseAudio/PipeWire), ``aplay`` (ALSA) or ``auto`` (first found).
    player: str = "auto"
    #: Words per minute; espeak-ng's own default is 175.
    rate: int = 160
    #: Volume in decibels relative to full scale; 0 is loudest.
    volume_db: float = -6.0
    #: Explicit espeak-ng voice id per language, e.g. ``{"pt": "roa/pt"}``; others are matched exactly.
    voices: MappingProxyType[str, str] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True)
class PrinterSettings:
    """Where and how slips are printed."""

    #: CUPS queue name; empty means the system's default queue.
    queue: str = ""
    paper: str = "a4"
    #: Seconds to wait for a job to finish before telling the family it has not printed.
    timeout_s: float = 60.0


@dataclass(frozen=True)
class KioskConfig:
    """Everything a council sets for its kiosk."""

    #: The council's name as families know it, shown on screen and printed on slips.
    council: str = "Somerset Council"
    #: Languages offered, in the order the language picker shows them.
    languages: tuple[str, ...] = ALL_LANGUAGES
    #: The language every session starts in (and returns to on reset); one of ``languages``.
    default_language: str = "en"
    #: Folder holding ``guide.yaml`` and ``contacts.yaml`` (relative paths: from the config file).
    content_dir: Path = REPO_ROOT / "content"
    #: Folder holding the translation catalogues ``<lang>/LC_MESSAGES/messages.po``/``.mo``.
    locales_dir: Path = REPO_ROOT / "locales"
    #: Seconds without input before the reset warning appears.
    idle_timeout_s: float = 120.0
    #: Seconds the warning counts down before the session resets (WCAG 2.2.1 needs at least 20).
    idle_warning_s: float = 30.0
    speech: SpeechSettings = field(default_factory=SpeechSettings)
    printer: PrinterSettings = field(default_factory=PrinterSettings)
    #: Colour theme the kiosk starts in, one of ``THEMES``.
    theme: str = "kiosk-dark"
    #: ``scrypt$...`` line made by ``kiosk hash-pin``; empty means staff mode is disabled.
    staff_pin_hash: str = ""
    #: Folder the kiosk writes to: the daily usage counts (``usage.sqlite3``) and nothing personal.
    data_dir: Path = Path("/var/lib/kiosk")
    #: The file these settings came from; None for the built-in defaults.
    source: Path | None = None


#: Every top-level field of the configuration file.
CONFIG_FIELDS = (
    "council",
    "languages",
    "default_language",
    "content_dir",
    "locales_dir",
    "idle_timeout_s",
    "idle_warning_s",
    "speech",
    "printer",
    "theme",
    "staff_pin_hash",
    "data_dir",
)


def _speech(fields: Fields) -> SpeechSettings:
    fields.reject_unknown(("player", "rate", "volume_db", "voices"))
    voices: dict[str, str] = {}
    raw_voices = fields.data.get("voices")
    if raw_voices is not None:
        voice_fields = Fields(
            raw_voices, fields.path, fields.field_name("voices"), fields.problems, at=fields.value_mark("voices")
        )
        for language in voice_fields.data:
            if language not in ALL_LANGUAGES:
                voice_fields.problem(
                    language,
                    f"'{language}' is not a kiosk language ({', '.join(ALL_LANGUAGES)}).",
                    voice_fields.data.key_marks.get(language),
                )
            voices[language] = voice_fields.string(language)
    return SpeechSettings(
        player=fields.choice("player", PLAYERS, required=False, default="auto"),
        rate=fields.integer("rate", minimum=80, maximum=400, required=False, default=160),
        volume_db=fields.number("volume_db", minimum=-40.0, maximum=0.0, default=-6.0),
        voices=MappingProxyType(voices),
    )


def _printer(fields: Fields) -> PrinterSettings:
    fields.reject_unknown(("queue", "paper", "timeout_s"))
    queue = fields.string("queue", required=False)
    # isprintable(): a control character (YAML's "\0", "\x07") would crash lp, which is given the name.
    if queue and not (queue.isprintable() and _QUEUE_PATTERN.fullmatch(queue)):
        fields.problem(
            "queue",
            f"'{queue}' cannot be a CUPS queue name (no spaces, '/', '#', quotes, commas or control characters). "
            "'lpstat -p' lists the queues this computer has.",
        )
        queue = ""
    return PrinterSettings(
        queue=queue,
        paper=fields.choice("paper", PAPERS, required=False, default="a4"),
        timeout_s=fields.number("timeout_s", minimum=1, maximum=3600, default=60.0),
    )


def _section(fields: Fields, key: str, build: Any, default: Any) -> Any:
    # A heading with every field commented out ("printer:" alone) means "use the defaults".
    if fields.data.get(key) is None:
        return default
    sub = Fields(fields.data[key], fields.path, key, fields.problems, at=fields.value_mark(key))
    return build(sub) if sub.ok else default


def _languages(fields: Fields) -> tuple[str, ...]:
    """The offered languages in order, each checked; empty when the field is absent or unusable."""
    offered: list[str] = []
    items = fields.items("languages", required=False)
    for item, mark, where in items:
        code = item if isinstance(item, str) else ""
        if code not in ALL_LANGUAGES:
            # describe(), not repr(): an item may be a list that aliases have made enormous.
            named = f"'{code}' is not" if code else f"{describe(item)} is not"
            fields.problems.append(
                Problem(
                    fields.path,
                    f"{named} a language the kiosk has; choose from {', '.join(ALL_LANGUAGES)}.",
                    mark.line,
                    mark.column,
                    where,
                )
            )
        elif code in offered:
            fields.problems.append(
                Problem(
                    fields.path, f"'{code}' is listed twice; list each language once.", mark.line, mark.column, where
                )
            )
        else:
            offered.append(code)
    if "languages" in fields.data and isinstance(fields.data["languages"], list) and not items:
        fields.problem("languages", "no languages are listed; list at least one, e.g. '- en'.")
    return tuple(offered)


def _seconds(fields: Fields, key: str, minimum: float, maximum: float, default: float, meaning: str) -> float:
    """A duration in seconds, with a range message that says what the number is for."""
    value = fields.data.get(key)
    if isinstance(value, int | float) and not isinstance(value, bool) and not minimum <= value <= maximum:
        fields.problem(
            key, f"{value} seconds is not allowed: '{key}' is {meaning}. Use {minimum:g} to {maximum:g} seconds."
        )
        return default
    return fields.number(key, minimum=minimum, maximum=maximum, default=default)


def _path(fields: Fields, key: str, default: Path, base: Path) -> Path:
    text = fields.string(key, required=False)
    if not text:
        return default
    if "\x00" in text:
        fields.problem(key, "the folder's path holds a NUL character (written \\0 or \\x00); remove it.")
        return default
    try:
        path = Path(text).expanduser()
    except RuntimeError:
        fields.problem(key, f"'{text}' starts with '~', but there is no such home folder here; write the full path.")
        return default
    if path.is_absolute():
        return path
    try:
        return (base / path).resolve()
    except (RuntimeError, OSError):  # a symbolic link loop: 'kiosk check' names it where the folder is used
        return base / path


def parse_config(data: Any, path: Path) -> KioskConfig:
    """Validate parsed YAML into a KioskConfig; raise ConfigError listing every problem."""
    if not isinstance(data, MarkedMap):
        mark = getattr(data, "mark", Mark(1, 1))
        raise ConfigError(
            [
                Problem(
                    path,
                    "the settings must be 'name: value' lines (a YAML mapping), not a list "
                    "or a single value. Start from kiosk.example.yaml.",
                    mark.line,
                    mark.column,
                )
            ]
        )
    problems: list[Problem] = []
    fields = Fields(data, path, "", problems, at=data.mark)
    defaults = KioskConfig()
    base = path.parent
    fields.reject_unknown(CONFIG_FIELDS)
    languages = _languages(fields) or defaults.languages
    default_language = fields.string("default_language", required=False, default="en")
    if default_language not in languages:
        fields.problem(
            "default_language",
            f"'{default_language}' is not one of the languages offered "
            f"({', '.join(languages)}); add it to 'languages' or choose one of those.",
        )
    pin_hash = fields.string("staff_pin_hash", required=False)
    if pin_hash and pin_hash_problem(pin_hash):
        fields.problem("staff_pin_hash", pin_hash_problem(pin_hash))
        pin_hash = ""
    config = KioskConfig(
        council=fields.string("council", required=False, default=defaults.council),
        languages=tuple(languages),
        default_language=default_language,
        content_dir=_path(fields, "content_dir", defaults.content_dir, base),
        locales_dir=_path(fields, "locales_dir", defaults.locales_dir, base),
        idle_timeout_s=_seconds(
            fields,
            "idle_timeout_s",
            10,
            86400,
            defaults.idle_timeout_s,
            "how long the kiosk waits without a touch or key before warning",
        ),
        idle_warning_s=_seconds(
            fields,
            "idle_warning_s",
            MIN_IDLE_WARNING_S,
            600,
            defaults.idle_warning_s,
            "how long the warning lasts; people need at least 20 seconds to react (WCAG 2.2.1)",
        ),
        speech=_section(fields, "speech", _speech, defaults.speech),
        printer=_section(fields, "printer", _printer, defaults.printer),
        theme=fields.choice("theme", THEMES, required=False, default=defaults.theme),
        staff_pin_hash=pin_hash,
        data_dir=_path(fields, "data_dir", defaults.data_dir, base),
        source=path,
    )
    if problems:
        raise ConfigError(problems)
    return config


def load_config(path: Path | None) -> KioskConfig:
    """Load the configuration file, or the built-in defaults when ``path`` is None."""
    if path is None:
        return KioskConfig()
    data, problems = read_yaml_file(path)
    if problems:
        raise ConfigError(problems)
    if data is None:
        return KioskConfig(source=path)
    return parse_config(data, path)
