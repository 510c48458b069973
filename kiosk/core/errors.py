"""The kiosk's error types: each one carries a sentence a person can act on."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong in an input file, located as precisely as we can.

    ``line`` and ``column`` are 1-based, as editors show them; 0 means "not known".
    """

    path: Path
    message: str
    line: int = 0
    column: int = 0
    field: str = ""

    def __str__(self) -> str:
        where = str(self.path)
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        field = f" [{self.field}]" if self.field else ""
        return f"{where}:{field} {self.message}"


class KioskError(Exception):
    """Base of every error the kiosk reports to people rather than to developers."""

    title = "Kiosk error"


class InputError(KioskError):
    """One or more problems in files a person edits (content, config, catalogues)."""

    title = "Problem in a file"

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


class ContentError(InputError):
    """The guide or the contacts file cannot be used as it is."""

    title = "Problem in the kiosk's content"


class ConfigError(InputError):
    """The kiosk's configuration file cannot be used as it is."""

    title = "Problem in the kiosk's configuration"
