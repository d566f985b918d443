"""Commitments in the domain: the status track, its events, and the on-time rate's interval.

A commitment is an item of kind ``commitment`` (``ledger.model.Item``).  Beside its
yes/no resolution it carries a status history: ``ItemEvent`` records of status
changes and deadline slips, moved along the ``TRANSITIONS`` table.  Actor and
outlet base rates count how many closed commitments were kept on time, with a
Wilson interval (the SQL in ``ledger.storage.commitments`` uses ``Z95`` from here;
``wilson_interval`` is the plain calculation it is checked against).

Storing events and the base-rate SQL: ``ledger.storage.commitments``; the use
cases: ``ledger.service.commitments``.  Definitions: docs/scenarios.md.  No IO.
"""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Any

from attrs import field, frozen

from ledger import validators
from ledger.errors import Conflict, InvalidValue
from ledger.ids import new_id
from ledger.model import Deadline
from ledger.serialize import deadline_json, iso

# --- the status track ------------------------------------------------------------------

NOT_RATED = "not-rated"
OPEN_STATUSES = ("in-progress", "stalled")
CLOSING_STATUSES = ("kept", "compromise", "broken")
STATUSES = (NOT_RATED, *OPEN_STATUSES, *CLOSING_STATUSES)

# From each status, where a commitment may go next.  Closing statuses are final:
# a wrong close is corrected through the resolution ('fledger resolve --correct').
TRANSITIONS: dict[str, tuple[str, ...]] = {
    NOT_RATED: ("in-progress", "stalled", *CLOSING_STATUSES),
    "in-progress": ("stalled", *CLOSING_STATUSES),
    "stalled": ("in-progress", *CLOSING_STATUSES),
    "kept": (),
    "compromise": (),
    "broken": (),
}

# The declared mapping from a closing status to the item's yes/no resolution.
DEFAULT_OUTCOME = {"kept": "yes", "broken": "no", "compromise": "annulled"}


def check_transition(current: str, new: str) -> None:
    """Raise ``InvalidValue`` (or ``Conflict`` once closed) unless ``current -> new`` is in the status table."""
    if new not in STATUSES or new == NOT_RATED:
        raise InvalidValue("status", new, " | ".join(s for s in STATUSES if s != NOT_RATED))
    allowed = TRANSITIONS[current]
    if new in allowed:
        return
    if not allowed:
        raise Conflict(
            f"status: the commitment is already closed as {current}; a closed commitment is final "
            "(correct its resolution with 'fledger resolve --correct')"
        )
    raise InvalidValue("status", new, f"a change from {current} to one of {' | '.join(allowed)}")


def current_status(events: list[ItemEvent]) -> str:
    """The status the latest status event set (events in the order they were recorded); not-rated without one."""
    statuses = [e.status for e in events if e.kind == "status" and e.status]
    return statuses[-1] if statuses else NOT_RATED


# --- events ------------------------------------------------------------------------------

EVENT_KINDS = ("status", "slip")


@frozen
class ItemEvent:
    """A commitment's status change or deadline slip, as of ``on_date``."""

    item_id: str
    kind: str
    on_date: date = field(validator=validators.day("on"))
    recorded_at: datetime = field(validator=validators.timestamp("recorded_at"))
    analyst: str = ""
    evidence: str = field(default="", validator=validators.text("evidence"))
    status: str | None = field(default=None, validator=validators.optional(validators.choice("status", STATUSES)))
    window: Deadline | None = None  # the new deadline, for a slip
    id: str = field(factory=new_id)

    def __attrs_post_init__(self) -> None:
        if self.kind not in EVENT_KINDS:
            raise InvalidValue("event kind", self.kind, " | ".join(EVENT_KINDS))
        if self.kind == "status" and self.status is None:
            raise InvalidValue("status", None, " | ".join(STATUSES))
        if self.kind == "slip" and self.window is None:
            raise InvalidValue("new deadline", None, "a deadline window for a slip")


# --- the on-time rate ----------------------------------------------------------------------

Z95 = 1.959964  # the normal quantile of a two-sided 95 % interval


def wilson_interval(successes: int, trials: int, z: float = Z95) -> tuple[float, float] | None:
    """Wilson score interval for a proportion (95 % by default); None with no trials."""
    if trials <= 0:
        return None
    phat = successes / trials
    denom = 1.0 + z * z / trials
    centre = (phat + z * z / (2 * trials)) / denom
    half = z * math.sqrt(phat * (1 - phat) / trials + z * z / (4 * trials * trials)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


# --- the --json shapes (docs/scenarios.md) ---------------------------------------------------


def event_json(e: ItemEvent) -> dict[str, Any]:
    return {
        "id": e.id, "item_id": e.item_id, "kind": e.kind, "status": e.status, "new_deadline": deadline_json(e.window),
        "on": iso(e.on_date), "evidence": e.evidence, "analyst": e.analyst, "recorded_at": iso(e.recorded_at),
    }  # fmt: skip


def base_rate_json(r: Any) -> dict[str, Any]:
    """A ``ledger.service.commitments.BaseRate``."""
    return {
        "grouping": r.grouping, "name": r.name, "tracked": r.tracked, "kept_on_time": r.kept_on_time,
        "kept_late": r.kept_late, "compromise": r.compromise, "broken": r.broken, "void": r.void, "open": r.open,
        "closed": r.closed, "on_time_rate": r.on_time_rate,
        "wilson_95": [r.wilson_low, r.wilson_high] if r.wilson_low is not None else None,
        "median_slip_days": r.median_slip_days,
    }  # fmt: skip
