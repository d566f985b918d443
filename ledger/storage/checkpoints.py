"""Checkpoints that a killed process cannot turn into an unreadable ledger.

A commit goes to DuckDB's write-ahead log; a checkpoint then moves it into the
database file.  The checkpoint writes new data into free blocks, but it rewrites
the metadata blocks the current header points at in place, before it writes the
new header (seen on DuckDB 1.4 to 2.0).  A process killed in the middle of one
of those 256 KiB writes (kill -9, a power cut) leaves a block half old and half
new: its checksum fails, and the file no longer opens.

So fledger runs the checkpoints itself.  Before each one it copies the file
header and every metadata block into a journal beside the ledger; after it, the
journal is deleted.  The next process to open the ledger finds a journal left
behind and, while the WAL still holds the transactions (the checkpoint had not
finished), writes the saved bytes back: the last whole checkpoint plus the WAL
is the whole ledger again.  With the WAL gone the checkpoint had finished, and
the journal is simply dropped.
"""

from __future__ import annotations

import hashlib
import os
import struct
from pathlib import Path

import duckdb

HEADER_BYTES = 3 * 4096  # DuckDB's file header and its two database headers; block 0 starts after them
MAGIC = b"fledger checkpoint journal 1\n"
_ENTRY = struct.Struct("<QQ")  # offset, length


def journal_path(path: Path) -> Path:
    return path.with_name(path.name + ".journal")


def wal_path(path: Path) -> Path:
    return path.with_name(path.name + ".wal")


def checkpoint(con: duckdb.DuckDBPyConnection, path: Path) -> bool:
    """Move what the WAL holds into the file, journaled; outside any transaction, under the write turn.

    The commit before it is already durable in the WAL, so a checkpoint that cannot be
    journaled or fails is not the caller's failure: the WAL stays, and a later writer
    checkpoints it.  False when DuckDB's checkpoint failed midway: the caller lets go of the
    file, then calls ``recover``.
    """
    wal = wal_path(path)
    if not wal.exists() or wal.stat().st_size == 0:
        return True
    try:
        _write_journal(path, _blocks_at_risk(con))
    except OSError:
        return True  # no room for the journal: leave the WAL as it is
    try:
        con.execute("CHECKPOINT")
    except duckdb.Error:
        return False
    _remove(journal_path(path))
    return True


def recover(path: Path) -> None:
    """Undo a checkpoint a killed process left unfinished; call under the write turn, before connecting."""
    journal = journal_path(path)
    if not journal.exists():
        return
    wal = wal_path(path)
    if wal.exists() and wal.stat().st_size > 0:
        entries = _read_journal(journal)
        if entries is not None:
            fd = os.open(path, os.O_WRONLY)
            try:
                for offset, data in entries:
                    os.pwrite(fd, data, offset)
                os.fsync(fd)
            finally:
                os.close(fd)
    _remove(journal)


def interrupted(path: Path) -> bool:
    """Whether a checkpoint was left unfinished (a reader then lets a writer recover first)."""
    return journal_path(path).exists()


def _blocks_at_risk(con: duckdb.DuckDBPyConnection) -> list[tuple[int, int]]:
    """(offset, length) of the header and of every metadata block: what a checkpoint overwrites in place."""
    row = con.execute(
        "SELECT block_size FROM pragma_database_size() WHERE database_name = current_database()"
    ).fetchone()
    block_size = int(row[0]) if row else 262144
    ids = [r[0] for r in con.execute("SELECT block_id FROM pragma_metadata_info()").fetchall()]
    return [(0, HEADER_BYTES)] + [(HEADER_BYTES + int(i) * block_size, block_size) for i in sorted(ids)]


def _write_journal(path: Path, ranges: list[tuple[int, int]]) -> None:
    """Save the ranges' bytes; the journal appears (by rename) only once it is whole and on disk."""
    body = bytearray(MAGIC)
    with open(path, "rb") as ledger:
        saved = []
        for offset, length in ranges:
            ledger.seek(offset)
            saved.append((offset, ledger.read(length)))
    body += struct.pack("<Q", len(saved))
    for offset, data in saved:
        body += _ENTRY.pack(offset, len(data)) + data
    body += hashlib.sha256(body).digest()
    journal = journal_path(path)
    partial = journal.with_name(journal.name + ".partial")
    with open(partial, "wb") as out:
        out.write(body)
        out.flush()
        os.fsync(out.fileno())
    os.replace(partial, journal)
    _sync_folder(path.parent)


def _read_journal(journal: Path) -> list[tuple[int, bytes]] | None:
    """The saved (offset, bytes), or None when the journal is not one this module wrote whole."""
    body = journal.read_bytes()
    content, digest = body[:-32], body[-32:]
    if not content.startswith(MAGIC) or hashlib.sha256(content).digest() != digest:
        return None
    (count,) = struct.unpack_from("<Q", content, len(MAGIC))
    at = len(MAGIC) + 8
    entries = []
    for _ in range(count):
        offset, length = _ENTRY.unpack_from(content, at)
        at += _ENTRY.size
        entries.append((offset, bytes(content[at : at + length])))
        at += length
    return entries


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass
    _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
