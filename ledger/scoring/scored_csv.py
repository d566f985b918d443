"""The scored rows as CSV cells: the SQL whose result ``fledger`` writes with DuckDB's ``COPY ... TO``.

The file is what a report's fingerprint hashes, so its bytes must be stable:
rows in a fixed order, doubles in DuckDB's shortest round-trip form (``float()``
of a cell gives back the stored double exactly), timestamps ISO 8601 with a
``T`` (microseconds only when there are any), dates ISO, NULL as an empty cell.
Text cells a spreadsheet would run as a formula get a leading apostrophe here,
in SQL, so the file on disk is exactly the file that is hashed.  Writing the
file is ``ledger.storage.scored_csv``'s job.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from ledger.scoring import sql as scoring_sql
from ledger.storage import Connection, latest
from ledger.storage.scored_csv import copy_to_csv

# The first characters that make a spreadsheet evaluate a cell; tab and CR too (some apps skip them).
# Written as SQL expressions, so the query text itself holds no control characters.
_FORMULA_STARTS = "'=', '+', '-', '@', chr(9), chr(13)"


def _inert(column: str) -> str:
    return f"CASE WHEN left({column}, 1) IN ({_FORMULA_STARTS}) THEN '''' || {column} ELSE {column} END"


def _iso(column: str) -> str:
    """Python's ``isoformat()`` layout: seconds, and ``.ffffff`` only when there are microseconds."""
    return (f"CASE WHEN date_trunc('second', {column}) = {column} THEN strftime({column}, '%Y-%m-%dT%H:%M:%S') "
            f"ELSE strftime({column}, '%Y-%m-%dT%H:%M:%S.%f') END")  # fmt: skip


def scored_csv_sql(mode: str, crowd: str | None = None, tag: bool = True, stored_latest: bool = False,
                   after_deadline: bool = False) -> str:  # fmt: skip
    """The scored pairs as CSV cells (analyst, item_id, item_key, p, o, made_at, known_on, weight), in a stable order."""
    return (
        scoring_sql.scored_ctes(mode, crowd, tag=tag, stored_latest=stored_latest, after_deadline=after_deadline)
        + f"""
SELECT {_inert("s.analyst")} AS analyst, {_inert("s.item_id")} AS item_id, {_inert("i.key")} AS item_key,
       s.p, s.o, {_iso("s.made_at")} AS made_at, s.known_on, s.weight
FROM pairs s LEFT JOIN items i USING (item_id)
ORDER BY s.analyst, i.key, s.made_at, s.p, s.weight, s.item_id"""
    )


def copy_scored_rows(
    con: Connection, target: Path, *, mode: str, as_of: datetime, analyst: str | None, tag: str | None,
    crowd: str | None, due_before: date | None = None,
) -> tuple[int, str]:  # fmt: skip
    """Write the scored rows to ``target`` (replaced); returns (rows written, the SQL text)."""
    text = scored_csv_sql(mode, crowd, tag=tag is not None, stored_latest=latest.usable(con, as_of),
                          after_deadline=due_before is not None)  # fmt: skip
    params: dict[str, object] = {"as_of": as_of, "analyst": analyst}
    if tag is not None:
        params["tag"] = tag
    if due_before is not None:
        params["due_before"] = due_before
    return copy_to_csv(con, text, params, target), text
