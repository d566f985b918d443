"""Team ledger fixtures: one PostgreSQL server per test run, a fresh database per test."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from ledger.service import Ledger
from tests.support import in_ci
from tests.team.pg import new_database, server_execute, start_embedded


@pytest.fixture(scope="session")
def pg_admin(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A superuser URI of the test server."""
    given = os.environ.get("FLEDGER_TEST_PG")
    if given:
        yield given
        return
    run_root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        run_root = run_root.parent  # one server for all workers of the run
    # Not under pytest's own folder: that is private to us, and the server runs as its own user.
    digest = hashlib.sha256(str(run_root).encode()).hexdigest()[:12]
    server = start_embedded(Path(tempfile.gettempdir()) / f"fledger-test-pg-{digest}")
    uri = server.get_uri()
    # A throwaway server: durability only slows it down (and its shutdown checkpoint).
    for setting in ("fsync = off", "synchronous_commit = off", "full_page_writes = off"):
        server_execute(uri, f"ALTER SYSTEM SET {setting}")
    server_execute(uri, "SELECT pg_reload_conf()")
    try:
        yield uri
    finally:
        server.cleanup()


@pytest.fixture
def team_db(pg_admin: str) -> str:
    """The URI (as the superuser, the team's administrator) of a fresh, empty database."""
    return new_database(pg_admin)


@pytest.fixture
def team(team_db: str, clock) -> Ledger:  # type: ignore[no-untyped-def]
    """An empty team ledger, as its administrator, with a fixed clock."""
    led = Ledger(team_db, clock=clock)
    led.team_init(empty=True)
    return led


def missing_team_support() -> str | None:
    """Why this environment cannot run team ledgers, or None when it can."""
    import duckdb

    from ledger.storage.team.extension import TEAM_DUCKDB

    if duckdb.__version__ == TEAM_DUCKDB:
        return None
    return f"no postgres extension for DuckDB {duckdb.__version__} (team ledgers pin {TEAM_DUCKDB})"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip the team tests only on a DuckDB for which no postgres extension exists (make test-duckdb-X).

    On the DuckDB the team install pins they always run: a missing extension or
    server package there is an error, not a skip.  Under CI (``CI=true``) nothing is
    skipped: a CI with the wrong DuckDB fails each team test (``team_support_in_ci``).
    """
    reason = missing_team_support()
    if reason is None or in_ci():
        return
    skip = pytest.mark.skip(reason=reason)
    for item in items:
        if "tests/team/" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(scope="session", autouse=True)
def team_support_in_ci() -> None:
    """Under CI the team tests fail, before any server starts, where elsewhere they would be skipped."""
    reason = missing_team_support()
    if reason is not None and in_ci():
        pytest.fail(f"{reason}; CI runs every team test: install '.[dev]'")
