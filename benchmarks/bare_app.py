"""The yardstick for start-up: a bare Textual app that shows one static line and nothing else.

``make bench`` runs it through the same harness as ``kiosk run`` (``startup_probe.py``), so the
kiosk's start-up time and memory are compared with what Textual itself costs on this machine.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Static


class BareApp(App[None]):
    """One static line of text."""

    def compose(self) -> ComposeResult:
        yield Static("Hello from a bare Textual app.")


def main() -> int:
    """Run the bare app (the harness makes ``run`` headless and stops it once it is idle)."""
    BareApp().run()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
