"""Rendering a slip in a child process, so the kiosk's own memory never holds a font's worth of tables.

Laying out one slip parses its fonts: for Chinese that is about 90 MB of short-lived objects. Done
inside a kiosk that runs for weeks, every such burst leaves the process's memory more fragmented and
larger than before (the soak test saw tens of MB of growth). A child process renders one slip,
writes the PDF and exits, and its memory goes with it. It also keeps a crash in a font library away
from the screen.

The parent sends the slip, the paper and the output path on the child's standard input (pickled:
both ends are this program); the child answers with the CUPS ``media`` option on standard output,
or with the sentence of a ``KioskError`` on standard error and exit status ``SLIP_ERROR_STATUS``.

Run as ``python -m kiosk.core.slip_render``; the kiosk does that, never a person.
"""

from __future__ import annotations

import pickle
import subprocess
import sys
import threading
import time
from pathlib import Path

from kiosk.core.slip import Slip, SlipError

#: The command that renders one slip (a test may point it at a process that fails on purpose).
RENDERER_COMMAND: tuple[str, ...] = (sys.executable, "-m", "kiosk.core.slip_render")
#: The child's exit status for a slip that cannot be rendered (its sentence is on standard error).
SLIP_ERROR_STATUS = 3
#: How often the parent looks at the stop event while the child works.
POLL_S = 0.1


class RenderStoppedError(Exception):
    """The visit ended while its slip was being rendered; the child was stopped."""


def render_in_child(slip: Slip, path: Path, paper: str, *, deadline: float, stop: threading.Event | None = None) -> str:
    """Render ``slip`` on ``paper`` into ``path`` in a child process; return the CUPS media option.

    Raises SlipError with a sentence when the slip cannot be rendered, the child fails or it is not
    done by ``deadline`` (``time.monotonic()``), and RenderStoppedError when ``stop`` is set. The child
    never outlives this call.
    """
    request = pickle.dumps((slip, paper, str(path)))
    try:
        child = subprocess.Popen(
            RENDERER_COMMAND, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
    except OSError as error:
        raise SlipError(f"The slip renderer could not be started ({error.strerror or error}).") from error
    pending: bytes | None = request
    try:
        while True:
            try:
                out, err = child.communicate(pending, timeout=POLL_S)
                break
            except subprocess.TimeoutExpired:
                pending = None  # sent with the first call; later calls only wait
            if stop is not None and stop.is_set():
                raise RenderStoppedError
            if time.monotonic() > deadline:
                raise SlipError("The slip took too long to lay out; the renderer was stopped.")
    finally:
        if child.poll() is None:
            child.kill()
            child.communicate()
    if child.returncode == 0:
        return out.decode("utf-8").strip()
    message = err.decode("utf-8", errors="replace").strip()
    if child.returncode == SLIP_ERROR_STATUS and message:
        raise SlipError(message)
    last_line = message.splitlines()[-1] if message else "no message"
    raise SlipError(
        f"The slip renderer stopped unexpectedly (exit status {child.returncode}: {last_line}). "
        "Run `kiosk slip --lang en --pdf /tmp/test.pdf` to see the whole error."
    )


def main() -> int:
    """Child side: read one request, render it, answer with the media option."""
    # Imported here, in the child: fpdf2 and the fonts are what the parent keeps out of its memory.
    from kiosk.core.errors import KioskError
    from kiosk.core.slip_pdf import write_slip_pdf

    slip, paper, path = pickle.load(sys.stdin.buffer)  # noqa: S301 - written by the kiosk, its own parent
    try:
        document = write_slip_pdf(slip, Path(path), paper)
    except KioskError as error:
        sys.stderr.write(str(error))
        return SLIP_ERROR_STATUS
    sys.stdout.write(document.media)
    return 0


if __name__ == "__main__":
    sys.exit(main())
