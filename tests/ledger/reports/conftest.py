"""The team ledger, built once per module: reports only read it (``empty_ledger`` comes from tests/ledger/conftest.py)."""

from __future__ import annotations

import pytest

from tests.ledger.reports.team_ledger import build_team_ledger


@pytest.fixture(scope="module")
def ledger(tmp_path_factory, ledger_cache):
    return ledger_cache.copy(build_team_ledger, tmp_path_factory.mktemp("ledger") / "team.duckdb")
