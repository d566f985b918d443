"""``score_many``: several score questions answered from one read, each equal to its own ``score`` call."""

from __future__ import annotations

from datetime import date

import pytest

from ledger.errors import InvalidValue
from ledger.service import ScoreQuery
from tests.ledger.scoring.conftest import simple_spec
from tests.ledger.scoring.test_latest_forecasts import _same

QUERIES = [
    ScoreQuery(),
    ScoreQuery(mode="all", by="analyst", crowd="median"),
    ScoreQuery(mode="time-weighted", by="month", bins=3),
    ScoreQuery(by="tag", as_of=date(2025, 1, 15)),
]


def test_each_answer_equals_its_own_score_call(make_ledger) -> None:
    ledger = make_ledger(simple_spec([1, 0, 1, 0, 1], [0.8, 0.3, 0.55, 0.1, 0.9]))
    together = ledger.score_many(QUERIES)
    assert len(together) == len(QUERIES)
    for query, report in zip(QUERIES, together, strict=True):
        alone = ledger.score(mode=query.mode, by=query.by, bins=query.bins, as_of=query.as_of, crowd=query.crowd)
        assert _same(report.to_json(), alone.to_json())  # to 1e-12: DuckDB's parallel sums may differ in the last bit
        assert report.sql == alone.sql


def _rounded(value):
    if isinstance(value, float):
        return round(value, 12)
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_rounded(v) for v in value]
    return value


def test_a_bad_query_is_refused_before_anything_is_read(make_ledger, monkeypatch) -> None:
    ledger = make_ledger(simple_spec([1], [0.8]))
    monkeypatch.setattr(type(ledger), "_reading", lambda self: pytest.fail("the ledger was opened"))
    with pytest.raises(InvalidValue, match="mode"):
        ledger.score_many([ScoreQuery(), ScoreQuery(mode="sometimes")])


def test_whether_the_stored_table_answers_is_asked_once_per_as_of_day(make_ledger, monkeypatch) -> None:
    from ledger.storage import latest

    ledger = make_ledger(simple_spec([1, 0, 1], [0.8, 0.3, 0.55]))
    asked = []
    real = latest.usable
    monkeypatch.setattr(latest, "usable", lambda con, as_of: asked.append(as_of) or real(con, as_of))
    ledger.score_many(QUERIES)  # three queries as of now, one as of 2025-01-15
    assert len(asked) == 2 and len(set(asked)) == 2
