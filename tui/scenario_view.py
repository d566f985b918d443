"""How scenario forecasts read on screen: each analyst's latest vector and the crowd's (pure functions).

The crowd of a scenario set is the mean of each analyst's latest vector: a mean of
vectors that sum to 1 sums to 1 as well, which a per-outcome median would not.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any


def latest_by_analyst(forecasts: Sequence[Any]) -> dict[str, Any]:
    """analyst -> their latest forecast (by made_at, then recorded_at), in order of first appearance."""
    latest: dict[str, Any] = {}
    for f in forecasts:
        held = latest.get(f.analyst)
        if held is None or (f.made_at, f.recorded_at) >= (held.made_at, held.recorded_at):
            latest[f.analyst] = f
    return latest


def crowd_mean(latest: dict[str, Any], outcome_ids: Sequence[str]) -> tuple[float, ...] | None:
    if not latest:
        return None
    return tuple(sum(f.probability(o) for f in latest.values()) / len(latest) for o in outcome_ids)


def crowd_history(forecasts: Sequence[Any], outcome_ids: Sequence[str]) -> list[tuple[datetime, tuple[float, ...]]]:
    """The crowd mean after each forecast, in time order: the crowd's path for the chart."""
    path = []
    latest: dict[str, Any] = {}
    for f in sorted(forecasts, key=lambda f: (f.made_at, f.recorded_at)):
        latest[f.analyst] = f
        mean = crowd_mean(latest, outcome_ids)
        assert mean is not None
        path.append((f.made_at, mean))
    return path
