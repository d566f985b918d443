"""The Markdown report: the HTML report's content as tables, charts as SVG files linked beside it.

Ledger text is escaped so that it always renders as text: Markdown punctuation
gets a backslash and ``<``, ``>``, ``&`` become entities, so neither a link like
``](javascript:...)`` nor raw HTML can come out of a title or a name.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from ledger.reports import text
from ledger.reports.data import ReportData, group_keys

_PUNCTUATION = set("\\`*_[]#|~$")
_ENTITIES = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}


def esc(value: Any) -> str:
    """Text that renders as itself in a Markdown paragraph or table cell (one line)."""
    out = []
    for ch in " ".join(("" if value is None else str(value)).split()):
        if ch in _ENTITIES:
            out.append(_ENTITIES[ch])
        elif ch in _PUNCTUATION:
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]], align: str = "") -> str:
    """A pipe table; ``align`` has one letter per column (l or r), default left."""
    marks = ["---:" if (align[n : n + 1] == "r") else "---" for n in range(len(headers))]
    lines = ["| " + " | ".join(esc(h) for h in headers) + " |", "| " + " | ".join(marks) + " |"]
    lines += ["| " + " | ".join(esc(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def render(data: ReportData, chart_files: dict[str, str] | None = None) -> str:
    """The report as Markdown.  ``chart_files``: chart name -> file name of its SVG beside the report."""
    charts = chart_files or {}
    overall = data.overall or {}
    out = [
        f"# {esc(data.title)}",
        "",
        (f"Whose forecasts: {esc(data.scope or 'every analyst')} · ledger {esc(data.ledger_name)}"),
        "",
    ]
    meta = [("As of", data.as_of or f"{data.generated_at.date().isoformat()} (everything recorded)"),
            ("Filters", ", ".join(f"{k} {v}" for k, v in data.filter_items() if k != "as-of") or "none"),
            ("Generated", data.generated_at.strftime("%Y-%m-%d %H:%M") + " UTC"),
            ("Fingerprint", data.fingerprint)]  # fmt: skip
    out += [table(["", ""], meta), ""]
    if data.empty:
        out += ["## No scored forecasts yet", "",
                ("Nothing in this ledger matches these filters with a yes/no resolution and a forecast made before "
                "the outcome was known, so there is no score to show."), ""]  # fmt: skip
    else:
        out += _headline(data, overall)
        out += _reliability(overall, charts.get("reliability"))
        out += _decomposition(overall)
    out += _groups(data)
    out += _over_time(data, charts.get("brier_by_month"))
    out += _by_quarter(data)
    out += _open_items(data)
    out += ["## Methods", ""]
    out += [f"- **{esc(t)}**: {esc(d)}" for t, d in text.methods(data.filters, data.score.get("scale", "brier 0-1"))]
    out += ["", "---", "", "Made by fledger from " + esc(data.ledger_name) + ". "
            + esc(", ".join(f"{k} {v}" for k, v in data.versions.items())), ""]  # fmt: skip
    return "\n".join(out)


def _headline(data: ReportData, overall: dict[str, Any]) -> list[str]:
    rows = [("Scored forecasts", text.metric("n_forecasts", overall.get("n_forecasts")),
             (f"{text.metric('n_items', overall.get('n_items'))} items; left out: "
             f"{text.metric('n_late', overall.get('n_late'))} late, {text.metric('n_annulled', overall.get('n_annulled'))} annulled"))]  # fmt: skip
    for key, label, hint in text.HEADLINE:
        shown = f"{label} ({data.score.get('scale', 'brier 0-1')})" if key == "brier" else label
        rows.append((shown, text.metric(key, overall.get(key)), hint))
    rows.append(("Base rate", text.percent(overall.get("base_rate")), "share of 'yes' outcomes"))
    return ["## Headline", "", table(["Metric", "Value", "Reading"], rows, "lrl"), ""]


def _reliability(overall: dict[str, Any], chart: str | None) -> list[str]:
    out = ["## Reliability", ""]
    if not overall.get("bins"):
        return out + ["No calibration bins in this mode (time-weighted forecasts are not binned).", ""]
    if chart:
        out += [f"![{esc(text.reliability_alt(overall['bins']))}]({quote(chart)})", ""]
    rows = [
        (f"{b['lo'] * 100:.0f}–{b['hi'] * 100:.0f}%", text.metric("n", b.get("n")),
         text.percent(b.get("mean_forecast")) if b.get("n") else text.NONE,
         text.percent(b.get("observed")) if b.get("n") else text.NONE,
         f"{text.percent(b.get('ci_low'))} – {text.percent(b.get('ci_high'))}" if b.get("n") else text.NONE)
        for b in overall.get("bins") or []
    ]  # fmt: skip
    return out + [table(["Bin", "N", "Mean forecast", "Observed", "95% Wilson interval"], rows, "lrrrr"), ""]


def _decomposition(overall: dict[str, Any]) -> list[str]:
    parts = overall.get("decomposition")
    if not parts:
        return []
    rows = [(label, text.number(parts.get(key), 4), hint) for key, label, hint in text.DECOMPOSITION]
    return ["## Murphy decomposition", "",
            ("Brier = reliability − resolution + uncertainty + within-bin variance − within-bin covariance = "
            f"**{text.number(overall.get('brier'), 4)}**"), "",
            table(["Term", "Value", "Meaning"], rows, "lrl"), ""]  # fmt: skip


def _groups(data: ReportData) -> list[str]:
    if not data.by_group:
        return []
    keys = group_keys(data.by_group) or [str(data.filters.get("by"))]
    rows = [
        [g["group"].get(k, text.NONE) for k in keys] + [text.metric(key, g.get(key)) for key, _ in text.GROUP_COLUMNS]
        for g in data.by_group.get("groups") or []
        if not g["group"].get("all")
    ]
    headers = keys + [label for _, label in text.GROUP_COLUMNS]
    body = (
        table(headers, rows, "l" * len(keys) + "r" * len(text.GROUP_COLUMNS))
        if rows
        else "No groups have scored forecasts."
    )
    return [f"## By {esc(', '.join(keys))}", "", body, ""]


def _by_quarter(data: ReportData) -> list[str]:
    quarters = data.quarters()
    if not quarters:
        return []
    rows = [(q.quarter, f"{q.n_forecasts:,}", text.number(q.brier), text.number(q.reliability, 4),
             text.number(q.rolling_brier)) for q in quarters]  # fmt: skip
    return [
        "## Calibration over time",
        "",
        "Per quarter the outcomes became known; rolling Brier over that quarter and the three before it.",
        "",
        table(["Quarter", "Forecasts", "Brier", "Reliability", "Rolling Brier (4 quarters)"], rows, "lrrrr"),
        "",
    ]


def _over_time(data: ReportData, chart: str | None) -> list[str]:
    months = data.months()
    if not months:
        return []
    out = ["## Brier over time", ""]
    if chart:
        out += [f"![{esc(text.brier_by_month_alt(months))}]({quote(chart)})", ""]
    rows = [(m, f"{n:,}", text.number(b)) for m, n, b in months]
    return out + [table(["Month (known_on)", "Forecasts", "Brier"], rows, "lrr"), ""]


def _open_items(data: ReportData) -> list[str]:
    out = ["## Open and overdue items", ""]
    if not data.open_items:
        return out + ["No open items.", ""]
    out += [f"{data.n_open:,} open, of which {data.n_overdue:,} overdue (deadline passed, not resolved yet).", ""]
    rows = [(i.key, i.title, i.deadline or text.NONE, text.days(i.days_left), text.percent(i.my_probability),
             text.percent(i.crowd_median), i.n_forecasters) for i in data.open_items]  # fmt: skip
    out += [
        table(
            [
                "Key",
                "Title",
                "Deadline",
                "Status",
                f"Forecast ({data.forecaster})" if data.forecaster else "Forecast",
                "Crowd median",
                "Forecasters",
            ],
            rows,
            "lllrrrr",
        )
    ]
    more = data.n_open - len(data.open_items)
    return out + ([f"\n…and {more:,} more open items not listed."] if more > 0 else []) + [""]
