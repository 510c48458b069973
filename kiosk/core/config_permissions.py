"""Whether the configuration file keeps the staff PIN's hash to itself.

No hash makes a 6-to-12-digit PIN safe from someone who can read it: trying every PIN offline
takes hours at most. So the file holding ``staff_pin_hash`` must be readable only by its owner
(``chmod 600``), or by its owner and the kiosk's group (``chmod 640``), never by every user.
"""

from __future__ import annotations

import stat
from pathlib import Path


def readable_by_everyone_warning(path: Path) -> str:
    """A sentence when every user of the computer can read or change ``path``; empty otherwise."""
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return ""  # a file that cannot be read is reported by the configuration check itself
    if not mode & (stat.S_IROTH | stat.S_IWOTH):
        return ""
    able = "read and change" if mode & stat.S_IWOTH else "read"
    return (
        f"{path} holds the staff PIN's hash and every user of this computer can {able} it "
        f"(permissions {mode:o}); anyone who reads it can find the PIN by trying them all. "
        f"Run: chmod 600 {path} (or chmod 640 with the kiosk's group as the file's group)."
    )
