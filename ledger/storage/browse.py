"""Paging through the item list: a filtered, sorted window of rows, and a cheap change marker.

The list of a large ledger is never read whole.  The page of items is chosen
first (filter, sort, offset, limit) and only then are forecasts gathered, for
those items alone, so a keystroke in a filter costs one small query.
"""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ledger.storage import Connection
from ledger.storage.checkpoints import wal_path
from ledger.storage.latest import WITHDRAWALS
from ledger.storage.records import FAR_FUTURE
from ledger.storage.views import CURRENT_ITEMS, CURRENT_RESOLUTIONS, not_retracted

STATUS_FILTERS = {
    "open": "r.outcome IS NULL",
    "due": "r.outcome IS NULL AND i.deadline_latest < $today",
    "resolved": "r.outcome IS NOT NULL",
    "all": "TRUE",
}
VIEWS = tuple(STATUS_FILTERS)
WHOLE_LIST = 2**62  # a LIMIT that never cuts

# A case-insensitive substring match over key, title, actors and tags.
QUERY_FILTER = """(
    $query = ''
    OR contains(lower(i.key), $query)
    OR contains(lower(i.title), $query)
    OR contains(lower(array_to_string(i.actors, chr(31))), $query)
    OR contains(lower(array_to_string(i.tags, chr(31))), $query)
)"""


def item_page(
    con: Connection,
    *,
    view: str,
    analyst: str,
    today: date,
    query: str = "",
    limit: int = 200,
    offset: int = 0,
    as_of: datetime | None = None,
) -> tuple[list[dict[str, Any]], int]:
    """(rows, total matching): one row per item with its status, my latest forecast and the crowd's
    median, sorted by deadline then key.  ``limit=WHOLE_LIST`` reads the whole view."""
    params: dict[str, Any] = {
        "today": today,
        "as_of": as_of or FAR_FUTURE,
        "query": " ".join(query.lower().split()),
    }
    where = f"{STATUS_FILTERS[view]} AND {QUERY_FILTER}"
    # Sort and cut on narrow columns first; wide columns are fetched for the page alone.
    page = f"""
        SELECT i.item_id, i.deadline_latest, i.key, r.outcome, r.known_on
        FROM i LEFT JOIN r USING (item_id)
        WHERE {where}
        ORDER BY i.deadline_latest NULLS LAST, i.key, i.item_id
        LIMIT $limit OFFSET $offset"""
    params.update(analyst=analyst, limit=limit, offset=offset)
    rows = _page_rows(con, f"i AS ({CURRENT_ITEMS}), r AS ({CURRENT_RESOLUTIONS}), page AS ({page})", params)
    count_sql = f"""
        WITH i AS ({CURRENT_ITEMS}), r AS ({CURRENT_RESOLUTIONS})
        SELECT count(*) FROM i LEFT JOIN r USING (item_id) WHERE {where}"""
    found = con.execute(count_sql, _used(count_sql, params)).fetchone()
    return rows, int(found[0]) if found else 0


# Everything the list filters and sorts on, one row per item in list order, plus the few display fields that do
# not depend on forecasts (so a filtered page can be painted before its forecasts are read).  Tags come as one
# chr(31)-joined string: lists and timestamps would double the cost of reading the index.
INDEX_COLUMNS = (
    "item_id", "deadline_latest", "resolved", "haystack",
    "key", "title", "deadline_earliest", "deadline_precision", "outcome", "tags",
)  # fmt: skip
INDEX_SQL = f"""
    WITH i AS ({CURRENT_ITEMS}), r AS ({CURRENT_RESOLUTIONS})
    SELECT i.item_id, i.deadline_latest, r.outcome IS NOT NULL AS resolved,
           lower(concat_ws(chr(31), i.key, i.title, array_to_string(i.actors, chr(31)),
                           array_to_string(i.tags, chr(31)))) AS haystack,
           i.key, i.title, i.deadline_earliest, i.deadline_precision, r.outcome, array_to_string(i.tags, chr(31))
    FROM i LEFT JOIN r USING (item_id)
    ORDER BY i.deadline_latest NULLS LAST, i.key, i.item_id
"""


def item_index(con: Connection) -> list[tuple[Any, ...]]:
    """One tuple per item (the fields of ``INDEX_COLUMNS``), sorted as the list is."""
    return con.execute(INDEX_SQL, {"as_of": FAR_FUTURE}).fetchall()


def items_by_id(con: Connection, ids: list[str], *, analyst: str, today: date) -> list[dict[str, Any]]:
    """The list rows of the items ``ids`` (shaped like ``item_page``'s), in the order given."""
    if not ids:
        return []
    params: dict[str, Any] = {"ids": ids, "today": today, "as_of": FAR_FUTURE, "analyst": analyst}
    page = f"""
        SELECT w.item_id, w.pos, r.outcome, r.known_on
        FROM (SELECT unnest($ids) AS item_id, generate_subscripts($ids, 1) AS pos) w
        LEFT JOIN (SELECT * FROM resolutions WHERE item_id IN (SELECT unnest($ids)) AND {not_retracted("resolution")}
                   QUALIFY row_number() OVER (PARTITION BY item_id ORDER BY recorded_at DESC, id DESC) = 1) r
        USING (item_id)"""
    return _page_rows(con, f"page AS ({page})", params, order="page.pos")


