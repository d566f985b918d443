"""What 'show' and 'forecast' print about commitments: the status track, signposts, actor base rates.

Apart from the commitment commands themselves (``commitments``), so that ``items``
can use these lines without importing the module that extends its group.
"""

from __future__ import annotations

from typing import Any


def show_lines(ledger: Any, item_id: str, kind: str) -> list[str]:
    """Status track, signposts and actor base rates for an item's detail view."""
    out: list[str] = []
    if kind == "commitment":
        track = ledger.commitment_track(item_id)
        out.append(f"  track      {track.status}")
        for e in track.events:
            what = e.status if e.kind == "status" else f"slip -> {e.window.label if e.window else '?'}"
            ev = f"  {e.evidence}" if e.evidence else ""
            out.append(f"    {e.on_date}  {what:<24} by {e.analyst}{ev}")
        if track.slips and track.original_deadline:
            out.append(f"             original deadline {track.original_deadline.label}")
    for set_key, outcome_key, link in ledger.item_signposts(item_id):
        lr = f" (LR {link.likelihood_ratio:g})" if link.likelihood_ratio is not None else ""
        out.append(f"  signpost   {link.direction} {set_key} / {outcome_key}{lr}")
    out.extend(f"  base rate  {r.summary}" for r in ledger.item_base_rates(item_id))
    return out


def show_json(ledger: Any, item_id: str, kind: str) -> dict[str, Any]:
    from ledger.commitments import base_rate_json, event_json

    track = ledger.commitment_track(item_id) if kind == "commitment" else None
    return {
        "status_track": {"status": track.status, "events": [event_json(e) for e in track.events]} if track else None,
        "base_rates": [base_rate_json(r) for r in ledger.item_base_rates(item_id)],
    }


def forecast_line(base_rates: list[Any]) -> str | None:
    """One line after a forecast: the actors' on-time base rates, when any commitment of theirs is closed."""
    rates = [r for r in base_rates if r.closed]
    return "base rate: " + "; ".join(r.summary for r in rates) if rates else None
