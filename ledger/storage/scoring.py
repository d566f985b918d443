"""Running the scoring SQL (``ledger.scoring.sql``) and shaping its small result.

All per-forecast work happens inside DuckDB; Python only sees one row per
(group, bin) and turns those into ``GroupScore`` records.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ledger.errors import LedgerError
from ledger.scoring import sql as scoring_sql
from ledger.scoring.results import CalibrationBin, Decomposition, GroupScore, ScoredRows
from ledger.storage import Connection

SCORED_COLUMNS = ("analyst", "item_id", "item_key", "p", "o", "made_at", "known_on", "weight")


def has_scenarios(con: Connection) -> bool:
    row = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [scoring_sql.SCENARIO_TABLE]
    ).fetchone()
    return bool(row and row[0])


def require_scenarios(con: Connection) -> None:
    if not has_scenarios(con):
        raise LedgerError("by: no scenarios in this ledger; group by analyst, tag, actor, source, month, quarter or year")


def _params(as_of: datetime, analyst: str | None, tag: str | None, bins: int | None = None) -> dict[str, Any]:
    params: dict[str, Any] = {"as_of": as_of, "analyst": analyst, "tag": tag}
    if bins is not None:
        params["bins"] = bins
    return params


def scored_rows(
    con: Connection, *, mode: str, as_of: datetime, analyst: str | None, tag: str | None, crowd: str | None
) -> ScoredRows:
    text = scoring_sql.scored_rows_sql(mode, crowd)
    rows = con.execute(text, _params(as_of, analyst, tag)).fetchall()
    return ScoredRows(SCORED_COLUMNS, rows, text)


def _source_titles(con: Connection, ids: set[str]) -> dict[str, str]:
    if not ids:
        return {}
    rows = con.execute("SELECT id, title FROM sources WHERE list_contains(?, id)", [sorted(ids)]).fetchall()
    return dict(rows)


def _group_key(by: str | None, g: Any, is_crowd: bool, titles: dict[str, str]) -> dict[str, Any]:
    if by is None:
        return {"analyst": scoring_sql.CROWD_ANALYST} if is_crowd else {"all": True}
    if by == "analyst":
        return {"analyst": g}
    key: dict[str, Any] = {by: titles.get(g, g) if by == "source" and g is not None else g}
    if by == "source":
        key["source_id"] = g
    if is_crowd:
        key["analyst"] = scoring_sql.CROWD_ANALYST
    return key


def score_groups(
    con: Connection,
    *,
    mode: str,
    by: str | None,
    bins: int,
    as_of: datetime,
    analyst: str | None,
    tag: str | None,
    crowd: str | None,
) -> tuple[list[GroupScore], str]:
    """Every group's scores and the SQL text that computed them."""
    if by == "scenario":
        require_scenarios(con)
    text = scoring_sql.full_score_sql(mode, by, crowd)
    cur = con.execute(text, _params(as_of, analyst, tag, bins))
    names = [d[0] for d in cur.description]
    rows = [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
    titles = _source_titles(con, {r["g"] for r in rows if r["g"] is not None}) if by == "source" else {}

    grouped: dict[tuple[Any, bool], list[dict[str, Any]]] = {}
    for row in rows:  # one row per (group, bin): a few hundred at most
        grouped.setdefault((row["g"], row["is_crowd"]), []).append(row)

    groups = []
    for (g, is_crowd), bin_rows in grouped.items():
        first = bin_rows[0]
        scored = first["n_forecasts"] > 0
        decomposition = None
        bin_records = None
        if mode != "time-weighted":
            bin_records = tuple(
                CalibrationBin(r["lo"], r["hi"], int(r["n"]), r["mean_forecast"], r["observed"], r["ci_low"], r["ci_high"])
                for r in bin_rows
            )
            if scored:
                decomposition = Decomposition(
                    first["reliability"], first["resolution"], first["uncertainty"],
                    first["within_bin_variance"], first["within_bin_covariance"],
                )  # fmt: skip
        groups.append(
            GroupScore(
                group=_group_key(by, g, is_crowd, titles),
                n_forecasts=int(first["n_forecasts"]), n_items=int(first["n_items"]),
                n_late=int(first["n_late"]), n_annulled=int(first["n_annulled"]),
                brier=first["brier"], base_rate=first["base_rate"], uncertainty=first["uncertainty"],
                brier_skill=first["brier_skill"], log_loss=first["log_loss"], baseline_score=first["baseline_score"],
                relative_brier=first["relative_brier"], peer_score=first["peer_score"],
                decomposition=decomposition, bins=bin_records,
            )  # fmt: skip
        )
    return groups, text
