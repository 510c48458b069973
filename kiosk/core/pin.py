"""The staff PIN: a salted scrypt hash in the configuration, and a guard against guessing.

The PIN itself is never stored, logged or kept: ``kiosk hash-pin`` turns it into one line for the
configuration file, and the staff dialog hands each typed PIN to :class:`PinGuard`, which checks
it and lets it go. After five wrong PINs the dialog locks for 30 s, then for twice as long after
each further wrong PIN (capped at 10 minutes), so guessing a 4-digit PIN would take weeks.
"""

from __future__ import annotations

import base64
import binascii
import math
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    # Only for annotations: i18n imports the configuration, which imports this module.
    from kiosk.core.i18n import Translator

SCHEME = "scrypt"
#: scrypt cost parameters: 16 MiB of memory and about 50 ms per check on a small PC.
SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
SALT_BYTES = 16
HASH_BYTES = 32
#: Limits on parameters read back from a configuration file, so a hand-edited line cannot make
#: the kiosk spend minutes or gigabytes on one check.
_MAX_N = 2**17
_MAX_R = 16
_MAX_P = 4
_MAX_MEMORY = 256 * 1024 * 1024

PIN_LENGTH_MIN = 4
PIN_LENGTH_MAX = 12
_PIN_PATTERN = re.compile(r"[0-9]+")

MAX_FREE_ATTEMPTS = 5
FIRST_LOCK_S = 30.0
LONGEST_LOCK_S = 600.0


@dataclass(frozen=True)
class ScryptHash:
    """The parts of an encoded ``scrypt$n$r$p$salt$hash`` line."""

    n: int
    r: int
    p: int
    salt: bytes
    digest: bytes


def pin_problem(pin: str) -> str:
    """Why ``pin`` cannot be a staff PIN, as a sentence; empty when it is fine."""
    if not pin:
        return "No PIN was given. Type 4 to 12 digits."
    if not _PIN_PATTERN.fullmatch(pin):
        return "A staff PIN may hold only the digits 0 to 9."
    if not PIN_LENGTH_MIN <= len(pin) <= PIN_LENGTH_MAX:
        return f"A staff PIN has {PIN_LENGTH_MIN} to {PIN_LENGTH_MAX} digits; this one has {len(pin)}."
    return ""


def _scrypt(pin: str, salt: bytes, n: int, r: int, p: int, length: int) -> bytes:
    # Imported here, as are hmac and secrets: loading OpenSSL costs start-up time, and only a
    # staff sign-in or ``kiosk hash-pin`` hashes anything.
    import hashlib

    return hashlib.scrypt(pin.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=_MAX_MEMORY, dklen=length)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_pin(pin: str) -> str:
    """Hash a PIN with a fresh random salt into one ``scrypt$n$r$p$salt_b64$hash_b64`` string.

    Raises ValueError (with a sentence) when the PIN is not 4 to 12 digits.
    """
    problem = pin_problem(pin)
    if problem:
        raise ValueError(problem)
    import secrets

    salt = secrets.token_bytes(SALT_BYTES)
    digest = _scrypt(pin, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P, HASH_BYTES)
    return f"{SCHEME}${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(digest)}"


def parse_pin_hash(encoded: str) -> ScryptHash | None:
    """Read an encoded hash; None when it is not one ``kiosk hash-pin`` could have written."""
    parts = encoded.strip().split("$")
    if len(parts) != 6 or parts[0] != SCHEME:
        return None
    try:
        n, r, p = (int(part) for part in parts[1:4])
        salt = base64.b64decode(parts[4], validate=True)
        digest = base64.b64decode(parts[5], validate=True)
    except (ValueError, binascii.Error):
        return None
    power_of_two = n > 1 and n & (n - 1) == 0
    if not (power_of_two and n <= _MAX_N and 1 <= r <= _MAX_R and 1 <= p <= _MAX_P):
        return None
    if len(salt) < 8 or len(digest) < 16:
        return None
    return ScryptHash(n, r, p, salt, digest)


def pin_hash_problem(encoded: str) -> str:
    """Why a configured ``staff_pin_hash`` cannot be used, as a sentence; empty when it is fine."""
    if parse_pin_hash(encoded) is None:
        return (
            "this is not a PIN hash made by 'kiosk hash-pin' (it should look like "
            '"scrypt$16384$8$1$..." with six parts). Run kiosk hash-pin and paste the line it prints.'
        )
    return ""


def verify_pin(pin: str, encoded: str) -> bool:
    """True when ``pin`` matches the encoded hash; False for a wrong PIN or an unusable hash."""
    parsed = parse_pin_hash(encoded)
    if parsed is None or not pin:
        return False
    try:
        candidate = _scrypt(pin, parsed.salt, parsed.n, parsed.r, parsed.p, len(parsed.digest))
    except (ValueError, MemoryError):
        return False
    import hmac

    # Constant time, so the time taken does not tell how much of the hash matched.
    return hmac.compare_digest(candidate, parsed.digest)


