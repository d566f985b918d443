"""Shared fixtures: an isolated environment, a fixed clock and small ledgers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from ledger.service import Ledger

NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime = NOW) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


@pytest.fixture(autouse=True)
def isolated_env(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads the user's config, ledger or login name."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("FLEDGER_CONFIG", str(home / "no-config.toml"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("FLEDGER_ANALYST", "alice")
    monkeypatch.delenv("FLEDGER_DB", raising=False)
    monkeypatch.delenv("FLEDGER_LOCK_TIMEOUT", raising=False)
    monkeypatch.delenv("FLEDGER_DEBUG", raising=False)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "ledger.duckdb"


@pytest.fixture
def ledger(db_path: Path, clock: Clock) -> Ledger:
    """An empty ledger (no seeds) with a fixed clock."""
    led = Ledger(db_path, "alice", clock=clock)
    led.init(empty=True)
    return led
