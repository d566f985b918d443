"""Scenario scoring in SQL: multi-category Brier and log loss per analyst per set,
and the binary (p, o) pairs each scored scenario forecast contributes to
calibration.

What is scored: for every set resolved to an outcome (not annulled) as of
``$as_of``, each analyst's latest forecast made before the day the outcome became
known.  Forecasts made on or after that day are late and never scored, as for
items.  Definitions: docs/scenarios.md.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ledger.scenarios.math import LOG_CLIP
from ledger.storage import Connection
from ledger.storage.scenarios import CURRENT_SCENARIO_RESOLUTIONS, CURRENT_SETS, FAR_FUTURE

# One row per (scored forecast, outcome): p is the forecast probability, o is 1
# for the outcome that happened and 0 for the others.  Parameters: $as_of, and
# $analyst (NULL for everyone).
SCENARIO_PAIRS_SQL = f"""
    WITH res AS (SELECT set_id, outcome_id AS realised_id, known_on
                 FROM ({CURRENT_SCENARIO_RESOLUTIONS}) WHERE outcome_id IS NOT NULL),
         heads AS (
            SELECT DISTINCT f.id, f.set_id, f.analyst, f.made_at, f.recorded_at, res.known_on
            FROM scenario_forecasts f JOIN res USING (set_id)
            WHERE f.recorded_at <= $as_of
              AND f.made_at < CAST(res.known_on AS TIMESTAMP)
              AND ($analyst IS NULL OR f.analyst = $analyst)
            QUALIFY row_number() OVER (PARTITION BY f.set_id, f.analyst
                                       ORDER BY f.made_at DESC, f.recorded_at DESC, f.id DESC) = 1)
    SELECT heads.id AS forecast_id, heads.set_id, s.key AS set_key, heads.analyst, f.outcome_id,
           f.probability AS p, CAST(f.outcome_id = res.realised_id AS INTEGER) AS o,
           heads.made_at, heads.known_on
    FROM heads
    JOIN scenario_forecasts f ON f.id = heads.id
    JOIN res ON res.set_id = heads.set_id
    JOIN ({CURRENT_SETS}) s ON s.set_id = heads.set_id
"""

SCENARIO_SCORES_SQL = f"""
    WITH pairs AS ({SCENARIO_PAIRS_SQL})
    SELECT set_id, any_value(set_key) AS set_key, analyst, any_value(forecast_id) AS forecast_id,
           any_value(made_at) AS made_at, any_value(known_on) AS known_on,
           count(*) AS n_outcomes,
           sum((p - o) * (p - o)) AS brier,
           -ln(least(greatest(max(CASE WHEN o = 1 THEN p END), {LOG_CLIP[0]}), {LOG_CLIP[1]})) AS log_loss,
           max(CASE WHEN o = 1 THEN p END) AS p_realised
    FROM pairs
    GROUP BY set_id, analyst
    ORDER BY set_key, analyst
"""


def _params(as_of: datetime | None, analyst: str | None) -> dict[str, Any]:
    return {"as_of": as_of or FAR_FUTURE, "analyst": analyst}


def scenario_scores(con: Connection, as_of: datetime | None = None, analyst: str | None = None) -> list[dict[str, Any]]:
    """One row per (set, analyst): set_id, set_key, analyst, forecast_id, made_at, known_on,
    n_outcomes, brier (0-2), log_loss (nats), p_realised."""
    cur = con.execute(SCENARIO_SCORES_SQL, _params(as_of, analyst))
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def scenario_binary_pairs(
    con: Connection, as_of: datetime | None = None, analyst: str | None = None
) -> list[dict[str, Any]]:
    """The (p, o) pairs scored scenario forecasts add to calibration bins, one per outcome:
    forecast_id, set_id, set_key, analyst, outcome_id, p, o, made_at, known_on."""
    cur = con.execute(
        f"SELECT * FROM ({SCENARIO_PAIRS_SQL}) ORDER BY set_key, analyst, outcome_id", _params(as_of, analyst)
    )
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
