"""Fixtures for the service tests that write histories in order."""

from datetime import UTC, datetime, timedelta

import pytest

from ledger.service import Ledger
from tests.support import Clock, new_ledger


@pytest.fixture
def ticking_clock() -> Clock:
    """Moves one second per reading (the first reads 12:00:00), so records written in order sort in order."""
    return Clock(datetime(2025, 6, 1, 11, 59, 59, tzinfo=UTC), step=timedelta(seconds=1))


@pytest.fixture
def empty_ledger(tmp_path, ticking_clock) -> Ledger:
    return new_ledger(tmp_path / "ledger.duckdb", "ana", clock=ticking_clock)


@pytest.fixture
def seeded_ledger(tmp_path, ticking_clock) -> Ledger:
    return new_ledger(tmp_path / "ledger.duckdb", "ana", clock=ticking_clock, empty=False)
