"""The core never imports Textual: CLI commands and tests drive it without a terminal."""

import subprocess
import sys

CORE_MODULES = [
    "kiosk.core.config",
    "kiosk.core.content",
    "kiosk.core.i18n",
    "kiosk.core.pages",
    "kiosk.cli",
    "kiosk.commands.check",
]


def test_importing_the_core_does_not_import_textual() -> None:
    code = (
        "import importlib, pkgutil, sys\n"
        "import kiosk.core\n"
        "for info in pkgutil.walk_packages(kiosk.core.__path__, 'kiosk.core.'):\n"
        "    importlib.import_module(info.name)\n"
        f"for name in {CORE_MODULES!r}:\n"
        "    importlib.import_module(name)\n"
        "loaded = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(loaded))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert result.stdout.strip() == "", f"core modules imported Textual: {result.stdout.strip()}"
