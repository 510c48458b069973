"""What CUPS keeps of a family's slip: nothing once it has printed, and never the language in a job's name.

CUPS keeps, by default, every job's record (its name, its times to the second) and for a day the
document itself. The kiosk names every job "Kiosk slip", and CUPS is set up (scripts/start-cups.sh
here, docs/deploy.md on a kiosk) with ``PreserveJobFiles No`` and a 30-second ``PreserveJobHistory``.
"""

from __future__ import annotations

import dataclasses
import getpass
import http.client
import struct
from pathlib import Path

import pytest

from kiosk.core import ipp
from kiosk.core.config import KioskConfig
from kiosk.core.content import Content
from kiosk.core.i18n import Translator
from kiosk.core.ipp import get_job_state
from kiosk.core.printing import DONE, print_slip
from kiosk.core.slip import build_slip
from tests.conftest import LOCALES_DIR
from tests.test_printing import JOB_TIMEOUT_S, PRINTED_ON, QUEUE, start_cups, wait_until

SPOOL = Path("/var/spool/cups")
#: PreserveJobHistory (30 s) plus CUPS's own clean-up round.
HISTORY_GONE_S = 90.0


@pytest.fixture(scope="module", autouse=True)
def _cups() -> None:
    start_cups()


def test_after_a_slip_prints_cups_keeps_no_document_and_soon_no_record(content: Content) -> None:
    russian = Translator("ru", LOCALES_DIR)
    slip = build_slip(content, russian, "mediation", PRINTED_ON)
    settings = dataclasses.replace(KioskConfig().printer, queue=QUEUE, timeout_s=JOB_TIMEOUT_S)
    statuses = list(print_slip(slip, russian, settings))
    last = statuses[-1]
    assert last.state == DONE, last.detail
    number = int(last.job.rsplit("-", 1)[1])
    record, document = SPOOL / f"c{number:05d}", SPOOL / f"d{number:05d}-001"

    assert not document.exists(), f"CUPS kept the slip's PDF as {document}"
    # CUPS keeps the job's record for 30 s, so the kiosk can tell a printed job from a cancelled
    # one; the record names the job, never the language.
    assert job_name(number) == "Kiosk slip"
    wait_until(lambda: get_job_state(number) is None, HISTORY_GONE_S, f"CUPS forgetting job {number}")
    assert not record.exists() and not document.exists()


def job_name(number: int) -> str:
    """The job's name as CUPS holds it (IPP Get-Job-Attributes, job-name)."""
    request = b"".join(
        (
            struct.pack(">BBHI", 2, 0, 0x0009, 1),
            bytes([0x01]),
            ipp._attribute(0x47, "attributes-charset", "utf-8"),
            ipp._attribute(0x48, "attributes-natural-language", "en"),
            ipp._attribute(0x45, "job-uri", f"ipp://localhost/jobs/{number}"),
            ipp._attribute(0x42, "requesting-user-name", getpass.getuser()),
            ipp._attribute(0x44, "requested-attributes", "job-name"),
            bytes([0x03]),
        )
    )
    server = ipp.cups_server()
    connection = (
        ipp._UnixHTTPConnection(server.socket_path, 10.0)
        if server.socket_path
        else http.client.HTTPConnection(server.host, server.port, timeout=10.0)
    )
    try:
        connection.request("POST", "/jobs/", body=request, headers={"Content-Type": "application/ipp"})
        _status, attributes = ipp.parse_response(connection.getresponse().read())
    finally:
        connection.close()
    return str(attributes["job-name"][0])
