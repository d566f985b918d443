"""Connections to a team ledger: DuckDB with the PostgreSQL database attached.

Each operation attaches the database under a fresh name, makes it the default
catalog (``USE``), so the storage and scoring SQL run unchanged on it, runs
one transaction and detaches again: nothing stays connected between
operations.  The extension is loaded once per process, into one in-memory
DuckDB that the operations share through cursors (loading costs ~0.2 s;
attaching a few milliseconds).

Driver errors become ``LedgerError``s here, with the URI's password masked.
"""

from __future__ import annotations

import itertools
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import duckdb

from ledger.errors import LedgerFileError, ServerTimeout
from ledger.storage.engine import sql_literal
from ledger.storage.engine_settings import engine_config
from ledger.storage.team.extension import already_checked, extension_file, remember_checked
from ledger.storage.team.location import TeamLocation

_base: duckdb.DuckDBPyConnection | None = None
_base_lock = threading.Lock()
_names = itertools.count(1)


def _engine() -> duckdb.DuckDBPyConnection:
    """The process's in-memory DuckDB with the postgres extension loaded (made on first use)."""
    global _base
    with _base_lock:
        if _base is None:
            path = extension_file()
            checked = already_checked(path)
            config = {**engine_config(), "autoinstall_known_extensions": False, "allow_unsigned_extensions": checked}
            con = duckdb.connect(":memory:", config=config)
            try:
                con.execute(f"LOAD {sql_literal(str(path))}")
            except duckdb.Error as exc:
                con.close()
                raise LedgerFileError(
                    f"db: cannot load DuckDB's postgres extension from {str(path)!r}: {_first_line(exc)}"
                ) from None
            if not checked:
                remember_checked(path)
            _base = con
        return _base


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0][:300] if lines else type(exc).__name__


_RAISED = re.compile(r"fledger: (?P<why>[^\n]*)")


def translate(exc: duckdb.Error, where: TeamLocation) -> Exception:
    """A driver error as one line for people; the password never appears."""
    text = where.scrub(str(exc))
    lowered = text.lower()
    shown = where.shown
    if "timeout expired" in lowered or "timed out" in lowered:
        return ServerTimeout(
            f"db: the server of {shown} did not answer in time (connect_timeout in the URI "
            "or PGCONNECT_TIMEOUT sets how long to wait)"
        )
    if (
        "password authentication failed" in lowered
        or "no password supplied" in lowered
        or ("role" in lowered and "does not exist" in lowered and "connect" in lowered)
    ):
        user = where.user or "the login"
        return LedgerFileError(
            f"db: the server of {shown} refused the login of {user} (wrong or missing "
            "password; libpq reads it from PGPASSWORD or ~/.pgpass)"
        )
    match = re.search(r'database "([^"]*)" does not exist', text)
    if match:
        return LedgerFileError(
            f"db: database {match[1]!r} does not exist on the server of {shown}; "
            "create it (createdb) and run 'fledger team init'"
        )
    if any(
        s in lowered
        for s in (
            "could not connect",
            "connection refused",
            "could not translate host",
            "no such file or directory",
            "unable to connect",
            "network is unreachable",
        )
    ):
        detail = _first_line(Exception(text)).split(": ", 1)[-1]
        return LedgerFileError(f"db: cannot reach the server of {shown} ({detail[:160]})")
    raised = _RAISED.search(text)
    if raised:
        return LedgerFileError(f"db: the server refused the write: {raised['why'].strip()}")
    if "permission denied" in lowered:
        what = re.search(r"permission denied[^\n]*", text, re.IGNORECASE)
        return LedgerFileError(
            f"db: the server refused: {what[0] if what else 'permission denied'} "
            "(analysts may only read and add records)"
        )
    return LedgerFileError(f"db: {shown}: {_first_line(Exception(text))}")


@contextmanager
def attached(where: TeamLocation, *, write: bool) -> Iterator[tuple[duckdb.DuckDBPyConnection, str]]:
    """A DuckDB cursor whose default catalog is the team database (attached as the yielded name)."""
    con = _engine().cursor()
    name = f"fledger_team_{next(_names)}"
    options = "TYPE postgres" if write else "TYPE postgres, READ_ONLY"
    try:
        con.execute(f"ATTACH {sql_literal(where.conninfo)} AS {name} ({options})")
    except duckdb.Error as exc:
        con.close()
        raise translate(exc, where) from None
    try:
        con.execute(f"USE {name}")
        yield con, name
    finally:
        try:
            con.execute("USE memory")
            con.execute(f"DETACH {name}")
        except duckdb.Error:
            pass
        con.close()


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection, where: TeamLocation) -> Iterator[None]:
    """One transaction: committed on success, rolled back on error; driver errors translated."""
    try:
        con.execute("BEGIN TRANSACTION")
        try:
            yield
        except BaseException:
            con.execute("ROLLBACK")
            raise
        con.execute("COMMIT")
    except duckdb.Error as exc:
        raise translate(exc, where) from None


def server_query(con: duckdb.DuckDBPyConnection, name: str, sql: str) -> list[tuple[object, ...]]:
    """Rows of a query run by PostgreSQL itself (for what only the server knows: roles, snapshots)."""
    return con.execute(f"SELECT * FROM postgres_query({sql_literal(name)}, {sql_literal(sql)})").fetchall()


def server_execute(con: duckdb.DuckDBPyConnection, name: str, sql: str) -> None:
    """Run statements on PostgreSQL itself, in the attached database's current transaction."""
    con.execute(f"CALL postgres_execute({sql_literal(name)}, {sql_literal(sql)})")
