"""The scored rows written as CSV by DuckDB itself (``COPY ... TO``), never row by row in Python.

The query is ``ledger.scoring.scored_csv``'s; this module runs it into a file.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from ledger.errors import LedgerFileError
from ledger.storage import Connection


def copy_to_csv(con: Connection, text: str, params: dict[str, object], target: Path) -> int:
    """Write the result of query ``text`` to ``target`` (replaced) as CSV with a header; returns the row count."""
    try:
        (count,) = con.execute(
            f"COPY ({text}) TO $target (FORMAT csv, HEADER)", {**params, "target": str(target)}
        ).fetchone() or (0,)
    except duckdb.IOException as exc:
        first = str(exc).splitlines()[0]
        raise LedgerFileError(f"output: cannot write {str(target)!r}: {first}") from None
    return int(count)
