"""The staff PIN: a salted scrypt hash in the configuration, and a guard against guessing.

The PIN itself is never stored, logged or kept: ``kiosk hash-pin`` turns it into one line for the
configuration file, and the staff dialog hands each typed PIN to :class:`PinGuard`, which checks
it and lets it go. After five wrong PINs the dialog locks for 30 s, then for twice as long after
each further wrong PIN (capped at 10 minutes), so guessing a 6-digit PIN would take years.

The count of wrong PINs lives in the data folder (``staff-pin-attempts``), not in the process:
in web mode every visit is its own process, and a count kept in memory would start again at
every reconnect or restart. Every kiosk process on the computer shares the file under an
exclusive lock. It holds two counts and a time, nothing about a person.
"""

from __future__ import annotations

import base64
import binascii
import fcntl
import json
import logging
import math
import os
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    # Only for annotations: i18n imports the configuration, which imports this module.
    from kiosk.core.i18n import Translator

log = logging.getLogger(__name__)

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

#: Six digits at the least: a million PINs, so the lock-out below makes guessing take years.
PIN_LENGTH_MIN = 6
PIN_LENGTH_MAX = 12
_PIN_PATTERN = re.compile(r"[0-9]+")

MAX_FREE_ATTEMPTS = 5
FIRST_LOCK_S = 30.0
LONGEST_LOCK_S = 600.0
#: The file in the data folder that counts wrong PINs for every kiosk process on this computer.
ATTEMPTS_FILE = "staff-pin-attempts"
#: Every record is padded to this size and written over the last one, so once the file exists a
#: full disk cannot stop the count (overwriting needs no new space) nor lock staff out with it.
RECORD_BYTES = 128


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
        return f"No PIN was given. Type {PIN_LENGTH_MIN} to {PIN_LENGTH_MAX} digits."
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

    Raises ValueError (with a sentence) when the PIN is not 6 to 12 digits.
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
    #: Wrong PINs cannot be counted (the data folder cannot be written), so none is checked.
    UNAVAILABLE = "unavailable"


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
        if self.outcome is PinOutcome.UNAVAILABLE:
            return tr.gettext(
                "Staff mode cannot open: the kiosk cannot count wrong PINs in its data folder. "
                "Check that the kiosk's user can write to data_dir."
            )
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


@dataclass(frozen=True)
class _Attempts:
    """What the attempts file holds: wrong PINs in a row, locks so far, and when the lock ends."""

    failures: int = 0
    locks: int = 0
    #: Seconds since the epoch (wall-clock time, which every process and a restart share).
    locked_until: float = 0.0


