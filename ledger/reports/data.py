"""What a report shows, as one plain record (the service gathers it: ``ledger.service.reports``).

Every renderer is a pure function of ``ReportData``; numbers are never recomputed
here, they are the scoring engine's own (the same object ``fledger score --json``
prints), so a report cannot disagree with ``fledger score``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from attrs import field, frozen

from ledger.errors import InvalidValue

FORMATS = ("html", "md", "json", "csv")
EXTENSIONS = {".html": "html", ".htm": "html", ".md": "md", ".markdown": "md", ".json": "json", ".csv": "csv"}

# How many open items a report lists before it says "and N more".
OPEN_ITEMS_SHOWN = 200


OUTPUT_FORM = "a file name ending .html, .md, .json or .csv"


def format_from_path(path: Path | str, fmt: str | None = None) -> str:
    """The report format: ``fmt`` if given, else from the file extension."""
    if fmt:
        fmt = fmt.lower().lstrip(".")
        fmt = "md" if fmt == "markdown" else fmt
        if fmt not in FORMATS:
            raise InvalidValue("format", fmt, " | ".join(FORMATS))
        return fmt
    suffix = Path(path).suffix.lower()
    if suffix not in EXTENSIONS:
        raise InvalidValue("output", str(path), OUTPUT_FORM)
    return EXTENSIONS[suffix]


@frozen
class OpenItem:
    """An unresolved item, as the report lists it."""

    key: str
    title: str
    deadline: str  # the deadline's label, "" if it has none
    deadline_latest: date | None
    days_left: int | None  # negative: overdue by that many days
    my_probability: float | None
    crowd_median: float | None
    n_forecasters: int

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0


def _item_tuple(items: Iterable[OpenItem]) -> tuple[OpenItem, ...]:
    return tuple(items)


@frozen
class ReportData:
    """Everything a report shows.  ``score``, ``by_group`` and ``by_month`` are score JSON objects."""

    ledger_name: str
    generated_at: datetime  # naive UTC
    filters: dict[str, Any]  # mode, by, as_of, analyst, tag, bins: what the numbers were computed with
    fingerprint: str  # a hash of the scored rows
    score: dict[str, Any]  # ``fledger score --json`` with the filters and no --by
    by_group: dict[str, Any] | None = None  # the same with --by, when asked for
    by_month: dict[str, Any] | None = None  # the same grouped by month of known_on
    by_quarter: dict[str, Any] | None = None  # the same grouped by quarter of known_on (calibration over time)
    open_items: tuple[OpenItem, ...] = field(default=(), converter=_item_tuple)
    n_open: int = 0  # open items in all, when only the first OPEN_ITEMS_SHOWN are listed
    scored_file: Path | None = None  # the engine's CSV of the scored rows (what the fingerprint hashes), if kept
    sql: str = ""  # the SQL that produced the scored rows
    versions: dict[str, str] = field(factory=dict)
    title: str = "Calibration report"
    forecaster: str = ""  # whose forecast the open-items list shows
    scope: str = ""  # whose forecasts are scored, for people: "ann (you)", "the team (every analyst pooled)"

    @property
    def overall(self) -> dict[str, Any] | None:
        groups = self.score.get("groups") or []
        return groups[0] if groups else None

    @property
    def n_forecasts(self) -> int:
        return int((self.overall or {}).get("n_forecasts") or 0)

    @property
    def empty(self) -> bool:
        return self.n_forecasts == 0

    @property
    def as_of(self) -> str | None:
        value = self.filters.get("as_of") or self.score.get("as_of")
        return value.isoformat() if isinstance(value, date) else value

    @property
    def n_overdue(self) -> int:
        return sum(1 for i in self.open_items if i.overdue)

    def months(self) -> list[tuple[str, int, float | None]]:
        """(month, forecasts, Brier) in month order, from the by-month score."""
        if not self.by_month:
            return []
        rows = [
            (group_label(g["group"]), int(g.get("n_forecasts") or 0), g.get("brier"))
            for g in self.by_month.get("groups") or []
            if not g["group"].get("all")
        ]
        return sorted(r for r in rows if r[1])

    def quarters(self) -> list[Any]:
        """Calibration over time: per quarter, with the rolling Brier (``ledger.scoring.over_time``)."""
        from ledger.scoring.over_time import over_time

        return over_time(self.by_quarter) if self.by_quarter else []

    def filter_items(self) -> list[tuple[str, str]]:
        """(name, value) of the filters worth printing, in a fixed order."""
        shown = []
        for name in ("mode", "by", "as_of", "analyst", "tag", "bins", "after_deadline"):
            value = self.filters.get(name)
            if value not in (None, "", (), False):
                shown.append((name.replace("_", "-"), value.isoformat() if isinstance(value, date) else str(value)))
        return shown


def group_label(group: dict[str, Any]) -> str:
    """A group as people read it: 'all', 'ann', 'ann / china'."""
    if group.get("all"):
        return "all"
    return " / ".join("—" if v is None else str(v) for v in group.values())


def group_keys(score: dict[str, Any]) -> list[str]:
    """The names of the grouping columns of a by-group score (e.g. ['analyst'])."""
    for g in score.get("groups") or []:
        if not g["group"].get("all"):
            return list(g["group"])
    return []
