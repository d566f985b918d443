"""The JSON report: exactly the ``fledger score --json`` object for the same options, plus a ``report`` key."""

from __future__ import annotations

from typing import Any

from ledger.reports.data import ReportData


def report_object(data: ReportData) -> dict[str, Any]:
    from ledger.serialize import iso

    score = data.by_group if data.by_group is not None else data.score
    meta = {
        "title": data.title,
        "scope": data.scope,
        "ledger": data.ledger_name,
        "generated_at": iso(data.generated_at),
        "filters": {k: iso(v) if hasattr(v, "isoformat") else v for k, v in data.filters.items()},
        "fingerprint": data.fingerprint,
        "n_scored_rows": data.n_forecasts,
        "versions": dict(data.versions),
        "overall": None if data.by_group is None else data.overall,
        "brier_by_month": [{"month": m, "n_forecasts": n, "brier": b} for m, n, b in data.months()],
        "open_items": [
            {"key": i.key, "title": i.title, "deadline": i.deadline or None, "deadline_latest": iso(i.deadline_latest),
             "days_left": i.days_left, "overdue": i.overdue, "my_probability": i.my_probability,
             "crowd_median": i.crowd_median, "n_forecasters": i.n_forecasters}
            for i in data.open_items
        ],
        "n_open": data.n_open,
    }  # fmt: skip
    return {**score, "report": meta}


def render(data: ReportData) -> str:
    from ledger.serialize import dumps

    return dumps(report_object(data)) + "\n"
