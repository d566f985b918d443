"""Deadline phrases -> Deadline windows (pure; no IO).

Minimal reader: ISO dates, months, quarters, years and a few "by/end of" forms.
The full phrase grammar replaces this module.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from attrs import frozen

from ledger.model import Deadline

MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})


@frozen
class Reading:
    """The result of reading a phrase: a deadline, or None and the reason why not."""

    deadline: Deadline | None
    reason: str = ""


def _month_window(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def read_deadline(phrase: str, anchor: date) -> Reading:
    text = " ".join(phrase.lower().split())
    core = re.sub(r"^(by|before|until|no later than)\s+(the\s+)?", "", text)
    core = re.sub(r"^(end of|the end of)\s+", "", core)
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", core):
        try:
            d = date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return Reading(None, f"{phrase!r} is not a real calendar date")
        return Reading(Deadline(d, d, "day", phrase, "an exact ISO date"))
    if m := re.fullmatch(r"(\d{4})-(\d{2})", core):
        if not 1 <= int(m[2]) <= 12:
            return Reading(None, f"{phrase!r} has no month {m[2]}")
        e, l = _month_window(int(m[1]), int(m[2]))
        return Reading(Deadline(e, l, "month", phrase, "a calendar month"))
    if m := re.fullmatch(r"(\d{4})-?q([1-4])", core):
        y, q = int(m[1]), int(m[2])
        e = date(y, 3 * q - 2, 1)
        l = _month_window(y, 3 * q)[1]
        return Reading(Deadline(e, l, "quarter", phrase, f"quarter {q} of {y}"))
    if m := re.fullmatch(r"(\d{4})", core):
        y = int(m[1])
        return Reading(Deadline(date(y, 1, 1), date(y, 12, 31), "year", phrase, f"the calendar year {y}"))
    if m := re.fullmatch(r"([a-z]+)(?:\s+(\d{4}))?", core):
        month = MONTHS.get(m[1])
        if month:
            year = int(m[2]) if m[2] else anchor.year + (1 if month < anchor.month else 0)
            e, l = _month_window(year, month)
            return Reading(Deadline(e, l, "month", phrase, f"the next {calendar.month_name[month]} on or after {anchor}"))
    return Reading(None, f"cannot read {phrase!r} as a deadline")
