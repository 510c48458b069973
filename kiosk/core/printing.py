"""Printing the slip through CUPS: submit with ``lp``, follow the job, explain every failure.

``print_pdf`` is a generator of ``PrintStatus`` events meant to run in a worker thread: it never
blocks longer than the time limit (every command has a timeout) and it never raises for a
printing fault - each fault ends the events with a FAILED status whose ``message`` is a plain
sentence for the family (translated) and whose ``detail`` says, in English, what staff can do.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kiosk.core.config import PrinterSettings
from kiosk.core.errors import KioskError
from kiosk.core.fonts import families_for
from kiosk.core.i18n import N_, Translator
from kiosk.core.ipp import IppError, JobState, get_job_state
from kiosk.core.slip import Slip
from kiosk.core.slip_render import RenderStoppedError, render_in_child

#: PrintStatus.state values, in the order a successful job goes through them.
SENDING, PRINTING, DONE, FAILED = "sending", "printing", "done", "failed"

#: Every slip job's name in CUPS: never the language or anything else about the family.
JOB_TITLE = "Kiosk slip"

#: Failure kinds (PrintStatus.failure).
NO_PRINTER = "no-printer"
UNKNOWN_QUEUE = "unknown-queue"
QUEUE_STOPPED = "queue-stopped"
NOT_ACCEPTING = "not-accepting"
CUPS_DOWN = "cups-down"
LP_MISSING = "lp-missing"
JOB_FAILED = "job-failed"
TIMED_OUT = "timed-out"
SLIP_NOT_MADE = "slip-not-made"
#: The print worker itself failed (a bug, not the printer): the family is told plainly, staff get the error.
UNEXPECTED = "unexpected"

#: What the family reads (and hears) for each failure; always followed by the QR-code hint.
FAMILY_MESSAGES = {
    NO_PRINTER: N_("No printer is set up for this kiosk."),
    UNKNOWN_QUEUE: N_("The kiosk cannot find its printer."),
    QUEUE_STOPPED: N_("The printer is paused."),
    NOT_ACCEPTING: N_("The printer is not taking slips at the moment."),
    CUPS_DOWN: N_("The printing service is not running."),
    LP_MISSING: N_("Printing is not installed on this kiosk."),
    JOB_FAILED: N_("Your slip could not be printed."),
    TIMED_OUT: N_("The printer did not print your slip in time."),
    SLIP_NOT_MADE: N_("Your slip could not be printed."),
    UNEXPECTED: N_("Something went wrong while printing your slip."),
}
#: Follows every failure message.
QR_HINT = N_("You can scan the QR codes instead.")

#: Seconds between two looks at the job; a slip takes a few seconds, so this feels immediate.
POLL_INTERVAL_S = 0.25
#: Longest wait for any one command, so a stuck CUPS cannot hold the kiosk.
COMMAND_TIMEOUT_S = 10.0

#: Seconds between two looks at the queue while a job waits, to notice a paused printer.
QUEUE_CHECK_INTERVAL_S = 1.0
#: Job states in which a job is waiting for the printer rather than being printed.
WAITING_STATES = ("pending", "pending-held")

_REQUEST_ID = re.compile(r"request id is (\S+)-(\d+)")


@dataclass(frozen=True)
class PrintStatus:
    """One step of a print job, as the family and staff should hear about it."""

    state: str
    #: A sentence for the family, in their language.
    message: str
    #: For staff and logs, in English: what happened and what to do. Empty when nothing to add.
    detail: str = ""
    #: The failure kind (see FAMILY_MESSAGES) when ``state`` is FAILED.
    failure: str = ""
    #: CUPS job name such as "kiosk-pdf-12", once the job exists.
    job: str = ""

    @property
    def final(self) -> bool:
        """True for the last status of a job: printed, or failed."""
        return self.state in (DONE, FAILED)


@dataclass(frozen=True)
class _Problem:
    failure: str
    detail: str


class _PrintError(Exception):
    def __init__(self, failure: str, detail: str) -> None:
        super().__init__(detail)
        self.problem = _Problem(failure, detail)


def failure_message(tr: Translator, failure: str) -> str:
    """The family's sentence for a failure, followed by the QR-code hint, in ``tr``'s language."""
    return f"{tr.gettext(FAMILY_MESSAGES[failure])} {tr.gettext(QR_HINT)}"


def _environment() -> dict[str, str]:
    # Untranslated messages from lp and lpstat: they are parsed here, not shown to families.
    return {**os.environ, "LC_ALL": "C", "LANG": "C", "LANGUAGE": ""}


class _Cups:
    """The CUPS commands, each run with an argument list, no shell, and a time limit."""

    def __init__(self, deadline: float) -> None:
        self.deadline = deadline
        self.env = _environment()
        path = self.env.get("PATH", os.defpath)
        self.tools = {name: shutil.which(name, path=path) for name in ("lp", "lpstat", "cancel")}

    def require(self, *names: str) -> None:
        missing = [name for name in names if not self.tools[name]]
        if missing:
            commands = f"command {missing[0]} is" if len(missing) == 1 else f"commands {' and '.join(missing)} are"
            raise _PrintError(LP_MISSING, f"The CUPS {commands} not installed. Install the Debian package cups-client.")

    def run(self, name: str, *args: str) -> subprocess.CompletedProcess[str]:
        self.require(name)
        remaining = self.deadline - time.monotonic()
        timeout = max(1.0, min(COMMAND_TIMEOUT_S, remaining))
        try:
            return subprocess.run(
                [str(self.tools[name]), *args],
                capture_output=True,
                text=True,
                timeout=timeout,
                env=self.env,
                stdin=subprocess.DEVNULL,
                check=False,
            )
        except subprocess.TimeoutExpired as error:
            raise _PrintError(
                CUPS_DOWN,
                f"'{name}' got no answer from CUPS within {timeout:.0f} s. Check that cupsd is running and not stuck.",
            ) from error
        except OSError as error:
            raise _PrintError(
                LP_MISSING, f"'{name}' could not be run ({error}). Reinstall the Debian package cups-client."
            ) from error

    def scheduler_running(self) -> bool:
        result = self.run("lpstat", "-r")
        return result.stdout.strip() == "scheduler is running"

    def require_scheduler(self) -> None:
        if not self.scheduler_running():
            raise _PrintError(
                CUPS_DOWN,
                "CUPS (the printing service, cupsd) is not running. Start it: "
                "'systemctl start cups', or as root 'cupsd'.",
            )

    def default_queue(self) -> str:
        result = self.run("lpstat", "-d")
        match = re.search(r"system default destination: (\S+)", result.stdout)
        if not match:
            raise _PrintError(
                NO_PRINTER,
                "No printer is configured: set printer.queue in the kiosk configuration, "
                "or make a CUPS queue the system default with 'lpadmin -d QUEUE'.",
            )
        return match.group(1)

    def check_queue(self, queue: str) -> None:
        """Fail unless the queue exists, is enabled and accepts jobs."""
        result = self.run("lpstat", "-p", queue, "-a", queue)
        text = result.stdout + result.stderr
        if "Invalid destination" in text or f"printer {queue} " not in text:
            self.require_scheduler()
            raise _PrintError(
                UNKNOWN_QUEUE,
                f"The print queue '{queue}' does not exist in CUPS. Check printer.queue "
                "in the kiosk configuration; 'lpstat -v' lists the queues.",
            )
        if re.search(rf"^printer {re.escape(queue)} disabled", text, re.MULTILINE):
            raise _PrintError(
                QUEUE_STOPPED,
                f"The print queue '{queue}' is stopped{_reason(text, 'disabled')}. "
                f"Fix the printer, then run 'cupsenable {queue}'.",
            )
        if re.search(rf"^{re.escape(queue)} not accepting", text, re.MULTILINE):
            raise _PrintError(
                NOT_ACCEPTING,
                f"The print queue '{queue}' is not accepting jobs"
                f"{_reason(text, 'not accepting')}. Run 'cupsaccept {queue}'.",
            )

    def queue_disabled(self, queue: str) -> bool:
        """True when the queue is stopped (paused by staff, or by CUPS after a printer error)."""
        text = self.run("lpstat", "-p", queue).stdout
        return re.search(rf"^printer {re.escape(queue)} disabled", text, re.MULTILINE) is not None

    def submit(self, queue: str, pdf: Path, title: str, media: str) -> tuple[str, int]:
        """Send the file to the queue; return the job name ("kiosk-pdf-12") and number."""
        options = ["-o", f"media={media}"] if media else []
        result = self.run("lp", "-d", queue, "-t", title, *options, str(pdf.resolve()))
        match = _REQUEST_ID.search(result.stdout)
        if result.returncode == 0 and match:
            return f"{match.group(1)}-{match.group(2)}", int(match.group(2))
        message = (result.stderr or result.stdout).strip()
        self.require_scheduler()
        if "not accepting" in message:
            raise _PrintError(
                NOT_ACCEPTING, f"The print queue '{queue}' is not accepting jobs; run 'cupsaccept {queue}'."
            )
        if "does not exist" in message:
            raise _PrintError(UNKNOWN_QUEUE, f"The print queue '{queue}' does not exist in CUPS.")
        raise _PrintError(JOB_FAILED, f"lp refused the job: {message or 'no reason given'}")

    def cancel(self, job: str) -> None:
        """Cancel a job the family has been told did not print, so it cannot surprise the next visitor."""
        if self.tools["cancel"]:
            # The job is reported as failed already; a failed cancel changes nothing for the family.
            with contextlib.suppress(_PrintError):
                self.run("cancel", job)


def _reason(lpstat_text: str, marker: str) -> str:
    """The reason CUPS gives on the line after ``marker`` (lpstat prints it indented), as " (reason)"."""
    lines = lpstat_text.splitlines()
    for index, line in enumerate(lines):
        if marker in line and index + 1 < len(lines) and lines[index + 1].startswith("\t"):
            reason = lines[index + 1].strip()
            return f" ({reason})" if reason else ""
    return ""


def print_pdf(
    pdf: Path,
    tr: Translator,
    queue: str = "",
    *,
    title: str = JOB_TITLE,
    media: str = "",
    timeout_s: float = 60.0,
    stop: threading.Event | None = None,
    poll_interval_s: float = POLL_INTERVAL_S,
) -> Iterator[PrintStatus]:
    """Print ``pdf`` on ``queue`` (empty: the system default) and follow the job to its end.

    ``media`` is passed as ``lp -o media=...`` (a roll slip's ``SlipDocument.media``).
    Yields SENDING, then PRINTING (again whenever CUPS reports a new job state), then exactly one
    final DONE or FAILED. Returns without a final status only if ``stop`` is set. The whole run,
    every command included, ends within about ``timeout_s`` seconds.
    """
    yield PrintStatus(SENDING, tr.gettext("Your slip is printing."))
    yield from _print_file(pdf, tr, queue, title, media, time.monotonic() + timeout_s, stop, poll_interval_s)


def print_slip(
    slip: Slip,
    tr: Translator,
    settings: PrinterSettings,
    *,
    stop: threading.Event | None = None,
    poll_interval_s: float = POLL_INTERVAL_S,
) -> Iterator[PrintStatus]:
    """Render ``slip`` on the configured paper and print it on the configured queue, following the job.

    Everything the kiosk's print button needs, for a worker thread: the same events as
    ``print_pdf``; a slip that cannot be rendered (a missing font) ends in a FAILED status too.
    The time limit (``settings.timeout_s``) starts before rendering.
    """
    deadline = time.monotonic() + settings.timeout_s
    yield PrintStatus(SENDING, tr.gettext("Your slip is printing."))
    with tempfile.TemporaryDirectory(prefix="kiosk-slip-") as folder:
        path = Path(folder) / "slip.pdf"
        try:
            # A missing font is named at once, without starting the renderer.
            families_for(slip.lang)
            media = render_in_child(slip, path, settings.paper, deadline=deadline, stop=stop)
        except RenderStoppedError:
            return
        except KioskError as error:
            yield PrintStatus(FAILED, failure_message(tr, SLIP_NOT_MADE), str(error), SLIP_NOT_MADE)
            return
        # The job's name says nothing of the family: CUPS shows it to anyone who lists the queue.
        yield from _print_file(path, tr, settings.queue, JOB_TITLE, media, deadline, stop, poll_interval_s)


def _print_file(
    pdf: Path,
    tr: Translator,
    queue: str,
    title: str,
    media: str,
    deadline: float,
    stop: threading.Event | None,
    poll_interval_s: float,
) -> Iterator[PrintStatus]:
    printing = tr.gettext("Your slip is printing.")
    cups = _Cups(deadline)
    job = ""
    try:
        cups.require("lp", "lpstat")
        cups.require_scheduler()
        queue = queue or cups.default_queue()
        cups.check_queue(queue)
        job, number = cups.submit(queue, pdf, title, media)
        yield PrintStatus(PRINTING, printing, f"Job {job} sent to the print queue '{queue}'.", job=job)
        yield from _follow(cups, queue, job, number, tr, deadline, stop, poll_interval_s)
    except _PrintError as failed:
        yield PrintStatus(
            FAILED, failure_message(tr, failed.problem.failure), failed.problem.detail, failed.problem.failure, job
        )


def _follow(
    cups: _Cups,
    queue: str,
    job: str,
    number: int,
    tr: Translator,
    deadline: float,
    stop: threading.Event | None,
    poll_interval_s: float,
) -> Iterator[PrintStatus]:
    printing = tr.gettext("Your slip is printing.")
    last_state = ""
    next_queue_check = 0.0
    while True:
        state = _job_state(cups, queue, number, deadline)
        if state.state == "completed":
            yield PrintStatus(DONE, tr.gettext("Please take your slip."), f"Job {job} completed.", job=job)
            return
        if state.finished:
            said = f": {state.message}" if state.message else ""
            raise _PrintError(JOB_FAILED, f"Job {job} was {state.state} by CUPS{said}. 'lpstat -W completed' lists it.")
        stopped = state.state == "processing-stopped" or "printer-stopped" in state.reasons
        if not stopped and state.state in WAITING_STATES and time.monotonic() >= next_queue_check:
            # CUPS leaves a job "pending" on a paused queue; only the queue's own state says why.
            next_queue_check = time.monotonic() + QUEUE_CHECK_INTERVAL_S
            stopped = cups.queue_disabled(queue)
        if stopped:
            cups.cancel(job)
            said = f" ({state.message})" if state.message else ""
            raise _PrintError(
                QUEUE_STOPPED,
                f"The print queue '{queue}' stopped before job {job} printed{said}. The job was cancelled; "
                f"fix the printer, then run 'cupsenable {queue}'.",
            )
        if state.state != last_state:
            last_state = state.state
            said = f" ({state.message})" if state.message else ""
            yield PrintStatus(PRINTING, printing, f"Job {job} is {state.state}{said}.", job=job)
        if time.monotonic() >= deadline:
            cups.cancel(job)
            raise _PrintError(
                TIMED_OUT,
                f"Job {job} was still {state.state} when the time limit ran out; it was "
                "cancelled. Check the printer (paper, power, cable) and 'lpstat -t'.",
            )
        wait = min(poll_interval_s, max(0.0, deadline - time.monotonic()))
        if stop is not None and stop.wait(wait):
            return
        if stop is None:
            time.sleep(wait)


def _job_state(cups: _Cups, queue: str, number: int, deadline: float) -> JobState:
    timeout = max(0.5, min(COMMAND_TIMEOUT_S, deadline - time.monotonic()))
    try:
        state = get_job_state(number, timeout=timeout)
    except IppError:
        # A CUPS that will not describe jobs over IPP (a remote server asking for a password,
        # say) can still list them: fall back to lpstat below.
        cups.require_scheduler()
        state = None
    if state is not None:
        return state
    # CUPS forgets finished jobs when job history is switched off, and lpstat cannot tell a
    # printed job from a cancelled one: a job that has left the queue was taken by the printer.
    waiting = cups.run("lpstat", "-W", "not-completed", "-o", queue).stdout
    if re.search(rf"^{re.escape(queue)}-{number}\s", waiting, re.MULTILINE):
        return JobState("pending", (), "")
    return JobState("completed", (), "")


def printer_status(queue: str = "", timeout_s: float = COMMAND_TIMEOUT_S) -> tuple[bool, str]:
    """Whether slips can be printed now on ``queue`` (empty: the system default), and a sentence for staff."""
    cups = _Cups(time.monotonic() + timeout_s)
    try:
        cups.require("lp", "lpstat")
        cups.require_scheduler()
        name = queue or cups.default_queue()
        cups.check_queue(name)
    except _PrintError as failed:
        return False, failed.problem.detail
    where = f"the print queue '{name}'" + ("" if queue else " (the system default)")
    return True, f"Slips print on {where}, which is ready."
