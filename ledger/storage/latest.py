"""Each analyst's latest forecast per item, kept as a derived table beside the history.

Scoring in ``last`` mode wants, for every (item, analyst), the latest forecast
made before the item's outcome became known.  On a team ledger of ten million
forecasts that one grouping is most of the work, so it is kept up to date on
write in ``latest_forecasts`` instead of being redone by every ``score``.

The table is derived data, not history: it can be rebuilt from ``forecasts``
and ``resolutions`` at any time, it is left out of exports and fingerprints,
and its rows are replaced (deleted and written again) as the history grows.
``LATEST_SQL`` is its one definition: the stored rows are that query over the
whole history, and a score ``--as-of`` an earlier moment runs the same query
inline over the history as it stood then.

Freshness rests on the history being append-only: ``latest_forecasts_marks``
holds how many forecast and resolution rows the table has taken in.  Every
write transaction ends with ``catch_up``, which refreshes the (item, analyst)
pairs touched by the rows added since; a reader trusts the table only when the
marks still equal the row counts, so rows written by any other means (another
tool, a hand-written INSERT) make scoring fall back to the full query rather
than give a stale answer.
"""

from __future__ import annotations

from datetime import datetime

from ledger.storage import Connection
from ledger.storage.records import FAR_FUTURE
from ledger.storage.views import current_resolutions_among

TABLE = "latest_forecasts"
MARKS = "latest_forecasts_marks"
DERIVED_TABLES = (TABLE, MARKS)

# "Latest" as one number, so the per-(item, analyst) aggregate compares integers:
# made_at first, then recorded_at (fledger never writes two forecasts of one
# analyst on one item with the same made_at and recorded_at; see docs/scoring.md).
LATEST_KEY = "CAST(epoch_us(f.made_at) AS HUGEINT) * 18446744073709551616 + epoch_us(f.recorded_at)"

# A forecast counts for an item when it was made before the day its outcome became
# known (00:00 UTC); on an item with no resolution in force, every forecast counts.
_BEFORE = "(r.known_on IS NULL OR f.made_at < CAST(r.known_on AS TIMESTAMP))"


def latest_sql(scope: str = "TRUE") -> str:
    """Per (item, analyst) of the forecasts recorded by ``$as_of`` that meet ``scope`` (fixed SQL, no values).

    Columns: item_id, analyst; probability and made_at of the latest forecast made
    before the outcome was known (NULL when there is none); n_before and n_after,
    the forecasts made before and on or after that day; outcome and known_on of the
    resolution in force (NULL while unresolved).
    """
    return f"""
    SELECT f.item_id, f.analyst,
           arg_max(f.probability, {LATEST_KEY}) FILTER (WHERE {_BEFORE}) AS probability,
           max(f.made_at) FILTER (WHERE {_BEFORE}) AS made_at,
           CAST(count(*) FILTER (WHERE {_BEFORE}) AS INTEGER) AS n_before,
           CAST(count(*) FILTER (WHERE NOT {_BEFORE}) AS INTEGER) AS n_after,
           any_value(r.outcome) AS outcome, any_value(r.known_on) AS known_on
    FROM forecasts f
    LEFT JOIN ({current_resolutions_among()}) r USING (item_id)
    WHERE f.recorded_at <= $as_of AND ({scope})
    GROUP BY f.item_id, f.analyst
"""


LATEST_SQL = latest_sql()

# The stored table holds the query over everything ever recorded.
_EVERYTHING = FAR_FUTURE


def _row_counts(con: Connection) -> tuple[int, int]:
    row = con.execute("SELECT (SELECT count(*) FROM forecasts), (SELECT count(*) FROM resolutions)").fetchone()
    return (int(row[0]), int(row[1])) if row else (0, 0)


def _marks(con: Connection) -> tuple[int, int] | None:
    row = con.execute(f"SELECT forecasts_rows, resolutions_rows FROM {MARKS}").fetchone()
    return (int(row[0]), int(row[1])) if row else None


def catch_up(con: Connection) -> None:
    """Bring the table up to date with the history, inside the caller's write transaction.

    Refreshes only the pairs that rows added since the marks touch: a new forecast's
    (item, analyst), and every analyst's pair on an item with a new resolution.
    """
    counts = _row_counts(con)
    marks = _marks(con)
    if marks == counts:
        return
    if marks is None or marks[0] > counts[0] or marks[1] > counts[1]:
        # History never shrinks; if it did, trust nothing and start over.
        con.execute(f"DELETE FROM {TABLE}")
        scope = "TRUE"
    else:
        # rowid of an appended row is at least the count before it (no row is ever deleted)
        con.execute(
            """CREATE OR REPLACE TEMP TABLE _fledger_touched AS
               SELECT DISTINCT item_id, analyst FROM forecasts WHERE rowid >= $f
               UNION
               SELECT item_id, analyst FROM latest_forecasts
               WHERE item_id IN (SELECT item_id FROM resolutions WHERE rowid >= $r)""",
            {"f": marks[0], "r": marks[1]},
        )
        touched = "EXISTS (SELECT 1 FROM _fledger_touched t WHERE t.item_id = {0}.item_id AND t.analyst = {0}.analyst)"
        con.execute(f"DELETE FROM {TABLE} l WHERE {touched.format('l')}")
        scope = touched.format("f")
    con.execute(f"INSERT INTO {TABLE} {latest_sql(scope)}", {"as_of": _EVERYTHING})
    con.execute("DROP TABLE IF EXISTS _fledger_touched")
    con.execute(f"DELETE FROM {MARKS}")
    con.execute(f"INSERT INTO {MARKS} VALUES (?, ?)", list(counts))


def usable(con: Connection, as_of: datetime) -> bool:
    """Whether the stored table answers for ``as_of``: it has taken in every row, and none is after ``as_of``."""
    if _marks(con) != _row_counts(con):
        return False
    if as_of >= _EVERYTHING:
        return True
    row = con.execute(
        """SELECT greatest((SELECT max(recorded_at) FROM forecasts), (SELECT max(recorded_at) FROM resolutions)),
                  (SELECT max(known_on) FROM resolutions)"""
    ).fetchone()
    last_recorded, last_known = row if row else (None, None)
    return (last_recorded is None or last_recorded <= as_of) and (last_known is None or last_known <= as_of.date())
