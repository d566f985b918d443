"""``fledger report`` as a user runs it."""

from __future__ import annotations

import csv
import json
import subprocess
import sys

import pytest

from ledger.cli import main
from tests.ledger.reports.team_ledger import build_team_ledger, make_ledger, same_numbers


@pytest.fixture(scope="module")
def db(tmp_path_factory, ledger_cache):
    return str(ledger_cache.copy(build_team_ledger, tmp_path_factory.mktemp("cli") / "team.duckdb").path)


def test_report_writes_html_and_says_where(db, tmp_path, capsys):
    out = tmp_path / "cal.html"
    assert main(["--db", db, "report", "-o", str(out), "--by", "analyst"]) == 0
    said = capsys.readouterr().out
    assert f"wrote {out} (html, 12 scored forecasts, fingerprint" in said
    assert out.read_text().startswith("<!DOCTYPE html>")


def test_report_numbers_equal_score_json(db, tmp_path, capsys):
    args = ["--mode", "all", "--by", "analyst", "--as-of", "2025-04-30"]
    assert main(["--db", db, "score", "--json", *args]) == 0
    score = json.loads(capsys.readouterr().out)
    assert main(["--db", db, "report", "-o", str(tmp_path / "r.json"), *args]) == 0
    report = json.loads((tmp_path / "r.json").read_text())
    report.pop("report")
    assert same_numbers(report, score)


def test_format_option_overrides_the_extension(db, tmp_path):
    out = tmp_path / "notes.txt"
    assert main(["--db", db, "report", "-o", str(out), "--format", "md"]) == 0
    assert out.read_text().startswith("# Calibration of ")


def test_bundle_only(db, tmp_path, capsys):
    assert main(["--db", db, "report", "--bundle", str(tmp_path / "b")]) == 0
    assert "wrote bundle" in capsys.readouterr().out
    assert (tmp_path / "b" / "manifest.json").is_file()


def test_missing_folder_is_one_line_and_exit_2(db, tmp_path, capsys):
    assert main(["--db", db, "report", "-o", str(tmp_path / "no" / "r.html")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "output" in err and "does not exist" in err


@pytest.mark.parametrize(
    "args", [[], ["-o", "r.pdf"], ["-o", "r.html", "--mode", "best"], ["-o", "r.html", "--by", "x"]]
)
def test_user_mistakes_exit_2(db, tmp_path, capsys, args, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["--db", db, "report", *args]) == 2
    assert "Traceback" not in capsys.readouterr().err
    assert not (tmp_path / "r.html").exists()


def test_csv_neutralises_an_analyst_name_that_looks_like_a_formula(tmp_path):
    from datetime import date, datetime

    path = tmp_path / "f.duckdb"
    owner = make_ledger(path, "ann")
    owner.init(empty=True)
    owner.add_item("Vote passes", key="vote", deadline="2025-05", as_of=date(2025, 1, 15))
    evil = make_ledger(path, '=HYPERLINK("http://x","y")')
    evil.forecast("vote", 0.7, made_at=datetime(2025, 2, 1))
    owner.resolve("vote", "yes", known_on=date(2025, 3, 1))
    assert main(["--db", str(path), "report", "-o", str(tmp_path / "r.csv"), "--team"]) == 0
    rows = list(csv.DictReader((tmp_path / "r.csv").open()))
    assert rows[0]["analyst"] == '\'=HYPERLINK("http://x","y")'


def test_the_cli_does_not_load_the_chart_library():
    code = "import sys, ledger.cli; sys.exit('matplotlib' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
