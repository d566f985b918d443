"""The HTML report: one self-contained file (inline CSS and SVG, no scripts, no fetches).

Every piece of ledger text goes through ``esc``; a Content-Security-Policy that
forbids scripts and remote loads is a second line of defence.
"""

from __future__ import annotations

from html import escape
from typing import Any

from ledger.reports import text
from ledger.reports.data import ReportData, group_keys


def esc(value: Any) -> str:
    return escape("" if value is None else str(value), quote=True)


def render(data: ReportData, charts: dict[str, str] | None = None) -> str:
    """The whole report page.  ``charts``: name -> SVG document (made with ``make_charts`` when None)."""
    charts = make_charts(data) if charts is None else charts
    overall = data.overall or {}
    parts = [
        _header(data),
        _empty_notice(data) if data.empty else _headline(data, overall),
        "" if data.empty else _reliability(overall, charts.get("reliability")),
        "" if data.empty else _decomposition(overall),
        _groups(data),
        _over_time(data, charts.get("brier_by_month")),
        _by_quarter(data),
        _open_items(data),
        _methods(data),
        _footer(data),
    ]
    title = f"{data.title} — {data.ledger_name}"
    return PAGE.format(title=esc(title), css=CSS, body="\n".join(p for p in parts if p))


def make_charts(data: ReportData) -> dict[str, str]:
    """The charts this report shows, as SVG documents (matplotlib is imported here, only if needed)."""
    if data.empty:
        return {}
    from ledger.reports import charts

    made = {}
    if (data.overall or {}).get("bins"):
        made["reliability"] = charts.reliability(data.overall["bins"])
    if data.months():
        made["brier_by_month"] = charts.brier_by_month(data.months())
    return made


# --- sections ---------------------------------------------------------------------


def _header(data: ReportData) -> str:
    filters = data.filter_items()
    shown = " · ".join(f"{esc(k)} <b>{esc(v)}</b>" for k, v in filters if k != "as-of") or "none"
    as_of = esc(data.as_of) if data.as_of else f"{esc(data.generated_at.date().isoformat())} (everything recorded)"
    return f"""<header class="top">
  <p class="eyebrow">fledger · calibration report</p>
  <h1>{esc(data.title)}</h1>
  <dl class="meta">
    <div><dt>Whose forecasts</dt><dd>{esc(data.scope or "every analyst")}</dd></div>
    <div><dt>Ledger</dt><dd>{esc(data.ledger_name)}</dd></div>
    <div><dt>As of</dt><dd>{as_of}</dd></div>
    <div><dt>Filters</dt><dd>{shown}</dd></div>
    <div><dt>Generated</dt><dd>{esc(data.generated_at.strftime("%Y-%m-%d %H:%M"))} UTC</dd></div>
    <div class="wide"><dt>Fingerprint</dt><dd><code title="hash of the scored rows">{esc(data.fingerprint)}</code></dd></div>
  </dl>
</header>"""


def _empty_notice(data: ReportData) -> str:
    overall = data.overall or {}
    late = int(overall.get("n_late") or 0)
    annulled = int(overall.get("n_annulled") or 0)
    extra = f" ({late} late and {annulled} annulled forecasts were left out.)" if late or annulled else ""
    return f"""<section class="notice">
  <h2>No scored forecasts yet</h2>
  <p>Nothing in this ledger matches these filters with a yes/no resolution and a forecast made before the
  outcome was known, so there is no score to show.{esc(extra)} Forecast some items and resolve them when their
  deadlines pass; the open and overdue items below are the place to start.</p>
</section>"""


def _headline(data: ReportData, overall: dict[str, Any]) -> str:
    n = int(overall.get("n_forecasts") or 0)
    sub = f"{text.metric('n_items', overall.get('n_items'))} items"
    left_out = [f"{int(overall.get(k) or 0):,} {name}" for k, name in (("n_late", "late"), ("n_annulled", "annulled"))
                if overall.get(k)]  # fmt: skip
    if left_out:
        sub += " · left out: " + ", ".join(left_out)
    cards = [(f'<div class="card primary"><span class="label">Scored forecasts</span>'
             f'<span class="value">{n:,}</span><span class="hint">{esc(sub)}</span></div>')]  # fmt: skip
    for key, label, hint in text.HEADLINE:
        value = text.metric(key, overall.get(key))
        scale = f' <span class="scale">{esc(data.score.get("scale", "brier 0-1"))}</span>' if key == "brier" else ""
        cards.append(f'<div class="card"><span class="label">{esc(label)}{scale}</span>'
                     f'<span class="value">{esc(value)}</span><span class="hint">{esc(hint)}</span></div>')  # fmt: skip
    rate = text.percent(overall.get("base_rate"))
    return f"""<section class="headline" aria-label="Headline metrics">
  {"".join(cards)}
</section>
<p class="aside">Base rate (share of 'yes' outcomes): <b>{esc(rate)}</b> · mode <b>{esc(data.filters.get("mode"))}</b></p>"""


