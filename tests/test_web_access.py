"""Which origins and host names ``kiosk serve`` treats as its own (kiosk.core.web_access)."""

from __future__ import annotations

import pytest

from kiosk.core.web_access import WebAccess, is_loopback, origin_problem


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        *[("127.0.0.1", True), ("127.8.9.1", True), ("::1", True), ("[::1]", True), ("localhost", True)],
        *[("0.0.0.0", False), ("::", False), ("192.0.2.10", False), ("kiosk.example.org", False)],
    ],
)
def test_loopback_is_only_what_no_other_computer_reaches(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_on_loopback_every_name_of_this_computer_is_its_own() -> None:
    access = WebAccess.for_server("127.0.0.1", 8000)
    for origin in ("http://127.0.0.1:8000", "http://localhost:8000", "http://[::1]:8000", "HTTP://LOCALHOST:8000"):
        assert access.allows_origin(origin), origin
    for host in ("127.0.0.1:8000", "localhost:8000", "[::1]:8000"):
        assert access.allows_host(host), host
    refused_origins = ("http://127.0.0.1:8001", "https://127.0.0.1:8000", "http://attacker.example", "null", "")
    for origin in refused_origins:
        assert not access.allows_origin(origin), origin
    for host in ("127.0.0.1", "attacker.example:8000", "127.0.0.1:8000.attacker.example", "", None):
        assert not access.allows_host(host), host


def test_a_public_address_behind_a_proxy_is_let_in_with_and_without_its_default_port() -> None:
    access = WebAccess.for_server("127.0.0.1", 8000, public_url="https://Kiosk.Example.org/")
    assert access.allows_origin("https://kiosk.example.org")
    assert access.allows_host("kiosk.example.org") and access.allows_host("kiosk.example.org:443")
    assert not access.allows_origin("http://kiosk.example.org")


def test_every_address_is_no_browser_address() -> None:
    access = WebAccess.for_server("0.0.0.0", 8000, allowed_origins=("http://192.0.2.10:8000",))
    assert not access.allows_host("0.0.0.0:8000")
    assert access.allows_origin("http://192.0.2.10:8000") and access.allows_host("192.0.2.10:8000")


@pytest.mark.parametrize(
    "text", ["*", "kiosk.example.org", "ftp://kiosk.example.org", "https://kiosk.example.org/kiosk", "https://a:b"]
)
def test_what_is_not_an_origin_is_said_so(text: str) -> None:
    assert "origin" in origin_problem(text) or "more than a scheme" in origin_problem(text)
