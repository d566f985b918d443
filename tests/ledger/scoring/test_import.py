"""Bulk import: CSV and JSONL through DuckDB's readers, all rows or none."""

from __future__ import annotations

import pytest

from ledger.errors import InvalidValue
from tests.ledger.scoring.conftest import CLOCK_NOW
from tests.support import Clock, new_ledger


@pytest.fixture
def ledger(tmp_path):
    led = new_ledger(tmp_path / "scoring-import.duckdb", "ann", clock=Clock(CLOCK_NOW.astimezone()))
    return led


def _write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_items_forecasts_resolutions_round_trip_into_a_score(ledger, tmp_path) -> None:
    items = _write(
        tmp_path, "items.csv", "key,title,deadline,tags,actor\nk1,First,2025-03-01,a; b,X\nk2,Second,2025-Q1,,\n"
    )
    fc = _write(tmp_path, "fc.csv", "item,analyst,probability,made_at\nk1,ann,0.1,2025-01-01\n"
                "k2,ann,0.9,2025-01-02T10:00:00+02:00\n")  # fmt: skip
    res = _write(tmp_path, "res.jsonl", '{"item": "k1", "outcome": 0, "known_on": "2025-03-01"}\n'
                 '{"item": "k2", "outcome": "yes", "known_on": "2025-03-01"}\n')  # fmt: skip
    assert ledger.import_file(items, "items").rows == 2
    assert ledger.import_file(fc, "forecasts").rows == 2
    assert ledger.import_file(res, "resolutions").rows == 2
    detail = ledger.item("k1")
    assert detail.item.tags == ("a", "b") and detail.item.actors == ("X",)
    assert str(ledger.item("k2").item.deadline.latest) == "2025-03-31"
    assert ledger.item("k2").forecasts[0].made_at.isoformat() == "2025-01-02T08:00:00"
    (g,) = ledger.score().groups
    assert g.brier == pytest.approx(0.01)


def test_a_bad_row_names_its_line_and_nothing_is_written(ledger, tmp_path) -> None:
    ledger.import_file(_write(tmp_path, "i.csv", "key,title,deadline\nk1,First,2025-03-01\n"), "items")
    bad = _write(tmp_path, "fc.csv", "item,analyst,probability,made_at\nk1,ann,0.3,2025-01-01\nk1,ann,1.3,2025-01-02\n")
    with pytest.raises(InvalidValue, match=r"line 3: probability: '1.3' is not valid; expected a number from 0 to 1"):
        ledger.import_file(bad, "forecasts")
    assert ledger.item("k1").forecasts == []
    unknown = _write(
        tmp_path, "u.jsonl", '{"item": "nope", "analyst": "ann", "probability": 0.2, "made_at": "2025-01-01"}\n'
    )
    with pytest.raises(InvalidValue, match=r"line 1: item: 'nope'"):
        ledger.import_file(unknown, "forecasts")


def test_duplicate_keys_missing_columns_and_bad_deadlines(ledger, tmp_path) -> None:
    dup = _write(tmp_path, "d.csv", "key,title,deadline\nk1,A,2025\nk1,B,2025\n")
    with pytest.raises(InvalidValue, match="line 3: key"):
        ledger.import_file(dup, "items")
    with pytest.raises(InvalidValue, match="missing: deadline"):
        ledger.import_file(_write(tmp_path, "m.csv", "key,title\nk1,A\n"), "items")
    with pytest.raises(InvalidValue, match="line 2: deadline"):
        ledger.import_file(_write(tmp_path, "b.csv", "key,title,deadline\nk1,A,someday\n"), "items")
    assert ledger.items("all") == []


def test_same_moment_forecasts_in_one_file_the_later_line_counts(ledger, tmp_path) -> None:
    ledger.import_file(_write(tmp_path, "i.csv", "key,title,deadline\nk1,First,2025-03-01\n"), "items")
    rows = "".join(f"k1,ann,{p},2025-01-01\n" for p in (0.2, 0.7, 0.4))
    ledger.import_file(_write(tmp_path, "f.csv", "item,analyst,probability,made_at\n" + rows), "forecasts")
    ledger.import_file(_write(tmp_path, "r.csv", "item,outcome,known_on\nk1,yes,2025-02-01\n"), "resolutions")
    times = sorted(f.recorded_at for f in ledger.item("k1").forecasts)
    assert len(set(times)) == 3  # one microsecond apart, in file order
    (g,) = ledger.score().groups
    assert g.brier == pytest.approx((0.4 - 1) ** 2)