def _reliability(overall: dict[str, Any], svg: str | None) -> str:
    bins = overall.get("bins")
    if not bins:
        return """<section>
  <h2>Reliability</h2>
  <p class="empty">No calibration bins in this mode (time-weighted forecasts are not binned).</p>
</section>"""
    rows = "".join(
        f"<tr><td>{esc(_range(b))}</td><td>{esc(text.metric('n', b.get('n')))}</td>"
        f"<td>{esc(text.percent(b.get('mean_forecast')) if b.get('n') else text.NONE)}</td>"
        f"<td>{esc(text.percent(b.get('observed')) if b.get('n') else text.NONE)}</td>"
        f"<td>{esc(_interval(b))}</td></tr>"
        for b in bins
    )
    figure = _figure(svg, "Reliability diagram", "Points on the dashed diagonal are perfectly calibrated: "
                     "below it, events happened less often than forecast; above it, more often.",
                     text.reliability_alt(bins))  # fmt: skip
    return f"""<section>
  <h2>Reliability</h2>
  <div class="split">
    {figure}
    <table class="compact">
      <caption>Bins</caption>
      <thead><tr><th>Bin</th><th>N</th><th>Mean p</th><th>Observed</th><th>95% interval</th></tr></thead>
      <tbody>{rows}</tbody>
    </table>
  </div>
</section>"""


def _decomposition(overall: dict[str, Any]) -> str:
    parts = overall.get("decomposition")
    if not parts:
        return ""
    rows = "".join(
        f"<tr><th>{esc(label)}</th><td>{esc(text.number(parts.get(key), 4))}</td><td class='note'>{esc(hint)}</td></tr>"
        for key, label, hint in text.DECOMPOSITION
    )
    return f"""<section>
  <h2>Murphy decomposition</h2>
  <p>Brier = reliability − resolution + uncertainty + within-bin variance − within-bin covariance
  = <b>{esc(text.number(overall.get("brier"), 4))}</b></p>
  <table class="decomp"><tbody>{rows}</tbody></table>
</section>"""


def _groups(data: ReportData) -> str:
    if not data.by_group:
        return ""
    keys = group_keys(data.by_group) or [str(data.filters.get("by"))]
    groups = [g for g in data.by_group.get("groups") or [] if not g["group"].get("all")]
    head = "".join(f"<th>{esc(k)}</th>" for k in keys) + "".join(f"<th>{esc(label)}</th>" for _, label in
                                                                 text.GROUP_COLUMNS)  # fmt: skip
    rows = "".join(
        "<tr>" + "".join(f"<td class='name'>{esc(g['group'].get(k, text.NONE))}</td>" for k in keys)
        + "".join(f"<td>{esc(text.metric(key, g.get(key)))}</td>" for key, _ in text.GROUP_COLUMNS) + "</tr>"
        for g in groups
    )  # fmt: skip
    if not rows:
        rows = f"<tr><td colspan='{len(keys) + len(text.GROUP_COLUMNS)}' class='empty'>No groups have scored forecasts.</td></tr>"
    return f"""<section>
  <h2>By {esc(", ".join(keys))}</h2>
  <div class="scroll"><table class="numbers">
    <thead><tr>{head}</tr></thead>
    <tbody>{rows}</tbody>
  </table></div>
</section>"""


def _over_time(data: ReportData, svg: str | None) -> str:
    months = data.months()
    if not months:
        return (
            "" if data.empty else '<section><h2>Brier over time</h2><p class="empty">No months to show.</p></section>'
        )
    rows = "".join(f"<tr><td class='name'>{esc(m)}</td><td>{n:,}</td><td>{esc(text.number(b))}</td></tr>"
                   for m, n, b in months)  # fmt: skip
    figure = _figure(
        svg,
        "Brier by month of known_on",
        "Lower is better; bars show how many forecasts each month scores.",
        text.brier_by_month_alt(months),
    )
    return f"""<section>
  <h2>Brier over time</h2>
  {figure}
  <details open><summary>Monthly figures</summary>
  <table class="numbers narrow"><thead><tr><th>Month</th><th>Forecasts</th><th>Brier</th></tr></thead>
  <tbody>{rows}</tbody></table></details>
</section>"""


