"""Shared fixtures: an isolated environment, the test clock, small ledgers, the CLI runner.

The helpers themselves live in ``tests/support.py``.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from ledger.service import Ledger
from tests.support import NOW, Clock, LedgerCache, Ran, run_cli

__all__ = ["NOW", "Clock", "Ran", "run_cli"]

MEMORY_FOLDER = Path("/dev/shm")


def pytest_configure(config: pytest.Config) -> None:
    """Temporary files in memory where the machine offers it.

    DuckDB syncs every commit to disk and the suite writes thousands of small ledgers;
    on a busy disk the syncs, not the work, set the pace.  The variable is inherited by
    the processes tests start, so they find the same turn locks (``storage.turns``).
    """
    if "TMPDIR" not in os.environ and MEMORY_FOLDER.is_dir() and os.access(MEMORY_FOLDER, os.W_OK):
        os.environ["TMPDIR"] = str(MEMORY_FOLDER)
        tempfile.tempdir = None  # forget the folder chosen before


# Tests that mostly wait on other processes: run first, so that with two test processes
# their waiting overlaps the rest of the suite instead of ending it.
WAITING_FIRST = ("tests/reliability/test_concurrency.py", "tests/reliability/test_crash_safety.py")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.sort(key=lambda item: not item.nodeid.startswith(WAITING_FIRST))  # stable: otherwise in order


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


@pytest.fixture(scope="session")
def ledger_cache(tmp_path_factory: pytest.TempPathFactory) -> LedgerCache:
    return LedgerCache(tmp_path_factory.mktemp("built-ledgers"))


@pytest.fixture
def built(ledger_cache: LedgerCache, tmp_path: Path):
    """``built(builder, name)``: a copy, in this test's folder, of the ledger ``builder`` makes (made once per run)."""

    def copy(builder, name: str = "ledger.duckdb") -> Ledger:
        return ledger_cache.copy(builder, tmp_path / name)

    return copy


@pytest.fixture
def cli():
    """``cli(*args, stdin=None)`` runs fledger in this process and returns ``Ran(code, out, err)``."""
    return run_cli
