"""Ledgers with a bit of everything, for tests that export, import, copy or break them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from ledger.service import Ledger
from tests.support import Clock


def varied_ledger(path: Path, start: datetime = datetime(2025, 3, 1, 8, tzinfo=UTC)) -> Ledger:
    """Sources, items with revisions, two analysts' forecasts, a corrected resolution, a status event, a scenario set."""
    clock = Clock(start, step=timedelta(minutes=7))  # every record has its own time
    ana = Ledger(path, analyst="ana", clock=clock)
    ana.init(empty=True)
    src = ana.add_source(
        "Port expansion announced", publisher="Harbour News", url="https://example.org/port",
        published_on=date(2025, 2, 27), text="Works finish by the end of 2025, the authority said.",
    )  # fmt: skip
    ana.add_item("Port expansion finished", key="port-done", deadline="end of 2025", source=src.id,
                 actors=["Port Authority"], tags=["ports", "capex"], kind="commitment")  # fmt: skip
    ana.add_item("Inflation below 3% in June", key="cpi-june", deadline="2025-06-30", tags=["macro"])
    ana.add_item("Someday question", key="someday")
    ana.edit_item("port-done", title="Port expansion completed", criteria="Authority declares completion.")
    for p in ("0.4", "0.45", "52%"):
        ana.forecast("port-done", p, note='quote: "on track"\nsecond line')
    ana.forecast("cpi-june", "0.3")
    bo = Ledger(path, analyst="bo", clock=clock)
    bo.forecast("cpi-june", "0.123456789012")
    bo.forecast("someday", "1", certain=True)
    ana.resolve("cpi-june", "yes", known_on=date(2025, 3, 1), evidence="statistics office")
    ana.resolve("cpi-june", "no", known_on=date(2025, 3, 1), evidence="revised figure", correct=True)
    ana.set_status("port-done", "stalled", on=date(2025, 3, 1), evidence="dredging halted")
    ana.add_scenario("Who wins the tender?", ["a=Alpha", "b=Beta", "c=Neither"], key="tender", closes="2025-12")
    ana.forecast_scenario("tender", ["0.5", "0.3", "0.2"])
    bo.forecast_scenario("tender", ["a=0.2", "b=0.7", "c=0.1"])
    return ana
