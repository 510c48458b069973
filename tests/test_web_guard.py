"""Web mode that only its own screen can drive (issue 14): the real ``kiosk serve``, real WebSockets.

Each test starts ``kiosk serve`` as a person does and talks to it with aiohttp's client as a
browser would: the page, then the WebSocket that textual-serve turns into one ``kiosk run``.
What a kiosk draws reaches the browser as terminal output on that WebSocket; the tests read the
text out of it, and count the ``kiosk run`` processes the server really started.
"""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web

from kiosk.core.content import Content

from . import test_web
from .test_web import DevTools, _answers, _free_port, _stop_group, _wait_for

#: Headless Chromium with DevTools (test_web's fixture, made visible to this module's tests).
chromium = test_web.chromium

#: What a terminal sends for F12.
F12 = "\x1b[24~"
_ESCAPE_SEQUENCE = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[()][0-9A-B]|[=>78])")


Served = tuple[str, subprocess.Popen[bytes], Path]


@contextmanager
def kiosk_serve(
    tmp_path: Path, settings: str = "", host: str = "127.0.0.1"
) -> Iterator[tuple[str, subprocess.Popen[bytes], Path]]:
    """``kiosk serve`` with ``settings`` added to a configuration whose data folder is private."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    config = tmp_path / "kiosk.yaml"
    config.write_text(f"data_dir: {tmp_path / 'data'}\n{settings}")
    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "kiosk", "serve", "--host", host, "--port", str(port), "--config", config],
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        url = f"http://127.0.0.1:{port}"
        _wait_for(lambda: server.poll() is not None or _answers(url), "kiosk serve to listen", 30, log)
        assert server.poll() is None, f"kiosk serve ended at once:\n{log.read_text(errors='replace')}"
        yield url, server, log
    finally:
        _stop_group(server)


def kiosks_started_by(server: subprocess.Popen[bytes]) -> int:
    """How many ``kiosk run`` processes run under ``server`` now (read from /proc)."""
    parents: dict[int, int] = {}
    commands: dict[int, list[bytes]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            commands[int(entry.name)] = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue  # ended while we looked
        parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])

    def descends(pid: int) -> bool:
        while pid > 1:
            pid = parents.get(pid, 0)
            if pid == server.pid:
                return True
        return False

    # The Python process itself, not the shell textual-serve starts it with ("sh -c 'env ... kiosk run'").
    return sum(1 for pid, argv in commands.items() if argv[1:4] == [b"-m", b"kiosk", b"run"] and descends(pid))


class Kiosk:
    """One browser's WebSocket to the server: what the kiosk drew so far, and keys to send it."""

    def __init__(self, socket: aiohttp.ClientWebSocketResponse) -> None:
        self.socket = socket
        self.output = ""
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        async for message in self.socket:
            if message.type == aiohttp.WSMsgType.BINARY:
                self.output += message.data.decode("utf-8", errors="replace")

    @property
    def text(self) -> str:
        """What was drawn, without the escape sequences between the words, spaces collapsed."""
        return re.sub(r"\s+", " ", _ESCAPE_SEQUENCE.sub(" ", self.output))

    async def shows(self, words: str, timeout_s: float = 60) -> bool:
        deadline = time.monotonic() + timeout_s
        while words not in self.text and time.monotonic() < deadline:
            await asyncio.sleep(0.2)
        return words in self.text

    async def press(self, keys: str) -> None:
        await self.socket.send_str(json.dumps(["stdin", keys]))

    async def close(self) -> None:
        await self.socket.close()
        self._reader.cancel()


@asynccontextmanager
async def browser(url: str, origin: str | None = None, **headers: str) -> AsyncIterator[Callable[..., object]]:
    """An aiohttp session whose WebSockets say they come from ``origin`` (the kiosk's page by default)."""
    sent = {"Origin": url if origin is None else origin, **headers}
    sent = {name: value for name, value in sent.items() if value}
    async with aiohttp.ClientSession() as session:

        async def open_kiosk() -> Kiosk:
            socket = await session.ws_connect(f"{url}/ws?width=80&height=24", headers=sent, max_msg_size=0)
            return Kiosk(socket)

        yield open_kiosk


