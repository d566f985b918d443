"""Fixtures for the service tests that write histories in order."""

from datetime import UTC, datetime, timedelta

import pytest

from ledger.service import Ledger
from tests.support import Clock


class TickingClock(Clock):
    """A fixed start that moves one second per reading, so records written in order sort in order."""

    def __init__(self, start: datetime) -> None:
        super().__init__(start - timedelta(seconds=1), step=timedelta(seconds=1))
        self.start = start


@pytest.fixture
def ticking_clock() -> TickingClock:
    return TickingClock(datetime(2025, 6, 1, 12, 0, tzinfo=UTC))


@pytest.fixture
def empty_ledger(tmp_path, ticking_clock) -> Ledger:
    ledger = Ledger(tmp_path / "ledger.duckdb", "ana", clock=ticking_clock)
    ledger.init(empty=True)
    return ledger


@pytest.fixture
def seeded_ledger(tmp_path, ticking_clock) -> Ledger:
    ledger = Ledger(tmp_path / "ledger.duckdb", "ana", clock=ticking_clock)
    ledger.init()
    return ledger
