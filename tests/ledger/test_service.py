"""The Ledger service: history kept, keys, lookups, late forecasts, resolutions, as-of views, seeds."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from ledger.errors import Ambiguous, Conflict, InvalidValue, NotFound
from ledger.model import Item
from ledger.service import Ledger
from ledger.storage import records
from tests.conftest import Clock


def naive(clock: Clock) -> datetime:
    return clock.now.replace(tzinfo=None)


# --- items and their revisions ---------------------------------------------------------------


def test_edit_keeps_every_revision(ledger: Ledger, clock: Clock) -> None:
    item = ledger.add_item("Will X sign the deal?", deadline="2025-09-30", tags=["trade"])
    clock.advance(hours=1)
    ledger.edit_item("x-sign-deal", title="Will X sign the trade deal?", deadline="2025-Q4")
    clock.advance(hours=1)
    ledger.edit_item(item.id[:8], tags=["trade", "eu"])
    detail = ledger.item("x-sign-deal")
    assert [r.title for r in detail.revisions] == ["Will X sign the deal?"] + ["Will X sign the trade deal?"] * 2
    assert [r.tags for r in detail.revisions] == [("trade",), ("trade",), ("trade", "eu")]
    assert len({r.revision_id for r in detail.revisions}) == 3
    assert {r.id for r in detail.revisions} == {item.id}
    assert detail.item.deadline is not None and detail.item.deadline.label == "2025-Q4"
    assert detail.item.created_at == naive(clock).replace(hour=12)


def test_edit_rules(ledger: Ledger) -> None:
    ledger.add_item("First question", key="first")
    ledger.add_item("Second question", key="second")
    with pytest.raises(Conflict, match="key"):
        ledger.edit_item("second", key="first")
    with pytest.raises(InvalidValue, match="edit"):
        ledger.edit_item("second")
    with pytest.raises(InvalidValue, match="edit"):
        ledger.edit_item("second", title="Second question")
    with pytest.raises(InvalidValue, match="edit"):
        ledger.edit_item("second", colour="red")
    with pytest.raises(InvalidValue, match="title"):
        ledger.edit_item("second", title="")
    assert len(ledger.item("second").revisions) == 1


def test_a_key_can_be_renamed_and_the_old_key_freed(ledger: Ledger) -> None:
    item = ledger.add_item("A question", key="old-key")
    ledger.edit_item("old-key", key="new-key")
    assert ledger.item("new-key").item.id == item.id
    with pytest.raises(NotFound):
        ledger.item("old-key")
    assert ledger.add_item("Another", key="old-key").key == "old-key"


# --- keys -----------------------------------------------------------------------------------


def test_keys_are_derived_from_titles_with_numbered_suffixes(ledger: Ledger) -> None:
    keys = [ledger.add_item("Will X sign the deal?").key for _ in range(3)]
    assert keys == ["x-sign-deal", "x-sign-deal-2", "x-sign-deal-3"]
    assert ledger.add_item("Will X sign the deal?", key="custom").key == "custom"


def test_a_long_derived_key_with_a_suffix_stays_within_the_limit(ledger: Ledger) -> None:
    title = "Supercalifragilistic expialidocious antidisestablishmentarianism floccinaucinihilipilification x"
    first, second = ledger.add_item(title).key, ledger.add_item(title).key
    assert len(first) <= 48 and len(second) <= 48 and second.endswith("-2") and first != second


def test_an_explicit_key_must_be_unique_and_well_formed(ledger: Ledger) -> None:
    ledger.add_item("One", key="same")
    with pytest.raises(Conflict, match="key: 'same'"):
        ledger.add_item("Two", key="same")
    with pytest.raises(InvalidValue, match="^key: "):
        ledger.add_item("Three", key="Not A Key")
    assert [s.key for s in ledger.items("all")] == ["same"]


# --- lookups ---------------------------------------------------------------------------------


def test_lookup_by_key_or_unique_id_prefix(ledger: Ledger) -> None:
    item = ledger.add_item("Only item", key="only")
    for ref in ("only", item.id, item.id[:4], item.id[:8], item.id.upper()[:10], f"  {item.id[:6]} "):
        assert ledger.item(ref).item.id == item.id
    with pytest.raises(NotFound, match="^item: "):
        ledger.item(item.id[:3])
    with pytest.raises(NotFound):
        ledger.item("nothing-here")


def test_an_ambiguous_prefix_is_refused(ledger: Ledger) -> None:
    # Ids are random: write two that share a prefix on purpose.
    now = ledger.now()
    twins = [Item(key=f"twin-{n}", title=f"Twin {n}", recorded_at=now, created_at=now,
                  id=f"abcd{n}000-0000-4000-8000-000000000000") for n in (1, 2)]  # fmt: skip
    with ledger._writing() as con:
        records.insert_item_revisions(con, twins)
    with pytest.raises(Ambiguous, match=r"^item: .*matches 2 items"):
        ledger.forecast("abcd", "0.3")
    assert ledger.item("twin-1").forecasts == []


def test_a_key_wins_over_an_id_prefix(ledger: Ledger) -> None:
    target = ledger.add_item("Target")
    decoy = ledger.add_item("Decoy", key=target.id[:4])  # hex digits make a valid key
    assert ledger.item(target.id[:4]).item.id == decoy.id
    assert ledger.item(target.id).item.id == target.id


# --- forecasts --------------------------------------------------------------------------------


def test_forecasts_are_appended_with_the_previous_one(ledger: Ledger, clock: Clock) -> None:
    ledger.add_item("Q", key="q")
    first = ledger.forecast("q", "35%", note="first look")
    clock.advance(minutes=5)
    second = ledger.forecast("q", "0.4")
    assert first.previous is None and first.forecast.probability == 0.35
    assert second.previous == first.forecast
    assert [f.probability for f in ledger.item("q").forecasts] == [0.35, 0.4]
    other = Ledger(ledger.path, "bob", clock=clock).forecast("q", "10")
    assert other.previous is None and other.forecast.analyst == "bob"


def test_a_forecast_after_the_outcome_was_known_is_recorded_late(ledger: Ledger, clock: Clock) -> None:
    ledger.add_item("Q", key="q", deadline="2025-05-15")
    on_time = ledger.forecast("q", "0.6", made_at=datetime(2025, 5, 9, 23, 59))
    ledger.resolve("q", "yes", known_on=date(2025, 5, 10))
    late = ledger.forecast("q", "0.99")
    backdated = ledger.forecast("q", "0.7", made_at=datetime(2025, 5, 1))
    assert (on_time.late, late.late, backdated.late) == (False, True, False)
    detail = ledger.item("q")
    assert [detail.is_late(f) for f in detail.forecasts] == [False, False, True]
    assert len(detail.forecasts) == 3


def test_a_forecast_cannot_be_made_in_the_future(ledger: Ledger, clock: Clock) -> None:
    ledger.add_item("Q", key="q")
    with pytest.raises(InvalidValue, match="^at: "):
        ledger.forecast("q", "0.5", made_at=naive(clock).replace(year=2026))
    with pytest.raises(InvalidValue, match="^probability: "):
        ledger.forecast("q", "NaN")
    assert ledger.item("q").forecasts == []


# --- resolutions --------------------------------------------------------------------------------


def test_resolve_and_correct_form_a_chain(ledger: Ledger, clock: Clock) -> None:
    ledger.add_item("Q", key="q")
    first = ledger.resolve("q", "yes", known_on=date(2025, 5, 1), evidence="news")
    with pytest.raises(Conflict, match="already resolved yes.*--correct"):
        ledger.resolve("q", "no")
    clock.advance(minutes=1)
    second = ledger.resolve("q", "no", known_on=date(2025, 5, 2), correct=True)
    clock.advance(minutes=1)
    third = ledger.resolve("q", "annulled", correct=True)
    with pytest.raises(Conflict, match="already resolved annulled"):
        ledger.resolve("q", "yes")
    assert (first.supersedes, second.supersedes, third.supersedes) == (None, first.id, second.id)
    detail = ledger.item("q")
    assert [r.outcome for r in detail.resolutions] == ["yes", "no", "annulled"]
    assert detail.resolution == third and third.known_on == date(2025, 6, 1)
    assert third.analyst == "alice"


def test_resolution_rules(ledger: Ledger) -> None:
    ledger.add_item("Q", key="q")
    with pytest.raises(Conflict, match="no resolution to correct"):
        ledger.resolve("q", "yes", correct=True)
    with pytest.raises(InvalidValue, match="^known-on: "):
        ledger.resolve("q", "yes", known_on=date(2025, 6, 2))
    with pytest.raises(InvalidValue, match="^outcome: "):
        ledger.resolve("q", "maybe")
    assert ledger.item("q").resolutions == []


# --- views and as-of ----------------------------------------------------------------------------


def test_list_views(ledger: Ledger) -> None:
    ledger.add_item("Past deadline", key="past", deadline="2025-05-01")
    ledger.add_item("Future deadline", key="future", deadline="2025-12-31")
    ledger.add_item("No deadline", key="none")
    ledger.add_item("Done", key="done", deadline="2025-04-01")
    ledger.resolve("done", "no", known_on=date(2025, 4, 2))
    keys = {view: [s.key for s in ledger.items(view)] for view in ("open", "due", "resolved", "all")}
    assert keys == {
        "open": ["past", "future", "none"],
        "due": ["past"],
        "resolved": ["done"],
        "all": ["done", "past", "future", "none"],
    }
    statuses = {s.key: s.status for s in ledger.items("all")}
    assert statuses == {"done": "no", "past": "due", "future": "open", "none": "open"}
    with pytest.raises(InvalidValue, match="^view: "):
        ledger.items("later")


def test_summaries_show_my_forecast_and_the_crowd(ledger: Ledger, clock: Clock) -> None:
    ledger.add_item("Q", key="q")
    ledger.forecast("q", "0.2")
    clock.advance(minutes=1)
    ledger.forecast("q", "0.3")
    Ledger(ledger.path, "bob", clock=clock).forecast("q", "0.5")
    Ledger(ledger.path, "carol", clock=clock).forecast("q", "0.9")
    (row,) = ledger.items("all")
    assert (row.my_probability, row.crowd_median, row.n_forecasters) == (0.3, 0.5, 3)


def test_as_of_replays_what_the_ledger_said_then(ledger: Ledger, clock: Clock) -> None:
    ledger.add_item("Original title", key="q", deadline="2025-05-01")
    t1 = naive(clock)
    clock.advance(days=1)
    ledger.edit_item("q", title="Edited title")
    ledger.forecast("q", "0.25")
    clock.advance(days=1)
    ledger.resolve("q", "yes", known_on=date(2025, 6, 2))
    t3 = naive(clock)
    (then,) = ledger.items("all", as_of=t1)
    assert (then.title, then.outcome, then.my_probability) == ("Original title", None, None)
    (now,) = ledger.items("all", as_of=t3)
    assert (now.title, now.outcome, now.my_probability) == ("Edited title", "yes", 0.25)
    assert ledger.items("resolved", as_of=t1) == []
    assert ledger.items("all", as_of=t1 - (t3 - t1)) == []


# --- sources, init and seeds ----------------------------------------------------------------------


def test_sources_and_their_items(ledger: Ledger) -> None:
    src = ledger.add_source("An article", publisher="Paper", published_on=date(2024, 12, 30), text="Body")
    item = ledger.add_item("Report by April", source=src.id[:8], deadline="by April")
    assert item.source_id == src.id
    assert item.deadline is not None and item.deadline.latest == date(2025, 4, 30)  # read from the publication date
    assert ledger.source("an article").id == src.id
    assert [s.key for s in ledger.source_items(src.id)] == [item.key]
    with pytest.raises(NotFound, match="^source: "):
        ledger.add_item("Orphan", source="nope")


def test_init_empty_has_no_items(ledger: Ledger) -> None:
    assert ledger.items("all") == [] and ledger.sources() == []


def test_seeds_load_once(db_path: Path, clock: Clock) -> None:
    led = Ledger(db_path, "alice", clock=clock)
    first = led.init()
    assert (first.created, first.sources_added) == (True, 1) and first.items_added >= 3
    keys = sorted(s.key for s in led.items("all"))
    second = led.init()
    assert (second.created, second.sources_added, second.items_added) == (False, 0, 0)
    assert sorted(s.key for s in led.items("all")) == keys
    assert "sber-china-ai-report" in keys


def test_first_use_creates_a_seeded_ledger_and_says_so(db_path: Path, clock: Clock) -> None:
    led = Ledger(db_path, "alice", clock=clock)
    assert led.items("all")
    assert len(led.notices) == 1 and "created a new ledger" in led.notices[0]


def test_item_detail_crowd_median_uses_each_analysts_latest(ledger: Ledger, clock: Clock, db_path: Path) -> None:
    ledger.add_item("A question", key="q")
    ledger.forecast("q", "10%")
    clock.advance(hours=1)
    ledger.forecast("q", "30%")  # alice's latest replaces her 10%
    Ledger(db_path, "bob", clock=clock).forecast("q", "80%")
    Ledger(db_path, "cy", clock=clock).forecast("q", "50%")
    detail = ledger.item("q")
    assert {a: f.probability for a, f in detail.latest_by_analyst().items()} == {"alice": 0.3, "bob": 0.8, "cy": 0.5}
    assert detail.crowd_median() == 0.5
    assert ledger.items("all")[0].crowd_median == detail.crowd_median()  # the list's SQL agrees
