"""Every string the kiosk shows or speaks through a translation call is in ``locales/messages.pot``.

Translators only see what is in the template. A literal inside an f-string
(``f"{tr.gettext('Button')}."``) is invisible to Babel's extractor, so it was never translated and
a family heard the English word after every button (issue 11). Two checks: the source itself,
read by Python's own parser (which sees into f-strings), and the project's extract command.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from kiosk.core.config import REPO_ROOT
from kiosk.core.pofiles import read_catalogue

from .conftest import LOCALES_DIR

#: The functions that translate or mark a string, with how many leading arguments are messages.
TRANSLATION_CALLS = {"_": 1, "N_": 1, "gettext": 1, "localized": 1, "ngettext": 2}


def template_ids(pot: Path) -> set[str]:
    ids: set[str] = set()
    for message in read_catalogue(pot):
        if isinstance(message.id, tuple):
            ids.update(message.id)
        elif message.id:
            ids.add(message.id)
    return ids


def called_name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


def translated_literals(source: Path) -> list[tuple[int, str]]:
    """(line, text) of every literal given to a translation call, f-strings included."""
    found = []
    for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"), str(source))):
        if not isinstance(node, ast.Call):
            continue
        count = TRANSLATION_CALLS.get(called_name(node) or "", 0)
        for argument in node.args[:count]:
            if isinstance(argument, ast.Constant) and isinstance(argument.value, str) and argument.value:
                found.append((node.lineno, argument.value))
    return found


def test_every_literal_the_code_translates_is_in_the_template() -> None:
    ids = template_ids(LOCALES_DIR / "messages.pot")
    missing = [
        f"{path.relative_to(REPO_ROOT)}:{line}: {text!r}"
        for path in sorted((REPO_ROOT / "kiosk").rglob("*.py"))
        for line, text in translated_literals(path)
        if text not in ids
    ]
    assert not missing, (
        "not in locales/messages.pot - mark the string where Babel can see it (not inside an f-string; "
        "an N_() constant works), then run the pybabel extract line of 'make translations':\n  " + "\n  ".join(missing)
    )


def test_the_template_holds_everything_the_extractor_finds(tmp_path: Path) -> None:
    pot = tmp_path / "messages.pot"
    pybabel = Path(sys.executable).parent / "pybabel"
    # The extract line of 'make translations', into a scratch file.
    command = [str(pybabel), "-q", "extract", "-F", "pyproject.toml", "-o", str(pot), "kiosk", "content"]
    completed = subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert completed.returncode == 0, completed.stderr
    missing = template_ids(pot) - template_ids(LOCALES_DIR / "messages.pot")
    assert not missing, f"run the pybabel extract line of 'make translations'; new strings: {sorted(missing)}"


def test_the_source_check_sees_into_f_strings(tmp_path: Path) -> None:
    """The defect this guards against, planted: a translated word inside an f-string."""
    source = tmp_path / "planted.py"
    source.write_text("def describe(tr, label):\n    return f\"{label}. {tr.gettext('Button')}.\"\n", encoding="utf-8")
    assert translated_literals(source) == [(2, "Button")]
