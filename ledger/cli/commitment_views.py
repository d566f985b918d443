"""What 'show' and 'forecast' print about commitments: the status track, signposts, actor base rates.

Apart from the commitment commands themselves (``commitments``), so that ``items``
can use these lines without importing the module that extends its group.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ledger.service import ItemView
    from ledger.service.commitments import BaseRate


def show_lines(view: ItemView) -> list[str]:
    """Status track, signposts and actor base rates for an item's detail view."""
    out: list[str] = []
    if view.item.kind == "commitment":
        track = view.track
        out.append(f"  track      {track.status}")
        for e in track.events:
            what = e.status if e.kind == "status" else f"slip -> {e.window.label if e.window else '?'}"
            ev = f"  {e.evidence}" if e.evidence else ""
            out.append(f"    {e.on_date}  {what:<24} by {e.analyst}{ev}")
        if track.slips and track.original_deadline:
            out.append(f"             original deadline {track.original_deadline.label}")
    for sign in view.signposts:
        link = sign.link
        lr = f" (LR {link.likelihood_ratio:g})" if link.likelihood_ratio is not None else ""
        out.append(f"  signpost   {link.direction} {sign.set_key} / {sign.outcome_key}{lr}")
    out.extend(f"  base rate  {r.summary}" for r in view.base_rates)
    return out


def show_json(view: ItemView) -> dict[str, Any]:
    from ledger.commitments import base_rate_json, event_json

    track = view.track if view.item.kind == "commitment" else None
    return {
        "status_track": {"status": track.status, "events": [event_json(e) for e in track.events]} if track else None,
        "base_rates": [base_rate_json(r) for r in view.base_rates],
    }


def forecast_line(base_rates: Sequence[BaseRate]) -> str | None:
    """One line after a forecast: the actors' on-time base rates, when any commitment of theirs is closed."""
    rates = [r for r in base_rates if r.closed]
    return "base rate: " + "; ".join(r.summary for r in rates) if rates else None
