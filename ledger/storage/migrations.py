"""Numbered schema migrations: ``migrations/NNN_name.sql``; version = how many are applied.

A ledger behind the code is copied to a backup beside it, then upgraded in one
transaction.  A ledger ahead of the code is refused untouched.
"""

from __future__ import annotations

import shutil
from datetime import datetime
from importlib import resources
from pathlib import Path

import duckdb

from ledger.errors import LedgerFileError


def migration_scripts() -> list[tuple[str, str]]:
    """(name, sql) for every migration, in order."""
    folder = resources.files("ledger.storage") / "migrations"
    names = sorted(p.name for p in folder.iterdir() if p.name.endswith(".sql"))
    return [(name, (folder / name).read_text(encoding="utf-8")) for name in names]


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_migrations'"
    ).fetchone()
    if not exists or not exists[0]:
        return 0
    row = con.execute("SELECT count(*) FROM schema_migrations").fetchone()
    return int(row[0]) if row else 0


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
    shutil.copy2(path, target)
    wal = path.with_name(path.name + ".wal")
    if wal.exists():
        shutil.copy2(wal, target.with_name(target.name + ".wal"))
    return target


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
