"""Calibration reports: gather the scores once and write HTML, Markdown, JSON, CSV or a bundle.

``report`` is one call that the CLI and the TUI (in a worker thread) both use;
it returns where the files went.
"""

from __future__ import annotations

import platform
from datetime import date
from pathlib import Path
from typing import Any

from attrs import frozen

from ledger.errors import InvalidValue, LedgerError
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
        from ledger.reports import atomic, data, output
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
        gathered = data.gather(
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
        return type(self)(self.db, analyst, self._clock, self.store.lock_timeout)

    def engine_versions(self) -> dict[str, Any]:
        """Versions that a reproducible report records (besides fledger's own)."""
        from ledger.storage import info

        return {"python": platform.python_version(), "duckdb": info.engine_version()}
