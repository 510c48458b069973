"""Checks of settings that read well but cannot work on this machine: the data folder and configured voices.

``kiosk check`` runs them after the configuration has loaded. Each problem names the setting's
line in the configuration file (read again here for its marks) and what to do.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from kiosk.core.config import KioskConfig
from kiosk.core.errors import Problem
from kiosk.core.speech.voices import InstalledVoice
from kiosk.core.yamlsource import MarkedMap, read_yaml_file

#: Folders that are views of the running system, not places to keep files.
SYSTEM_VIEWS = (Path("/proc"), Path("/sys"), Path("/dev"))


def _where(config: KioskConfig, *keys: str) -> tuple[Path, int, int]:
    """The configuration file and the line and column of the value at ``keys`` (0, 0 when unknown)."""
    if config.source is None:
        return Path("(built-in defaults)"), 0, 0
    data, _ = read_yaml_file(config.source)
    for key in keys[:-1]:
        data = data.get(key) if isinstance(data, MarkedMap) else None
    if isinstance(data, MarkedMap) and keys[-1] in data.value_marks:
        mark = data.value_marks[keys[-1]]
        return config.source, mark.line, mark.column
    return config.source, 0, 0


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def data_dir_problems(config: KioskConfig) -> list[Problem]:
    """Whether the kiosk can keep its usage counts (and log, without a journal) in ``data_dir``."""
    data_dir = Path(config.data_dir)
    try:
        resolved = data_dir.resolve()
    except (OSError, RuntimeError):
        resolved = data_dir
    what = ""
    view = next((view for view in SYSTEM_VIEWS if _inside(resolved, view)), None)
    if view is not None:
        what = f"is inside {view}, a view of the running system, not a place to keep files"
    elif data_dir.is_symlink() and not data_dir.exists():
        what = "is a symbolic link that leads round in a loop or to nothing"
    elif data_dir.exists() and not data_dir.is_dir():
        what = "is a file, not a folder"
    else:
        ancestor = next((parent for parent in resolved.parents if parent.exists()), None)
        if not data_dir.exists() and ancestor is not None and not ancestor.is_dir():
            what = f"cannot be made, because {ancestor} is a file"
    if not what:
        return []
    path, line, column = _where(config, "data_dir")
    return [
        Problem(
            path,
            f"the data folder {data_dir} {what}, so the kiosk could not count its use. Set 'data_dir' to a "
            "folder the kiosk's user may write to, such as /var/lib/kiosk.",
            line,
            column,
            "data_dir",
        )
    ]


def voice_problems(config: KioskConfig, installed: Iterable[InstalledVoice]) -> list[Problem]:
    """Configured voices (``speech: voices:``) that are not installed: that language would be read by no voice."""
    known = {voice.id.lower() for voice in installed}
    problems = []
    for language, voice in config.speech.voices.items():
        if voice.strip().lower() in known:
            continue
        path, line, column = _where(config, "speech", "voices", language)
        problems.append(
            Problem(
                path,
                f"the voice '{voice}' set for {language} is not installed, so {language} would not be read aloud. "
                "Run 'kiosk voices' to see the voices there are, then correct it or remove the line.",
                line,
                column,
                f"speech.voices.{language}",
            )
        )
    return problems
