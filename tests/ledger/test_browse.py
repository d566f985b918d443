"""item_page: the cached narrow index gives exactly the rows the SQL filter gives, and follows every write."""

from __future__ import annotations

from datetime import datetime

import attrs
import pytest

from ledger.service import Ledger
from tests.tui.conftest import build_ledger

FAR = datetime(9999, 1, 1)


def browse_ledger(path) -> Ledger:
    """The TUI tests' ledger and two more items: one that several queries find, one with no deadline."""
    ledger = build_ledger(path)
    ledger.add_item("Beijing hosts the summit", key="bj-summit", deadline="2025-03-01", actors="China", tags="Asia")
    ledger.add_item("No deadline here", key="no-deadline", tags="misc")
    return ledger


@pytest.fixture
def ledger(built) -> Ledger:
    """Each test's own copy of ``browse_ledger``, which is written once per test process."""
    return built(browse_ledger, "browse.duckdb")


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


@pytest.mark.parametrize("view", ["open", "due", "resolved", "all"])
@pytest.mark.parametrize("query", ["", "chin", "trade", "zzz"])
def test_cached_page_is_the_page_without_its_forecasts(ledger: Ledger, view: str, query: str) -> None:
    ledger.item_index()
    cached = ledger.cached_item_page(view, query=query, limit=3, offset=0)
    full = ledger.item_page(view, query=query, limit=3, offset=0)
    assert cached is not None and cached.forecasts_pending and not full.forecasts_pending
    assert cached.total == full.total
    # the columns the list shows, forecasts blank; fields the list does not show are not in the index
    blank = {"my_probability": None, "my_made_at": None, "crowd_median": None, "n_forecasters": 0}
    shown = ("id", "key", "title", "tags", "deadline", "days_left", "outcome", "status")
    expected = [attrs.evolve(row, **blank) for row in full.rows]
    assert [[getattr(r, name) for name in shown + tuple(blank)] for r in cached.rows] == [
        [getattr(r, name) for name in shown + tuple(blank)] for r in expected
    ]


def test_cached_page_never_reads_the_file(ledger: Ledger) -> None:
    fresh = Ledger(ledger.path, "ann")
    assert fresh.cached_item_page("all") is None  # no index yet: only item_page can answer
    fresh.item_index()
    assert fresh.cached_item_page("all") is not None
    Ledger(ledger.path, "bob").add_item("Rocket launch", key="rocket", deadline="2026-01")
    assert fresh.cached_item_page("all") is None  # the file moved on: the cached index is stale
