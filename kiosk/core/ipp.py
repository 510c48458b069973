"""Ask CUPS for the state of one print job over IPP (Get-Job-Attributes), with the standard library.

``lpstat`` lists a job as "completed" whether it printed, was cancelled or was aborted, so it
cannot tell a family "take your slip" truthfully. IPP's ``job-state`` can. Only this one small
request is spoken here; jobs are still submitted with ``lp``.

CUPS is found as its own client library finds it: ``CUPS_SERVER``, then ``ServerName`` in
``~/.cups/client.conf`` or ``/etc/cups/client.conf``, then the local socket, then localhost:631.
"""

from __future__ import annotations

import getpass
import http.client
import os
import socket
import struct
from dataclasses import dataclass
from pathlib import Path

DEFAULT_SOCKET = Path("/run/cups/cups.sock")
DEFAULT_PORT = 631

_GET_JOB_ATTRIBUTES = 0x0009
_STATUS_NOT_FOUND = 0x0406
_END_TAG = 0x03
_OPERATION_TAG = 0x01
_INTEGER_TAGS = (0x21, 0x23)
_STRING_TAGS = (0x41, 0x42, 0x44, 0x45, 0x47, 0x48)

#: RFC 8011 job-state values.
JOB_STATES = {
    3: "pending",
    4: "pending-held",
    5: "processing",
    6: "processing-stopped",
    7: "canceled",
    8: "aborted",
    9: "completed",
}
FINISHED_STATES = ("canceled", "aborted", "completed")


class IppError(Exception):
    """CUPS could not be reached, or answered something this client cannot use."""


@dataclass(frozen=True)
class JobState:
    """What CUPS says about one job."""

    state: str
    reasons: tuple[str, ...]
    #: The printer's last message about the job (a backend error, for instance); may be empty.
    message: str

    @property
    def finished(self) -> bool:
        return self.state in FINISHED_STATES


@dataclass(frozen=True)
class CupsServer:
    """Where the CUPS scheduler listens: a Unix socket path, or a host and port."""

    socket_path: str = ""
    host: str = "localhost"
    port: int = DEFAULT_PORT


def _server_from_name(name: str) -> CupsServer:
    name = name.split("/version=")[0].strip()
    if name.startswith("/"):
        return CupsServer(socket_path=name)
    host, _, port = name.rpartition(":") if name.count(":") == 1 else (name, "", "")
    return CupsServer(host=host or name, port=int(port) if port.isdigit() else _default_port())


def _default_port() -> int:
    port = os.environ.get("IPP_PORT", "")
    return int(port) if port.isdigit() else DEFAULT_PORT


def _client_conf_server() -> str:
    home = os.environ.get("HOME", "")
    candidates = [Path(home) / ".cups" / "client.conf"] if home else []
    candidates.append(Path("/etc/cups/client.conf"))
    for path in candidates:
        try:
            lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            continue
        for line in lines:
            key, _, value = line.strip().partition(" ")
            if key.lower() == "servername" and value.strip():
                return value.strip()
    return ""


def cups_server() -> CupsServer:
    """The CUPS scheduler this process talks to, found the way libcups finds it."""
    name = os.environ.get("CUPS_SERVER", "").strip() or _client_conf_server()
    if name:
        return _server_from_name(name)
    if DEFAULT_SOCKET.exists():
        return CupsServer(socket_path=str(DEFAULT_SOCKET))
    return CupsServer(port=_default_port())


class _UnixHTTPConnection(http.client.HTTPConnection):
    """HTTP over the scheduler's local socket (CUPS speaks IPP over HTTP there too)."""

    def __init__(self, path: str, timeout: float) -> None:
        super().__init__("localhost", timeout=timeout)
        self.socket_path = path

    def connect(self) -> None:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(self.timeout)
        try:
            sock.connect(self.socket_path)
        except OSError:
            sock.close()
            raise
        self.sock = sock


