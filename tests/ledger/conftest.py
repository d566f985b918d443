"""Fixtures for the service tests that write histories in order."""

import itertools
from datetime import UTC, datetime, timedelta

import pytest

from ledger.service import Ledger


class TickingClock:
    """A fixed start that moves one second per reading, so records written in order sort in order."""

    def __init__(self, start: datetime) -> None:
        self._ticks = itertools.count()
        self.start = start

    def __call__(self) -> datetime:
        return self.start + timedelta(seconds=next(self._ticks))


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
