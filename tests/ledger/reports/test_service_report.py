"""``Ledger.report`` on a real ledger: every format carries the scoring engine's own numbers."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from html.parser import HTMLParser

import pytest

from ledger.errors import InvalidValue
from tests.ledger.reports.team_ledger import same_numbers


def _read(path) -> str:
    return path.read_text(encoding="utf-8")


def test_json_report_is_the_score_object_plus_metadata(ledger, tmp_path):
    result = ledger.report(tmp_path / "r.json", by="analyst")
    out = json.loads(_read(result.path))
    meta = out.pop("report")
    assert same_numbers(out, json.loads(json.dumps(ledger.score(by="analyst").to_json())))
    assert meta["fingerprint"] == ledger.scored_rows().fingerprint == result.fingerprint
    assert meta["n_scored_rows"] == 12


def test_json_report_follows_every_filter(ledger, tmp_path):
    from datetime import date

    options = {"mode": "all", "as_of": date(2025, 4, 30), "analyst": "bob", "tag": "energy", "bins": 5}
    result = ledger.report(tmp_path / "r.json", **options)
    out = json.loads(_read(result.path))
    out.pop("report")
    assert same_numbers(out, json.loads(json.dumps(ledger.score(**options).to_json())))


def test_html_report_shows_the_engines_numbers(ledger, tmp_path):
    result = ledger.report(tmp_path / "r.html", by="analyst")
    page = _read(result.path)
    HTMLParser().feed(page)
    overall = ledger.score().to_json()["groups"][0]
    assert f"{overall['brier']:.3f}" in page and f"{overall['log_loss']:.3f}" in page
    for group in ledger.score(by="analyst").to_json()["groups"]:
        assert f"<td class='name'>{group['group']['analyst']}</td>" in page
        assert f"{group['brier']:.3f}" in page
    for month in ledger.score(by="month").to_json()["groups"]:
        assert f"<td class='name'>{month['group']['month']}</td><td>{month['n_forecasts']:,}</td>" in page
    assert page.count("<svg") == 2
    assert result.fingerprint in page


def test_ledger_text_is_escaped_in_html_and_markdown(ledger, tmp_path):
    page = _read(ledger.report(tmp_path / "r.html").path)
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Mine reopens](javascript:alert(1))" in page
    text = _read(ledger.report(tmp_path / "r.md").path)
    assert "<script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Mine reopens\\](javascript:alert(1))" in text


def test_open_and_overdue_items_are_listed_with_days_overdue(ledger, tmp_path):
    page = _read(ledger.report(tmp_path / "r.md").path)
    assert "| rail\\-link |" in page or "| rail-link |" in page
    assert "14 d overdue" in page  # deadline 2025-06-01, today 2025-06-15
    assert "mine\\-reopens" in page or "mine-reopens" in page


def test_csv_rows_recompute_the_score_and_hash_to_the_fingerprint(ledger, tmp_path):
    result = ledger.report(tmp_path / "rows.csv", team=True)
    data = result.path.read_bytes()
    assert hashlib.sha256(data).hexdigest() == result.fingerprint
    rows = list(csv.DictReader(io.StringIO(data.decode())))
    brier = sum((float(r["p"]) - float(r["o"])) ** 2 for r in rows) / len(rows)
    assert brier == pytest.approx(ledger.score().to_json()["groups"][0]["brier"], abs=1e-12)
    assert {"analyst", "item_key", "p", "o", "made_at", "known_on"} <= set(rows[0])


def test_markdown_writes_its_charts_beside_it(ledger, tmp_path):
    result = ledger.report(tmp_path / "cal.md")
    names = sorted(p.name for p in result.files)
    assert names == ["cal-brier-by-month.svg", "cal-reliability.svg", "cal.md"]
    text = _read(result.path)
    assert "](cal-reliability.svg)" in text and "](cal-brier-by-month.svg)" in text


def test_bundle_holds_everything_to_reproduce_the_numbers(ledger, tmp_path):
    result = ledger.report(bundle=tmp_path / "audit", mode="all", team=True)
    folder = tmp_path / "audit"
    assert sorted(p.name for p in folder.iterdir()) == [
        "manifest.json", "query.sql", "report.html", "report.json", "scored_rows.csv"]  # fmt: skip
    manifest = json.loads(_read(folder / "manifest.json"))
    assert manifest["fingerprint"] == result.fingerprint
    assert manifest["filters"]["mode"] == "all"
    assert {"fledger", "duckdb", "python", "matplotlib"} <= set(manifest["versions"])
    assert result.fingerprint == ledger.scored_rows(mode="all").fingerprint
    assert hashlib.sha256((folder / "scored_rows.csv").read_bytes()).hexdigest() == result.fingerprint
    for name, entry in manifest["files"].items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == entry["sha256"]
    assert ledger.scored_csv(mode="all").sql.strip() in _read(folder / "query.sql")


def test_an_empty_ledger_gives_a_report_that_says_so(empty_ledger, tmp_path):
    for name in ("e.html", "e.md", "e.json", "e.csv"):
        result = empty_ledger.report(tmp_path / name)
        assert result.empty and result.n_forecasts == 0
    assert "No scored forecasts yet" in _read(tmp_path / "e.html")
    assert "No scored forecasts yet" in _read(tmp_path / "e.md")
    assert json.loads(_read(tmp_path / "e.json"))["groups"][0]["n_forecasts"] == 0
    assert _read(tmp_path / "e.csv").count("\n") == 1  # the header only


def test_a_missing_folder_is_refused_before_anything_is_written(ledger, tmp_path):
    with pytest.raises(InvalidValue, match="output"):
        ledger.report(tmp_path / "nowhere" / "r.html")
    with pytest.raises(InvalidValue, match="bundle"):
        ledger.report(bundle=tmp_path / "nowhere" / "b")
    assert not (tmp_path / "nowhere").exists()


def test_an_existing_report_is_replaced_without_leftovers(ledger, tmp_path):
    target = tmp_path / "r.html"
    target.write_text("old")
    ledger.report(target)
    assert target.read_text().startswith("<!DOCTYPE html>")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".r.html")) == []


def test_bad_options_are_user_errors(ledger, tmp_path):
    with pytest.raises(InvalidValue, match=r"\.html, \.md, \.json or \.csv"):
        ledger.report(tmp_path / "r.pdf")
    with pytest.raises(InvalidValue, match="either --team or --analyst"):
        ledger.report(tmp_path / "r.html", team=True, analyst="bob")
    with pytest.raises(InvalidValue, match="title"):
        ledger.report(tmp_path / "r.html", title="  ")
    with pytest.raises(InvalidValue, match="mode"):
        ledger.report(tmp_path / "r.html", mode="best")
    assert not (tmp_path / "r.html").exists()


def test_same_numbers_tells_different_numbers_apart():
    assert same_numbers({"a": [0.1, 2, None]}, {"a": [0.1 + 1e-17, 2, None]})
    assert not same_numbers({"a": [0.1]}, {"a": [0.1001]})
    assert not same_numbers({"a": 1}, {"a": 1, "b": 2})


def test_by_default_the_report_is_about_me_and_says_so(ledger, tmp_path):
    """'How am I doing': the current analyst's forecasts, named in the title; --team pools everyone."""
    mine = json.loads(_read(ledger.report(tmp_path / "me.json").path))
    assert mine["report"]["scope"] == f"{ledger.analyst} (you)" and mine["report"]["title"].endswith("(you)")
    mine.pop("report")
    assert same_numbers(mine, json.loads(json.dumps(ledger.score(analyst=ledger.analyst).to_json())))
    team = json.loads(_read(ledger.report(tmp_path / "team.json", team=True).path))
    assert team["report"]["scope"].startswith("the team")
    team.pop("report")
    assert same_numbers(team, json.loads(json.dumps(ledger.score().to_json())))
    page = _read(ledger.report(tmp_path / "r.html", title="Desk review, Q2").path)
    assert "<h1>Desk review, Q2</h1>" in page and f"{ledger.analyst} (you)" in page
    assert "<h1>Calibration of the team (every analyst pooled)</h1>" in _read(
        ledger.report(tmp_path / "t.html", by="analyst").path
    )


