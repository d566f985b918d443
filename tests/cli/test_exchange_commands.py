"""fledger export / import / due from the command line."""

from __future__ import annotations

import json
import shutil
from datetime import date, timedelta

import pytest
from icalendar import Calendar

from ledger.cli import main
from ledger.service import Ledger
from tests.ledger_builders import varied_ledger


@pytest.fixture(scope="module")
def template(tmp_path_factory, ledger_cache):
    return ledger_cache.copy(varied_ledger, tmp_path_factory.mktemp("template") / "varied.duckdb").path


@pytest.fixture
def db(template, tmp_path, monkeypatch):
    monkeypatch.setenv("FLEDGER_ANALYST", "ana")
    path = tmp_path / "ledger.duckdb"
    shutil.copyfile(template, path)
    return str(path)


def test_export_then_import_round_trips(db, tmp_path, capsys):
    out = tmp_path / "all.jsonl"
    assert main(["--db", db, "export", str(out)]) == 0
    assert "exported 24 records" in capsys.readouterr().out
    copy = str(tmp_path / "copy.duckdb")
    assert main(["--db", copy, "import", str(out)]) == 0
    captured = capsys.readouterr()
    assert "imported 24 new records" in captured.out and "new empty ledger" in captured.err
    assert main(["--db", copy, "import", str(out)]) == 0
    assert "imported 0 new records" in capsys.readouterr().out
    assert Ledger(copy).fingerprint() == Ledger(db).fingerprint()


def test_export_needs_a_target(db, capsys):
    assert main(["--db", db, "export"]) == 2
    assert "FILE.jsonl" in capsys.readouterr().err


def test_import_of_something_else_is_refused(db, tmp_path, capsys):
    junk = tmp_path / "junk.jsonl"
    junk.write_text('{"hello": 1}\n')
    before = Ledger(db).fingerprint()
    assert main(["--db", db, "import", str(junk)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "fledger header" in err
    assert Ledger(db).fingerprint() == before


def _events(path):
    cal = Calendar.from_ical(path.read_bytes())
    return {str(e["uid"]): e for e in cal.walk("VEVENT")}


def test_ics_has_one_all_day_event_per_open_deadline_with_stable_uids(db, tmp_path, capsys):
    ics = tmp_path / "deadlines.ics"
    assert main(["--db", db, "export", "--ics", str(ics)]) == 0
    first = _events(ics)
    ledger = Ledger(db)
    open_items = {i.id: i for i in ledger.items("open") if i.deadline}
    assert set(first) == {f"{item_id}@fledger" for item_id in open_items}
    port = next(e for e in first.values() if "[port-done]" in str(e["summary"]))
    assert port.decoded("dtstart") == date(2025, 12, 31)
    assert port.decoded("dtend") - port.decoded("dtstart") == timedelta(days=1)
    assert "fledger show port-done" in str(port["description"])
    assert str(port["url"]) == "https://example.org/port"
    # a change and a re-export: same events, updated, none duplicated
    ledger.edit_item("port-done", deadline="2026-03-31")
    assert main(["--db", db, "export", "--ics", str(ics)]) == 0
    second = _events(ics)
    assert set(second) == set(first)
    assert next(e for e in second.values() if "[port-done]" in str(e["summary"])).decoded("dtstart") == date(
        2026, 3, 31
    )
    assert not list(tmp_path.glob(".*.tmp")), "no staging file left behind"


def test_due_lists_what_needs_resolving_or_reforecasting(db, capsys, tmp_path):
    ledger = Ledger(db, analyst="ana")
    ledger.add_item("Soon", key="soon", deadline=(ledger.today() + timedelta(days=3)).isoformat())
    ledger.add_item("Later", key="later", deadline=(ledger.today() + timedelta(days=60)).isoformat())
    ledger.forecast("later", "0.5")
    assert main(["--db", db, "due", "--json"]) == 0
    rows = {r["key"]: r["reasons"] for r in json.loads(capsys.readouterr().out)}
    # port-done: deadline end of 2025 passed; ana's forecasts are from March 2025
    assert rows["port-done"] == ["resolve", "re-forecast"]
    assert rows["soon"] == ["deadline"]  # never forecast by ana: nothing to re-forecast
    assert "someday" not in rows  # no deadline, no forecast of ana's
    assert "later" not in rows and "cpi-june" not in rows  # fresh forecast; resolved
    # --within means what it says: only the deadlines from today to the span, nothing overdue or stale
    assert main(["--db", db, "due", "--within", "9w", "--json"]) == 0
    within = {r["key"]: r["reasons"] for r in json.loads(capsys.readouterr().out)}
    assert within == {"soon": ["deadline"], "later": ["deadline"]}
    assert main(["--db", db, "due", "--within", "1d", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["--db", db, "due", "--overdue", "--json"]) == 0
    assert {r["key"]: r["reasons"] for r in json.loads(capsys.readouterr().out)} == {"port-done": ["resolve"]}
    assert main(["--db", db, "due"]) == 0
    out = capsys.readouterr().out
    assert "port-done" in out and "2025-12-31" in out  # the deadline's label, as in 'list'


def test_due_prints_nothing_when_nothing_is_due(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("FLEDGER_ANALYST", "ana")
    db = str(tmp_path / "quiet.duckdb")
    assert main(["--db", db, "init", "--empty"]) == 0
    capsys.readouterr()
    assert main(["--db", db, "due"]) == 0
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize("span", ["soon", "-1d", "7x", "99999d", ""])
def test_due_rejects_a_bad_span(db, capsys, span):
    assert main(["--db", db, "due", "--within", span]) == 2
    assert "within:" in capsys.readouterr().err
