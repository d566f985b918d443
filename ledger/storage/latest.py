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

Retracted forecasts and resolutions (``retractions``) are left out, as in every score.

Freshness rests on the history being append-only: ``latest_forecasts_marks``
holds how many forecast, resolution and retraction rows the table has taken in.
Every write transaction ends with ``catch_up``, which refreshes the (item, analyst)
pairs touched by the rows added since; a reader trusts the table only when the
marks still equal the row counts, so rows written by any other means (another
tool, a hand-written INSERT) make scoring fall back to the full query rather
than give a stale answer.
"""

from __future__ import annotations

from datetime import datetime

from ledger.storage import Connection
from ledger.storage.records import FAR_FUTURE
from ledger.storage.views import current_resolutions_among, not_retracted

TABLE = "latest_forecasts"
MARKS = "latest_forecasts_marks"
NUMBERS = "latest_item_numbers"
DERIVED_TABLES = (TABLE, MARKS, NUMBERS)
WITHDRAWALS = "forecast_withdrawals"  # history: forecasts another tool says stopped standing

# "Latest" as one number, so the per-(item, analyst) aggregate compares integers:
# made_at first, then recorded_at (fledger never writes two forecasts of one
# analyst on one item with the same made_at and recorded_at; see docs/scoring.md).
LATEST_KEY = "CAST(epoch_us(f.made_at) AS HUGEINT) * 18446744073709551616 + epoch_us(f.recorded_at)"

# A forecast counts for an item when it was made before the day its outcome became
# known (00:00 UTC); on an item with no resolution in force, every forecast counts.
_BEFORE = "(r.known_on IS NULL OR f.made_at < CAST(r.known_on AS TIMESTAMP))"


def withdrawn_sql(items: str = "TRUE") -> str:
    """The withdrawals recorded by ``$as_of``: item_id, analyst, made_at and the earliest withdrawn_at.

    A withdrawal ends the analyst's forecast on the item made at that moment (docs/scoring.md).
    Matched on (item, analyst, made_at), which the withdrawal row repeats, so that scoring finds
    them from its grouped pairs without reading every forecast's id.  ``items``: a condition on
    ``item_id`` that narrows the rows read (fixed SQL, no values).
    """
    return f"""(SELECT item_id, analyst, made_at, min(withdrawn_at) AS withdrawn_at FROM {WITHDRAWALS}
                WHERE recorded_at <= $as_of AND {items} GROUP BY item_id, analyst, made_at)"""


def latest_sql(scope: str = "TRUE", items: str = "TRUE", numbers: str = NUMBERS) -> str:
    """Per (item, analyst) of the forecasts recorded by ``$as_of`` that meet ``scope`` (fixed SQL, no values).

    ``items``, a condition on ``item_id`` that every forecast in scope meets, narrows
    the resolutions read (a few items' resolutions are found much faster than all).

    Columns: item_id, analyst; probability and made_at of the latest forecast made
    before the outcome was known (probability NULL when there is none, or when that
    forecast was withdrawn before the outcome was known); n_before and n_after,
    the forecasts made before and on or after that day; outcome and known_on of the
    resolution in force (NULL while unresolved); o, that outcome as the number
    scores use (1 yes, 0 no, NULL otherwise); item_no, the item's small integer in
    ``numbers`` (a relation of item_id, item_no: ``latest_item_numbers``, or
    ``NUMBERS_SQL`` inline), which scores group and join by: that costs far less
    than doing so on 36-character ids.
    """
    resolutions = current_resolutions_among(items)
    numbers = f"(SELECT item_id, item_no FROM {numbers} WHERE {items})"
    # A latest forecast withdrawn before the outcome was known no longer stood then: no probability.
    withdrawn = withdrawn_sql(items)
    # Grouped on the item's number, not its id: a smaller, faster hash table.
    return f"""
    SELECT n.item_id, l.analyst,
           CASE WHEN w.withdrawn_at < CAST(r.known_on AS TIMESTAMP) THEN NULL ELSE l.probability END AS probability,
           l.made_at, l.n_before, l.n_after, r.outcome,
           CASE r.outcome WHEN 'yes' THEN 1.0 WHEN 'no' THEN 0.0 END::DOUBLE AS o, r.known_on, l.item_no
    FROM (
        SELECT n.item_no, f.analyst,
               arg_max(f.probability, {LATEST_KEY}) FILTER (WHERE {_BEFORE}) AS probability,
               max(f.made_at) FILTER (WHERE {_BEFORE}) AS made_at,
               CAST(count(*) FILTER (WHERE {_BEFORE}) AS INTEGER) AS n_before,
               CAST(count(*) FILTER (WHERE NOT {_BEFORE}) AS INTEGER) AS n_after
        FROM forecasts f
        JOIN {numbers} n USING (item_id)
        LEFT JOIN ({resolutions}) r USING (item_id)
        WHERE f.recorded_at <= $as_of AND ({scope}) AND {not_retracted("forecast", "f.")}
        GROUP BY n.item_no, f.analyst) l
    JOIN {numbers} n USING (item_no)
    LEFT JOIN ({resolutions}) r ON r.item_id = n.item_id
    LEFT JOIN {withdrawn} w ON w.item_id = n.item_id AND w.analyst = l.analyst AND w.made_at = l.made_at
"""


# Numbers for every item forecast on, made on the spot (for a query that cannot
# use the stored ones); the same kind as the stored numbers, not the same values.
NUMBERS_SQL = """(SELECT item_id, CAST(row_number() OVER () AS INTEGER) AS item_no
                  FROM (SELECT DISTINCT item_id FROM forecasts))"""


LATEST_SQL = latest_sql()  # what the stored table holds, run with $as_of = FAR_FUTURE (everything recorded)


def _counts_and_marks(con: Connection) -> tuple[tuple[int, int, int], tuple[int, int, int] | None]:
    """How many forecast, resolution and retraction rows there are, and how many the table has taken in
    (None when unknown: a new table, or one from before retractions were counted), in one query."""
    row = con.execute(
        f"""SELECT (SELECT count(*) FROM forecasts), (SELECT count(*) FROM resolutions),
                   (SELECT count(*) FROM retractions), m.forecasts_rows, m.resolutions_rows, m.retractions_rows
            FROM (SELECT 1) LEFT JOIN (SELECT * FROM {MARKS} LIMIT 1) m ON TRUE"""
    ).fetchone()
    if not row:
        return (0, 0, 0), None
    counts = (int(row[0]), int(row[1]), int(row[2]))
    if any(v is None for v in row[3:]):
        return counts, None
    return counts, (int(row[3]), int(row[4]), int(row[5]))


# Up to this many touched pairs are named in the statements themselves (equality
# filters DuckDB applies inside the scan); more go through a temporary table.
_FEW = 200


def catch_up(con: Connection) -> None:
    """Bring the table up to date with the history, inside the caller's write transaction."""
    counts, marks = _counts_and_marks(con)
    if marks == counts:
        return  # the transaction wrote nothing the table is made of (most writes but forecasts and resolutions)
    columns = "forecasts_rows, resolutions_rows, retractions_rows"
    if marks is None or any(m > c for m, c in zip(marks, counts, strict=True)):
        # New table, or history that shrank (it never should): build it all.
        con.execute(f"DELETE FROM {TABLE}")
        con.execute(f"DELETE FROM {NUMBERS}")
        _number_items(con, "SELECT DISTINCT item_id FROM forecasts", "TRUE", {})
        con.execute(f"INSERT INTO {TABLE} {LATEST_SQL}", {"as_of": FAR_FUTURE})
        con.execute(f"DELETE FROM {MARKS}")
        con.execute(f"INSERT INTO {MARKS} ({columns}) VALUES (?, ?, ?)", list(counts))
    else:
        _refresh_touched(con, marks, retracted=counts[2] > marks[2])
        # The one row of marks, set in place (derived data, not history; cheaper than deleting and adding it).
        con.execute(f"UPDATE {MARKS} SET forecasts_rows = ?, resolutions_rows = ?, retractions_rows = ?", list(counts))


def _refresh_touched(con: Connection, marks: tuple[int, int, int], *, retracted: bool) -> None:
    """Recompute the pairs the rows added since ``marks`` touch.

    Those are a new or retracted forecast's (item, analyst), and every analyst's pair
    on an item with a new or retracted resolution.  The rowid of an appended row is at
    least the row count before it, since rows are never deleted.  ``retracted``: whether
    retractions were added (the usual write adds none, and then they are not looked at).
    """
    touched = """SELECT DISTINCT item_id, analyst FROM forecasts WHERE rowid >= $f
                 UNION
                 SELECT item_id, analyst FROM latest_forecasts
                 WHERE item_id IN (SELECT item_id FROM resolutions WHERE rowid >= $r)"""
    bounds = {"f": marks[0], "r": marks[1]}
    if retracted:
        touched += """
                 UNION
                 SELECT item_id, analyst FROM forecasts
                 WHERE item_id IN (SELECT item_id FROM retractions WHERE rowid >= $x)
                   AND id IN (SELECT target_id FROM retractions WHERE rowid >= $x AND target = 'forecast')
                 UNION
                 SELECT item_id, analyst FROM latest_forecasts
                 WHERE item_id IN (SELECT item_id FROM retractions WHERE rowid >= $x AND target = 'resolution')"""
        bounds["x"] = marks[2]
    # With each pair, whether its item still needs a number (only an item's first forecast does).
    pairs = con.execute(
        f"""SELECT t.item_id, t.analyst, n.item_no IS NULL FROM ({touched}) t
            LEFT JOIN {NUMBERS} n USING (item_id) LIMIT {_FEW + 1}""",
        bounds,
    ).fetchall()
    if not pairs:  # e.g. a resolution of an item nobody forecast
        return
    params: dict[str, object] = {}
    item_params: dict[str, object] = {}  # the values in_items names
    if len(pairs) <= _FEW:
        # Every pair of a touched item and a touched analyst: a few more than touched, refreshed alike.
        items = sorted({i for i, _, _ in pairs})
        analysts = sorted({a for _, a, _ in pairs})
        item_params = {f"i{n}": v for n, v in enumerate(items)}
        params = item_params | {f"a{n}": v for n, v in enumerate(analysts)}
        item_marks = ", ".join(f"${name}" for name in item_params)
        in_items = f"item_id IN ({item_marks})"
        in_analysts = "analyst IN (" + ", ".join(f"$a{n}" for n in range(len(analysts))) + ")"
        scope = f"{{0}}{in_items} AND {{0}}{in_analysts}"
        item_ids = f"SELECT unnest([{item_marks}]) AS item_id"
    else:
        con.execute(f"CREATE OR REPLACE TEMP TABLE _fledger_touched AS {touched}", bounds)
        in_items = "item_id IN (SELECT item_id FROM _fledger_touched)"
        scope = "EXISTS (SELECT 1 FROM _fledger_touched t WHERE t.item_id = {0}item_id AND t.analyst = {0}analyst)"
        item_ids = "SELECT DISTINCT item_id FROM _fledger_touched"
    if len(pairs) > _FEW or any(unnumbered for _, _, unnumbered in pairs):
        _number_items(con, item_ids, in_items, item_params)
    con.execute(f"DELETE FROM {TABLE} WHERE {scope.format('')}", params)
    query = latest_sql(scope.format("f."), in_items)
    con.execute(f"INSERT INTO {TABLE} {query}", {**params, "as_of": FAR_FUTURE})
    if len(pairs) > _FEW:
        con.execute("DROP TABLE IF EXISTS _fledger_touched")


def _number_items(con: Connection, item_ids: str, among: str, params: dict[str, object]) -> None:
    """Give the items ``item_ids`` selects that have no number yet the next free ones (numbers never change).

    ``among`` is a condition on item_id those items meet, to look up only their numbers.
    """
    con.execute(
        f"""INSERT INTO {NUMBERS}
            SELECT item_id, CAST((SELECT coalesce(max(item_no), 0) FROM {NUMBERS}) + row_number() OVER (ORDER BY item_id)
                                 AS INTEGER)
            FROM ({item_ids}) WHERE item_id NOT IN (SELECT item_id FROM {NUMBERS} WHERE {among})""",
        params,
    )


def rebuild_later(con: Connection) -> None:
    """Have this transaction's ``catch_up`` build the table whole (after history it cannot see by row counts,
    such as a withdrawal of a forecast written earlier).  A team ledger's server notes such rows itself."""
    if not _on_team_server(con):
        con.execute(f"DELETE FROM {MARKS}")


def _on_team_server(con: Connection) -> bool:
    """Whether the ledger in use is a team ledger (a PostgreSQL database attached as the default catalog)."""
    row = con.execute("SELECT type FROM duckdb_databases() WHERE database_name = current_database()").fetchone()
    return bool(row) and row[0] == "postgres"


def usable(con: Connection, as_of: datetime) -> bool:
    """Whether the stored table answers for ``as_of``: it has taken in every row, and none is after ``as_of``.

    A team ledger's table is kept by its server (``ledger.storage.team.derived``), which says so itself.
    """
    if _on_team_server(con):
        from ledger.storage.team.derived import stored_answers

        return stored_answers(con, as_of)
    counts, marks = _counts_and_marks(con)
    if marks is None or marks != counts:  # no marks: never built
        return False
    if as_of >= FAR_FUTURE:
        return True
    row = con.execute(
        """SELECT greatest((SELECT max(recorded_at) FROM forecasts), (SELECT max(recorded_at) FROM resolutions),
                           (SELECT max(recorded_at) FROM retractions)),
                  (SELECT max(known_on) FROM resolutions)"""
    ).fetchone()
    last_recorded, last_known = row if row else (None, None)
    return (last_recorded is None or last_recorded <= as_of) and (last_known is None or last_known <= as_of.date())
