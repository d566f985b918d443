"""Hand-made report inputs: score objects shaped like ``fledger score --json``."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from typing import Any

from ledger.reports.data import OpenItem, ReportData


def scored_rows(n: int = 60, seed: int = 7) -> list[tuple[Any, ...]]:
    rng = random.Random(seed)
    rows = []
    for k in range(n):
        p = round(rng.random(), 2)
        o = 1 if rng.random() < p * 0.9 + 0.05 else 0
        known = date(2025, 1 + k % 6, 1 + k % 27)
        made = datetime.combine(known, datetime.min.time()) - timedelta(days=3 + k % 40)
        item_id = f"{k // 2:08x}-0000-4000-8000-000000000000"
        rows.append((["ann", "bob"][k % 2], item_id, f"item-{k // 2}", p, o, made, known, 1.0))
    return rows


def score_of(rows: list[tuple[Any, ...]], group: dict[str, Any], bins: int = 10) -> dict[str, Any]:
    """A pure-Python score group, good enough to feed renderers (the engine is tested elsewhere)."""
    import math

    n = len(rows)
    if n == 0:
        return {"group": group, "n_forecasts": 0, "n_items": 0, "n_late": 0, "n_annulled": 0, "brier": None,
                "base_rate": None, "uncertainty": None, "brier_skill": None, "log_loss": None, "baseline_score": None,
                "relative_brier": None, "peer_score": None, "decomposition": None, "bins": []}  # fmt: skip
    ps = [r[3] for r in rows]
    os_ = [r[4] for r in rows]
    brier = sum((p - o) ** 2 for p, o in zip(ps, os_)) / n
    rate = sum(os_) / n
    unc = rate * (1 - rate)
    clip = [min(max(p if o else 1 - p, 0.001), 0.999) for p, o in zip(ps, os_)]
    out_bins = []
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        inside = [(p, o) for p, o in zip(ps, os_) if lo <= p < hi or (b == bins - 1 and p == 1)]
        m = len(inside)
        mean = sum(p for p, _ in inside) / m if m else None
        obs = sum(o for _, o in inside) / m if m else None
        if m:
            z = 1.96
            centre = (obs + z * z / (2 * m)) / (1 + z * z / m)
            half = z * math.sqrt(obs * (1 - obs) / m + z * z / (4 * m * m)) / (1 + z * z / m)
            ci = (max(0.0, centre - half), min(1.0, centre + half))
        else:
            ci = (None, None)
        out_bins.append({"lo": lo, "hi": hi, "n": m, "mean_forecast": mean, "observed": obs,
                         "ci_low": ci[0], "ci_high": ci[1]})  # fmt: skip
    return {
        "group": group, "n_forecasts": n, "n_items": len({r[1] for r in rows}), "n_late": 1, "n_annulled": 0,
        "brier": brier, "base_rate": rate, "uncertainty": unc, "brier_skill": 1 - brier / unc if unc else None,
        "log_loss": -sum(math.log(c) for c in clip) / n,
        "baseline_score": sum(100 * (1 + math.log2(c)) for c in clip) / n,
        "relative_brier": None, "peer_score": None,
        "decomposition": {"reliability": 0.012, "resolution": 0.05, "uncertainty": unc,
                          "within_bin_variance": 0.001, "within_bin_covariance": 0.0005},
        "bins": out_bins,
    }  # fmt: skip


def score_json(rows: list[tuple[Any, ...]], by: str | None = None, as_of: str | None = None) -> dict[str, Any]:
    if by is None:
        groups = [score_of(rows, {"all": True})]
    else:
        column = {"analyst": 0, "month": 6}[by]
        keys = sorted({r[column].strftime("%Y-%m") if by == "month" else r[column] for r in rows})
        groups = [
            score_of([r for r in rows if (r[column].strftime("%Y-%m") if by == "month" else r[column]) == k], {by: k})
            for k in keys
        ]
    return {"mode": "last", "as_of": as_of, "scale": "brier 0-1", "groups": groups}


def report_data(rows: list[tuple[Any, ...]] | None = None, *, by: str | None = "analyst", **changes: Any) -> ReportData:
    rows = scored_rows() if rows is None else rows
    items = (
        OpenItem("ceasefire-talks", "Ceasefire talks start", "2025-03", date(2025, 3, 31), -12, 0.4, 0.35, 3),
        OpenItem(
            "chip-export-rules", "New chip export rules published", "2025-Q3", date(2025, 9, 30), 170, None, 0.6, 2
        ),
    )
    values: dict[str, Any] = {
        "ledger_name": "team.duckdb",
        "generated_at": datetime(2025, 4, 12, 9, 30),
        "filters": {"mode": "last", "by": by, "as_of": None, "analyst": None, "tag": None, "bins": 10},
        "fingerprint": "sha256:3f9a0c1b2d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8",
        "score": score_json(rows),
        "by_group": score_json(rows, by) if by else None,
        "by_month": score_json(rows, "month"),
        "open_items": items,
        "n_open": len(items),
        "scored_rows": rows,
        "sql": "SELECT analyst, item_key, item_id, p, o, made_at, known_on FROM scored",
        "versions": {"fledger": "0.1.0", "duckdb": "2.0.1", "python": "3.11"},
    }
    values.update(changes)
    return ReportData(**values)
