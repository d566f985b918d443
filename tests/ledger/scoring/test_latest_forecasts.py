"""The derived ``latest_forecasts`` table: kept equal to its definition over the history, and used only when it is.

Scores read it instead of grouping every forecast; these tests hold it to the
same query run from scratch, after writes spread over many transactions, and
check that scores are identical whichever way they are computed.
"""

from __future__ import annotations

import math
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledger.ids import new_id
from ledger.model import Forecast, Resolution, Retraction
from ledger.service import Ledger, ScoreQuery
from ledger.storage import latest, records
from tests.ledger.scoring.conftest import CLOCK_NOW, build, insert_items
from tests.ledger.scoring.test_oracle_agreement import GROUPINGS, assert_agrees, ledgers
from tests.support import Clock, new_ledger, raw_duckdb

ORDER = "ORDER BY item_id, analyst"


def _stored(con) -> list[tuple]:
    return con.execute(f"SELECT * FROM latest_forecasts {ORDER}").fetchall()


def _from_scratch(con) -> list[tuple]:
    return con.execute(f"SELECT * FROM ({latest.LATEST_SQL}) {ORDER}", {"as_of": records.FAR_FUTURE}).fetchall()


def _numbers(con) -> dict[str, int]:
    return dict(con.execute("SELECT item_id, item_no FROM latest_item_numbers").fetchall())


def _write_in_steps(
    path: Path, spec, steps: int, corrections: list[tuple[str, str, date]], seen: list[dict[str, int]]
) -> Ledger:
    """The spec's records written over ``steps`` transactions, resolutions mixed in, then the corrections.

    ``seen`` gets the item numbers after each step."""
    ledger = new_ledger(path, "tester", clock=Clock(CLOCK_NOW.astimezone()))
    with ledger._store.writing() as con:
        insert_items(con, spec)
    forecasts = [Forecast(f.item_id, f.analyst, f.p, f.made_at, f.recorded_at, "", f.id) for f in spec.forecasts]
    resolutions = [Resolution(r.item_id, r.outcome, r.known_on, r.recorded_at, "tester", id=r.id or new_id())
                   for r in spec.resolutions]  # fmt: skip
    retractions = [Retraction(x.target, x.target_id, x.item_id, x.analyst, x.recorded_at) for x in spec.retractions]
    for step in range(steps):
        with ledger._store.writing() as con:
            if step:  # what the step before committed, read before this one writes (one connection per step)
                seen.append(_numbers(con))
            records.insert_forecasts(con, forecasts[step::steps])
            for r in resolutions[step::steps]:
                records.insert_resolution(con, r)
            # a retraction may land before the record it names: the table must still agree
            for x in retractions[step::steps]:
                records.insert_retraction(con, x)
    with ledger._store.reading() as con:
        seen.append(_numbers(con))
    for item_id, outcome, known_on in corrections:
        with ledger._store.writing() as con:
            records.insert_resolution(con, Resolution(item_id, outcome, known_on, datetime(2025, 12, 1), "tester"))
    return ledger


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spec=ledgers(), steps=st.integers(1, 5), data=st.data())
def test_table_kept_equal_to_its_definition_through_many_writes(spec, steps, data) -> None:
    corrections = [
        (i.id, data.draw(st.sampled_from(["yes", "no", "annulled"])), date(2025, 1, 1) + timedelta(days=data.draw(st.integers(1, 130))))
        for i in spec.items if data.draw(st.booleans())
    ]  # fmt: skip
    seen: list[dict[str, int]] = []
    with tempfile.TemporaryDirectory() as folder:
        ledger = _write_in_steps(Path(folder) / "steps.duckdb", spec, steps, corrections, seen)
        with ledger._store.reading() as con:
            assert _stored(con) == _from_scratch(con)
            assert latest.usable(con, records.FAR_FUTURE)
            numbers = _numbers(con)
    # one number per forecast item, none shared, and none ever changed
    assert set(numbers) == {f.item_id for f in spec.forecasts}
    assert len(set(numbers.values())) == len(numbers)
    for earlier in seen:
        assert earlier.items() <= numbers.items()


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spec=ledgers(), bins=st.sampled_from([1, 10]))
def test_scores_identical_from_the_table_and_from_history(spec, bins) -> None:
    with tempfile.TemporaryDirectory() as folder:
        ledger = build(Path(folder) / "paths.duckdb", spec)
        queries = [ScoreQuery(mode, by, bins, crowd="median") for mode in ("last", "all", "time-weighted")
                   for by in GROUPINGS]  # fmt: skip
        stored_reports = ledger.score_many(queries)
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(latest, "usable", lambda con, as_of: False)
            full_reports = ledger.score_many(queries)
        for query, stored, full in zip(queries, stored_reports, full_reports, strict=True):
            assert "latest_forecasts" in stored.sql and "latest_forecasts" not in full.sql
            assert _same(stored.to_json(), full.to_json()), (query.mode, query.by)


