"""Opening the ledger file: the file attached for one operation only.

DuckDB lets one process hold a file read-write; every other process, even a
reader, is refused with a lock error.  So each operation attaches the file (to
this process's DuckDB instance, ``engine``), runs one transaction and detaches
it, and a refused attach is retried with backoff until the lock timeout.
Driver errors are translated here into ``LedgerError``s.
"""

from __future__ import annotations

import os
import re
import stat
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb

from ledger.errors import LedgerFileError, LockTimeout
from ledger.storage import checkpoints, engine
from ledger.storage.engine_settings import engine_config
from ledger.storage.turns import taking_turn

DEFAULT_LOCK_TIMEOUT = 10.0
_LOCK_RE = re.compile(r"Conflicting lock is held in (?P<prog>.*?) \(PID (?P<pid>\d+)\)")


def lock_timeout_from_env() -> float:
    raw = os.environ.get("FLEDGER_LOCK_TIMEOUT", "")
    try:
        value = float(raw)
    except ValueError:
        return DEFAULT_LOCK_TIMEOUT
    return value if value >= 0 else DEFAULT_LOCK_TIMEOUT


def has_write_bits(path: Path) -> bool:
    mode = path.stat().st_mode
    return bool(mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)) and os.access(path, os.W_OK)


def check_path_text(path: Path) -> None:
    """Refuse names no file system (or DuckDB) accepts: NUL, undecodable bytes, over-long names."""
    text = str(path)
    if not text or text == ".":
        raise LedgerFileError("db: the path is empty; expected a ledger file path")
    if "\x00" in text:
        raise LedgerFileError(f"db: {text!r} contains a NUL character; expected a ledger file path")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise LedgerFileError(f"db: {text!r} is not valid UTF-8; expected a ledger file path in UTF-8") from None
    if len(path.name.encode()) > 255 or len(text.encode()) > 4000:
        raise LedgerFileError(f"db: {text[:60]!r}… is too long; expected names of at most 255 bytes")


def check_location(path: Path, *, write: bool) -> None:
    """Refuse paths we cannot use before DuckDB touches them."""
    check_path_text(path)
    folder = path.parent
    if not folder.is_dir():
        raise LedgerFileError(f"db: folder {str(folder)!r} does not exist; create it or choose another --db path")
    if path.exists() and not path.is_file():
        raise LedgerFileError(f"db: {str(path)!r} is not a file; expected a DuckDB ledger file")
    if not write:
        return
    if path.exists() and not has_write_bits(path):
        raise LedgerFileError(f"db: {str(path)!r} is read-only; expected a writable ledger file")
    if not path.exists() and not has_write_bits(folder):
        raise LedgerFileError(f"db: folder {str(folder)!r} is read-only; expected a writable location")


def _translate(exc: duckdb.Error, path: Path) -> Exception:
    text = str(exc)
    if "not a valid DuckDB database file" in text:
        return LedgerFileError(f"db: {str(path)!r} is not a DuckDB ledger file; choose another --db path")
    if "Permission denied" in text or "Read-only file system" in text:
        return LedgerFileError(f"db: {str(path)!r} cannot be written (permission denied); expected a writable location")
    if "newer version" in text or "version number" in text:
        return LedgerFileError(f"db: {str(path)!r} was written by a newer DuckDB; upgrade fledger to open it")
    return LedgerFileError(f"db: cannot open {str(path)!r}: {text.splitlines()[0]}")


def _holder(exc: duckdb.Error) -> tuple[str, str] | None:
    """(PID, program) of whoever holds the file when ``exc`` says it is held; None for any other error."""
    text = str(exc)
    match = _LOCK_RE.search(text)
    if match:
        return match["pid"], Path(match["prog"]).name
    if "Unique file handle conflict" in text:  # another thread of this process has it attached (no turns here)
        return str(os.getpid()), Path(sys.executable).name
    return None


