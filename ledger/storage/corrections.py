"""Row corrections: the append-only way out for rows that break the ledger's rules.

A correction names a table, a key column and a value; every reading transaction
then sees that table through a temporary view of the same name without those
rows, so list, show, scores, reports, exports and the TUI read the ledger as if
they were not there.  Nothing is deleted: the rows and their corrections stay in
the file.  ``breaches`` lists what ``fledger check`` reports.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from attrs import frozen

from ledger.ids import new_id
from ledger.storage import Connection, rule_sql
from ledger.storage.exchange import ledger_tables, table_columns

TABLE = "row_corrections"
# The column a correction names rows by, per table (identifiers from this fixed list only).
HIDE_KEYS = {
    "sources": "id", "item_revisions": "revision_id", "forecasts": "id", "resolutions": "id",
    "scenario_set_revisions": "revision_id", "scenario_outcomes": "set_revision_id", "scenario_forecasts": "id",
    "scenario_resolutions": "id", "signpost_links": "id", "item_events": "id",
}  # fmt: skip
# A set revision cannot be read without its outcomes: hiding these hides that too.
ALSO_HIDE = {"scenario_outcomes": ("scenario_set_revisions", "revision_id")}


@frozen
class BrokenRow:
    """One row (or group of rows) breaking one rule."""

    table: str
    key_column: str
    key: str
    field: str
    value: str
    accepted: str


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def hide_corrected(con: Connection) -> list[str]:
    """Shadow each corrected table with a view that leaves the hidden rows out; returns those tables.

    Called on a schema brought up to date, which has the table of corrections (migration 004).
    """
    pairs = con.execute(f"SELECT DISTINCT target_table, target_column FROM {TABLE} WHERE action = 'hide'").fetchall()
    # only the known key of a known table: nothing else is ever written into SQL
    pairs = [(table, column) for table, column in pairs if HIDE_KEYS.get(table) == column]
    if not pairs:
        return []
    database = con.execute("SELECT current_database()").fetchone()[0]  # type: ignore[index]
    shadowed = []
    for table, column in pairs:
        base = f"{_q(database)}.main.{_q(table)}"
        hidden = (
            f"SELECT target_value FROM {_q(database)}.main.{TABLE} WHERE target_table = '{table}' AND action = 'hide'"
        )
        con.execute(
            f"CREATE OR REPLACE TEMP VIEW {_q(table)} AS "
            f"SELECT * FROM {base} WHERE CAST({_q(column)} AS VARCHAR) NOT IN ({hidden})"
        )
        shadowed.append(table)
    return shadowed


_INSERT = re.compile(r'^(\s*INSERT\s+INTO\s+)("?)([A-Za-z_][A-Za-z0-9_]*)\2(?=[\s(])', re.IGNORECASE)


class WritingThroughViews:
    """A write transaction's connection while corrected tables are views: reads see the views,
    and an ``INSERT INTO <table>`` goes to the table itself (a view takes no rows)."""

    def __init__(self, con: Connection, tables: list[str]) -> None:
        self._con = con
        self._tables = set(tables)
        self._database = con.execute("SELECT current_database()").fetchone()[0]  # type: ignore[index]

    def _route(self, sql: str) -> str:
        match = _INSERT.match(sql)
        if not match or match.group(3) not in self._tables:
            return sql
        return f"{match.group(1)}{_q(self._database)}.main.{_q(match.group(3))}{sql[match.end() :]}"

    def execute(self, sql: str, *args: Any, **kwargs: Any) -> Any:
        return self._con.execute(self._route(sql), *args, **kwargs)

    def executemany(self, sql: str, *args: Any, **kwargs: Any) -> Any:
        return self._con.executemany(self._route(sql), *args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._con, name)


def breaches(con: Connection) -> list[BrokenRow]:
    """Every row of every table (as readers see it) that breaks one of the ledger's rules."""
    found = []
    for table in ledger_tables(con):
        key = HIDE_KEYS.get(table)
        if key is None:
            continue
        columns = [c for c, _ in table_columns(con, table)]
        for b in rule_sql.breaches(con, _q(table), table, columns, [key], limit=None):
            found += [BrokenRow(table, key, ident, b.field, value, b.accepted) for ident, value in b.samples]
    return found


def hide(con: Connection, rows: list[BrokenRow], reason: str, now: datetime, by: str) -> int:
    """Append a correction hiding each row (and what cannot be read without it); returns corrections written."""
    wanted: dict[tuple[str, str, str], None] = {}
    for r in rows:
        wanted[(r.table, r.key_column, r.key)] = None
        if r.table in ALSO_HIDE:
            other, column = ALSO_HIDE[r.table]
            wanted[(other, column, r.key)] = None
    values = [[new_id(), t, c, k, "hide", reason, now, by] for t, c, k in wanted]
    if values:
        con.executemany(f"INSERT INTO {TABLE} VALUES (?, ?, ?, ?, ?, ?, ?, ?)", values)
    return len(values)
