"""Renderers over hand-made report data: numbers carried through exactly, safe text, empty ledgers."""

from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser

import pytest

from ledger.errors import InvalidValue
from ledger.reports import csvout, html, jsonout, markdown
from ledger.reports.data import SCORED_COLUMNS, OpenItem, format_from_path
from tests.ledger.reports.sample import report_data, scored_rows

EVIL = "<script>alert(1)</script>"
LINK = "](javascript:alert(1))"


class Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(page: str) -> Collect:
    parser = Collect()
    parser.feed(page)
    parser.close()
    return parser


def evil_data():
    items = (OpenItem("x-evil", EVIL + LINK, "2025-03", None, -3, 0.5, None, 1),)
    return report_data(open_items=items, n_open=1, ledger_name=EVIL + ".duckdb")


# --- formats --------------------------------------------------------------------


@pytest.mark.parametrize(("name", "fmt"), [("a.html", "html"), ("a.HTM", "html"), ("r.md", "md"), ("x.json", "json"),
                                           ("x.csv", "csv")])  # fmt: skip
def test_format_follows_the_extension(name, fmt):
    assert format_from_path(name) == fmt


def test_an_explicit_format_wins_and_unknown_ones_are_refused():
    assert format_from_path("out.txt", "md") == "md"
    with pytest.raises(InvalidValue, match="format"):
        format_from_path("out.html", "pdf")
    with pytest.raises(InvalidValue, match=r"\.html, \.md"):
        format_from_path("out.txt")


# --- HTML -----------------------------------------------------------------------


def test_html_parses_and_contains_inline_svg_charts_and_no_scripts():
    page = html.render(report_data())
    parsed = parse(page)
    assert parsed.tags.count("svg") == 2  # reliability and Brier over time
    assert "script" not in parsed.tags
    assert not re.search(r"(src|href)\s*=\s*[\"']?(https?:|//)", page), "no network fetches"
    assert "<?xml" not in page and "<!DOCTYPE svg" not in page
    for section in ("Reliability", "Murphy decomposition", "By analyst", "Brier over time", "Open and overdue items",
                    "Methods"):  # fmt: skip
        assert f"<h2>{section}</h2>" in page


def test_html_headline_numbers_are_the_score_objects_numbers():
    data = report_data()
    page = html.render(data)
    overall = data.overall
    assert f"{overall['brier']:.3f}" in page
    assert f"{overall['log_loss']:.3f}" in page
    assert f"{overall['brier_skill']:+.3f}" in page
    assert f">{overall['n_forecasts']:,}<" in page
    assert data.fingerprint in page
    for group in data.by_group["groups"]:
        assert f"{group['brier']:.3f}" in page


def test_html_escapes_ledger_text():
    page = html.render(evil_data())
    assert EVIL not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    parsed = parse(page)
    assert "script" not in parsed.tags
    assert any(EVIL + LINK in t for t in parsed.text), "the title still reads as written"


def test_html_of_an_empty_ledger_says_so():
    empty = report_data([], by=None, open_items=(), n_open=0)
    page = html.render(empty)
    parse(page)
    assert "No scored forecasts yet" in page
    assert "<svg" not in page
    assert "Methods" in page


def test_html_is_reproducible():
    assert html.render(report_data()) == html.render(report_data())


# --- Markdown -------------------------------------------------------------------


def test_markdown_escapes_links_and_html():
    text = markdown.render(evil_data())
    assert EVIL not in text
    assert not re.search(r"(?<!\\)\]\(javascript:", text), "a link target can only follow an unescaped ]"
    assert "&lt;script&gt;alert\\(1\\)" not in text  # parentheses stay readable
    assert "&lt;script&gt;alert(1)&lt;/script&gt;\\](javascript:alert(1))" in text


def test_markdown_escape_keeps_table_cells_in_one_piece():
    assert markdown.esc("a|b\nc *d* [e]") == "a\\|b c \\*d\\* \\[e\\]"


def test_markdown_links_the_chart_files_and_carries_the_numbers():
    data = report_data()
    text = markdown.render(data, {"reliability": "r e.svg", "brier_by_month": "m.svg"})
    assert "(r%20e.svg)" in text and "(m.svg)" in text
    assert f"{data.overall['brier']:.3f}" in text
    for group in data.by_group["groups"]:
        assert f"| {group['group']['analyst']} | {group['n_forecasts']} |" in text


def test_markdown_of_an_empty_ledger_says_so():
    assert "No scored forecasts yet" in markdown.render(report_data([], by=None))


# --- JSON -----------------------------------------------------------------------


def test_json_is_the_score_object_plus_report_metadata():
    data = report_data()
    out = json.loads(jsonout.render(data))
    meta = out.pop("report")
    assert out == json.loads(json.dumps(data.by_group))
    assert meta["fingerprint"] == data.fingerprint
    assert meta["filters"]["by"] == "analyst"
    assert [m["month"] for m in meta["brier_by_month"]] == sorted(m["month"] for m in meta["brier_by_month"])


def test_json_without_by_is_the_plain_score_object():
    data = report_data(by=None)
    out = json.loads(jsonout.render(data))
    out.pop("report")
    assert out == json.loads(json.dumps(data.score))


# --- CSV ------------------------------------------------------------------------


def write_csv(rows):
    out = io.StringIO()
    csvout.write(out, SCORED_COLUMNS, rows)
    return out.getvalue()


def test_csv_lists_every_scored_row():
    rows = scored_rows(25)
    read = list(csv.DictReader(io.StringIO(write_csv(rows))))
    assert len(read) == 25
    assert list(read[0]) == ["analyst", "item_id", "item_key", "p", "o", "made_at", "known_on", "weight"]
    assert [float(r["p"]) for r in read] == [r[3] for r in rows]
    brier = sum((float(r["p"]) - int(r["o"])) ** 2 for r in read) / len(read)
    assert brier == pytest.approx(sum((r[3] - r[4]) ** 2 for r in rows) / len(rows), abs=1e-15)


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_csv_neutralises_formula_cells(start):
    row = (f"{start}cmd|' /C calc'!A0", "id", f"{start}1+1", 0.5, 1, None, None, 1.0)
    read = list(csv.reader(io.StringIO(write_csv([row]))))[1]
    assert read[0] == "'" + row[0] and read[2] == "'" + row[2]
    assert read[3] == "0.5"


def test_csv_fast_path_copies_safe_engine_text_and_rebuilds_risky_text():
    rows = scored_rows(5)
    safe = write_csv(rows)
    out = io.StringIO()
    csvout.write_fast(out, safe, SCORED_COLUMNS, rows)
    assert out.getvalue() == safe
    risky_rows = [("@ann", *rows[0][1:])]
    out = io.StringIO()
    csvout.write_fast(out, "analyst\n@ann\n", SCORED_COLUMNS, risky_rows)
    assert out.getvalue().splitlines()[1].startswith("'@ann,")


def test_time_weighted_scores_without_bins_render_without_a_reliability_chart():
    data = report_data(by=None)
    overall = {**data.overall, "bins": None, "decomposition": None}
    data = report_data(by=None, score={**data.score, "mode": "time-weighted", "groups": [overall]})
    page = html.render(data)
    assert "not binned" in page and "<h2>Murphy decomposition</h2>" not in page
    assert page.count("<svg") == 1  # only Brier over time
    assert "not binned" in markdown.render(data)
