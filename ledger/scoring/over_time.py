"""Calibration over time: per quarter, and a rolling Brier over the last four quarters.

Built from a score grouped ``by="quarter"`` (the quarter the outcome became known), whose
per-quarter Brier and reliability are the engine's own.  The rolling Brier is the mean of
(p − o)² over the scored pairs known in a quarter and the three before it: per quarter the
engine's Brier is that mean over the quarter's n pairs, so the window's mean is
Σ n·Brier ÷ Σ n.  It is defined for the modes where every pair weighs 1 (last, all);
docs/scoring.md, "Calibration over time".
"""

from __future__ import annotations

from typing import Any

from attrs import frozen

WINDOW_QUARTERS = 4


@frozen
class QuarterFigures:
    quarter: str  # 2025-Q2
    n_forecasts: int
    brier: float | None
    reliability: float | None  # the quarter's own Murphy reliability term (0 is perfectly calibrated)
    rolling_brier: float | None  # over this quarter and the three before it


def _index(label: str) -> int:
    year, q = label.split("-Q")
    return int(year) * 4 + int(q) - 1


def over_time(by_quarter: dict[str, Any], window: int = WINDOW_QUARTERS) -> list[QuarterFigures]:
    """Per quarter with scored forecasts, in order: ``by_quarter`` is ``score(by="quarter").to_json()``."""
    weighted = by_quarter.get("mode") in ("last", "all")
    groups = [g for g in by_quarter.get("groups") or [] if g["group"].get("quarter") and g.get("n_forecasts")]
    rows = sorted((_index(g["group"]["quarter"]), g) for g in groups)
    out = []
    for at, g in rows:
        rolling = None
        if weighted:
            inside = [h for k, h in rows if at - window < k <= at]
            n = sum(int(h["n_forecasts"]) for h in inside)
            rolling = sum(int(h["n_forecasts"]) * h["brier"] for h in inside) / n
        decomposition = g.get("decomposition") or {}
        out.append(QuarterFigures(g["group"]["quarter"], int(g["n_forecasts"]), g.get("brier"),
                                  decomposition.get("reliability"), rolling))  # fmt: skip
    return out
