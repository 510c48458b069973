"""textual-serve's Server with the guards web mode needs: only the kiosk's own pages, only so many kiosks.

textual-serve starts one ``kiosk run`` for every WebSocket it accepts and checks nothing about
who asks. This subclass adds, without copying textual-serve's code:

- an aiohttp middleware that refuses (403) every request whose ``Host`` is not this server's and
  every request that comes from another site's page (its ``Origin``, or ``Sec-Fetch-Site:
  cross-site``); a WebSocket must say its Origin, as every browser does;
- a cap on kiosks running at once: beyond it the page is a plain "busy" page (503) that tries
  again by itself, and a WebSocket is refused (503) before any kiosk starts;
- response headers that keep the page out of other sites' frames and send no referrer.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web
from textual_serve.server import Server

from kiosk.core.i18n import N_, Translator
from kiosk.core.web_access import WebAccess

log = logging.getLogger("kiosk.serve")

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

#: Seconds before the busy page asks again by itself, so a touch screen needs no one to reload it.
BUSY_RETRY_S = 30
BUSY_TITLE = N_("The kiosk is busy")
BUSY_TEXT = N_("Someone else is using the kiosk. Please wait a moment: this page tries again by itself.")
REFUSED_TEXT = "This kiosk only answers its own page at its own address."

SECURITY_HEADERS = {
    # Another site must not show the kiosk in a frame and make a visitor's taps drive it.
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "frame-ancestors 'none'",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
}


def busy_page(tr: Translator) -> web.Response:
    """The plain page shown when every kiosk is in use (503, so nothing caches it)."""
    title = html.escape(tr.gettext(BUSY_TITLE))
    text = html.escape(tr.gettext(BUSY_TEXT))
    direction = "rtl" if tr.language.rtl else "ltr"
    language_tag = tr.code.replace("_", "-")  # zh_Hans is zh-Hans on the web
    body = (
        f'<!DOCTYPE html>\n<html lang="{language_tag}" dir="{direction}"><head><meta charset="utf-8">'
        f'<meta http-equiv="refresh" content="{BUSY_RETRY_S}"><title>{title}</title></head>'
        f'<body style="font: 2rem sans-serif; margin: 3rem"><h1>{title}</h1><p>{text}</p></body></html>\n'
    )
    return web.Response(status=503, text=body, content_type="text/html", headers={"Retry-After": str(BUSY_RETRY_S)})


class GuardedServer(Server):
    """Serve the kiosk only to its own page at its own address, and at most ``max_kiosks`` at once."""

    def __init__(self, command: str, *, access: WebAccess, max_kiosks: int, tr: Translator, **options: Any) -> None:
        super().__init__(command, **options)
        self.access = access
        self.max_kiosks = max_kiosks
        self.tr = tr
        #: Kiosks running now: WebSockets accepted and not yet ended (their process has quit).
        self.kiosks_running = 0

    async def _make_app(self) -> web.Application:
        # The one place to add middleware: aiohttp freezes an application's middleware list
        # before any start-up hook runs (textual-serve is pinned, so this name does not move).
        app = await super()._make_app()
        app.middlewares.append(self.refuse_other_sites)
        app.on_response_prepare.append(self.add_security_headers)
        return app

    def refusal(self, request: web.Request) -> str:
        """Why ``request`` is refused, for the log; empty when it may go on."""
        host = request.headers.get("Host")
        if not self.access.allows_host(host):
            return f"Host {host!r} is not this server's"
        origin = request.headers.get("Origin")
        if origin is None and request.path == "/ws":
            return "a WebSocket without an Origin"
        if origin is not None and not self.access.allows_origin(origin):
            return f"Origin {origin!r} is not this server's"
        if request.headers.get("Sec-Fetch-Site") == "cross-site":
            return "a request from another site's page"
        return ""

    @web.middleware
    async def refuse_other_sites(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        refused = self.refusal(request)
        if refused:
            log.warning("Refused %s %s: %s.", request.method, request.path, refused)
            return web.Response(status=403, text=REFUSED_TEXT)
        return await handler(request)

    async def add_security_headers(self, request: web.Request, response: web.StreamResponse) -> None:
        response.headers.update(SECURITY_HEADERS)

    @property
    def full(self) -> bool:
        return self.kiosks_running >= self.max_kiosks

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        if self.full:
            return busy_page(self.tr)
        response: web.StreamResponse = await super().handle_index(request)
        return response

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        # Checked and counted with no await in between, so two WebSockets cannot both take the last place.
        if self.full:
            log.warning("Refused a kiosk: %d of %d are running.", self.kiosks_running, self.max_kiosks)
            raise web.HTTPServiceUnavailable(text=self.tr.gettext(BUSY_TEXT), headers={"Retry-After": "30"})
        self.kiosks_running += 1
        try:
            return await super().handle_websocket(request)
        finally:
            self.kiosks_running -= 1