def test_charts_carry_their_data_as_text(ledger, tmp_path):
    page = _read(ledger.report(tmp_path / "r.html", team=True).path)
    overall = ledger.score().to_json()["groups"][0]
    n = overall["n_forecasts"]
    assert f'aria-label="Reliability diagram of {n} scored forecasts in ' in page
    first = next(b for b in overall["bins"] if b["n"])
    assert f"forecasts {first['lo'] * 100:.0f}–{first['hi'] * 100:.0f}%" in page
    assert 'aria-label="Brier score by month the outcome became known' in page
    md = _read(ledger.report(tmp_path / "r.md", team=True).path)
    assert f"![Reliability diagram of {n} scored forecasts in " in md


def test_counts_of_one_are_singular():
    from ledger.reports.text import plural

    assert plural(1, "scored forecast") == "1 scored forecast" and plural(2, "bin") == "2 bins"
    assert plural(1200, "forecast") == "1,200 forecasts"


def test_calibration_over_time_per_quarter(ledger, tmp_path):
    page = _read(ledger.report(tmp_path / "r.html", team=True).path)
    assert "<h2>Calibration over time</h2>" in page
    for g in ledger.score(by="quarter").to_json()["groups"]:
        if g["n_forecasts"]:
            assert f"<td class='name'>{g['group']['quarter']}</td><td>{g['n_forecasts']:,}</td>" in page
    assert "## Calibration over time" in _read(ledger.report(tmp_path / "r.md", team=True).path)
