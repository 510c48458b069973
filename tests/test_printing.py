"""Printing the slip through a real CUPS with a cups-pdf queue, and every fault a kiosk meets.

The "printer" is the kiosk-pdf queue made by scripts/start-cups.sh: each job becomes a PDF in
PDF_DIR. cups-pdf re-draws the slip through PostScript and Ghostscript, which keeps the look
(the QR codes still scan) but not the text layer, so text and fonts are checked on the PDF that
was sent, and the printed PDF is checked for arriving whole, at its size, with scannable codes.
Fault tests change CUPS only through fixtures that restore it, even when the test fails.
"""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.core import fonts
from kiosk.core.config import REPO_ROOT, KioskConfig
from kiosk.core.content import Content
from kiosk.core.fonts import ARABIC, FontFace, FontFamily
from kiosk.core.i18n import Translator
from kiosk.core.ipp import get_job_state
from kiosk.core.printing import (
    CUPS_DOWN,
    DONE,
    FAILED,
    JOB_FAILED,
    LP_MISSING,
    NO_PRINTER,
    NOT_ACCEPTING,
    PRINTING,
    QUEUE_STOPPED,
    SENDING,
    SLIP_NOT_MADE,
    TIMED_OUT,
    UNKNOWN_QUEUE,
    PrintStatus,
    failure_message,
    print_pdf,
    print_slip,
    printer_status,
)
from kiosk.core.slip import build_slip
from kiosk.core.slip_pdf import write_slip_pdf
from tests.conftest import LOCALES_DIR
from tests.test_slip import PRINTED_ON
from tests.test_slip_pdf import decode_pdf_qr_codes, embedded_fonts, page_sizes_mm, pdf_text, squash

QUEUE = "kiosk-pdf"
PDF_DIR = Path("/var/spool/cups-pdf/kiosk-pdf")
PPD = "/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd"
START_CUPS = REPO_ROOT / "scripts" / "start-cups.sh"
#: Generous bounds: a slip takes 1-3 s through cups-pdf; these only stop a broken run from hanging.
JOB_TIMEOUT_S = 60.0
ARRIVAL_TIMEOUT_S = 30.0
C_LOCALE = {**os.environ, "LC_ALL": "C"}


def cups_command(*args: str) -> subprocess.CompletedProcess[str]:
    """Run a CUPS admin command (lpadmin, cupsdisable...) and fail the test if it fails."""
    result = subprocess.run(args, capture_output=True, text=True, timeout=30, check=False, env=C_LOCALE)
    assert result.returncode == 0, f"{' '.join(args)} failed: {result.stderr}"
    return result


