"""Records -> plain JSON-ready dicts: the stable shapes of ``--json`` output (docs/formats.md)."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from ledger.model import Deadline, Forecast, Item, Origin, Resolution, Retraction, Source

SHAPE_VERSION = 1


def iso(value: date | datetime | None) -> str | None:
    """Dates as YYYY-MM-DD; timestamps as UTC with a trailing Z."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds") + "Z"
    return value.isoformat()


def deadline_json(d: Deadline | None) -> dict[str, Any] | None:
    if d is None:
        return None
    return {
        "phrase": d.phrase, "earliest": iso(d.earliest), "latest": iso(d.latest), "precision": d.precision,
        "rule": d.rule, "confidence": d.confidence, "label": d.label,
    }  # fmt: skip


def source_json(s: Source, *, with_text: bool = False) -> dict[str, Any]:
    out = {
        "id": s.id, "title": s.title, "publisher": s.publisher, "url": s.url,
        "published_on": iso(s.published_on), "published_note": s.published_note,
        "text_sha256": s.text_sha256 or None, "recorded_at": iso(s.recorded_at),
    }  # fmt: skip
    if with_text:
        out["text"] = s.text
    return out


def item_json(i: Item) -> dict[str, Any]:
    return {
        "id": i.id, "revision_id": i.revision_id, "key": i.key, "title": i.title, "kind": i.kind,
        "statement": i.statement, "actors": list(i.actors), "quote": i.quote, "criteria": i.criteria,
        "tags": list(i.tags), "source_id": i.source_id, "deadline": deadline_json(i.deadline),
        "created_at": iso(i.created_at), "recorded_at": iso(i.recorded_at), "recorded_by": i.recorded_by,
    }  # fmt: skip


def forecast_json(f: Forecast, *, late: bool | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": f.id, "item_id": f.item_id, "analyst": f.analyst, "probability": f.probability,
        "made_at": iso(f.made_at), "recorded_at": iso(f.recorded_at), "note": f.note,
    }  # fmt: skip
    if late is not None:
        out["late"] = late
    return out


def resolution_json(r: Resolution) -> dict[str, Any]:
    return {
        "id": r.id, "item_id": r.item_id, "outcome": r.outcome, "known_on": iso(r.known_on),
        "recorded_at": iso(r.recorded_at), "analyst": r.analyst, "evidence": r.evidence, "supersedes": r.supersedes,
    }  # fmt: skip


def retraction_json(r: Retraction) -> dict[str, Any]:
    return {
        "id": r.id, "target": r.target, "target_id": r.target_id, "item_id": r.item_id, "analyst": r.analyst,
        "reason": r.reason, "recorded_at": iso(r.recorded_at),
    }  # fmt: skip


def origin_json(o: Origin) -> dict[str, Any]:
    return {"tool": o.tool, "tool_id": o.tool_id, "label": o.describe()}


def summary_json(s: Any) -> dict[str, Any]:
    """An ``ItemSummary`` (one row of an item list)."""
    return {
        "id": s.id, "key": s.key, "title": s.title, "kind": s.kind, "actors": list(s.actors), "tags": list(s.tags),
        "deadline": {"earliest": iso(s.deadline_earliest), "latest": iso(s.deadline_latest),
                     "precision": s.deadline_precision, "phrase": s.deadline_phrase,
                     "label": s.deadline.label} if s.deadline else None,
        "days_left": s.days_left, "status": s.status, "outcome": s.outcome, "known_on": iso(s.known_on),
        "my_probability": s.my_probability, "crowd_median": s.crowd_median, "n_forecasters": s.n_forecasters,
        "n_late": s.n_late,
        "source_id": s.source_id,
    }  # fmt: skip


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, allow_nan=False)
