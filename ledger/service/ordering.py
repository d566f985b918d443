"""How the item list is sorted: one rule for the CLI (`list --sort`) and the TUI (the sort key).

Every order ends with the key, so ties are stable.  Items without the sorted value
(no deadline, no forecast) come last in either direction, as in taskwarrior.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from ledger.errors import InvalidValue

# The TUI cycles through these; "days" (days left) counts to the deadline's end, so it is
# accepted as another name for "deadline" rather than offered twice.
SORTS = ("deadline", "key", "mine", "crowd", "n", "status")
ALIASES = {"days": "deadline", "days-left": "deadline", "left": "deadline", "me": "mine"}
NEEDS_FORECASTS = ("mine", "crowd", "n")  # sorts on figures the narrow index does not hold
# Status order: what needs doing first (due), then open, then resolved ones.
STATUS_RANK = {"due": 0, "open": 1, "yes": 2, "no": 3, "annulled": 4}
SORT_FORM = " | ".join(SORTS) + " (days is deadline)"

T = TypeVar("T")


def check_sort(sort: str) -> str:
    """The sort field's canonical name, or ``InvalidValue``."""
    name = ALIASES.get(sort.strip().lower(), sort.strip().lower())
    if name not in SORTS:
        raise InvalidValue("sort", sort, SORT_FORM)
    return name


def sort_value(sort: str, fields: dict[str, Any]) -> Any:
    """The value an item sorts on (None: it has none).  ``fields``: key, deadline_latest, status,
    my_probability, crowd_median, n_forecasters (an ItemSummary's names)."""
    if sort == "deadline":
        return fields["deadline_latest"]
    if sort == "key":
        return fields["key"]
    if sort == "mine":
        return fields["my_probability"]
    if sort == "crowd":
        return fields["crowd_median"]
    if sort == "n":
        return fields["n_forecasters"] or None
    return STATUS_RANK.get(fields["status"], 9)


def ordered(items: Sequence[T], sort: str, reverse: bool, fields: Callable[[T], dict[str, Any]]) -> list[T]:
    """``items`` sorted on ``sort`` (ascending unless ``reverse``), ties by key, items without a value last."""
    sort = check_sort(sort)
    keyed = [(sort_value(sort, f := fields(i)), f["key"], i) for i in items]
    present = sorted((k for k in keyed if k[0] is not None), key=lambda k: k[1])  # ties by key
    present.sort(key=lambda k: k[0], reverse=reverse)  # stable, also reversed
    missing = sorted((k for k in keyed if k[0] is None), key=lambda k: k[1])
    return [k[2] for k in present + missing]


def summary_fields(s: Any) -> dict[str, Any]:
    """An ItemSummary as ``sort_value`` reads it."""
    return {
        "key": s.key, "deadline_latest": s.deadline_latest, "status": s.status, "my_probability": s.my_probability,
        "crowd_median": s.crowd_median, "n_forecasters": s.n_forecasters,
    }  # fmt: skip
