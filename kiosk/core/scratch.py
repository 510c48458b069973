"""One private folder for every temporary file the running kiosk makes, removed when it stops.

Speech WAVs hold the audio of what was being read, and slip PDFs what a family printed: they must
not outlive the kiosk. Every temporary file (this process's and its children's: the synthesis
process, the slip renderer) goes into one folder only the kiosk's user can open
(``$XDG_RUNTIME_DIR/kiosk-<pid>``, else a private folder from ``tempfile.mkdtemp``, both 0700),
and the folder is removed when the kiosk stops, whatever was left inside it.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

log = logging.getLogger(__name__)


def make_private_folder() -> Path:
    """A new folder that only this user can open, in the runtime folder when there is one."""
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    if runtime and os.path.isdir(runtime) and os.access(runtime, os.W_OK | os.X_OK):
        folder = Path(runtime) / f"kiosk-{os.getpid()}"
        # A folder of this name is left by an earlier kiosk with the same process id that was killed:
        # what it holds is that kiosk's, and goes.
        shutil.rmtree(folder, ignore_errors=True)
        try:
            folder.mkdir(mode=0o700)
            folder.chmod(0o700)  # mkdir's mode is reduced by the umask; never widened
            return folder
        except OSError as error:
            log.warning("Could not make %s (%s); temporary files go to a private temporary folder.", folder, error)
    return Path(tempfile.mkdtemp(prefix=f"kiosk-{os.getpid()}-"))


@contextlib.contextmanager
def private_temporary_files() -> Iterator[Path]:
    """Send every temporary file of this process and its children to one private folder; remove it at the end."""
    folder = make_private_folder()
    saved_tempdir, saved_tmpdir = tempfile.tempdir, os.environ.get("TMPDIR")
    tempfile.tempdir = str(folder)  # this process: tempfile.mkdtemp, TemporaryDirectory...
    os.environ["TMPDIR"] = str(folder)  # child processes (Python's tempfile and most tools read TMPDIR)
    try:
        yield folder
    finally:
        tempfile.tempdir = saved_tempdir
        if saved_tmpdir is None:
            os.environ.pop("TMPDIR", None)
        else:
            os.environ["TMPDIR"] = saved_tmpdir
        shutil.rmtree(folder, ignore_errors=True)
        if folder.exists():
            log.error("The kiosk's temporary folder %s could not be removed.", folder)