class PinOutcome(Enum):
    """What happened to one PIN attempt, or whether one may be made now."""

    #: No attempt yet (from ``status()``): a PIN may be typed.
    READY = "ready"
    #: The PIN was right: open staff mode.
    OK = "ok"
    #: The PIN was wrong; ``attempts_left`` more may be tried before the dialog locks.
    WRONG = "wrong"
    #: Too many wrong PINs: nothing is checked for ``seconds_remaining`` seconds.
    LOCKED = "locked"
    #: No staff PIN is configured, so staff mode cannot be opened at all.
    DISABLED = "disabled"


@dataclass(frozen=True)
class PinResult:
    """The answer to one attempt (or to a status question), for the dialog to show."""

    outcome: PinOutcome
    #: Wrong PINs still allowed before the next lock (0 once locking has begun).
    attempts_left: int = 0
    #: Whole seconds until the lock ends (rounded up, so it never shows 0 while locked).
    seconds_remaining: int = 0

    @property
    def ok(self) -> bool:
        return self.outcome is PinOutcome.OK

    def describe(self, tr: Translator) -> str:
        """The sentence the staff dialog shows for this result, in the dialog's language."""
        if self.outcome is PinOutcome.OK:
            return tr.gettext("PIN accepted.")
        if self.outcome is PinOutcome.DISABLED:
            return tr.gettext("Staff mode is switched off on this kiosk: no staff PIN is set.")
        if self.outcome is PinOutcome.LOCKED:
            return tr.ngettext(
                "Too many wrong PINs. Try again in %(num)s second.",
                "Too many wrong PINs. Try again in %(num)s seconds.",
                self.seconds_remaining,
            )
        if self.outcome is PinOutcome.READY:
            if self.attempts_left:
                return tr.gettext("Type the staff PIN.")
            return tr.gettext("Type the staff PIN. One more wrong PIN locks the PIN pad again.")
        if self.attempts_left:
            return tr.ngettext(
                "Wrong PIN. The PIN pad locks after %(num)s more wrong PIN.",
                "Wrong PIN. The PIN pad locks after %(num)s more wrong PINs.",
                self.attempts_left,
            )
        return tr.gettext("Wrong PIN.")


class PinGuard:
    """Checks staff PINs against the configured hash and locks after repeated failures.

    Pure logic with an injectable monotonic ``clock``. After ``max_free_attempts`` wrong PINs in
    a row, the guard refuses every attempt for ``first_lock_s``; each wrong PIN after a lock ends
    locks it again for twice as long as the last lock, up to ``longest_lock_s``. A right PIN
    clears everything. The guard lives as long as the app: a family's session reset must not
    clear it, or waiting for the idle reset would undo the lock.

    The typed PIN is only passed to :func:`verify_pin`; no attribute ever holds it.
    """

    def __init__(
        self,
        encoded_hash: str,
        *,
        max_free_attempts: int = MAX_FREE_ATTEMPTS,
        first_lock_s: float = FIRST_LOCK_S,
        longest_lock_s: float = LONGEST_LOCK_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._encoded_hash = encoded_hash.strip()
        self._max_free_attempts = max_free_attempts
        self._first_lock_s = first_lock_s
        self._longest_lock_s = longest_lock_s
        self._clock = clock
        self._failures = 0
        self._locks = 0
        self._locked_until = 0.0

    @property
    def enabled(self) -> bool:
        """False when no staff PIN is configured (staff mode cannot be opened)."""
        return bool(self._encoded_hash)

    def status(self) -> PinResult:
        """Whether a PIN may be tried now, without trying one (for opening the dialog)."""
        if not self.enabled:
            return PinResult(PinOutcome.DISABLED)
        remaining = self._locked_until - self._clock()
        if remaining > 0:
            return PinResult(PinOutcome.LOCKED, seconds_remaining=math.ceil(remaining))
        return PinResult(PinOutcome.READY, attempts_left=self._attempts_left())

    def attempt(self, pin: str) -> PinResult:
        """Check one typed PIN. While locked, the PIN is not even checked."""
        current = self.status()
        if current.outcome in (PinOutcome.DISABLED, PinOutcome.LOCKED):
            return current
        if verify_pin(pin, self._encoded_hash):
            self.reset()
            return PinResult(PinOutcome.OK)
        self._failures += 1
        if self._failures >= self._max_free_attempts:
            lock_s = min(self._first_lock_s * 2**self._locks, self._longest_lock_s)
            self._locks += 1
            self._locked_until = self._clock() + lock_s
            return PinResult(PinOutcome.LOCKED, seconds_remaining=math.ceil(lock_s))
        return PinResult(PinOutcome.WRONG, attempts_left=self._attempts_left())

    def reset(self) -> None:
        """Forget every failure and any lock (done automatically after a right PIN)."""
        self._failures = 0
        self._locks = 0
        self._locked_until = 0.0

    def _attempts_left(self) -> int:
        return max(self._max_free_attempts - self._failures, 0)
