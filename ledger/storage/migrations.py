"""Numbered schema migrations: ``migrations/NNN_name.sql``; version = how many are applied.

A ledger behind the code is copied to a backup beside it, then upgraded in one
transaction.  A ledger ahead of the code is refused untouched.
"""

from __future__ import annotations

import os
import shutil
from datetime import datetime
from functools import cache
from importlib import resources
from pathlib import Path

import duckdb

from ledger.errors import LedgerFileError
from ledger.storage.checkpoints import wal_path
from ledger.storage.connection import probe


@cache  # asked on every operation; the files ship with the package and do not change under it
def migration_scripts() -> tuple[tuple[str, str], ...]:
    """(name, sql) for every migration, in order."""
    folder = resources.files("ledger.storage") / "migrations"
    names = sorted(p.name for p in folder.iterdir() if p.name.endswith(".sql"))
    return tuple((name, (folder / name).read_text(encoding="utf-8")) for name in names)


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables "
        "WHERE table_catalog = current_database() AND table_name = 'schema_migrations'"
    ).fetchone()
    if not exists or not exists[0]:
        return 0
    row = con.execute("SELECT count(*) FROM schema_migrations").fetchone()
    return int(row[0]) if row else 0


MARKER_TABLE = "fledger_ledger"
FIRST_MIGRATION = "001_core.sql"


def _tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    rows = con.execute(
        "SELECT table_schema || '.' || table_name FROM information_schema.tables "
        "WHERE table_catalog = current_database() ORDER BY 1"
    ).fetchall()
    return [r[0] for r in rows]


def is_ledger(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether an existing file is a fledger ledger: it carries the mark, or fledger's own migration log."""
    tables = _tables(con)
    if f"main.{MARKER_TABLE}" in tables:
        return True
    if "main.schema_migrations" not in tables:
        return False
    try:
        row = con.execute("SELECT name FROM schema_migrations WHERE version = 1").fetchone()
    except duckdb.Error:
        return False
    return bool(row) and row[0] == FIRST_MIGRATION  # a ledger from before the mark existed


def check_ours(con: duckdb.DuckDBPyConnection, path: Path, *, adopt: bool) -> None:
    """Refuse a DuckDB file that is not a fledger ledger; with ``adopt``, accept one that holds no tables."""
    if is_ledger(con):
        return
    tables = _tables(con)
    if not adopt:
        raise LedgerFileError(
            f"db: {str(path)!r} is a DuckDB file but not a fledger ledger; it was left untouched "
            "(to make an empty DuckDB file a ledger, run 'fledger init --db FILE')"
        )
    if tables:
        shown = ", ".join(t.removeprefix("main.") for t in tables[:3]) + ("…" if len(tables) > 3 else "")
        raise LedgerFileError(
            f"db: {str(path)!r} holds tables of its own ({shown}); it was left untouched: "
            "choose a new file for the ledger"
        )


def checked_version(con: duckdb.DuckDBPyConnection, path: Path, *, existed: bool, adopt: bool) -> int:
    """The schema version of the file behind ``con``, after every check on the way in.

    An existing file that is not a fledger ledger is refused (``check_ours``), and so is a
    ledger newer than this code (``check_not_newer``).  A file carrying the mark, which is
    every ledger made or upgraded since the mark exists, is recognised by one cheap query:
    the catalog look-ups (a few milliseconds each) are left for the rest.
    """
    version = _marked_version(con)
    if version is None:
        version = schema_version(con)
        if existed:
            check_ours(con, path, adopt=adopt)
    check_not_newer(version, path)
    return version


def _marked_version(con: duckdb.DuckDBPyConnection) -> int | None:
    """The version of a file that holds both the mark and the migration log; None for any other file.

    The query names both tables, so it runs only where both exist (``probe``).
    """
    row = probe(con, f"SELECT (SELECT count(*) FROM schema_migrations), (SELECT count(*) FROM {MARKER_TABLE})")
    return int(row[0]) if row else None


def check_not_newer(version: int, path: Path) -> None:
    known = len(migration_scripts())
    if version > known:
        raise LedgerFileError(
            f"db: {str(path)!r} has schema version {version} but this fledger knows up to {known}; "
            "upgrade fledger to open it (the file was not changed)"
        )


def backup_path(path: Path, version: int) -> Path:
    return path.with_name(f"{path.name}.v{version}.bak")


def backup(path: Path, version: int) -> Path | None:
    """Copy the ledger (and its WAL) aside before an upgrade; None for a new, empty ledger."""
    if version == 0 or not path.exists():
        return None
    target = backup_path(path, version)
    n = 1
    while os.path.lexists(target) or os.path.lexists(wal_path(target)):
        target = path.with_name(f"{path.name}.v{version}.{n}.bak")  # never over a file (or link) already there
        n += 1
    _copy_new(path, target)
    wal = wal_path(path)
    if wal.exists():
        _copy_new(wal, wal_path(target))
    return target


def _copy_new(source: Path, target: Path) -> None:
    """Copy into a file created here and now: a link planted at ``target`` is refused, not followed."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(target, flags, 0o600)
    except OSError as exc:
        raise LedgerFileError(
            f"db: cannot write the backup {str(target)!r} ({exc.strerror}); nothing was changed"
        ) from None
    with os.fdopen(fd, "wb") as out, source.open("rb") as src:
        shutil.copyfileobj(src, out, 1 << 20)
    shutil.copystat(source, target)


def apply_pending(con: duckdb.DuckDBPyConnection, version: int, applied_at: datetime) -> int:
    """Apply migrations after ``version`` inside the caller's transaction; returns the new version."""
    scripts = migration_scripts()
    if version == 0:
        con.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER, name VARCHAR, applied_at TIMESTAMP)"
        )
    for number, (name, sql) in enumerate(scripts[version:], start=version + 1):
        con.execute(sql)
        con.execute("INSERT INTO schema_migrations VALUES (?, ?, ?)", [number, name, applied_at])
    return len(scripts)
