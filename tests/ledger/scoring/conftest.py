"""Building small ledgers both ways: as DuckDB files (through storage) and as oracle records."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from ledger.model import Deadline, Forecast, Item, Resolution, Retraction
from ledger.service import Ledger
from ledger.storage import latest, records
from tests.ledger.scoring.oracle import OForecast, OItem, OLedger, OResolution
from tests.support import Clock, new_ledger

CLOCK_NOW = datetime(2026, 1, 1, 12, 0)


def insert_items(con, spec: OLedger) -> None:
    """The spec's items as item revisions (one each)."""
    records.insert_item_revisions(con, [
        Item(key=i.key, title=f"Item {i.key}", recorded_at=datetime(2020, 1, 1), created_at=datetime(2020, 1, 1),
             tags=i.tags, actors=i.actors, source_id=i.source_id, id=i.id,
             deadline=Deadline(i.deadline, i.deadline, "day") if i.deadline else None)
        for i in spec.items
    ])  # fmt: skip


def build(path, spec: OLedger) -> Ledger:
    """Write an oracle ledger into a fresh DuckDB ledger file and return the service over it."""
    ledger = new_ledger(path, "tester", clock=Clock(CLOCK_NOW.astimezone()))
    write_spec(ledger, spec)
    return ledger


def write_spec(ledger: Ledger, spec: OLedger) -> None:
    """The spec's items, forecasts and resolutions, written through storage into ``ledger``."""
    with ledger._store.writing() as con:
        insert_items(con, spec)
        records.insert_forecasts(con, [
            Forecast(f.item_id, f.analyst, f.p, f.made_at, f.recorded_at, "", f.id) for f in spec.forecasts
        ])  # fmt: skip
        for r in spec.resolutions:
            records.insert_resolution(con, Resolution(r.item_id, r.outcome, r.known_on, r.recorded_at, "tester",
                                                      **({"id": r.id} if r.id else {})))  # fmt: skip
        for x in spec.retractions:
            records.insert_retraction(con, Retraction(x.target, x.target_id, x.item_id, x.analyst, x.recorded_at))
        if spec.withdrawals:
            by_id = {f.id: f for f in spec.forecasts}
            con.executemany(
                "INSERT INTO forecast_withdrawals VALUES (?, ?, ?, ?, ?, ?, ?, 'withdrawn')",
                [(f"w-{n}", w.forecast_id, by_id[w.forecast_id].item_id, by_id[w.forecast_id].analyst,
                  by_id[w.forecast_id].made_at, w.withdrawn_at, w.recorded_at)
                 for n, w in enumerate(spec.withdrawals)],
            )  # fmt: skip
            latest.rebuild_later(con)  # a withdrawal is not seen by the derived table's row counts


@pytest.fixture
def make_ledger(tmp_path):
    counter = iter(range(10_000))

    def make(spec: OLedger) -> Ledger:
        return build(tmp_path / f"scoring-{next(counter)}.duckdb", spec)

    return make


def simple_spec(outcomes: list[int], probabilities: list[float], analyst: str = "ann") -> OLedger:
    """One forecast per item, all made 2025-01-01, known 2025-02-01."""
    spec = OLedger()
    for n, (o, p) in enumerate(zip(outcomes, probabilities, strict=True)):
        item_id = f"00000000-0000-4000-8000-{n:012d}"
        spec.items.append(OItem(item_id, f"item-{n}"))
        spec.forecasts.append(OForecast(f"f{n:06d}", item_id, analyst, p, datetime(2025, 1, 1), datetime(2025, 1, 1)))
        spec.resolutions.append(OResolution(item_id, "yes" if o else "no", date(2025, 2, 1), datetime(2025, 2, 1)))
    return spec
