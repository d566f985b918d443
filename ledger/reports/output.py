"""Writing a report to disk in the asked-for format, each file replaced atomically."""

from __future__ import annotations

from pathlib import Path

from ledger.reports import atomic
from ledger.reports.data import ReportData

CHART_NAMES = {"reliability": "reliability", "brier_by_month": "brier-by-month"}


def write(data: ReportData, path: Path, fmt: str) -> list[Path]:
    """Write ``data`` to ``path`` as ``fmt``; returns every file written (the report first)."""
    path = atomic.check_target(path)
    if fmt == "html":
        from ledger.reports import html

        atomic.write_text(path, html.render(data))
        return [path]
    if fmt == "md":
        return _markdown(data, path)
    if fmt == "json":
        from ledger.reports import jsonout

        atomic.write_text(path, jsonout.render(data))
        return [path]
    if fmt == "csv":
        from ledger.reports import csvout

        atomic.write_with(
            path, lambda handle: csvout.write_fast(handle, data.scored_csv, data.scored_columns, data.scored_rows)
        )
        return [path]
    raise ValueError(fmt)


def _markdown(data: ReportData, path: Path) -> list[Path]:
    """The .md file and its charts beside it as ``<stem>-<chart>.svg``."""
    from ledger.reports import html, markdown

    written = []
    files = {}
    for name, svg in html.make_charts(data).items():
        chart_path = path.with_name(f"{path.stem}-{CHART_NAMES[name]}.svg")
        atomic.write_text(chart_path, svg)
        files[name] = chart_path.name
        written.append(chart_path)
    atomic.write_text(path, markdown.render(data, files))
    return [path, *written]