def _attribute(tag: int, name: str, value: str) -> bytes:
    encoded_name, encoded_value = name.encode(), value.encode()
    return (
        struct.pack(">BH", tag, len(encoded_name))
        + encoded_name
        + struct.pack(">H", len(encoded_value))
        + encoded_value
    )


def _request(job_id: int, user: str) -> bytes:
    return b"".join(
        (
            struct.pack(">BBHI", 2, 0, _GET_JOB_ATTRIBUTES, 1),
            bytes([_OPERATION_TAG]),
            _attribute(0x47, "attributes-charset", "utf-8"),
            _attribute(0x48, "attributes-natural-language", "en"),
            _attribute(0x45, "job-uri", f"ipp://localhost/jobs/{job_id}"),
            _attribute(0x42, "requesting-user-name", user),
            _attribute(0x44, "requested-attributes", "job-state"),
            _attribute(0x44, "", "job-state-reasons"),
            _attribute(0x44, "", "job-printer-state-message"),
            bytes([_END_TAG]),
        )
    )


def parse_response(data: bytes) -> tuple[int, dict[str, list[int | str]]]:
    """The status code and attributes of an IPP response (integers, enums and strings only)."""
    if len(data) < 8:
        raise IppError("CUPS sent a truncated answer.")
    status = struct.unpack(">H", data[2:4])[0]
    attributes: dict[str, list[int | str]] = {}
    position, last_name = 8, ""
    try:
        while position < len(data):
            tag = data[position]
            position += 1
            if tag == _END_TAG:
                break
            if tag < 0x10:
                continue
            (name_length,) = struct.unpack(">H", data[position : position + 2])
            name = data[position + 2 : position + 2 + name_length].decode("utf-8", "replace")
            position += 2 + name_length
            (value_length,) = struct.unpack(">H", data[position : position + 2])
            raw = data[position + 2 : position + 2 + value_length]
            position += 2 + value_length
            last_name = name or last_name
            value: int | str | None = None
            if tag in _INTEGER_TAGS and value_length == 4:
                value = struct.unpack(">i", raw)[0]
            elif tag in _STRING_TAGS:
                value = raw.decode("utf-8", "replace")
            if value is not None:
                attributes.setdefault(last_name, []).append(value)
    except struct.error as error:
        raise IppError("CUPS sent an answer that could not be read.") from error
    return status, attributes


def get_job_state(job_id: int, timeout: float = 5.0, server: CupsServer | None = None) -> JobState | None:
    """The state of job ``job_id``, or None when CUPS no longer knows it.

    Raises IppError when CUPS cannot be reached within ``timeout`` seconds or refuses the request.
    """
    server = server or cups_server()
    connection: http.client.HTTPConnection
    if server.socket_path:
        connection = _UnixHTTPConnection(server.socket_path, timeout)
    else:
        connection = http.client.HTTPConnection(server.host, server.port, timeout=timeout)
    try:
        connection.request(
            "POST", "/jobs/", body=_request(job_id, getpass.getuser()), headers={"Content-Type": "application/ipp"}
        )
        response = connection.getresponse()
        body = response.read()
    except (OSError, http.client.HTTPException) as error:
        raise IppError(f"CUPS could not be reached: {error}") from error
    finally:
        connection.close()
    if response.status != 200:
        raise IppError(f"CUPS answered HTTP {response.status} {response.reason}.")
    status, attributes = parse_response(body)
    if status == _STATUS_NOT_FOUND:
        return None
    if status >= 0x0400:
        raise IppError(f"CUPS refused to describe job {job_id} (IPP status 0x{status:04x}).")
    state_values = attributes.get("job-state", [])
    state = JOB_STATES.get(int(state_values[0]), "unknown") if state_values else "unknown"
    reasons = tuple(str(reason) for reason in attributes.get("job-state-reasons", []))
    message = " ".join(str(text) for text in attributes.get("job-printer-state-message", [])).strip()
    return JobState(state, reasons, message)
