"""What a report shows, as one plain record, and how it is gathered from the service.

Every renderer is a pure function of ``ReportData``; numbers are never recomputed
here, they are the scoring engine's own (the same object ``fledger score --json``
prints), so a report cannot disagree with ``fledger score``.
"""

from __future__ import annotations

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
    open_items: tuple[OpenItem, ...] = field(default=(), converter=tuple)
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


# --- gathering from the service -------------------------------------------------


def gather(
    ledger: Any, *, rows_to: Path | None = None, with_charts: bool = True, items_ledger: Any = None, scope: str = "",
    title: str = "Calibration report", **filters: Any,
) -> ReportData:
    """Ask the ledger's scoring engine for everything a report shows.

    ``filters``: mode, by, as_of, analyst, tag, bins (as ``Ledger.score`` takes them).
    The engine writes the scored rows as CSV to ``rows_to`` (CSV reports and bundles keep them),
    or to a temporary file that only gives the fingerprint.  No row is fetched into Python.  Open
    items come from ``items_ledger`` (default ``ledger``), whose analyst's forecasts they show.
    """
    from ledger import __version__

    filters = {k: v for k, v in filters.items() if v is not None}
    by = filters.pop("by", None)
    score_args = {k: v for k, v in filters.items() if k in ("mode", "as_of", "analyst", "tag", "bins",
                                                            "after_deadline")}  # fmt: skip
    # one read of the ledger for every number and the fingerprint, so they always agree
    reports, scored = ledger.score_snapshot((None, "month", "quarter", *([by] if by else [])), rows_to, **score_args)
    overall, by_month, by_quarter = reports[0].to_json(), reports[1].to_json(), reports[2].to_json()
    by_group = reports[3].to_json() if by else None
    as_of = filters.get("as_of")
    items_ledger = items_ledger or ledger
    items, n_open = _open_items(items_ledger, as_of, filters.get("tag"))
    versions = {"fledger": __version__, **ledger.engine_versions()}
    if with_charts:
        from ledger.reports.charts import library_version

        versions["matplotlib"] = library_version()
    return ReportData(
        ledger_name=ledger.name,
        generated_at=ledger.now(),
        filters={"mode": overall.get("mode"), "by": by, "as_of": as_of, "analyst": filters.get("analyst"),
                 "tag": filters.get("tag"), "bins": filters.get("bins", 10),
                 "after_deadline": bool(filters.get("after_deadline"))},
        fingerprint=scored.fingerprint,
        score=overall,
        by_group=by_group,
        by_month=by_month,
        by_quarter=by_quarter,
        open_items=items,
        n_open=n_open,
        scored_file=scored.path,
        sql=scored.sql,
        versions=versions,
        forecaster=items_ledger.analyst,
        scope=scope,
        title=title,
    )  # fmt: skip


def _open_items(ledger: Any, as_of: date | None, tag: str | None) -> tuple[list[OpenItem], int]:
    """Unresolved items, overdue first (most overdue at the top), then by deadline."""
    when = datetime.combine(as_of, datetime.max.time()) if as_of else None
    today = as_of or ledger.today()
    found = []
    for s in ledger.items("open", as_of=when):
        if tag and tag not in s.tags:
            continue
        left = (s.deadline_latest - today).days if s.deadline_latest else None
        found.append(OpenItem(
            key=s.key, title=s.title, deadline=s.deadline.label if s.deadline else "",
            deadline_latest=s.deadline_latest, days_left=left, my_probability=s.my_probability,
            crowd_median=s.crowd_median, n_forecasters=s.n_forecasters,
        ))  # fmt: skip
    found.sort(key=lambda i: (i.days_left is None, i.days_left if i.days_left is not None else 0, i.key))
    return found[:OPEN_ITEMS_SHOWN], len(found)
