"""What needs attention: items to resolve, deadlines coming up, forecasts gone stale."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from attrs import frozen

from ledger.errors import InvalidValue
from ledger.model import Deadline
from ledger.service.base import LedgerBase

SPAN_FORM = "a span like 7d, 2w or 14 (days)"
STALE_AFTER_DAYS = 30
DEFAULT_WITHIN_DAYS = 7
REASONS = ("resolve", "deadline", "re-forecast")


def parse_span(text: str, field: str = "within") -> int:
    """'7d', '2w', '14' -> a number of days (0 to 3650)."""
    m = re.fullmatch(r"\s*(\d{1,4})\s*([dw]?)\s*", str(text).lower())
    if not m:
        raise InvalidValue(field, text, SPAN_FORM)
    days = int(m[1]) * (7 if m[2] == "w" else 1)
    if days > 3650:
        raise InvalidValue(field, text, f"{SPAN_FORM}, at most ten years")
    return days


@frozen
class DueItem:
    """An open item and why it needs attention (``reasons`` in the order of REASONS)."""

    id: str
    key: str
    title: str
    reasons: tuple[str, ...]
    deadline_latest: date | None
    days_left: int | None
    my_probability: float | None
    my_made_at: datetime | None
    deadline: Deadline | None = None


class ReminderOps(LedgerBase):
    def due(self, within_days: int | None = None, *, overdue: bool = False,
            stale_days: int = STALE_AFTER_DAYS) -> list[DueItem]:  # fmt: skip
        """Open items that need attention.

        With neither ``within_days`` nor ``overdue``: everything due now — deadline passed ("resolve"),
        deadline within the next 7 days ("deadline"), and my latest forecast older than ``stale_days``
        ("re-forecast"; only where I have forecast: an item nobody forecast has nothing to re-forecast).
        With either, only what was asked for: ``within_days`` the deadlines from today to that many days
        ahead, ``overdue`` the deadlines passed.
        """
        default = within_days is None and not overdue
        span = DEFAULT_WITHIN_DAYS if within_days is None else within_days
        stale_before = self.now() - timedelta(days=stale_days)
        out = []
        for s in self.items("open"):  # type: ignore[attr-defined]
            reasons = []
            if s.days_left is not None and s.days_left < 0 and (default or overdue):
                reasons.append("resolve")
            elif s.days_left is not None and 0 <= s.days_left <= span and (default or within_days is not None):
                reasons.append("deadline")
            if default and s.my_made_at is not None and s.my_made_at < stale_before:
                reasons.append("re-forecast")
            if reasons:
                out.append(DueItem(s.id, s.key, s.title, tuple(reasons), s.deadline_latest, s.days_left,
                                   s.my_probability, s.my_made_at, s.deadline))  # fmt: skip
        order = {r: n for n, r in enumerate(REASONS)}
        return sorted(out, key=lambda d: (order[d.reasons[0]], d.deadline_latest or date.max, d.key))
