"""``kiosk serve``: serve the kiosk to a web browser (for touch-screen kiosks that run a browser).

Each browser visit starts its own ``kiosk run`` with the same ``--config`` and ``--content``
(textual-serve runs it as a subprocess and draws its screen with xterm.js). Speech and printing
happen on this computer, so the browser belongs on this computer too: the default address
127.0.0.1 is reachable from nowhere else.

The page is textual-serve's own, with one change made as it is served: its link to Google's font
service is removed, so opening the kiosk never tells a third party that someone is using it, and
a kiosk without internet access does not wait for a font that cannot arrive.
"""

from __future__ import annotations

import argparse
import re
import shlex
import sys
import tempfile
from pathlib import Path

from kiosk.commands.common import load

TEMPLATE_NAME = "app_index.html"
_EXTERNAL_FONT_LINK = re.compile(r"<link[^>]*fonts\.googleapis\.com[^>]*>", re.DOTALL)


#: Larger text in web mode (EN 301 549 5.1.4): the kiosk "opens" kiosk:text-size=N; the page zooms
#: the terminal by 25 % a step and tells it to refit, so the app gets fewer, larger cells.
TEXT_SIZE_SCRIPT = """
    <script>
      (function () {
        const open = window.open.bind(window);
        window.open = function (url, target) {
          const match = /^kiosk:text-size=(\\d+)$/.exec(String(url));
          if (!match) { return open(url, target); }
          document.body.style.zoom = String(1 + 0.25 * Number(match[1]));
          window.dispatchEvent(new Event("resize"));
          return null;
        };
      })();
    </script>
"""


def kiosk_command(args: argparse.Namespace) -> str:
    """The shell command textual-serve runs for each visit: this Python, ``-m kiosk run``, same files."""
    # KIOSK_WEB tells the kiosk that larger text is asked of the page, not of a terminal.
    parts = ["env", "KIOSK_WEB=1", sys.executable, "-m", "kiosk", "run"]
    if getattr(args, "config", None):
        parts += ["--config", str(Path(args.config).resolve())]
    if getattr(args, "content", None):
        parts += ["--content", str(Path(args.content).resolve())]
    return shlex.join(parts)


def private_page_template(stock_templates: Path, into: Path) -> Path:
    """Write textual-serve's page template without external font links into ``into``; that folder."""
    page = (stock_templates / TEMPLATE_NAME).read_text(encoding="utf-8")
    page = _EXTERNAL_FONT_LINK.sub("", page)
    # A tab title, so the browser and its task switcher name the kiosk rather than the address.
    page = page.replace("<head>", "<head>\n    <title>{{ application.name }}</title>", 1)
    page = page.replace("</body>", TEXT_SIZE_SCRIPT + "</body>", 1)
    (into / TEMPLATE_NAME).write_text(page, encoding="utf-8")
    return into


def run(args: argparse.Namespace) -> int:
    """Check the configuration and content, then serve until interrupted (ctrl+c or SIGTERM)."""
    loaded = load(args)
    if loaded is None:
        print("The kiosk cannot be served until these problems are fixed.", file=sys.stderr)
        return 1
    _config, content = loaded
    import textual_serve.server  # imported here: only this command needs the web server

    stock_templates = Path(textual_serve.server.__file__).parent / "templates"
    with tempfile.TemporaryDirectory(prefix="kiosk-serve-") as folder:
        server = textual_serve.server.Server(
            kiosk_command(args),
            host=args.host,
            port=args.port,
            title=content.title,
            templates_path=private_page_template(stock_templates, Path(folder)),
        )
        try:
            server.serve()
        except OSError as error:
            print(
                f"The kiosk cannot be served on {args.host}:{args.port} ({error.strerror or error}). "
                "Is another program using that port? Choose another with --port.",
                file=sys.stderr,
            )
            return 1
    return 0
