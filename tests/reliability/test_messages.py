"""Messages that point at the right place and say what is true."""

from __future__ import annotations

import json

import pytest

from ledger.cli import main
from tests.ledger.test_track_records import FIXTURES
from tests.support import new_ledger


@pytest.fixture
def db(tmp_path, clock, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "ledger.duckdb"
    led = new_ledger(path, "alice", clock=clock)
    led.add_item("Budget vote", key="budget")
    return path


def refusal(capsys, db, *argv):
    code = main(["--db", str(db), *argv])
    _, err = capsys.readouterr()
    assert code == 2 and len(err.strip().splitlines()) == 1, err
    return err


def test_jsonl_line_numbers_count_blank_lines(db, tmp_path, capsys):
    good = {"item": "budget", "analyst": "x", "probability": 0.3, "made_at": "2025-01-01"}
    lines = [json.dumps(good), "", "   ", json.dumps({**good, "probability": 3})]
    (tmp_path / "f.jsonl").write_text("\n".join(lines) + "\n")
    assert "line 4: probability" in refusal(capsys, db, "import", "f.jsonl", "--kind", "forecasts")


@pytest.mark.parametrize("row", ["budget,x,0.4,2025-01-01,extra", "budget,x,0.4"])
def test_a_csv_row_with_the_wrong_number_of_fields_is_named(db, tmp_path, capsys, row):
    (tmp_path / "f.csv").write_text(f"item,analyst,probability,made_at\nbudget,x,0.3,2025-01-01\n{row}\n")
    err = refusal(capsys, db, "import", "f.csv", "--kind", "forecasts")
    assert "line 3" in err and "4 fields like the header" in err and "missing" not in err


def test_two_predictionbook_predictions_with_one_id_are_refused_not_merged(db, tmp_path, capsys):
    export = json.loads((FIXTURES / "predictionbook.json").read_text())
    data = export["predictions"]
    twin = {**data[1], "id": data[0]["id"]}
    (tmp_path / "pb.json").write_text(json.dumps({**export, "predictions": [*data, twin]}))
    err = refusal(capsys, db, "import", "pb.json", "--kind", "predictionbook")
    assert f"prediction {len(data) + 1} (id {data[0]['id']}): id" in err and "used by one prediction only" in err
