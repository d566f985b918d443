"""Taking turns at the ledger file, so that no waiting process starves.

DuckDB refuses a second process outright, and retrying its open with backoff
is unfair: a process that loops on writes re-opens the file within
milliseconds of closing it, while waiters sleep.  So every fledger process
first takes an advisory lock on a small file named after the ledger's real
path in the temp folder (shared to read, exclusive to write), polling it every
few milliseconds (a cheap system call), and only then opens DuckDB.  Processes
that do not take turns (other DuckDB clients) are still handled by the retry
in ``connection``.  Where the lock file cannot be opened, we do without it.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import random
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ledger.errors import LockTimeout

POLL_SECONDS = 0.003


def lock_path(path: Path) -> Path:
    """The turn lock of a ledger: in the temp folder, named after the ledger's real path.

    Not beside the ledger, so that fledger leaves nothing next to files it refuses
    (a folder given as --db, somebody's notes) and needs no write access there.
    """
    real = os.path.realpath(path)
    digest = hashlib.sha256(os.fsencode(real)).hexdigest()[:24]
    return Path(tempfile.gettempdir()) / f"fledger-{digest}.lock"


def _open(path: Path) -> int | None:
    lock = lock_path(path)
    try:
        return os.open(lock, os.O_RDWR | os.O_CREAT, 0o666)
    except PermissionError:  # another user's lock file: taking turns only needs to read it
        try:
            return os.open(lock, os.O_RDONLY)
        except OSError:
            return None
    except OSError:
        return None


def _holder(fd: int) -> str:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        text = os.read(fd, 64).decode("ascii", "replace").strip()
    except OSError:
        return "another process"
    return f"PID {text}" if text.isdigit() else "another process"


@contextmanager
def taking_turn(path: Path, *, exclusive: bool, timeout: float) -> Iterator[float]:
    """Hold the ledger's turn lock; yields the seconds left of ``timeout`` for the open itself."""
    deadline = time.monotonic() + timeout
    fd = _open(path)
    if fd is None:
        yield timeout
        return
    try:
        mode = (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB
        while True:
            try:
                fcntl.flock(fd, mode)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise LockTimeout(
                        f"db: {str(path)!r} is busy, held by {_holder(fd)}; gave up after {timeout:g} s "
                        "(set FLEDGER_LOCK_TIMEOUT to wait longer)"
                    ) from None
                time.sleep(POLL_SECONDS * (0.5 + random.random()))
        if exclusive:
            try:
                os.ftruncate(fd, 0)
                os.pwrite(fd, str(os.getpid()).encode(), 0)
            except OSError:  # read-only lock file: the turn is ours, only the holder's PID goes unrecorded
                pass
        yield max(0.0, deadline - time.monotonic())
    finally:
        os.close(fd)  # closing releases the lock
