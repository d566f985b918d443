"""One DuckDB instance per process, to which each operation attaches its ledger file.

Opening a DuckDB instance builds its whole catalog of functions (about 11 ms of CPU),
and closing it takes a few more; attaching a file to an instance already running
takes about 1 ms.  fledger opens the file once per operation (``connection``), so
each operation gets its own cursor on this process's in-memory instance, attaches
the file under a name of its own, works in it (``USE``), and detaches it at the
end, which releases DuckDB's lock on the file exactly as closing did.

The instance never checkpoints on its own, not at a commit and not when a file is
detached: fledger runs each checkpoint itself, journaled (``checkpoints``).
"""

from __future__ import annotations

import itertools
import threading
from typing import Any

import duckdb

_HOLD_CHECKPOINTS = {"checkpoint_threshold": "1TB"}

_instances: dict[tuple[tuple[str, Any], ...], duckdb.DuckDBPyConnection] = {}
_instances_lock = threading.Lock()
_names = itertools.count(1)


def sql_literal(text: str) -> str:
    """``text`` as an SQL string literal, for statements that take no parameters (ATTACH, COPY … TO)."""
    return "'" + text.replace("'", "''") + "'"


def _instance(config: dict[str, Any]) -> duckdb.DuckDBPyConnection:
    """This process's instance for ``config`` (made on first use)."""
    key = tuple(sorted(config.items()))
    with _instances_lock:
        instance = _instances.get(key)
        if instance is None:
            instance = duckdb.connect(":memory:", config={**config, **_HOLD_CHECKPOINTS})
            try:
                instance.execute("PRAGMA disable_checkpoint_on_shutdown")
            except BaseException:
                instance.close()
                raise
            _instances[key] = instance
        return instance


def attach(path: str, *, read_only: bool, config: dict[str, Any]) -> tuple[duckdb.DuckDBPyConnection, str]:
    """A cursor working in the DuckDB file at ``path``, and the name it is attached under.

    Raises DuckDB's own error when the file cannot be attached (locked, not a DuckDB file…).
    """
    cursor = _instance(config).cursor()
    name = f"ledger_{next(_names)}"
    options = "TYPE duckdb, READ_ONLY" if read_only else "TYPE duckdb"
    try:
        cursor.execute(f"ATTACH {sql_literal(path)} AS {name} ({options})")
        cursor.execute(f"USE {name}")
    except BaseException:
        release(cursor, name, config)
        raise
    return cursor, name


def release(cursor: duckdb.DuckDBPyConnection, name: str, config: dict[str, Any]) -> None:
    """Detach the file and close the cursor; if DuckDB will not detach, the whole instance is closed,
    so that the file is never left locked by this process."""
    try:
        cursor.execute("USE memory")
        cursor.execute(f"DETACH DATABASE IF EXISTS {name}")
    except duckdb.Error:
        _discard(config)
    finally:
        try:
            cursor.close()
        except duckdb.Error:
            pass


def _discard(config: dict[str, Any]) -> None:
    """Close this process's instance for ``config``: every file attached to it is let go."""
    with _instances_lock:
        instance = _instances.pop(tuple(sorted(config.items())), None)
    if instance is not None:
        try:
            instance.close()
        except duckdb.Error:
            pass
