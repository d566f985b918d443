"""Reading and writing scenario sets, their forecasts and resolutions, and signpost links.

Current state is a view over append-only history; each fragment below takes
``$as_of`` like the core views in ``ledger.storage.views``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ledger.model import Deadline
from ledger.scenarios.model import ScenarioForecast, ScenarioOutcome, ScenarioResolution, ScenarioSet, SignpostLink
from ledger.storage import Connection

FAR_FUTURE = datetime(9999, 12, 31)

CURRENT_SETS = """
    SELECT * FROM scenario_set_revisions
    WHERE recorded_at <= $as_of
    QUALIFY row_number() OVER (PARTITION BY set_id ORDER BY recorded_at DESC, revision_id DESC) = 1
"""

CURRENT_SCENARIO_RESOLUTIONS = """
    SELECT * FROM scenario_resolutions
    WHERE recorded_at <= $as_of AND known_on <= CAST($as_of AS DATE)
    QUALIFY row_number() OVER (PARTITION BY set_id ORDER BY recorded_at DESC, id DESC) = 1
"""

CURRENT_SIGNPOSTS = """
    SELECT * FROM signpost_links
    WHERE recorded_at <= $as_of
    QUALIFY row_number() OVER (PARTITION BY item_id, set_id, outcome_id ORDER BY recorded_at DESC, id DESC) = 1
