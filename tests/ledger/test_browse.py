"""item_page: the cached narrow index gives exactly the rows the SQL filter gives, and follows every write."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from ledger.service import Ledger
from tests.tui.conftest import build_ledger

FAR = datetime(9999, 1, 1)


@pytest.fixture
def ledger(tmp_path: Path) -> Ledger:
    ledger = build_ledger(tmp_path / "browse.duckdb")
    ledger.add_item("Beijing hosts the summit", key="bj-summit", deadline="2025-03-01", actors="China", tags="Asia")
    ledger.add_item("No deadline here", key="no-deadline", tags="misc")
    return ledger


@pytest.mark.parametrize("view", ["open", "due", "resolved", "all"])
@pytest.mark.parametrize("query", ["", "chin", "  SUMMIT ", "trade", "asia", "zzz", "e"])
def test_indexed_page_equals_the_sql_page(ledger: Ledger, view: str, query: str) -> None:
    indexed = ledger.item_page(view, query=query, limit=2, offset=1)
    by_sql = ledger.item_page(view, query=query, limit=2, offset=1, as_of=FAR)
    assert indexed.total == by_sql.total
    assert indexed.rows == by_sql.rows


def test_the_index_follows_writes_from_any_ledger_object(ledger: Ledger) -> None:
    assert ledger.item_page("all", query="rocket").total == 0
    index = ledger.item_index()
    assert ledger.item_index() is index  # unchanged file: not read again
    Ledger(ledger.path, "bob").add_item("Rocket launch", key="rocket", deadline="2026-01")
    page = ledger.item_page("all", query="rocket")
    assert page.total == 1 and page.rows[0].key == "rocket"
    assert ledger.item_index() is not index