def start_cups() -> None:
    result = subprocess.run([str(START_CUPS)], capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, f"scripts/start-cups.sh failed: {result.stderr}"


def scheduler_running() -> bool:
    return "scheduler is running" in cups_command("lpstat", "-r").stdout


def wait_until(condition: Callable[[], bool], timeout_s: float, what: str) -> None:
    """Poll ``condition`` until it holds; fail naming ``what`` after ``timeout_s`` seconds."""
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, f"{what} did not happen within {timeout_s:.0f} s"
        time.sleep(0.1)


def printed_file(job: str, since: float) -> Path:
    """The PDF cups-pdf wrote for ``job`` ("kiosk-pdf-12" -> ...-job_12.pdf) after ``since`` (a
    time.time() taken before printing, so a file left by an older CUPS with the same job number
    cannot stand in), waiting for it (bounded)."""
    number = job.rsplit("-", 1)[1]
    found: list[Path] = []

    def arrived() -> bool:
        found[:] = [p for p in sorted(PDF_DIR.glob(f"*job_{number}.pdf")) if p.stat().st_mtime >= since - 1]
        return bool(found) and found[0].stat().st_size > 0

    wait_until(arrived, ARRIVAL_TIMEOUT_S, f"the PDF of job {job} arriving in {PDF_DIR}")
    return found[0]


def final(statuses: list[PrintStatus]) -> PrintStatus:
    assert statuses, "print_pdf gave no status at all"
    assert [s for s in statuses if s.final] == [statuses[-1]], "exactly one final status, last"
    return statuses[-1]


@pytest.fixture(scope="module", autouse=True)
def cups() -> None:
    """CUPS with the kiosk-pdf queue (idempotent: fine when make test has started it already)."""
    start_cups()


@pytest.fixture
def english(tmp_path: Path) -> Translator:
    return Translator("en", tmp_path)


@pytest.fixture
def sample_pdf(content: Content, english: Translator, tmp_path: Path) -> Path:
    path = tmp_path / "slip.pdf"
    write_slip_pdf(build_slip(content, english, "mediation", PRINTED_ON), path, "roll80")
    return path


@pytest.fixture
def spare_queue() -> Iterator[Callable[..., str]]:
    """Make extra cups-pdf queues for one test (``make("paused")``); each is deleted afterwards,
    which also cancels any job left on it."""
    made: list[str] = []

    def make(purpose: str, *options: str) -> str:
        name = f"kiosk-test-{purpose}"
        made.append(name)
        option_args = [arg for option in options for arg in ("-o", option)]
        cups_command("lpadmin", "-p", name, "-E", "-v", f"cups-pdf:/{name}", "-P", PPD, *option_args)
        return name

    yield make
    for name in made:
        subprocess.run(["lpadmin", "-x", name], capture_output=True, timeout=30, check=False)


# --- Printing slips in five languages and both papers ---------------------------------------


@pytest.mark.parametrize(
    ("lang", "paper", "page"),
    [
        ("en", "a4", "still-not-happy"),
        # Steps 1 and 3 print no phone number now: every one of their contacts' phones is unconfirmed.
        ("pl", "roll80", "still-not-happy"),
        ("uk", "a4", "make-a-complaint"),
        ("ar", "roll80", "still-not-happy"),
        ("zh_Hans", "a4", "still-not-happy"),
    ],
)
def test_slip_prints_in_each_language(content: Content, tmp_path: Path, lang: str, paper: str, page: str) -> None:
    # The real catalogues: headings are checked in whatever each language has today.
    tr = Translator(lang, LOCALES_DIR)
    slip = build_slip(content, tr, page, PRINTED_ON)
    sent = tmp_path / "sent.pdf"
    document = write_slip_pdf(slip, sent, paper)

    text = pdf_text(sent)
    for heading in ("Who can help", "The four steps", "This slip holds no personal information."):
        assert squash(tr.gettext(heading)) in squash(text)
    for step in content.steps:
        assert squash(tr.gettext(step.title)) in squash(text)
    phones = [d.value.text for contact in slip.contacts() for d in contact.details if d.kind == "phone"]
    assert phones, f"the {page} slip has phone numbers to check"
    for phone in phones:
        assert phone in text.replace("\u00a0", " "), f"{phone} is not printed whole"
    found = embedded_fonts(sent)
    assert all(found.values()), f"fonts not embedded: {found}"
    script_font = {"ar": "NotoNaskhArabic", "zh_Hans": "NotoSansCJKSC"}.get(lang, "DejaVuSans")
    assert script_font in {name.split("-")[0].removesuffix("Book") for name in found}

    since = time.time()
    statuses = list(print_pdf(sent, tr, QUEUE, media=document.media, timeout_s=JOB_TIMEOUT_S))
    assert [s.state for s in statuses[:2]] == [SENDING, PRINTING]
    last = final(statuses)
    assert (last.state, last.message) == (DONE, tr.gettext("Please take your slip.")), last.detail

    printed = printed_file(last.job, since)
    sizes = page_sizes_mm(printed)
    assert len(sizes) == document.pages
    assert sizes[0][0] == pytest.approx(document.page_width_mm, abs=0.5)
    assert sizes[0][1] == pytest.approx(document.page_height_mm, abs=0.5)
    assert sorted(decode_pdf_qr_codes(printed, tmp_path / "printed")) == sorted(slip.websites())


def test_kiosk_print_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["print", "--lang", "pl", "--page", "mediation", "--paper", "roll80", "--printer", QUEUE]) == 0
    lines = capsys.readouterr().out.splitlines()
    tr = Translator("pl", LOCALES_DIR)
    assert lines[0] == tr.gettext("Your slip is printing.")
    assert lines[-1].startswith(tr.gettext("Please take your slip.") + " (Job kiosk-pdf-")

    assert main(["print", "--lang", "en", "--printer", "kiosk-no-such-queue"]) == 1
    error = capsys.readouterr().err
    assert "The kiosk cannot find its printer. You can scan the QR codes instead." in error
    assert "'kiosk-no-such-queue' does not exist" in error