"""

SET_COLUMNS = (
    "revision_id, set_id, key, question, criteria, tags, close_earliest, close_latest, close_precision, "
    "close_phrase, close_rule, close_confidence, created_at, recorded_at, recorded_by"
)
OUTCOME_COLUMNS = "set_revision_id, set_id, outcome_id, position, key, label, description"
SCENARIO_FORECAST_COLUMNS = "id, set_id, outcome_id, probability, analyst, made_at, recorded_at, note"
SCENARIO_RESOLUTION_COLUMNS = "id, set_id, outcome_id, known_on, recorded_at, analyst, evidence, supersedes"
SIGNPOST_COLUMNS = (
    "id, item_id, set_id, outcome_id, direction, likelihood_ratio, active, note, recorded_at, recorded_by"
)


# --- writing -----------------------------------------------------------------


def insert_set_revisions(con: Connection, sets: list[ScenarioSet]) -> None:
    set_rows, outcome_rows = [], []
    for s in sets:
        c = s.closes
        set_rows.append([
            s.revision_id, s.id, s.key, s.question, s.criteria, list(s.tags),
            c.earliest if c else None, c.latest if c else None, c.precision if c else None,
            c.phrase if c else None, c.rule if c else None, c.confidence if c else None, s.created_at, s.recorded_at, s.recorded_by,
        ])  # fmt: skip
        for n, o in enumerate(s.outcomes, start=1):
            outcome_rows.append([s.revision_id, s.id, o.id, n, o.key, o.label, o.description])
    if set_rows:
        con.executemany(f"INSERT INTO scenario_set_revisions ({SET_COLUMNS}) VALUES ({', '.join('?' * 15)})", set_rows)
        con.executemany(f"INSERT INTO scenario_outcomes ({OUTCOME_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)", outcome_rows)


def insert_scenario_forecast(con: Connection, f: ScenarioForecast) -> None:
    rows = [
        [f.id, f.set_id, oid, p, f.analyst, f.made_at, f.recorded_at, f.note]
        for oid, p in zip(f.outcome_ids, f.probabilities, strict=True)
    ]
    con.executemany(
        f"INSERT INTO scenario_forecasts ({SCENARIO_FORECAST_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows
    )


def insert_scenario_resolution(con: Connection, r: ScenarioResolution) -> None:
    con.execute(
        f"INSERT INTO scenario_resolutions ({SCENARIO_RESOLUTION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [r.id, r.set_id, r.outcome_id, r.known_on, r.recorded_at, r.analyst, r.evidence, r.supersedes],
    )


def insert_signposts(con: Connection, links: list[SignpostLink]) -> None:
    rows = [
        [s.id, s.item_id, s.set_id, s.outcome_id, s.direction, s.likelihood_ratio, s.active, s.note, s.recorded_at,
         s.recorded_by]
        for s in links
    ]  # fmt: skip
    if rows:
        con.executemany(f"INSERT INTO signpost_links ({SIGNPOST_COLUMNS}) VALUES ({', '.join('?' * 10)})", rows)


# --- reading -----------------------------------------------------------------


def _set_from_rows(row: tuple[Any, ...], outcome_rows: list[tuple[Any, ...]]) -> ScenarioSet:
    (rev, set_id, key, question, criteria, tags, ce, cl, cp, cph, cr, cc, created_at, recorded_at, recorded_by) = row
    closes = Deadline(ce, cl, cp, cph or "", cr or "", cc if cc is not None else 1.0) if ce is not None else None
    outcomes = [
        ScenarioOutcome(key=o[4], label=o[5], description=o[6], id=o[2])
        for o in sorted(outcome_rows, key=lambda o: o[3])
    ]
    return ScenarioSet(
        key=key, question=question, outcomes=outcomes, recorded_at=recorded_at, created_at=created_at, closes=closes,
        criteria=criteria, tags=tuple(tags), recorded_by=recorded_by, id=set_id, revision_id=rev,
    )  # fmt: skip


def current_sets(con: Connection, as_of: datetime | None = None) -> list[ScenarioSet]:
    params = {"as_of": as_of or FAR_FUTURE}
    rows = con.execute(
        f"SELECT {SET_COLUMNS} FROM ({CURRENT_SETS}) ORDER BY close_latest NULLS LAST, key", params
    ).fetchall()
    outcomes = con.execute(
        f"""SELECT {OUTCOME_COLUMNS} FROM scenario_outcomes
            WHERE set_revision_id IN (SELECT revision_id FROM ({CURRENT_SETS}))""",
        params,
    ).fetchall()
    by_rev: dict[str, list[tuple[Any, ...]]] = {}
    for o in outcomes:
        by_rev.setdefault(o[0], []).append(o)
    return [_set_from_rows(r, by_rev.get(r[0], [])) for r in rows]


def find_set_ids(con: Connection, ref: str) -> list[tuple[str, str]]:
    """(set_id, key) of current sets whose key equals ``ref`` or whose id starts with it."""
    rows = con.execute(
        f"""SELECT set_id, key FROM ({CURRENT_SETS})
            WHERE key = $ref OR (length($ref) >= 4 AND starts_with(set_id, lower($ref)))
            ORDER BY key""",
        {"ref": ref, "as_of": FAR_FUTURE},
    ).fetchall()
    exact = [r for r in rows if r[1] == ref]
    return exact or rows


def set_key_taken(con: Connection, key: str, except_set: str | None = None) -> bool:
    row = con.execute(
        f"SELECT count(*) FROM ({CURRENT_SETS}) WHERE key = $key AND set_id IS DISTINCT FROM $except",
        {"key": key, "except": except_set, "as_of": FAR_FUTURE},
    ).fetchone()
    return bool(row and row[0])


def current_set(con: Connection, set_id: str) -> ScenarioSet | None:
    row = con.execute(
        f"SELECT {SET_COLUMNS} FROM ({CURRENT_SETS}) WHERE set_id = $id", {"id": set_id, "as_of": FAR_FUTURE}
    ).fetchone()
    if row is None:
        return None
    outcomes = con.execute(
        f"SELECT {OUTCOME_COLUMNS} FROM scenario_outcomes WHERE set_revision_id = ?", [row[0]]
    ).fetchall()
    return _set_from_rows(row, outcomes)


def count_set_revisions(con: Connection, set_id: str) -> int:
    row = con.execute("SELECT count(*) FROM scenario_set_revisions WHERE set_id = ?", [set_id]).fetchone()
    return int(row[0]) if row else 0


def set_forecasts(con: Connection, set_id: str) -> list[ScenarioForecast]:
    """Every forecast on a set, oldest first, each with its vector in the set's current outcome order."""
    # Within one forecast the rows follow the outcomes' positions, not the order they happen to be stored in
    # (an imported ledger stores them in another order).
    rows = con.execute(
        f"""SELECT {SCENARIO_FORECAST_COLUMNS} FROM scenario_forecasts
            LEFT JOIN (SELECT outcome_id, position FROM scenario_outcomes WHERE set_revision_id = (
                SELECT revision_id FROM scenario_set_revisions WHERE set_id = $set
                ORDER BY recorded_at DESC, revision_id DESC LIMIT 1)) AS positions USING (outcome_id)
            WHERE set_id = $set
            ORDER BY made_at, recorded_at, id, position""",
        {"set": set_id},
    ).fetchall()
    grouped: dict[str, list[tuple[Any, ...]]] = {}
    for r in rows:
        grouped.setdefault(r[0], []).append(r)
    out = []
    for fid, parts in grouped.items():
        first = parts[0]
        out.append(ScenarioForecast(
            set_id=first[1], outcome_ids=[p[2] for p in parts], probabilities=[p[3] for p in parts], analyst=first[4],
            made_at=first[5], recorded_at=first[6], note=first[7], id=fid,
        ))  # fmt: skip
    return out