def _open_items(data: ReportData) -> str:
    if not data.open_items:
        return '<section><h2>Open and overdue items</h2><p class="empty">No open items.</p></section>'
    rows = "".join(
        f"<tr class='{'overdue' if i.overdue else ''}'><td class='name'>{esc(i.key)}</td><td>{esc(i.title)}</td>"
        f"<td>{esc(i.deadline or text.NONE)}</td><td>{esc(text.days(i.days_left))}</td>"
        f"<td>{esc(text.percent(i.my_probability))}</td><td>{esc(text.percent(i.crowd_median))}</td>"
        f"<td>{i.n_forecasters}</td></tr>"
        for i in data.open_items
    )
    more = data.n_open - len(data.open_items)
    more_note = f'<p class="aside">…and {more:,} more open items not listed.</p>' if more > 0 else ""
    return f"""<section>
  <h2>Open and overdue items</h2>
  <p><b>{data.n_open:,}</b> open, of which <b>{data.n_overdue:,}</b> overdue (deadline passed, not resolved yet).</p>
  <div class="scroll"><table class="items">
    <thead><tr><th>Key</th><th>Title</th><th>Deadline</th><th>Status</th><th>{esc(_forecaster(data))}</th><th>Crowd median</th><th>Forecasters</th></tr></thead>
    <tbody>{rows}</tbody>
  </table></div>
  {more_note}
</section>"""


def _by_quarter(data: ReportData) -> str:
    quarters = data.quarters()
    if not quarters:
        return ""
    rows = "".join(
        f"<tr><td class='name'>{esc(q.quarter)}</td><td>{q.n_forecasts:,}</td><td>{esc(text.number(q.brier))}</td>"
        f"<td>{esc(text.number(q.reliability, 4))}</td><td>{esc(text.number(q.rolling_brier))}</td></tr>"
        for q in quarters
    )
    return f"""<section>
  <h2>Calibration over time</h2>
  <p class="aside">Per quarter the outcomes became known: the Brier score, its reliability term (0 is perfectly
  calibrated) and the rolling Brier over that quarter and the three before it.</p>
  <table class="numbers narrow"><thead><tr><th>Quarter</th><th>Forecasts</th><th>Brier</th><th>Reliability</th>
  <th>Rolling Brier (4 quarters)</th></tr></thead>
  <tbody>{rows}</tbody></table>
</section>"""


def _methods(data: ReportData) -> str:
    terms = "".join(f"<dt>{esc(t)}</dt><dd>{esc(d)}</dd>"
                    for t, d in text.methods(data.filters, data.score.get("scale", "brier 0-1")))  # fmt: skip
    return f"""<section class="methods">
  <h2>Methods</h2>
  <dl>{terms}</dl>
</section>"""


def _footer(data: ReportData) -> str:
    versions = " · ".join(f"{esc(k)} {esc(v)}" for k, v in data.versions.items())
    return f"<footer>Made by fledger from {esc(data.ledger_name)}. {versions}</footer>"


# --- pieces -----------------------------------------------------------------------


def _figure(svg: str | None, title: str, caption: str, alt: str) -> str:
    """A chart with its text alternative: ``alt`` says in words what the chart shows (its data)."""
    if not svg:
        return ""
    from ledger.reports.charts import inline

    element = inline(svg).replace("<svg ", f'<svg role="img" aria-label="{esc(alt)}" ', 1)
    return f"<figure>{element}<figcaption><b>{esc(title)}.</b> {esc(caption)}</figcaption></figure>"


def _range(b: dict[str, Any]) -> str:
    return f"{b['lo'] * 100:.0f}–{b['hi'] * 100:.0f}%"


def _interval(b: dict[str, Any]) -> str:
    if not b.get("n"):
        return text.NONE
    return f"{text.percent(b.get('ci_low'))} – {text.percent(b.get('ci_high'))}"


PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="generator" content="fledger">
<title>{title}</title>
<style>{css}</style>
</head>
<body>
<main>
{body}
</main>
</body>
</html>
"""

CSS = """
:root { --ink:#1f2933; --muted:#616e7c; --line:#e4e7eb; --soft:#f5f7fa; --accent:#2563eb; --warn:#b45309; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin:0; background:#fff; color:var(--ink);
  font: 15px/1.55 -apple-system, "Segoe UI", "Helvetica Neue", Arial, "Noto Sans", "DejaVu Sans", sans-serif; }
main { max-width: 1040px; margin: 0 auto; padding: 40px 32px 56px; }
h1 { font-size: 30px; line-height:1.2; margin: 2px 0 14px; letter-spacing: -0.01em; overflow-wrap:anywhere; }
h2 { font-size: 19px; margin: 0 0 12px; padding-bottom: 6px; border-bottom: 1px solid var(--line); }
section { margin: 34px 0 0; }
p { margin: 0 0 10px; }
code { font: 12.5px/1.4 ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace;
  background: var(--soft); padding: 2px 6px; border-radius: 4px; overflow-wrap: anywhere; }
