"""Storage: the only package that imports duckdb.

``Store`` hands out one short-lived connection per operation, each inside one
transaction, with the schema brought up to date (or refused) on the way in.
Query functions live in the sibling modules and take that connection.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from ledger.errors import LedgerFileError
from ledger.storage import absent_pandas, migrations, own_files
from ledger.storage.connection import check_path_text, connect, has_write_bits, lock_timeout_from_env

Connection = duckdb.DuckDBPyConnection
absent_pandas.answer_quickly()


class Store:
    """A ledger file.  Holds no connection between operations."""

    is_team = False

    def __init__(self, path: Path, lock_timeout: float | None = None) -> None:
        self.path = Path(path)
        check_path_text(self.path)
        self.lock_timeout = lock_timeout_from_env() if lock_timeout is None else lock_timeout
        self.created = False  # whether the last ``writing`` made the ledger file a ledger

    def exists(self) -> bool:
        return self.path.exists()

    def refuse_own_files(self, targets: Iterable[Path | str], field: str) -> None:
        """Refuse output paths that are (or link to) this ledger, its WAL, lock or backups."""
        own_files.refuse_own_files(self.path, targets, field)

    @contextmanager
    def writing(self, *, adopt: bool = False) -> Iterator[Connection]:
        """A read-write transaction on an up-to-date schema; creates the file if needed.

        An existing DuckDB file that is not a fledger ledger is refused untouched; with
        ``adopt`` (``fledger init --db FILE``) one that holds no tables becomes a ledger.
        ``created`` says afterwards whether this call made the ledger (under the write turn,
        so of processes racing to create one file exactly one is told it did).
        Derived tables are brought up to date with what the transaction wrote before it commits.
        """
        existed = self.path.exists() and self.path.stat().st_size > 0
        self.created = False
        with connect(self.path, write=True, timeout=self.lock_timeout) as con:
            version = migrations.checked_version(con, self.path, existed=existed, adopt=adopt)
            self.created = version == 0
            if version < len(migrations.migration_scripts()):
                migrations.backup(self.path, version)
                migrations.apply_pending(con, version, datetime.now(UTC).replace(tzinfo=None))
            from ledger.storage import corrections, latest  # they need this package set up first

            shadowed = corrections.hide_corrected(con)  # rows hidden by a correction are gone for writers too
            yield corrections.WritingThroughViews(con, shadowed) if shadowed else con  # type: ignore[misc]
            latest.catch_up(con)

    def change_marker(self) -> tuple[int, ...]:
        """Changes whenever anyone commits to the ledger; cheap, and takes no lock."""
        from ledger.storage import browse

        return browse.change_marker(self.path)

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A read-only transaction (the file is upgraded first if it is behind the code).

        Rows hidden by a row correction are left out of every table it reads.
        """
        from ledger.storage import corrections  # it needs this package set up first

        if not self.path.exists():
            with self.writing():
                pass
        with connect(self.path, write=False, timeout=self.lock_timeout) as con:
            version = migrations.checked_version(con, self.path, existed=True, adopt=False)
            current = version == len(migrations.migration_scripts())
            if current:
                corrections.hide_corrected(con)  # rows hidden by a correction are gone for every reader
                yield con
                return
        if not has_write_bits(self.path):
            raise LedgerFileError(
                f"db: {str(self.path)!r} has schema version {version} and this fledger reads version "
                f"{len(migrations.migration_scripts())}; it is read-only, so it cannot be upgraded: make it writable "
                "once (a backup is kept beside it)"
            )
        with self.writing():
            pass
        with connect(self.path, write=False, timeout=self.lock_timeout) as con:
            corrections.hide_corrected(con)
            yield con