async def _refused_status(url: str, **headers: str) -> int:
    """The HTTP status with which the server answers a WebSocket handshake carrying ``headers``."""
    async with aiohttp.ClientSession() as session:
        try:
            socket = await session.ws_connect(f"{url}/ws?width=80&height=24", headers=headers)
        except aiohttp.WSServerHandshakeError as refused:
            return refused.status
        await socket.close()
        return 101


async def _page_status(url: str, **headers: str) -> tuple[int, str]:
    async with aiohttp.ClientSession() as session, session.get(f"{url}/", headers=headers) as response:
        return response.status, await response.text()


async def test_a_page_from_another_site_cannot_open_a_kiosk(tmp_path: Path, content: Content) -> None:
    with kiosk_serve(tmp_path) as (url, server, _log):
        port = url.rsplit(":", 1)[1]
        # A page on any other site opening the kiosk's WebSocket (issue 14: it printed slips).
        assert await _refused_status(url, Origin="http://attacker.example") == 403
        assert await _refused_status(url, Origin=f"http://attacker.example:{port}") == 403
        assert await _refused_status(url, Origin="null") == 403  # a sandboxed frame or a file:// page
        assert await _refused_status(url) == 403  # no Origin at all: not a browser page
        # ... or fetching the page itself from its script, or framing it.
        status, text = await _page_status(url, Origin="http://attacker.example")
        assert (status, text) == (403, "This kiosk only answers its own page at its own address.")
        assert (await _page_status(url, **{"Sec-Fetch-Site": "cross-site"}))[0] == 403
        assert kiosks_started_by(server) == 0, "a refused visitor must not start a kiosk"

        # The kiosk's own page, under each name this computer has for itself, still works.
        for own in (url, f"http://localhost:{port}"):
            async with browser(url, origin=own) as open_kiosk:
                kiosk = await open_kiosk()
                assert await kiosk.shows(re.sub(r"\s+", " ", content.title)), kiosk.text[-500:]
                await kiosk.close()
        status, page = await _page_status(url)
        assert status == 200 and "/ws" in page


async def test_a_request_under_another_host_name_is_refused(tmp_path: Path) -> None:
    # DNS rebinding: attacker.example made to point at 127.0.0.1 is same-origin to the attacker.
    with kiosk_serve(tmp_path) as (url, server, _log):
        port = url.rsplit(":", 1)[1]
        rebound = f"attacker.example:{port}"
        assert (await _page_status(url, Host=rebound))[0] == 403
        assert await _refused_status(url, Host=rebound, Origin=f"http://{rebound}") == 403
        assert kiosks_started_by(server) == 0


async def test_ten_visitors_start_only_two_kiosks_and_the_others_are_told_it_is_busy(tmp_path: Path) -> None:
    # Issue 14: 40 connections started 40 kiosks (120 processes, 1.6 GB).
    with kiosk_serve(tmp_path) as (url, server, _log):
        async with browser(url) as open_kiosk:
            attempts = await asyncio.gather(*(open_kiosk() for _ in range(10)), return_exceptions=True)
            running = [kiosk for kiosk in attempts if isinstance(kiosk, Kiosk)]
            refused = [error for error in attempts if isinstance(error, aiohttp.WSServerHandshakeError)]
            assert (len(running), len(refused)) == (2, 8), attempts
            assert {error.status for error in refused} == {503}
            for kiosk in running:
                assert await kiosk.shows("Step"), kiosk.text[-500:]
            assert kiosks_started_by(server) == 2

            # The page says so plainly, in the kiosk's language, and tries again by itself.
            status, page = await _page_status(url)
            assert status == 503
            assert "The kiosk is busy" in page and "Someone else is using the kiosk" in page
            assert 'http-equiv="refresh"' in page

            # When a visitor leaves, the next one gets a kiosk.
            await running[0].close()
            _wait_for(lambda: kiosks_started_by(server) == 1, "the left kiosk to end", 30)
            assert (await _page_status(url))[0] == 200
            newcomer = await open_kiosk()
            assert await newcomer.shows("Step"), newcomer.text[-500:]
            assert kiosks_started_by(server) == 2
            for kiosk in (running[1], newcomer):
                await kiosk.close()


