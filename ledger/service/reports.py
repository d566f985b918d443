"""Calibration reports: gather the scores once and write HTML, Markdown, JSON, CSV or a bundle.

``report`` is one call that the CLI and the TUI (in a worker thread) both use;
it returns where the files went.
"""

from __future__ import annotations

import platform
from datetime import date, datetime
from pathlib import Path
from typing import Any

from attrs import frozen

from ledger.errors import InvalidValue, LedgerError
from ledger.reports import data
from ledger.scoring import sql as scoring_sql
from ledger.service.base import LedgerBase


@frozen
class ReportResult:
    """What a report run wrote."""

    path: Path | None  # the report file (None when only a bundle was asked for)
    format: str | None
    files: tuple[Path, ...]  # everything written, the report first
    bundle: Path | None
    n_forecasts: int
    fingerprint: str
    empty: bool


class ReportOps(LedgerBase):
    def report(
        self,
        path: str | Path | None = None,
        fmt: str | None = None,
        bundle: str | Path | None = None,
        *,
        mode: str | None = None,
        by: str | None = None,
        as_of: date | None = None,
        analyst: str | None = None,
        tag: str | None = None,
        bins: int | None = None,
        team: bool = False,
        title: str | None = None,
        after_deadline: bool = False,
    ) -> ReportResult:
        """Write a calibration report to ``path`` (format from ``fmt`` or the extension) and/or a ``bundle`` folder.

        The filters are those of ``score``.  Whose forecasts: ``calibration_scope`` (by default mine).
        ``title`` replaces the default title, which says whose calibration it is.  Raises ``InvalidValue``
        for a bad format or an output folder that does not exist, before anything is computed or written.
        """
        from ledger.reports import atomic, output
        from ledger.reports import bundle as bundles

        if not hasattr(self, "score"):
            raise LedgerError("report: this build of fledger has no scoring engine")
        if path is None and bundle is None:
            raise InvalidValue("output", "nothing", "a report file (-o FILE) or a bundle folder (--bundle DIR)")
        fmt = data.format_from_path(path, fmt) if path is not None else None
        target = atomic.check_target(Path(path)) if path is not None else None
        folder = bundles.check_folder(bundle) if bundle is not None else None
        if target is not None and fmt is not None:
            self.refuse_own_files(output.files_for(target, fmt), "output")
        if folder is not None:
            self.refuse_own_files(bundles.files_in(folder), "bundle")
        # every option is checked before anything (a bundle folder, the scored rows) is written
        scoring_sql.check_options(mode or "last", by, 10 if bins is None else bins, None, False, after_deadline)
        if folder is not None:
            folder.mkdir(exist_ok=True)
        # the engine writes the scored rows straight where they are kept (CSV report, bundle), else
        # to a temporary file that only gives the fingerprint
        rows_to = target if fmt == "csv" else bundles.scored_rows_path(folder) if folder is not None else None
        with_charts = fmt in ("html", "md") or bundle is not None
        analyst, scope = self.calibration_scope(analyst, team=team, by=by)
        if title is not None and (not title.strip() or len(title) > 200 or "\x00" in title):
            raise InvalidValue("title", title, "a title of 1-200 characters")
        # the open-items list shows the forecasts of the analyst the report is about
        items_ledger = self if not analyst or analyst == self.analyst else self._as_analyst(analyst)
        gathered = gather(
            self, rows_to=rows_to, with_charts=with_charts, items_ledger=items_ledger,
            mode=mode, by=by, as_of=as_of, analyst=analyst, tag=tag, bins=bins, after_deadline=after_deadline or None,
            scope=scope, title=title.strip() if title else f"Calibration of {scope}",
        )  # fmt: skip
        files: list[Path] = []
        if target is not None and fmt is not None:
            files += output.write(gathered, target, fmt)
        if folder is not None:
            files += bundles.write(gathered, folder)
        return ReportResult(target, fmt, tuple(files), folder, gathered.n_forecasts, gathered.fingerprint,
                            gathered.empty)  # fmt: skip

    def calibration_scope(self, analyst: str | None = None, *, team: bool = False,
                          by: str | None = None) -> tuple[str | None, str]:  # fmt: skip
        """Whose forecasts a calibration is about: (the ``analyst`` filter for ``score``, its name for people).

        By default mine: "how am I doing" is the question an analyst opens calibration with.
        ``team`` pools every analyst; so does ``by="analyst"`` (a table per analyst) unless one is named.
        """
        if team and analyst:
            raise InvalidValue("team", analyst, "either --team or --analyst NAME, not both")
        if team or (by == "analyst" and not analyst):
            return None, "the team (every analyst pooled)"
        who = analyst or self.analyst
        return who, f"{who} (you)" if who == self.analyst else who

    def _as_analyst(self, analyst: str) -> Any:
        return type(self)(self.db, analyst, self._clock, self._store.lock_timeout)

    def engine_versions(self) -> dict[str, Any]:
        """Versions that a reproducible report records (besides fledger's own)."""
        from ledger.storage import info

        return {"python": platform.python_version(), "duckdb": info.engine_version()}


# --- gathering what a report shows -------------------------------------------------


def gather(
    ledger: Any,
    *,
    rows_to: Path | None = None,
    with_charts: bool = True,
    items_ledger: Any = None,
    scope: str = "",
    title: str = "Calibration report",
    **filters: Any,
) -> data.ReportData:
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
    return data.ReportData(
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


def _open_items(ledger: Any, as_of: date | None, tag: str | None) -> tuple[list[data.OpenItem], int]:
    """Unresolved items, overdue first (most overdue at the top), then by deadline."""
    when = datetime.combine(as_of, datetime.max.time()) if as_of else None
    today = as_of or ledger.today()
    found = []
    for s in ledger.items("open", as_of=when):
        if tag and tag not in s.tags:
            continue
        left = (s.deadline_latest - today).days if s.deadline_latest else None
        found.append(data.OpenItem(
            key=s.key, title=s.title, deadline=s.deadline.label if s.deadline else "",
            deadline_latest=s.deadline_latest, days_left=left, my_probability=s.my_probability,
            crowd_median=s.crowd_median, n_forecasters=s.n_forecasters,
        ))  # fmt: skip
    found.sort(key=lambda i: (i.days_left is None, i.days_left if i.days_left is not None else 0, i.key))
    return found[: data.OPEN_ITEMS_SHOWN], len(found)