def _same(a, b) -> bool:
    """Equal, floats to 1e-12 (DuckDB adds in parallel, so the last bit of a sum may differ run to run)."""
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return a == b


def test_rows_written_behind_its_back_make_scoring_fall_back(tmp_path) -> None:
    """A forecast INSERTed by another tool: the table is stale, so the scores come from the history."""
    spec = _one_item_spec()
    ledger = build(tmp_path / "behind.duckdb", spec)
    con = raw_duckdb(ledger._store.path, write=True)
    con.execute(
        "INSERT INTO forecasts VALUES ('f-other', ?, 'zed', 0.9, TIMESTAMP '2025-01-10', TIMESTAMP '2025-01-10', '')",
        [spec.items[0].id],
    )
    con.close()
    report = ledger.score(by="analyst")
    assert "latest_forecasts" not in report.sql
    assert {g.group["analyst"] for g in report.groups} == {"ann", "zed"}
    ann = Ledger(ledger._store.path, "ann", clock=Clock(CLOCK_NOW.astimezone()))
    ann.forecast(spec.items[0].key, 0.5, made_at=datetime(2025, 1, 20))  # any write catches up
    with ledger._store.reading() as con:
        assert _stored(con) == _from_scratch(con)
    assert "latest_forecasts" in ledger.score(by="analyst").sql


def test_an_earlier_as_of_uses_history(tmp_path) -> None:
    spec = _one_item_spec()
    ledger = build(tmp_path / "asof.duckdb", spec)
    assert "latest_forecasts" in ledger.score(as_of=date(2026, 1, 1)).sql
    early = ledger.score(as_of=date(2025, 1, 5))  # before the resolution was recorded
    assert "latest_forecasts" not in early.sql
    assert_agrees(ledger, spec, as_of=date(2025, 1, 5))


def test_not_exported_and_rebuilt_on_import(tmp_path) -> None:
    spec = _one_item_spec()
    ledger = build(tmp_path / "a.duckdb", spec)
    path = tmp_path / "a.jsonl"
    ledger.export_jsonl(path)
    assert "latest_forecasts" not in path.read_text()
    other = Ledger(tmp_path / "b.duckdb", "tester")
    other.init(empty=True)
    other.import_jsonl(path)
    assert other.fingerprint() == ledger.fingerprint()
    with other._store.reading() as con:
        assert _stored(con) == _from_scratch(con) != []


def _one_item_spec():
    from tests.ledger.scoring.oracle import OForecast, OItem, OLedger, OResolution

    item_id = "00000000-0000-4000-8000-000000000001"
    spec = OLedger(items=[OItem(item_id, "item-1", ("x",))])
    spec.forecasts += [
        OForecast("f1", item_id, "ann", 0.2, datetime(2025, 1, 1), datetime(2025, 1, 1)),
        OForecast("f2", item_id, "ann", 0.7, datetime(2025, 1, 3), datetime(2025, 1, 3)),
        OForecast("f3", item_id, "ann", 0.1, datetime(2025, 2, 3), datetime(2025, 2, 3)),  # late
    ]
    spec.resolutions.append(OResolution(item_id, "yes", date(2025, 2, 1), datetime(2025, 2, 1)))
    return spec