async def test_f12_opens_no_staff_pin_pad_in_web_mode_unless_allowed(tmp_path: Path) -> None:
    with kiosk_serve(tmp_path / "default") as (url, _server, _log):
        async with browser(url) as open_kiosk:
            kiosk = await open_kiosk()
            assert await kiosk.shows("Step"), kiosk.text[-500:]
            await kiosk.press(F12)
            assert not await kiosk.shows("Staff only", timeout_s=5), "F12 opened the staff PIN pad in web mode"
            await kiosk.close()
    # The same keys with staff mode allowed for web mode: the test does see a PIN pad when there is one.
    settings = "web:\n  staff_mode: true\n"
    with kiosk_serve(tmp_path / "allowed", settings) as (url, _server, _log):
        async with browser(url) as open_kiosk:
            kiosk = await open_kiosk()
            assert await kiosk.shows("Step"), kiosk.text[-500:]
            await kiosk.press(F12)
            assert await kiosk.shows("Staff only", timeout_s=30), kiosk.text[-500:]
            await kiosk.close()


async def test_reconnecting_does_not_lift_a_pin_lock(tmp_path: Path) -> None:
    # Issue 14: five wrong PINs, reconnect, five more - a 4-digit PIN fell in about 35 minutes.
    from kiosk.core.pin import hash_pin

    settings = f'staff_pin_hash: "{hash_pin("482137")}"\nweb:\n  staff_mode: true\n'
    with kiosk_serve(tmp_path, settings) as (url, _server, _log):
        async with browser(url) as open_kiosk:
            kiosk = await open_kiosk()
            assert await kiosk.shows("Step"), kiosk.text[-500:]
            await kiosk.press(F12)
            assert await kiosk.shows("Type the staff PIN"), kiosk.text[-500:]
            for _ in range(5):
                await kiosk.press("000000\r")
                await asyncio.sleep(0.3)
            assert await kiosk.shows("Too many wrong PINs"), kiosk.text[-500:]
            await kiosk.close()

            again = await open_kiosk()  # a new session: a new kiosk process
            assert await again.shows("Step"), again.text[-500:]
            await again.press(F12)
            assert await again.shows("Too many wrong PINs"), f"the lock was lifted by reconnecting: {again.text[-500:]}"
            await again.close()


def _serve_briefly(tmp_path: Path, settings: str, host: str) -> subprocess.CompletedProcess[str]:
    config = tmp_path / "kiosk.yaml"
    config.write_text(f"data_dir: {tmp_path / 'data'}\n{settings}")
    command = [sys.executable, "-m", "kiosk", "serve", "--host", host, "--port", str(_free_port())]
    try:
        return subprocess.run([*command, "--config", str(config)], capture_output=True, text=True, timeout=8)
    except subprocess.TimeoutExpired as still_serving:  # it started: what it said until then
        out = (still_serving.stdout or b"").decode() if isinstance(still_serving.stdout, bytes) else ""
        err = (still_serving.stderr or b"").decode() if isinstance(still_serving.stderr, bytes) else ""
        return subprocess.CompletedProcess(command, -1, out, err)


@pytest.mark.parametrize("host", ["0.0.0.0", "192.0.2.10"])
def test_an_address_other_computers_reach_needs_the_setting(tmp_path: Path, host: str) -> None:
    done = _serve_briefly(tmp_path, "", host)
    assert done.returncode == 2
    assert "would let anyone on the network drive this kiosk" in done.stderr
    assert "listen_on_network: true" in done.stderr and "Traceback" not in done.stderr


def test_with_the_setting_it_serves_and_warns_who_can_drive_it(tmp_path: Path) -> None:
    settings = "web:\n  listen_on_network: true\n  public_url: http://192.0.2.10:8000\n"
    done = _serve_briefly(tmp_path, settings, "0.0.0.0")
    said = done.stderr.replace("\n", " ")
    assert done.returncode == -1, f"kiosk serve did not keep serving: {said}"
    assert "Anyone on that network who can open the address can drive the kiosk" in said
    assert "Traceback" not in said


