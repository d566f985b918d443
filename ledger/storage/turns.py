"""Taking turns at the ledger file, so that no waiting process starves.

DuckDB refuses a second process outright, and retrying its open with backoff
is unfair: a process that loops on writes re-opens the file within
milliseconds of closing it, while waiters sleep.  So every fledger process
first takes an advisory lock on a small file named after the ledger's real
path, polling it every few milliseconds (a cheap system call), and only then
opens DuckDB.  Processes that do not take turns (other DuckDB clients) are
still handled by the retry in ``connection``.

The lock files live in a folder only the user can write (mode 0700, owned by
the user: ``$XDG_RUNTIME_DIR/fledger``, else ``<temp>/fledger-<uid>``; the
per-user temp folder on Windows).  A lock file is opened without following
links, never truncated, and used only when it is a plain file of the user's
own.  Where no such lock can be had, fledger does without turns (the DuckDB
retry still keeps it correct) rather than touch a file it does not own.

The lock itself is ``filelock``'s (``flock`` on POSIX, ``LockFileEx`` on
Windows), exclusive to write; readers share it where the platform's ``flock``
can (POSIX) and take it exclusively elsewhere (docs/decisions.md).
"""

from __future__ import annotations

import hashlib
import os
import random
import stat
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ledger.errors import LockTimeout

POLL_SECONDS = 0.003
PID_WIDTH = 20  # the holder's PID, space-padded, so the file is rewritten in place and never truncated
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_POSIX = sys.platform != "win32"


def lock_folder() -> Path:
    """Where this user's turn locks live (a folder only the user can write)."""
    if not _POSIX:
        return Path(tempfile.gettempdir()) / "fledger-locks"  # the temp folder is per user on Windows
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    if runtime and os.path.isabs(runtime) and os.path.isdir(runtime):
        return Path(runtime) / "fledger"
    return Path(tempfile.gettempdir()) / f"fledger-{os.geteuid()}"


def lock_path(path: Path) -> Path:
    """The turn lock of a ledger, named after the ledger's real path.

    Not beside the ledger, so that fledger leaves nothing next to files it refuses
    (a folder given as --db, somebody's notes) and needs no write access there.
    """
    real = os.path.realpath(path)
    digest = hashlib.sha256(os.fsencode(real)).hexdigest()[:24]
    return lock_folder() / f"{digest}.lock"


def _own_folder(folder: Path) -> bool:
    """Create the lock folder (0700) if missing; usable only if it is a real folder of ours that nobody else can write."""
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        info = os.lstat(folder)
    except OSError:
        return False
    if not stat.S_ISDIR(info.st_mode):  # a link or a file planted in its place
        return False
    if not _POSIX:
        return True
    if info.st_uid != os.geteuid():
        return False
    if info.st_mode & 0o077:
        try:
            os.chmod(folder, 0o700, follow_symlinks=False)
        except (OSError, NotImplementedError):
            return False
    return True


def _open(path: Path) -> int | None:
    """The lock file's descriptor, or None where no lock file of our own can be had."""
    lock = lock_path(path)
    if not _own_folder(lock.parent):
        return None
    try:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT | _NOFOLLOW | getattr(os, "O_BINARY", 0), 0o600)
    except OSError:  # a link (ELOOP), a folder, or no permission: not ours to use
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or (_POSIX and info.st_uid != os.geteuid()):
            os.close(fd)
            return None
    except OSError:
        os.close(fd)
        return None
    return fd


def _try_lock(fd: int, exclusive: bool) -> bool:
    if exclusive or not _POSIX:
        from filelock import lock_descriptor  # loaded at the first turn, not at start-up

        return lock_descriptor(fd, blocking=False)
    import fcntl  # shared turns for readers, where flock offers them

    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _first_try(fd: int, exclusive: bool) -> bool | None:
    """The first attempt; None where the platform has no working lock (then there are no turns)."""
    try:
        return _try_lock(fd, exclusive)
    except (OSError, ImportError):
        return None


def _holder(fd: int) -> str:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        text = os.read(fd, PID_WIDTH).decode("ascii", "replace").strip()
    except OSError:
        return "another process"
    return f"PID {text}" if text.isdigit() else "another process"


def _record_holder(fd: int) -> None:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, str(os.getpid()).ljust(PID_WIDTH).encode())
    except OSError:  # the turn is ours all the same; only the holder's PID goes unrecorded
        pass


@contextmanager
def taking_turn(path: Path, *, exclusive: bool, timeout: float) -> Iterator[float]:
    """Hold the ledger's turn lock; yields the seconds left of ``timeout`` for the open itself."""
    deadline = time.monotonic() + timeout
    fd = _open(path)
    if fd is None:
        yield timeout
        return
    try:
        got = _first_try(fd, exclusive)
        if got is None:  # no working lock primitive here: do without turns
            yield timeout
            return
        while not got:
            if time.monotonic() > deadline:
                raise LockTimeout(
                    f"db: {str(path)!r} is busy, held by {_holder(fd)}; gave up after {timeout:g} s "
                    "(set FLEDGER_LOCK_TIMEOUT to wait longer)"
                )
            time.sleep(POLL_SECONDS * (0.5 + random.random()))
            got = _try_lock(fd, exclusive)
        try:
            if exclusive:
                _record_holder(fd)
            yield max(0.0, deadline - time.monotonic())
        finally:
            try:
                from filelock import unlock_descriptor

                unlock_descriptor(fd)
            except OSError:
                pass
    finally:
        os.close(fd)  # closing releases the lock in any case
