"""Use-case reads (``ledger.service.views``): one transaction each, frozen records, the same facts as the
single-purpose reads they replace."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import attrs
import pytest

from ledger.errors import NotFound
from ledger.service import Ledger
from tests.support import Clock, new_ledger


@contextmanager
def counted_reads(ledger: Ledger) -> Iterator[list[int]]:
    """Counts the connections ``ledger`` opens to read while the block runs."""
    opened: list[int] = []
    store = ledger._store
    plain = store.reading

    @contextmanager
    def counting():  # type: ignore[no-untyped-def]
        opened.append(1)
        with plain() as con:
            yield con

    store.reading = counting  # type: ignore[method-assign]
    try:
        yield opened
    finally:
        store.reading = plain  # type: ignore[method-assign]


def promised_ledger(path) -> Ledger:
    """Two commitments, one kept and one in progress with a forecast, and a scenario the second signposts."""
    ledger = new_ledger(path, "alice", clock=Clock())
    ledger.add_item("Bank opens a branch", key="branch", deadline="2025-06-30", kind="commitment",
                    actors=("Sberbank",))  # fmt: skip
    ledger.add_item("Earlier promise", key="earlier", deadline="2025-01-31", kind="commitment", actors=("Sberbank",))
    ledger.set_status("earlier", "in-progress")
    ledger.close_commitment("earlier", "kept")
    ledger.set_status("branch", "in-progress", evidence="press release")
    ledger.forecast("branch", "0.6", note="on track")
    ledger.add_scenario("Who leads?", ["bank", "state"], key="lead")
    ledger.link_signpost("lead", "bank", "branch", "supports", likelihood_ratio=2.0)
    return ledger


@pytest.fixture
def promised(built) -> Ledger:
    """Each test's own copy of ``promised_ledger`` (written once per test process); the tests only read it."""
    return built(promised_ledger)


def test_item_view_holds_what_the_single_reads_return_from_one_connection(promised: Ledger) -> None:
    with counted_reads(promised) as opened:
        view = promised.item_view("branch")
    assert len(opened) == 1
    assert view.detail == promised.item("branch")
    assert view.track == promised.commitment_track("branch")
    assert list(view.base_rates) == promised.item_base_rates("branch")
    assert [(s.set_key, s.outcome_key, s.link) for s in view.signposts] == promised.item_signposts("branch")
    assert view.item.key == "branch" and view.track.status == "in-progress"
    assert [s.outcome_key for s in view.signposts] == ["bank"]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        view.track = view.track  # type: ignore[misc]


def test_forecast_context_is_one_read_with_mine_the_crowd_and_the_base_rates(promised: Ledger) -> None:
    bob = Ledger(promised.db, "bob", clock=promised._clock)
    bob.forecast("branch", "0.2")
    with counted_reads(promised) as opened:
        context = promised.forecast_context("branch")
    assert len(opened) == 1
    assert context.item.key == "branch"
    assert context.mine is not None and context.mine.probability == 0.6
    assert (context.n_forecasters, context.crowd_median) == (2, pytest.approx(0.4))
    assert context.resolution is None and not context.late_now
    assert [r.name for r in context.base_rates] == ["Sberbank"]
    assert promised.forecast_context("earlier").late_now


def test_a_use_case_read_names_an_unknown_item_in_one_line(ledger: Ledger) -> None:
    with pytest.raises(NotFound, match=r"^item: no item has key or id 'nope'"):
        ledger.item_view("nope")
    with pytest.raises(NotFound, match=r"^item: no item has key or id 'nope'"):
        ledger.forecast_context("nope")
    with pytest.raises(NotFound, match=r"^item: no item has key or id 'nope'"):
        ledger.item_form_view("nope")


def test_item_form_view_is_the_sources_and_the_edited_item_from_one_read(promised: Ledger) -> None:
    promised.add_source("Bank plans", publisher="Wire")
    promised.add_source("Second story")
    with counted_reads(promised) as opened:
        editing = promised.item_form_view("branch")
        new = promised.item_form_view()
    assert len(opened) == 2  # one each
    assert list(editing.sources) == promised.sources() and [s.title for s in new.sources] == [
        s.title for s in promised.sources()
    ]
    assert editing.editing == promised.item("branch") and new.editing is None
