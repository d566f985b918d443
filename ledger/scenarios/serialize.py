"""Scenario records -> JSON-ready dicts (the ``--json`` shapes in docs/scenarios.md)."""

from __future__ import annotations

from typing import Any

from ledger.scenarios.model import ScenarioForecast, ScenarioResolution, ScenarioSet, SignpostLink
from ledger.serialize import deadline_json, iso


def scenario_set_json(s: ScenarioSet) -> dict[str, Any]:
    return {
        "id": s.id, "revision_id": s.revision_id, "key": s.key, "question": s.question,
        "outcomes": [{"id": o.id, "key": o.key, "label": o.label, "description": o.description} for o in s.outcomes],
        "closes": deadline_json(s.closes), "criteria": s.criteria, "tags": list(s.tags),
        "created_at": iso(s.created_at), "recorded_at": iso(s.recorded_at), "recorded_by": s.recorded_by,
    }  # fmt: skip


def scenario_forecast_json(s: ScenarioSet, f: ScenarioForecast, *, late: bool | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": f.id, "set_id": f.set_id, "analyst": f.analyst,
        "probabilities": {o.key: f.probability(o.id) for o in s.outcomes},
        "made_at": iso(f.made_at), "recorded_at": iso(f.recorded_at), "note": f.note,
    }  # fmt: skip
    if late is not None:
        out["late"] = late
    return out


def scenario_resolution_json(s: ScenarioSet, r: ScenarioResolution) -> dict[str, Any]:
    return {
        "id": r.id, "set_id": r.set_id,
        "outcome": None if r.outcome_id is None else s.outcome_key(r.outcome_id), "annulled": r.annulled,
        "known_on": iso(r.known_on), "recorded_at": iso(r.recorded_at), "analyst": r.analyst,
        "evidence": r.evidence, "supersedes": r.supersedes,
    }  # fmt: skip


def signpost_json(link: SignpostLink, *, item_key: str, outcome_key: str) -> dict[str, Any]:
    return {
        "id": link.id, "item_id": link.item_id, "item_key": item_key, "set_id": link.set_id,
        "outcome": outcome_key, "direction": link.direction, "likelihood_ratio": link.likelihood_ratio,
        "active": link.active, "note": link.note, "recorded_at": iso(link.recorded_at),
    }  # fmt: skip


def scenario_detail_json(d: Any) -> dict[str, Any]:
    """A ``ScenarioDetail``."""
    s = d.set
    implied = None
    if d.implied is not None:
        implied = {
            "base_forecast_id": d.implied.base.id,
            "signposts": [v.item_key for v in d.implied.applied],
            "probabilities": {o.key: p for o, p in zip(s.outcomes, d.implied.probabilities, strict=True)},
        }
    return {
        "set": scenario_set_json(s), "revisions": d.revisions,
        "forecasts": [scenario_forecast_json(s, f, late=d.is_late(f)) for f in d.forecasts],
        "resolutions": [scenario_resolution_json(s, r) for r in d.resolutions],
        "resolution": scenario_resolution_json(s, d.resolution) if d.resolution else None,
        "signposts": [
            {**signpost_json(v.link, item_key=v.item_key, outcome_key=v.outcome_key), "item_state": v.state,
             "odds_multiplier": v.multiplier}
            for v in d.signposts
        ],
        "implied_update": implied,
    }  # fmt: skip


__all__ = [
    "scenario_detail_json", "scenario_forecast_json",
    "scenario_resolution_json", "scenario_set_json", "signpost_json",
]  # fmt: skip