def _attach_with_retry(
    path: Path, read_only: bool, remaining: float, timeout: float, config: dict[str, Any]
) -> tuple[duckdb.DuckDBPyConnection, str]:
    """Attach, retrying while the file is held for ``remaining`` seconds (the message names the whole ``timeout``)."""
    deadline = time.monotonic() + remaining
    delay = 0.01
    while True:
        try:
            return engine.attach(str(path), read_only=read_only, config=config)
        except duckdb.Error as exc:
            holder = _holder(exc)
            if holder is None:
                raise _translate(exc, path) from None
            if time.monotonic() + delay > deadline:
                raise LockTimeout(
                    f"db: {str(path)!r} is busy, held by PID {holder[0]} ({holder[1]}); "
                    f"gave up after {timeout:g} s (set FLEDGER_LOCK_TIMEOUT to wait longer)"
                ) from None
            time.sleep(delay)
            delay = min(delay * 2, 0.25)


@contextmanager
def connect(path: Path, *, write: bool, timeout: float) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection inside one transaction: committed on success, rolled back on error, always let go of."""
    check_location(path, write=write)
    config = engine_config()  # a bad setting is refused before the file is touched
    read_only = not write and path.exists()
    if read_only and checkpoints.interrupted(path) and has_write_bits(path):
        with taking_turn(path, exclusive=True, timeout=timeout):  # a writer's turn, to mend the file first
            checkpoints.recover(path)
    with taking_turn(path, exclusive=not read_only, timeout=timeout) as remaining:
        if not read_only:
            checkpoints.recover(path)
        con, name = _attach_with_retry(path, read_only, remaining, timeout, config)
        released = False
        try:
            con.execute("BEGIN TRANSACTION")
            try:
                yield con
                con.execute("COMMIT")
            except BaseException as exc:
                _rollback(con)
                if isinstance(exc, duckdb.Error) and _is_io(exc):  # disk full, folder not writable: the user's to fix
                    raise _translate_io(exc, path) from None
                raise
            # still under the write turn: no one reads a half-moved file
            if not read_only and not checkpoints.checkpoint(con, path):
                engine.release(con, name, config)  # the file may hold part of a checkpoint: let go of it,
                released = True
                checkpoints.recover(path)  # then mend it
        finally:
            if not released:
                engine.release(con, name, config)


def probe(con: duckdb.DuckDBPyConnection, sql: str) -> tuple[Any, ...] | None:
    """The first row of ``sql`` run as the first statement of ``connect``'s transaction; None if it fails
    (say, it names a table the file does not have), and then the transaction is begun again: DuckDB 2
    ends a transaction at any failed statement, and this one has done nothing yet."""
    try:
        row = con.execute(sql).fetchone()
    except duckdb.Error:
        _rollback(con)
        con.execute("BEGIN TRANSACTION")
        return None
    return tuple(row) if row is not None else None


def _rollback(con: duckdb.DuckDBPyConnection) -> None:
    try:
        con.execute("ROLLBACK")
    except duckdb.Error:  # the transaction already failed (a full disk at COMMIT): nothing to undo
        pass


_IO_SIGNS = ("No space left", "Permission denied", "Read-only file system", "Could not write file", "I/O error")


def _is_io(exc: duckdb.Error) -> bool:
    return isinstance(exc, duckdb.IOException) or any(sign in str(exc) for sign in _IO_SIGNS)


def _translate_io(exc: duckdb.Error, path: Path) -> LedgerFileError:
    """A write the file system refused, as one line; the transaction was rolled back, the ledger is unchanged."""
    text = str(exc)
    if "No space left" in text or "disk full" in text.lower():
        return LedgerFileError(f"db: the disk holding {str(path)!r} is full; nothing was written (free some space)")
    if "Permission denied" in text or "Read-only file system" in text:
        return LedgerFileError(
            f"db: {str(path)!r} or its folder cannot be written (permission denied); nothing was written"
        )
    first = text.strip().splitlines()[0] if text.strip() else type(exc).__name__
    return LedgerFileError(f"db: writing {str(path)!r} failed ({first}); nothing was written")