def test_print_slip_uses_the_configured_queue_and_paper(content: Content, english: Translator) -> None:
    slip = build_slip(content, english, "still-not-happy", PRINTED_ON)
    settings = dataclasses.replace(KioskConfig().printer, queue=QUEUE, paper="roll80", timeout_s=JOB_TIMEOUT_S)
    since = time.time()
    last = final(list(print_slip(slip, english, settings)))
    assert last.state == DONE, last.detail
    [(width, _height)] = page_sizes_mm(printed_file(last.job, since))
    assert width == pytest.approx(80, abs=0.5)


def test_printer_status_of_a_ready_queue() -> None:
    assert printer_status(QUEUE) == (True, "Slips print on the print queue 'kiosk-pdf', which is ready.")
    ok, sentence = printer_status("")
    assert ok and "(the system default)" in sentence


# --- Faults: each one a plain sentence, never a hang ----------------------------------------


def assert_failed(statuses: list[PrintStatus], failure: str, tr: Translator) -> PrintStatus:
    last = final(statuses)
    assert (last.state, last.failure) == (FAILED, failure), last
    assert last.message == failure_message(tr, failure)
    assert last.message.endswith(" You can scan the QR codes instead.")
    return last


def test_paused_queue(sample_pdf: Path, english: Translator, spare_queue: Callable[..., str]) -> None:
    queue = spare_queue("paused")
    cups_command("cupsdisable", "-r", "Out of paper", queue)
    last = assert_failed(list(print_pdf(sample_pdf, english, queue)), QUEUE_STOPPED, english)
    assert last.message == "The printer is paused. You can scan the QR codes instead."
    assert f"'{queue}' is stopped (Out of paper)" in last.detail and f"cupsenable {queue}" in last.detail
    assert last.job == "", "nothing is sent to a paused printer"
    ok, sentence = printer_status(queue)
    assert not ok and sentence == last.detail


def test_queue_paused_while_the_job_waits(
    sample_pdf: Path, english: Translator, spare_queue: Callable[..., str]
) -> None:
    queue = spare_queue("held", "job-hold-until-default=indefinite")
    statuses = []
    for status in print_pdf(sample_pdf, english, queue, timeout_s=JOB_TIMEOUT_S):
        statuses.append(status)
        if status.state == PRINTING and len(statuses) == 2:
            cups_command("cupsdisable", queue)
    last = assert_failed(statuses, QUEUE_STOPPED, english)
    job_state = get_job_state(int(last.job.rsplit("-", 1)[1]))
    assert job_state is not None and job_state.state == "canceled", "the waiting job is cancelled"


def test_queue_not_accepting_jobs(sample_pdf: Path, english: Translator, spare_queue: Callable[..., str]) -> None:
    queue = spare_queue("rejecting")
    cups_command("cupsreject", "-r", "Maintenance", queue)
    last = assert_failed(list(print_pdf(sample_pdf, english, queue)), NOT_ACCEPTING, english)
    assert "(Maintenance)" in last.detail and f"cupsaccept {queue}" in last.detail


def test_unknown_queue(sample_pdf: Path, english: Translator) -> None:
    last = assert_failed(list(print_pdf(sample_pdf, english, "kiosk-no-such-queue")), UNKNOWN_QUEUE, english)
    assert "'kiosk-no-such-queue' does not exist in CUPS" in last.detail
    assert printer_status("kiosk-no-such-queue") == (False, last.detail)


def test_job_that_never_prints_is_cancelled_at_the_time_limit(
    sample_pdf: Path, english: Translator, spare_queue: Callable[..., str]
) -> None:
    queue = spare_queue("stuck", "job-hold-until-default=indefinite")
    last = assert_failed(list(print_pdf(sample_pdf, english, queue, timeout_s=2)), TIMED_OUT, english)
    assert last.message == "The printer did not print your slip in time. You can scan the QR codes instead."
    job_state = get_job_state(int(last.job.rsplit("-", 1)[1]))
    assert job_state is not None and job_state.state == "canceled", "it must not print for the next family"


