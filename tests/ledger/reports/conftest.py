"""Fixtures: the team ledger (built once per module: reports only read it) and an empty one."""

from __future__ import annotations

import pytest

from tests.ledger.reports.team_ledger import build_team_ledger, make_ledger


@pytest.fixture(scope="module")
def ledger(tmp_path_factory, ledger_cache):
    return ledger_cache.copy(build_team_ledger, tmp_path_factory.mktemp("ledger") / "team.duckdb")


@pytest.fixture
def empty_ledger(tmp_path):
    ledger = make_ledger(tmp_path / "empty.duckdb")
    ledger.init(empty=True)
    return ledger
