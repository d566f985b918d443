"""Writing a report to disk in the asked-for format, each file replaced atomically."""

from __future__ import annotations

import shutil
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
        place_scored_rows(data, path)
        return [path]
    raise ValueError(fmt)


def files_for(path: Path, fmt: str) -> list[Path]:
    """Every file that writing ``fmt`` to ``path`` replaces (a Markdown report has its charts beside it)."""
    if fmt != "md":
        return [path]
    return [path, *(_chart_path(path, name) for name in CHART_NAMES.values())]


def _chart_path(path: Path, chart: str) -> Path:
    return path.with_name(f"{path.stem}-{chart}.svg")


def place_scored_rows(data: ReportData, path: Path) -> None:
    """Put the engine's scored-rows CSV at ``path`` (a byte-for-byte copy unless it was written there)."""
    if data.scored_file is None:
        raise ValueError("the scored rows were not kept: gather the report with rows_to=")
    if Path(data.scored_file) != path:
        with atomic.replacing(path, "wb") as target, Path(data.scored_file).open("rb") as source:
            shutil.copyfileobj(source, target, 1 << 20)


def _markdown(data: ReportData, path: Path) -> list[Path]:
    """The .md file and its charts beside it as ``<stem>-<chart>.svg``."""
    from ledger.reports import html, markdown

    written = []
    files = {}
    for name, svg in html.make_charts(data).items():
        chart_path = _chart_path(path, CHART_NAMES[name])
        atomic.write_text(chart_path, svg)
        files[name] = chart_path.name
        written.append(chart_path)
    atomic.write_text(path, markdown.render(data, files))
    return [path, *written]