def test_job_cancelled_by_staff_is_not_reported_as_printed(
    sample_pdf: Path, english: Translator, spare_queue: Callable[..., str]
) -> None:
    queue = spare_queue("cancelled", "job-hold-until-default=indefinite")
    statuses = []
    for status in print_pdf(sample_pdf, english, queue, timeout_s=JOB_TIMEOUT_S):
        statuses.append(status)
        if status.state == PRINTING and len(statuses) == 2:
            cups_command("cancel", status.job)
    last = assert_failed(statuses, JOB_FAILED, english)
    assert "was canceled by CUPS" in last.detail


def test_stop_event_ends_following_without_a_verdict(
    sample_pdf: Path, english: Translator, spare_queue: Callable[..., str]
) -> None:
    queue = spare_queue("left", "job-hold-until-default=indefinite")
    stop = threading.Event()
    statuses = []
    for status in print_pdf(sample_pdf, english, queue, timeout_s=JOB_TIMEOUT_S, stop=stop):
        statuses.append(status)
        stop.set()
    assert statuses[0].state == SENDING and statuses[-1].state == PRINTING
    assert not any(status.final for status in statuses)


def test_no_lp_command(sample_pdf: Path, english: Translator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    last = assert_failed(list(print_pdf(sample_pdf, english, QUEUE)), LP_MISSING, english)
    assert last.message == "Printing is not installed on this kiosk. You can scan the QR codes instead."
    assert "Install the Debian package cups-client." in last.detail
    assert printer_status(QUEUE) == (False, last.detail)
    # The command says so too, with no traceback.
    result = subprocess.run(
        [sys.executable, "-m", "kiosk", "print", "--lang", "en", "--page", "mediation"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "PATH": str(empty)},
    )
    assert result.returncode == 1
    assert "kiosk print: Printing is not installed on this kiosk." in result.stderr
    assert "Traceback" not in result.stderr


@pytest.fixture
def stopped_cupsd() -> Iterator[None]:
    """cupsd stopped (it was started by scripts/start-cups.sh), then started again whatever happens."""
    pid = int(Path("/run/cups/cupsd.pid").read_text(encoding="utf-8").strip())
    try:
        os.kill(pid, 15)
        wait_until(lambda: not scheduler_running(), 15, "cupsd stopping")
        yield
    finally:
        start_cups()
        wait_until(scheduler_running, 15, "cupsd starting again")


@pytest.mark.usefixtures("stopped_cupsd")
def test_cups_not_running(sample_pdf: Path, english: Translator) -> None:
    last = assert_failed(list(print_pdf(sample_pdf, english, QUEUE)), CUPS_DOWN, english)
    assert last.message == "The printing service is not running. You can scan the QR codes instead."
    assert "cupsd" in last.detail and "is not running" in last.detail
    assert printer_status(QUEUE) == (False, last.detail)
    assert printer_status("") == (False, last.detail)


@pytest.fixture
def no_default_printer(spare_queue: Callable[..., str]) -> Iterator[None]:
    """CUPS without a default queue (made default, then deleted), with the default restored afterwards."""
    before = cups_command("lpstat", "-d").stdout.split(": ")[-1].strip()
    queue = spare_queue("default")
    try:
        cups_command("lpadmin", "-d", queue)
        cups_command("lpadmin", "-x", queue)
        yield
    finally:
        cups_command("lpadmin", "-d", before or QUEUE)


@pytest.mark.usefixtures("no_default_printer")
def test_no_printer_configured(sample_pdf: Path, english: Translator) -> None:
    last = assert_failed(list(print_pdf(sample_pdf, english, "")), NO_PRINTER, english)
    assert last.message == "No printer is set up for this kiosk. You can scan the QR codes instead."
    assert "set printer.queue" in last.detail and "lpadmin -d" in last.detail
    assert printer_status("") == (False, last.detail)


def test_slip_that_cannot_be_rendered_fails_with_a_sentence(
    content: Content, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gone = FontFace(tmp_path / "missing.ttf", "fonts-noto-core")
    monkeypatch.setitem(fonts.FAMILIES, ARABIC, FontFamily("naskh", gone, gone))
    tr = Translator("ar", tmp_path)
    slip = build_slip(content, tr, None, PRINTED_ON)
    settings = dataclasses.replace(KioskConfig().printer, queue=QUEUE)
    last = assert_failed(list(print_slip(slip, tr, settings)), SLIP_NOT_MADE, tr)
    assert "Install the Debian package fonts-noto-core" in last.detail