class PinGuard:
    """Checks staff PINs against the configured hash and locks after repeated failures.

    After ``max_free_attempts`` wrong PINs in a row, the guard refuses every attempt for
    ``first_lock_s``; each wrong PIN after a lock ends locks it again for twice as long as the
    last lock, up to ``longest_lock_s``. A right PIN clears everything. The counts live in
    ``data_dir/staff-pin-attempts``, shared (under ``flock``) by every kiosk process using that
    folder, so neither a family's reset, nor a reconnect in web mode, nor a restart lifts a lock.
    A damaged file counts as a full lock; a file that cannot be written keeps staff mode shut.
    ``clock`` is wall-clock time (injectable for tests).

    The typed PIN is only passed to :func:`verify_pin`; no attribute ever holds it.
    """

    def __init__(
        self,
        encoded_hash: str,
        data_dir: Path,
        *,
        max_free_attempts: int = MAX_FREE_ATTEMPTS,
        first_lock_s: float = FIRST_LOCK_S,
        longest_lock_s: float = LONGEST_LOCK_S,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._encoded_hash = encoded_hash.strip()
        self.attempts_file = data_dir / ATTEMPTS_FILE
        self._max_free_attempts = max_free_attempts
        self._first_lock_s = first_lock_s
        self._longest_lock_s = longest_lock_s
        self._clock = clock
        if self.enabled:
            self._prepare()

    @property
    def enabled(self) -> bool:
        """False when no staff PIN is configured (staff mode cannot be opened)."""
        return bool(self._encoded_hash)

    @contextmanager
    def _locked_file(self) -> Iterator[int]:
        """The attempts file, open and locked against every other kiosk process until the block ends."""
        self.attempts_file.parent.mkdir(parents=True, exist_ok=True)
        # O_NOFOLLOW: a link planted in the data folder cannot make the kiosk write elsewhere.
        descriptor = os.open(self.attempts_file, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX)
            yield descriptor
        finally:
            os.close(descriptor)  # closing releases the lock

    def _read(self, descriptor: int) -> _Attempts:
        raw = os.pread(descriptor, 4096, 0)
        if not raw:
            return _Attempts()
        try:
            data = json.loads(raw)
            attempts = _Attempts(int(data["failures"]), int(data["locks"]), float(data["locked_until"]))
        except (ValueError, TypeError, KeyError):
            attempts = None
        if attempts is None or min(attempts.failures, attempts.locks) < 0 or not math.isfinite(attempts.locked_until):
            # Damaged (a crash mid-write, a hand edit): lock for the longest time rather than open up.
            log.warning("%s is damaged; staff mode is locked for %g seconds.", self.attempts_file, self._longest_lock_s)
            attempts = _Attempts(self._max_free_attempts, 1, self._clock() + self._longest_lock_s)
            self._write(descriptor, attempts)
        elif attempts.locked_until - self._clock() > self._longest_lock_s:
            # Written before the clock went back: no lock may last longer than the longest lock.
            attempts = _Attempts(attempts.failures, attempts.locks, self._clock() + self._longest_lock_s)
            self._write(descriptor, attempts)
        return attempts

    @staticmethod
    def _write(descriptor: int, attempts: _Attempts) -> None:
        text = json.dumps(
            {"failures": attempts.failures, "locks": attempts.locks, "locked_until": attempts.locked_until}
        )
        record = text.encode("ascii").ljust(RECORD_BYTES - 1) + b"\n"
        os.pwrite(descriptor, record, 0)
        if os.fstat(descriptor).st_size > RECORD_BYTES:
            os.ftruncate(descriptor, RECORD_BYTES)  # shrinking never needs space
        os.fsync(descriptor)

    def _prepare(self) -> None:
        """Make the file now, while there is surely room, so later counts only overwrite it."""
        try:
            with self._locked_file() as descriptor:
                if os.fstat(descriptor).st_size == 0:
                    self._write(descriptor, _Attempts())
        except OSError:
            pass  # said when a PIN is asked for (_unavailable), where staff see it

    def _unavailable(self, error: OSError) -> PinResult:
        log.error("Staff mode is shut: wrong PINs cannot be counted in %s (%s).", self.attempts_file, error)
        return PinResult(PinOutcome.UNAVAILABLE)

    def _result(self, attempts: _Attempts) -> PinResult:
        remaining = attempts.locked_until - self._clock()
        if remaining > 0:
            return PinResult(PinOutcome.LOCKED, seconds_remaining=math.ceil(remaining))
        return PinResult(PinOutcome.READY, attempts_left=max(self._max_free_attempts - attempts.failures, 0))

    def status(self) -> PinResult:
        """Whether a PIN may be tried now, without trying one (for opening the dialog)."""
        if not self.enabled:
            return PinResult(PinOutcome.DISABLED)
        try:
            with self._locked_file() as descriptor:
                return self._result(self._read(descriptor))
        except OSError as error:
            return self._unavailable(error)

    def attempt(self, pin: str) -> PinResult:
        """Check one typed PIN. While locked, the PIN is not even checked.

        Each PIN is counted as wrong before it is checked, and the count is taken back only if it
        was right: no PIN is ever checked without being counted, even if the kiosk is killed in
        between. The file stays locked from reading the count to writing it back, so two
        sessions typing at once cannot both take the last free attempt.
        """
        if not self.enabled:
            return PinResult(PinOutcome.DISABLED)
        try:
            with self._locked_file() as descriptor:
                attempts = self._read(descriptor)
                current = self._result(attempts)
                if current.outcome is PinOutcome.LOCKED:
                    return current
                counted = self._after_a_wrong_pin(attempts)
                self._write(descriptor, counted)
                if verify_pin(pin, self._encoded_hash):
                    self._forget(descriptor)
                    return PinResult(PinOutcome.OK)
                after = self._result(counted)
                if after.outcome is PinOutcome.LOCKED:
                    return after
                return PinResult(PinOutcome.WRONG, attempts_left=after.attempts_left)
        except OSError as error:
            return self._unavailable(error)

    def _after_a_wrong_pin(self, attempts: _Attempts) -> _Attempts:
        failures = attempts.failures + 1
        if failures < self._max_free_attempts:
            return _Attempts(failures, attempts.locks, 0.0)
        lock_s = min(self._first_lock_s * 2 ** min(attempts.locks, 32), self._longest_lock_s)
        return _Attempts(failures, attempts.locks + 1, self._clock() + lock_s)

    def _forget(self, descriptor: int) -> None:
        try:
            self._write(descriptor, _Attempts())
        except OSError as error:  # the right PIN still opens staff mode; the count stays as it was
            log.error("After a right staff PIN, %s could not be cleared (%s).", self.attempts_file, error)

    def reset(self) -> None:
        """Forget every failure and any lock (done automatically after a right PIN)."""
        try:
            with self._locked_file() as descriptor:
                self._write(descriptor, _Attempts())
        except OSError as error:
            self._unavailable(error)
