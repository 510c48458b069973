"""Who may drive the kiosk in web mode: the origins and host names a browser may use.

A web page from any site can ask a browser to open a WebSocket to ``127.0.0.1``, and a host name
that an attacker controls can be made to point at this computer (DNS rebinding). So ``kiosk
serve`` lets a request in only when its ``Host`` header names this server, and, when the browser
says which page the request comes from (``Origin``), that page is the kiosk's own. Plain Python:
the web server (kiosk.web.server) asks these questions of every request.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from urllib.parse import urlsplit

DEFAULT_PORTS = {"http": 80, "https": 443}
#: Names a browser on this computer may use for a server listening on the loopback address.
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
#: Listening addresses that mean "every address this computer has": no browser opens them.
EVERY_ADDRESS = frozenset({"0.0.0.0", "::"})  # noqa: S104 - compared with, never bound to


def is_loopback(host: str) -> bool:
    """True when ``host`` (a name or an address to listen on) is reachable only from this computer."""
    name = host.strip().strip("[]").lower()
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def _netloc(host: str, port: int) -> str:
    name = host.strip().lower()
    if ":" in name and not name.startswith("["):
        name = f"[{name}]"  # an IPv6 address, written as URLs write it
    return f"{name}:{port}"


def origin_problem(text: str) -> str:
    """Why ``text`` is not an origin (``scheme://host[:port]``), as a sentence; empty when it is one."""
    try:
        parts = urlsplit(text.strip())
        parts.port  # noqa: B018  (reading it raises ValueError for a port that is not a number)
    except ValueError:
        return f"'{text}' is not a web origin; write it as https://name or https://name:port."
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        return f"'{text}' is not a web origin; write it as https://name or https://name:port."
    if parts.path not in ("", "/") or parts.query or parts.fragment or parts.username or parts.password:
        return f"'{text}' has more than a scheme, a name and a port; an origin is only e.g. https://kiosk.example.org."
    return ""


def normal_origin(text: str) -> str:
    """An origin as browsers send it: lower case, no path, the port only when not the default."""
    parts = urlsplit(text.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"
    port = parts.port
    return f"{scheme}://{host}" if port in (None, DEFAULT_PORTS[scheme]) else f"{scheme}://{host}:{port}"


def _hosts_of(origin: str) -> set[str]:
    """The ``Host`` header values a browser sends to reach ``origin``."""
    parts = urlsplit(origin)
    host = (parts.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"
    port = parts.port or DEFAULT_PORTS[parts.scheme]
    hosts = {f"{host}:{port}"}
    if port == DEFAULT_PORTS[parts.scheme]:
        hosts.add(host)
    return hosts


@dataclass(frozen=True)
class WebAccess:
    """The origins and ``Host`` values one running ``kiosk serve`` accepts."""

    origins: frozenset[str]
    hosts: frozenset[str]

    @classmethod
    def for_server(cls, host: str, port: int, public_url: str = "", allowed_origins: tuple[str, ...] = ()) -> WebAccess:
        """The server's own origins (its address; every loopback name when it listens on loopback),
        the public address a reverse proxy serves it on, and the configured extra origins."""
        names = LOOPBACK_NAMES if is_loopback(host) else ()
        own = {f"http://{_netloc(name, port)}" for name in (*names, host) if name not in EVERY_ADDRESS}
        origins = {normal_origin(origin) for origin in (*own, *allowed_origins) if origin}
        if public_url:
            origins.add(normal_origin(public_url))
        hosts: set[str] = set()
        for origin in origins:
            hosts |= _hosts_of(origin)
        return cls(frozenset(origins), frozenset(hosts))

    def allows_host(self, host_header: str | None) -> bool:
        """True when a request's ``Host`` header names this server."""
        return host_header is not None and host_header.strip().lower() in self.hosts

    def allows_origin(self, origin_header: str | None) -> bool:
        """True when a request's ``Origin`` header is one of this server's pages."""
        if not origin_header or origin_problem(origin_header):
            return False
        return normal_origin(origin_header) in self.origins
