"""Running the scoring SQL (``ledger.scoring.sql``) and shaping its small result.

All per-forecast work happens inside DuckDB; Python only sees one row per
(group, bin) and turns those into ``GroupScore`` records.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ledger.scoring import sql as scoring_sql
from ledger.scoring.results import CalibrationBin, Decomposition, GroupScore, ScenarioFigures, ScoredRows
from ledger.storage import Connection, latest
from ledger.storage.scenario_scores import SCENARIO_SCORES_SQL
from ledger.storage.scenarios import CURRENT_SETS

SCORED_COLUMNS = ("analyst", "item_id", "item_key", "p", "o", "made_at", "known_on", "weight")


def _params(as_of: datetime, analyst: str | None, tag: str | None, bins: int | None = None,
            due_before: date | None = None) -> dict[str, Any]:  # fmt: skip
    """The bound values; ``$tag`` and ``$due_before`` only when used (the SQL text leaves them out otherwise)."""
    params: dict[str, Any] = {"as_of": as_of, "analyst": analyst}
    if tag is not None:
        params["tag"] = tag
    if due_before is not None:
        params["due_before"] = due_before
    if bins is not None:
        params["bins"] = bins
    return params


def scored_rows(
    con: Connection,
    *,
    mode: str,
    as_of: datetime,
    analyst: str | None,
    tag: str | None,
    crowd: str | None,
    due_before: date | None = None,
) -> ScoredRows:
    text = scoring_sql.scored_rows_sql(mode, crowd, tag=tag is not None, stored_latest=latest.usable(con, as_of),
                                       after_deadline=due_before is not None)  # fmt: skip
    rows = con.execute(text, _params(as_of, analyst, tag, due_before=due_before)).fetchall()
    return ScoredRows(SCORED_COLUMNS, rows, text)


def _source_titles(con: Connection, ids: set[str]) -> dict[str, str]:
    if not ids:
        return {}
    rows = con.execute("SELECT id, title FROM sources WHERE list_contains(?, id)", [sorted(ids)]).fetchall()
    return dict(rows)


def _set_keys(con: Connection, as_of: datetime) -> dict[str, str]:
    rows = con.execute(f"SELECT set_id, key FROM ({CURRENT_SETS})", {"as_of": as_of}).fetchall()
    return dict(rows)


def _group_key(by: str | None, g: Any, is_crowd: bool, titles: dict[str, str]) -> dict[str, Any]:
    if by is None:
        return {"analyst": scoring_sql.CROWD_ANALYST} if is_crowd else {"all": True}
    if by == "analyst":
        return {"analyst": g}
    key: dict[str, Any] = {by: titles.get(g, g) if by in ("source", "scenario") and g is not None else g}
    if by == "source":
        key["source_id"] = g
    if by == "scenario":
        key["set_id"] = g
    if is_crowd:
        key["analyst"] = scoring_sql.CROWD_ANALYST
    return key


def _scenario_figures(
    con: Connection, as_of: datetime, analyst: str | None, tag: str | None
) -> dict[str, ScenarioFigures]:
    """Per set: the mean multi-category Brier (0-2) and log loss over its scored scenario forecasts."""
    tag_filter = "WHERE set_id IN (SELECT set_id FROM sets WHERE list_contains(tags, $tag))" if tag is not None else ""
    rows = con.execute(
        f"""WITH sets AS ({CURRENT_SETS})
        SELECT set_id, count(*), avg(brier), avg(log_loss) FROM ({SCENARIO_SCORES_SQL}) {tag_filter} GROUP BY set_id""",
        _params(as_of, analyst, tag),
    ).fetchall()
    return {r[0]: ScenarioFigures(int(r[1]), r[2], r[3]) for r in rows}


def _empty_bins(bins: int) -> tuple[CalibrationBin, ...]:
    return tuple(CalibrationBin(k / bins, (k + 1) / bins, 0, None, None, None, None) for k in range(bins))


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
    include_scenarios: bool = False,
    due_before: date | None = None,
    usable: dict[datetime, bool] | None = None,
) -> tuple[list[GroupScore], str]:
    """Every group's scores and the SQL text that computed them (``due_before``: the early-resolution guard).

    ``usable``: whether ``latest_forecasts`` answers, per as-of time, as found so far in this transaction
    (several scores read in one transaction ask once per as-of time)."""
    if usable is None:
        usable = {}
    if as_of not in usable:
        usable[as_of] = latest.usable(con, as_of)
    text = scoring_sql.full_score_sql(mode, by, crowd, tag=tag is not None, include_scenarios=include_scenarios,
                                      stored_latest=usable[as_of],
                                      after_deadline=due_before is not None)  # fmt: skip
    cur = con.execute(text, _params(as_of, analyst, tag, bins, due_before))
    names = [d[0] for d in cur.description]
    rows = [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
    titles: dict[str, str] = {}
    if by == "source":
        titles = _source_titles(con, {r["g"] for r in rows if r["g"] is not None})
    scenario_figures: dict[str, ScenarioFigures] = {}
    if by == "scenario":
        titles = _set_keys(con, as_of)
        scenario_figures = _scenario_figures(con, as_of, analyst, tag)

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
                CalibrationBin(
                    r["lo"], r["hi"], int(r["n"]), r["mean_forecast"], r["observed"], r["ci_low"], r["ci_high"]
                )
                for r in bin_rows
            )
            if scored:
                decomposition = Decomposition(
                    first["reliability"], first["resolution"], first["uncertainty"],
                    first["within_bin_variance"], first["within_bin_covariance"],
                )  # fmt: skip
        figures = scenario_figures.get(g, ScenarioFigures()) if by == "scenario" and not is_crowd else None
        groups.append(GroupScore(
            group=_group_key(by, g, is_crowd, titles),
            n_forecasts=int(first["n_forecasts"]), n_items=int(first["n_items"]),
            n_late=int(first["n_late"]), n_annulled=int(first["n_annulled"]),
            brier=first["brier"], base_rate=first["base_rate"], uncertainty=first["uncertainty"],
            brier_skill=first["brier_skill"], log_loss=first["log_loss"], baseline_score=first["baseline_score"],
            relative_brier=first["relative_brier"], peer_score=first["peer_score"],
            decomposition=decomposition, bins=bin_records, scenario=figures,
        ))  # fmt: skip
    if by == "scenario":  # sets with scenario forecasts but no scored signpost item
        seen = {g for g, _ in grouped}
        for set_id in sorted(set(scenario_figures) - seen, key=lambda s: titles.get(s, s)):
            groups.append(GroupScore(
                group=_group_key(by, set_id, False, titles), n_forecasts=0, n_items=0, n_late=0, n_annulled=0,
                bins=None if mode == "time-weighted" else _empty_bins(bins), scenario=scenario_figures[set_id],
            ))  # fmt: skip
        groups.sort(key=lambda s: (s.group.get("analyst") == scoring_sql.CROWD_ANALYST, str(s.group["scenario"])))
    return groups, text
