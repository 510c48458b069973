"""Web mode: ``kiosk serve`` shows the kiosk's home page in a real (headless) Chromium.

textual-serve draws the terminal with xterm.js on a canvas, so the page's DOM holds no text.
The test reads what the terminal shows from xterm.js's own screen buffer instead: a script
installed before the page loads keeps a reference to the terminal object when textual-serve
creates it, and the test asks Chromium (over the DevTools protocol) for the visible rows.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from kiosk.core.content import Content

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1280,800",
)

#: Runs before the page's own scripts: textual-serve does ``this.terminal = new Terminal(...)``;
#: a setter on Object.prototype sees that assignment, keeps the terminal, and then steps aside.
CATCH_TERMINAL = """
Object.defineProperty(Object.prototype, "terminal", {
  configurable: true,
  get() { return undefined; },
  set(value) {
    Object.defineProperty(this, "terminal", {value, writable: true, configurable: true, enumerable: true});
    if (value && typeof value.write === "function") { window.__kioskTerminal = value; }
  },
});
"""

#: The rows the terminal shows now, or null before the terminal exists.
SCREEN_TEXT = """
(() => {
  const terminal = window.__kioskTerminal;
  if (!terminal) { return null; }
  const buffer = terminal.buffer.active;
  const rows = [];
  for (let row = 0; row < terminal.rows; row++) {
    const line = buffer.getLine(buffer.viewportY + row);
    rows.push(line ? line.translateToString(true) : "");
  }
  return rows.join("\\n");
})()
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _stop_group(process: subprocess.Popen[bytes]) -> None:
    """End a process we started in its own session, and everything it started (bounded)."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=10)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)  # children (kiosk run, renderers) that outlived it
    process.wait(timeout=10)


def _wait_for(condition: Any, what: str, timeout_s: float, log: Path | None = None) -> Any:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.1)
    detail = f"\n{log.name}:\n{log.read_text(errors='replace')[-3000:]}" if log and log.exists() else ""
    raise AssertionError(f"waited {timeout_s:.0f} s for {what}{detail}")


def _answers(url: str) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", int(url.rsplit(":", 1)[1].strip("/"))), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture
def kiosk_server(tmp_path: Path) -> Iterator[str]:
    """``kiosk serve`` on a free localhost port; its address."""
    config = tmp_path / "kiosk.yaml"
    config.write_text(f"data_dir: {tmp_path / 'data'}\n")
    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "kiosk", "serve", "--host", "127.0.0.1", "--port", str(port), "--config", config],
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        url = f"http://127.0.0.1:{port}/"
        _wait_for(lambda: server.poll() is not None or _answers(url), "kiosk serve to listen", 30, log)
        assert server.poll() is None, f"kiosk serve ended at once:\n{log.read_text(errors='replace')}"
        yield url
    finally:
        _stop_group(server)


@pytest.fixture
def chromium(tmp_path: Path) -> Iterator[str]:
    """Headless Chromium with the DevTools protocol on a free port; the address of its blank page."""
    log = tmp_path / "chromium.log"
    profile = tmp_path / "chromium-profile"
    with log.open("wb") as output:
        browser = subprocess.Popen(
            [CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--remote-debugging-port=0", "about:blank"],
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        # Chromium writes the port it chose into the profile once DevTools listens.
        port_file = profile / "DevToolsActivePort"
        _wait_for(lambda: port_file.exists() and port_file.read_text().strip(), "Chromium's DevTools", 60, log)
        port = port_file.read_text().split()[0]
        yield f"http://127.0.0.1:{port}"
    finally:
        _stop_group(browser)


class DevTools:
    """The smallest client of the Chrome DevTools protocol: send a command, get its result."""

    def __init__(self, socket_: aiohttp.ClientWebSocketResponse) -> None:
        self.socket = socket_
        self.ids = itertools.count(1)
        #: Events that arrived while waiting for answers, in order.
        self.events: list[dict[str, Any]] = []

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        number = next(self.ids)
        await self.socket.send_str(json.dumps({"id": number, "method": method, "params": params}))
        async with asyncio.timeout(30):
            while True:
                message = json.loads((await self.socket.receive()).data)
                if message.get("id") == number:
                    assert "error" not in message, message
                    return dict(message["result"])
                if "method" in message:
                    self.events.append(message)

    def requested_urls(self) -> list[str]:
        return [
            event["params"]["request"]["url"] for event in self.events if event["method"] == "Network.requestWillBeSent"
        ]


async def _screen_text(devtools: DevTools) -> str:
    result = await devtools.call("Runtime.evaluate", expression=SCREEN_TEXT, returnByValue=True)
    return str(result["result"].get("value") or "")


async def test_kiosk_serve_shows_the_home_page_in_a_browser(kiosk_server: str, chromium: str, content: Content) -> None:
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{chromium}/json/list") as response:
            targets = await response.json()
        page = next(target for target in targets if target["type"] == "page")
        async with session.ws_connect(page["webSocketDebuggerUrl"], max_msg_size=0) as socket_:
            devtools = DevTools(socket_)
            await devtools.call("Page.enable")
            await devtools.call("Network.enable")
            await devtools.call("Page.addScriptToEvaluateOnNewDocument", source=CATCH_TERMINAL)
            await devtools.call("Page.navigate", url=kiosk_server)

            expected = re.sub(r"\s+", " ", content.title)
            screen = ""
            deadline = time.monotonic() + 60
            while expected not in re.sub(r"\s+", " ", screen) and time.monotonic() < deadline:
                await asyncio.sleep(0.25)
                screen = await _screen_text(devtools)
            assert expected in re.sub(r"\s+", " ", screen), (
                f"the browser did not show the home page title {expected!r} within 60 s; it showed:\n{screen}"
            )
            title = await devtools.call("Runtime.evaluate", expression="document.title", returnByValue=True)
            assert title["result"]["value"] == content.title

    # Privacy: opening the kiosk asks nothing of any other server (no web fonts, no trackers).
    requested = devtools.requested_urls()
    assert requested and requested[0] == kiosk_server
    elsewhere = [url for url in requested if not url.startswith((kiosk_server, "data:", "blob:"))]
    assert not elsewhere, f"the kiosk page asked other servers for: {elsewhere}"


def test_kiosk_serve_refuses_a_broken_configuration_with_a_sentence(tmp_path: Path) -> None:
    config = tmp_path / "kiosk.yaml"
    config.write_text("theme: neon\n")
    done = subprocess.run(
        [sys.executable, "-m", "kiosk", "serve", "--port", str(_free_port()), "--config", str(config)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert "[theme] 'neon' is not allowed here" in done.stderr
    assert "cannot be served until these problems are fixed" in done.stderr
    assert "Traceback" not in done.stderr


def test_kiosk_serve_says_when_its_port_is_taken(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [sys.executable, "-m", "kiosk", "serve", "--host", "127.0.0.1", "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode == 1
    assert f"cannot be served on 127.0.0.1:{port}" in done.stderr
    assert "Choose another with --port" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout
