"""``kiosk serve``: serve the kiosk to a web browser (for touch-screen kiosks that run a browser).

Each browser visit starts its own ``kiosk run`` with the same ``--config`` and ``--content``
(textual-serve runs it as a subprocess and draws its screen with xterm.js). Speech and printing
happen on this computer, so the browser belongs on this computer too: the default address
127.0.0.1 is reachable from nowhere else, and any other address must be allowed in the
configuration (``web: listen_on_network: true``) and is served with a warning. kiosk.web.server
lets in only the kiosk's own page at its own address, and at most ``web: max_kiosks`` at once.

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
from kiosk.core.config import KioskConfig
from kiosk.core.web_access import EVERY_ADDRESS, WebAccess, is_loopback

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


def address_problem(host: str, config: KioskConfig) -> str:
    """Why the kiosk may not listen on ``host``, as a sentence; empty when it may."""
    if is_loopback(host):
        return ""
    where = f"the configuration file {config.source}" if config.source else "a configuration file (--config)"
    if not config.web.listen_on_network:
        return (
            f"--host {host} would let anyone on the network drive this kiosk. To allow it, put "
            f"'web:' and under it 'listen_on_network: true' in {where}; better, keep 127.0.0.1 and "
            "put a TLS reverse proxy in front (docs/deploy.md, 'Web mode')."
        )
    if host in EVERY_ADDRESS and not config.web.public_url:
        return (
            f"--host {host} is every address this computer has, so the kiosk cannot tell which one "
            f"browsers use. Set 'public_url' (for example http://192.0.2.10:8000) under 'web:' in {where}."
        )
    return ""


def network_warning(host: str, port: int) -> str:
    """The warning printed when the kiosk listens where other computers can reach it."""
    return (
        f"Warning: the kiosk is listening on {host}:{port}, which other computers can reach. Anyone on "
        "that network who can open the address can drive the kiosk: read pages aloud and print slips "
        "here. Traffic is not encrypted. Keep it to a trusted network, or serve on 127.0.0.1 behind a "
        "TLS reverse proxy (docs/deploy.md, 'Web mode')."
    )


def run(args: argparse.Namespace) -> int:
    """Check the configuration and content, then serve until interrupted (ctrl+c or SIGTERM)."""
    loaded = load(args)
    if loaded is None:
        print("The kiosk cannot be served until these problems are fixed.", file=sys.stderr)
        return 1
    config, content = loaded
    refused = address_problem(args.host, config)
    if refused:
        print(f"The kiosk was not served: {refused}", file=sys.stderr)
        return 2
    if not is_loopback(args.host):
        print(network_warning(args.host, args.port), file=sys.stderr)
    import textual_serve.server  # imported here: only this command needs the web server

    from kiosk.core.i18n import translator
    from kiosk.web.server import GuardedServer

    stock_templates = Path(textual_serve.server.__file__).parent / "templates"
    access = WebAccess.for_server(args.host, args.port, config.web.public_url, config.web.allowed_origins)
    with tempfile.TemporaryDirectory(prefix="kiosk-serve-") as folder:
        server = GuardedServer(
            kiosk_command(args),
            access=access,
            max_kiosks=config.web.max_kiosks,
            tr=translator(config.default_language, config.locales_dir),
            host=args.host,
            port=args.port,
            title=content.title,
            public_url=config.web.public_url or None,
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