async def test_behind_a_tls_reverse_proxy_the_public_address_is_let_in(tmp_path: Path) -> None:
    # docs/deploy.md: nginx or Caddy passes the browser's Host and Origin on to 127.0.0.1:8000.
    public = "https://kiosk.reception.example.org"
    settings = f"web:\n  public_url: {public}\n"
    with kiosk_serve(tmp_path, settings) as (url, server, _log):
        name = "kiosk.reception.example.org"
        status, page = await _page_status(url, Host=name)
        assert status == 200
        assert f"wss://{name}/ws" in page, "the page must open its WebSocket through the proxy"
        # The proxy's address over plain http, or another name, is refused.
        assert await _refused_status(url, Host=name, Origin=f"http://{name}") == 403
        assert await _refused_status(url, Host="other.example.org", Origin="https://other.example.org") == 403
        assert kiosks_started_by(server) == 0
        async with browser(url, origin=public, Host=name) as open_kiosk:
            kiosk = await open_kiosk()
            assert await kiosk.shows("Step"), kiosk.text[-500:]
            await kiosk.close()


#: What issue 14's attacker page did: open the kiosk's WebSocket from another origin and type.
#: The kiosk's address comes in the query string (?kiosk=ws://127.0.0.1:PORT).
ATTACKER_PAGE = """<!DOCTYPE html><html><head><title>waiting</title></head><body><script>
const kiosk = new URLSearchParams(location.search).get("kiosk");
const socket = new WebSocket(kiosk + "/ws?width=80&height=24");
socket.onopen = () => { document.title = "opened"; socket.send(JSON.stringify(["stdin", "p"])); };
socket.onclose = () => { if (document.title !== "opened") { document.title = "refused"; } };
</script></body></html>"""


async def _title_after_visiting(devtools_url: str, page_url: str) -> str:
    """Open ``page_url`` in the real browser; the title its script leaves ("opened" or "refused")."""
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{devtools_url}/json/list") as response:
            target = next(target for target in await response.json() if target["type"] == "page")
        async with session.ws_connect(target["webSocketDebuggerUrl"], max_msg_size=0) as socket_:
            devtools = DevTools(socket_)
            await devtools.call("Page.navigate", url=page_url)
            title = ""
            deadline = time.monotonic() + 30
            while title not in ("opened", "refused") and time.monotonic() < deadline:
                await asyncio.sleep(0.2)
                answer = await devtools.call("Runtime.evaluate", expression="document.title", returnByValue=True)
                title = str(answer["result"].get("value"))
            return title


@asynccontextmanager
async def attacker_site() -> AsyncIterator[str]:
    """Another web site (another origin, as a port makes one) serving the attacker's page; its origin."""

    async def attacker_page(_request: web.Request) -> web.Response:
        return web.Response(text=ATTACKER_PAGE, content_type="text/html")

    application = web.Application()
    application.router.add_get("/", attacker_page)
    runner = web.AppRunner(application)
    await runner.setup()
    port = _free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        await runner.cleanup()


async def test_a_web_page_in_a_real_browser_cannot_open_the_kiosk(tmp_path: Path, chromium: str) -> None:
    async with attacker_site() as attacker:
        with kiosk_serve(tmp_path / "guarded") as (url, server, log):
            visit = f"{attacker}/?kiosk={url.replace('http://', 'ws://')}"
            assert await _title_after_visiting(chromium, visit) == "refused"
            assert kiosks_started_by(server) == 0
            assert f"Refused GET /ws: Origin '{attacker}' is not this server's." in log.read_text()
        # The same page from an origin the configuration allows does open a kiosk: the test can see one.
        with kiosk_serve(tmp_path / "allowed", f"web:\n  allowed_origins: ['{attacker}']\n") as (url, server, _):
            visit = f"{attacker}/?kiosk={url.replace('http://', 'ws://')}"
            assert await _title_after_visiting(chromium, visit) == "opened"
            _wait_for(lambda: kiosks_started_by(server) == 1, "the allowed page's kiosk", 30)