# An analyst's latest forecast that another tool says was withdrawn no longer stands from the day
# it was withdrawn (one set to expire later still stands): the list shows no probability of theirs
# and the crowd median leaves it out, as scoring does (docs/scoring.md); an earlier forecast does
# not come back.
_STILL_STANDING = f"""NOT EXISTS (SELECT 1 FROM {WITHDRAWALS} w WHERE w.recorded_at <= $as_of AND w.item_id = latest.item_id
                                 AND w.analyst = latest.analyst AND w.made_at = latest.made_at
                                 AND CAST(w.withdrawn_at AS DATE) <= $today)"""


def forecast_figures(con: Connection, analyst: str, today: date) -> dict[str, tuple[float | None, float | None, int]]:
    """item_id -> (my latest probability, the crowd's median, forecasters) over every item forecast on:
    what the list sorts on when it sorts by mine, crowd or N (retracted forecasts left out)."""
    rows = con.execute(
        f"""WITH lf AS (
                SELECT item_id, analyst, probability FROM (
                    SELECT * FROM forecasts WHERE {not_retracted("forecast")}
                    QUALIFY row_number() OVER (
                        PARTITION BY item_id, analyst ORDER BY made_at DESC, recorded_at DESC, id DESC) = 1) latest
                WHERE {_STILL_STANDING})
            SELECT item_id, max(probability) FILTER (WHERE analyst = $analyst), median(probability), count(*)
            FROM lf GROUP BY item_id""",
        {"analyst": analyst, "as_of": FAR_FUTURE, "today": today},
    ).fetchall()
    return {r[0]: (r[1], r[2], int(r[3])) for r in rows}


def _page_rows(con: Connection, ctes: str, params: dict[str, Any], order: str = "") -> list[dict[str, Any]]:
    """The wide list rows for the items of the ``page`` CTE (item_id, outcome, known_on, ...)."""
    order = order or "page.deadline_latest NULLS LAST, page.key, page.item_id"
    sql = f"""
        WITH {ctes},
             lf AS MATERIALIZED (  -- read once, used twice (crowd and mine)
                SELECT * FROM (
                    SELECT * FROM forecasts
                    WHERE recorded_at <= $as_of AND item_id IN (SELECT item_id FROM page) AND {not_retracted("forecast")}
                    QUALIFY row_number() OVER (
                        PARTITION BY item_id, analyst ORDER BY made_at DESC, recorded_at DESC, id DESC) = 1) latest
                WHERE {_STILL_STANDING}),
             crowd AS (
                SELECT item_id, median(probability) AS crowd_median, count(*) AS n_forecasters
                FROM lf GROUP BY item_id),
             mine AS (SELECT item_id, probability AS my_probability, made_at AS my_made_at
                      FROM lf WHERE analyst = $analyst),
             late AS (  -- latest forecasts made on or after the day the outcome became known: never scored
                SELECT lf.item_id, count(*) AS n_late FROM lf JOIN page USING (item_id)
                WHERE page.known_on IS NOT NULL AND lf.made_at >= CAST(page.known_on AS TIMESTAMP)
                GROUP BY lf.item_id)
        SELECT iw.item_id AS id, iw.key, iw.title, iw.kind, iw.actors, iw.tags,
               iw.deadline_earliest, iw.deadline_latest, iw.deadline_precision, iw.deadline_phrase,
               (iw.deadline_latest - $today) AS days_left,
               page.outcome, page.known_on,
               mine.my_probability, mine.my_made_at,
               crowd.crowd_median, coalesce(crowd.n_forecasters, 0) AS n_forecasters,
               iw.source_id, iw.created_at, coalesce(late.n_late, 0) AS n_late
        FROM page
        JOIN (SELECT * FROM item_revisions WHERE recorded_at <= $as_of AND item_id IN (SELECT item_id FROM page)
              QUALIFY row_number() OVER (PARTITION BY item_id ORDER BY recorded_at DESC, revision_id DESC) = 1
             ) iw USING (item_id)
        LEFT JOIN mine USING (item_id)
        LEFT JOIN crowd USING (item_id)
        LEFT JOIN late USING (item_id)
        ORDER BY {order}
    """
    cur = con.execute(sql, _used(sql, params))
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def _used(sql: str, params: dict[str, Any]) -> dict[str, Any]:
    """Only the named parameters the statement mentions (DuckDB refuses extra ones)."""
    return {name: value for name, value in params.items() if f"${name}" in sql}


def change_marker(path: Path) -> tuple[int, ...]:
    """A value that changes whenever any process commits to the ledger file (size and mtime of file and WAL).

    Reading it opens no connection, so watching for changes never takes the file's lock.
    """
    marker: list[int] = []
    for candidate in (path, wal_path(path)):
        try:
            st = os.stat(candidate)
        except OSError:
            marker += [-1, -1]
        else:
            marker += [st.st_size, st.st_mtime_ns]
    return tuple(marker)