def _resolution(row: tuple[Any, ...]) -> ScenarioResolution:
    id_, set_id, outcome_id, known_on, recorded_at, analyst, evidence, supersedes = row
    return ScenarioResolution(set_id, outcome_id, known_on, recorded_at, analyst, evidence, supersedes, id_)


def set_resolutions(con: Connection, set_id: str) -> list[ScenarioResolution]:
    rows = con.execute(
        f"SELECT {SCENARIO_RESOLUTION_COLUMNS} FROM scenario_resolutions WHERE set_id = ? ORDER BY recorded_at, id",
        [set_id],
    ).fetchall()
    return [_resolution(r) for r in rows]


def current_set_resolution(con: Connection, set_id: str) -> ScenarioResolution | None:
    row = con.execute(
        f"SELECT {SCENARIO_RESOLUTION_COLUMNS} FROM ({CURRENT_SCENARIO_RESOLUTIONS}) WHERE set_id = $id",
        {"id": set_id, "as_of": FAR_FUTURE},
    ).fetchone()
    return _resolution(row) if row else None


def _signpost(row: tuple[Any, ...]) -> SignpostLink:
    id_, item_id, set_id, outcome_id, direction, lr, active, note, recorded_at, recorded_by = row
    return SignpostLink(
        item_id=item_id, set_id=set_id, outcome_id=outcome_id, direction=direction, recorded_at=recorded_at,
        likelihood_ratio=lr, active=active, note=note, recorded_by=recorded_by, id=id_,
    )  # fmt: skip


def signpost_by_id(con: Connection, link_id: str) -> SignpostLink | None:
    row = con.execute(f"SELECT {SIGNPOST_COLUMNS} FROM signpost_links WHERE id = ?", [link_id]).fetchone()
    return _signpost(row) if row else None


def active_signposts(con: Connection, *, set_id: str | None = None, item_id: str | None = None) -> list[SignpostLink]:
    """Links in force, with a set or an item (or both) as the filter."""
    rows = con.execute(
        f"""SELECT {SIGNPOST_COLUMNS} FROM ({CURRENT_SIGNPOSTS})
            WHERE active AND ($set IS NULL OR set_id = $set) AND ($item IS NULL OR item_id = $item)
            ORDER BY recorded_at, id""",
        {"set": set_id, "item": item_id, "as_of": FAR_FUTURE},
    ).fetchall()
    return [_signpost(r) for r in rows]


def set_summaries(con: Connection, analyst: str) -> list[dict[str, Any]]:
    """One row per current set: resolution, forecaster count, and this analyst's latest forecast id."""
    sql = f"""
        WITH s AS ({CURRENT_SETS}),
             r AS ({CURRENT_SCENARIO_RESOLUTIONS}),
             f AS (SELECT DISTINCT id, set_id, analyst, made_at, recorded_at FROM scenario_forecasts
                   WHERE recorded_at <= $as_of),
             latest AS (SELECT * FROM f
                        QUALIFY row_number() OVER (PARTITION BY set_id, analyst
                                                   ORDER BY made_at DESC, recorded_at DESC, id DESC) = 1),
             n AS (SELECT set_id, count(*) AS n_forecasters FROM latest GROUP BY set_id),
             mine AS (SELECT set_id, id AS my_forecast_id FROM latest WHERE analyst = $analyst),
             links AS (SELECT set_id, count(*) AS n_signposts FROM ({CURRENT_SIGNPOSTS}) WHERE active GROUP BY set_id)
        SELECT s.set_id, s.key, s.question, s.close_latest, r.outcome_id AS resolved_outcome_id,
               r.id IS NOT NULL AS resolved, r.known_on, coalesce(n.n_forecasters, 0) AS n_forecasters,
               mine.my_forecast_id, coalesce(links.n_signposts, 0) AS n_signposts
        FROM s LEFT JOIN r USING (set_id) LEFT JOIN n USING (set_id) LEFT JOIN mine USING (set_id)
             LEFT JOIN links USING (set_id)
        ORDER BY s.close_latest NULLS LAST, s.key
    """
    cur = con.execute(sql, {"as_of": FAR_FUTURE, "analyst": analyst})
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
