"""Shared fixtures: an isolated environment, the test clock, small ledgers, the CLI runner.

The helpers themselves live in ``tests/support.py``.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from ledger.service import Ledger
from tests.support import NOW, Clock, LedgerCache, Ran, new_ledger, run_cli

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
    # One DuckDB thread per query, here and in the processes tests start: the suite runs three test
    # processes on two cores, so a query's extra threads find no idle core and only wait on each
    # other (the suite used a fifth less CPU with one).  A developer's own FLEDGER_THREADS wins;
    # tests/ledger/test_engine_settings.py scores with DuckDB's own default too.
    os.environ.setdefault("FLEDGER_THREADS", "1")


# The longest tests start first, so that no test process is still running one of them
# when the others have run out of work (each test process takes the next test as it
# finishes one).  First the tests that mostly wait on other processes, whose waiting
# overlaps the rest of the suite, then the longest of the others (from --durations).
FIRST = (
    "tests/reliability/test_concurrency.py",
    "tests/reliability/test_crash_safety.py",
    "tests/ledger/scoring/test_latest_forecasts.py",
    "tests/reliability/test_exchange_property.py",
    "tests/team/test_team_scores.py",
    "tests/ledger/scoring/test_oracle_agreement.py",
    "tests/tui/test_snapshots.py::test_calibration_screen",
    "tests/tui/test_snapshots.py::test_scenarios_screen",
    "tests/tui/test_calibration.py",
    "tests/ledger/scoring/test_over_time.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        return next((n for n, prefix in enumerate(FIRST) if item.nodeid.startswith(prefix)), len(FIRST))

    items.sort(key=rank)  # stable: otherwise in collection order


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
    """An empty ledger (no seeds) with a fixed clock (a copy of one ``init`` made: ``new_ledger``)."""
    return new_ledger(db_path, "alice", clock=clock)


@pytest.fixture(scope="session")
def ledger_cache(tmp_path_factory: pytest.TempPathFactory) -> LedgerCache:
    own = tmp_path_factory.mktemp("built-ledgers")
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return LedgerCache(own)
    shared = tmp_path_factory.getbasetemp().parent / "built-ledgers"  # this run's folder, above each worker's
    shared.mkdir(exist_ok=True)
    return LedgerCache(own, shared)


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
