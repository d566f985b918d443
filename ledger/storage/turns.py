"""Taking turns at the ledger file, so that no waiting process starves.

DuckDB refuses a second process outright, and retrying its open with backoff
is unfair: a process that loops on writes re-opens the file within
milliseconds of closing it, while waiters sleep.  So every fledger process
first takes an advisory lock on a small file beside the ledger
(``<ledger>.lock``: shared to read, exclusive to write), polling it every few
milliseconds (a cheap system call), and only then opens DuckDB.  Processes
that do not take turns (other DuckDB clients) are still handled by the retry
in ``connection``.  Where the lock file cannot be created (a read-only
folder), we do without it.
"""

from __future__ import annotations

import fcntl
import os
import random
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ledger.errors import LockTimeout

POLL_SECONDS = 0.003


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


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
    try:
        fd = os.open(lock_path(path), os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:
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
            os.ftruncate(fd, 0)
            os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield max(0.0, deadline - time.monotonic())
    finally:
        os.close(fd)  # closing releases the lock