.eyebrow { text-transform: uppercase; letter-spacing: .08em; font-size: 12px; color: var(--accent); font-weight: 600; margin:0; }
.meta { display:grid; grid-template-columns: repeat(auto-fit, minmax(210px, 1fr)); gap: 10px 24px; margin: 0;
  padding: 14px 16px; background: var(--soft); border-radius: 8px; }
.meta div { min-width: 0; }
.meta div.wide { grid-column: 1 / -1; }
.meta dt { font-size: 11.5px; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); }
.meta dd { margin: 2px 0 0; overflow-wrap: anywhere; }
.headline { display:grid; grid-template-columns: repeat(5, 1fr); gap: 12px; }
.card { border:1px solid var(--line); border-radius: 10px; padding: 14px 14px 12px; display:flex; flex-direction:column; min-width:0; }
.card.primary { background: #eff6ff; border-color: #bfdbfe; }
.card .label { font-size: 12.5px; color: var(--muted); font-weight: 600; }
.card .scale { font-weight: 500; font-size: 11px; color: var(--accent); border:1px solid #bfdbfe; border-radius: 9px; padding: 0 6px; margin-left: 4px; white-space: nowrap; }
.card .value { font-size: 28px; font-weight: 650; font-variant-numeric: tabular-nums; margin: 4px 0 4px; }
.card .hint { font-size: 12px; color: var(--muted); line-height: 1.35; }
.aside { color: var(--muted); font-size: 13.5px; margin-top: 10px; }
.notice { border: 1px solid #fcd34d; background: #fffbeb; border-radius: 10px; padding: 18px 20px; }
.notice h2 { border: 0; padding: 0; margin-bottom: 6px; }
.split { display:grid; grid-template-columns: minmax(0, 1.3fr) minmax(0, 1fr); gap: 24px; align-items: start; }
.split table td, .split table th { white-space: nowrap; }
figure { margin: 0; }
figure svg { max-width: 100%; height: auto; display:block; }
figcaption { font-size: 13px; color: var(--muted); margin-top: 6px; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; font-size: 14px; }
caption { text-align:left; font-weight:600; font-size: 13px; color: var(--muted); padding-bottom: 6px; }
th, td { padding: 6px 10px; border-bottom: 1px solid var(--line); text-align: right; vertical-align: top; }
thead th { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); font-weight: 600;
  border-bottom: 2px solid var(--line); white-space: nowrap; }
td.name, th:first-child { text-align: left; }
tbody tr:nth-child(even) { background: #fafbfc; }
table.compact td, table.compact th { padding: 4px 8px; font-size: 13px; }
table.narrow { width: auto; min-width: 320px; }
table.decomp { width: auto; }
table.decomp th { text-align:left; font-weight: 600; }
table.decomp td.note { text-align:left; color: var(--muted); font-size: 13px; }
table.items td, table.items th { text-align: left; }
table.items td:nth-child(n+4), table.items th:nth-child(n+4) { text-align: right; white-space: nowrap; }
table.items tr.overdue td:nth-child(4) { color: var(--warn); font-weight: 600; }
.scroll { overflow-x: auto; }
.empty { color: var(--muted); font-style: italic; text-align:left; }
details summary { cursor: pointer; color: var(--muted); font-size: 13px; margin: 12px 0 6px; }
.methods dl { display:grid; grid-template-columns: 190px 1fr; gap: 8px 20px; margin:0; font-size: 14px; }
.methods dt { font-weight: 600; }
.methods dd { margin: 0; color: #323f4b; }
footer { margin-top: 40px; padding-top: 12px; border-top: 1px solid var(--line); color: var(--muted); font-size: 12.5px; }
@media (max-width: 820px) {
  main { padding: 24px 16px; }
  .headline { grid-template-columns: repeat(2, 1fr); }
  .split { grid-template-columns: 1fr; }
  .methods dl { grid-template-columns: 1fr; }
}
@media print {
  @page { margin: 16mm 14mm; }
  body { font-size: 11pt; color: #000; }
  main { max-width: none; padding: 0; }
  .meta, .card.primary, tbody tr:nth-child(even), code { background: none !important; }
  .card { border-color: #999; }
  .headline { grid-template-columns: repeat(5, 1fr); gap: 6px; }
  .split { grid-template-columns: minmax(0, 1.2fr) minmax(0, 1fr); gap: 12px; }
  figure svg { max-height: 10cm; width: auto; }
  .split table td, .split table th { white-space: normal; font-size: 8.5pt; padding: 3px 4px; }
  .methods dl { grid-template-columns: 150px 1fr; }
  .card .value { font-size: 20pt; }
  .headline, figure, .card, tr, .methods dd { break-inside: avoid; }
  h2 { break-after: avoid; }
  .scroll { overflow: visible; }
  details > summary { display: none; }
}
"""


def _forecaster(data: ReportData) -> str:
    return f"Forecast ({data.forecaster})" if data.forecaster else "Forecast"
