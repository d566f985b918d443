"""Commitment status tracks, deadline slips, closing, ladders and actor base rates."""

from datetime import date

import pytest

from ledger.commitments import wilson_interval
from ledger.errors import Conflict, InvalidValue


def _commitment(ledger, key, deadline, actors, source=None):
    return ledger.add_item(
        f"Commitment {key}",
        key=key,
        deadline=deadline,
        actors=actors,
        kind="commitment",
        as_of=date(2025, 1, 1),
        source=source,
    )


def test_status_track_and_invalid_transitions(empty_ledger):
    _commitment(empty_ledger, "c1", "2025-03-31", ["A"])
    assert empty_ledger.commitment_track("c1").status == "not-rated"
    empty_ledger.set_status("c1", "in-progress", on=date(2025, 2, 1), evidence="first steps")
    empty_ledger.set_status("c1", "stalled", on=date(2025, 3, 1))
    with pytest.raises(InvalidValue, match="a change from stalled to one of in-progress"):
        empty_ledger.set_status("c1", "stalled")
    with pytest.raises(InvalidValue, match="item close"):
        empty_ledger.set_status("c1", "kept")
    with pytest.raises(InvalidValue, match="not in the future"):
        empty_ledger.set_status("c1", "in-progress", on=date(2030, 1, 1))
    track = empty_ledger.commitment_track("c1")
    assert track.status == "stalled"
    assert [(e.status, e.on_date, e.analyst) for e in track.events] == [
        ("in-progress", date(2025, 2, 1), "ana"),
        ("stalled", date(2025, 3, 1), "ana"),
    ]


def test_questions_have_no_status_track(empty_ledger):
    empty_ledger.add_item("A question", key="q1")
    with pytest.raises(InvalidValue, match="a commitment"):
        empty_ledger.set_status("q1", "in-progress")


def test_slip_keeps_the_original_window(empty_ledger):
    _commitment(empty_ledger, "c1", "2025-03-31", ["A"])
    event, revised = empty_ledger.slip_deadline("c1", "2025-05", on=date(2025, 3, 20), evidence="postponed")
    assert revised.deadline.latest == date(2025, 5, 31) and event.window.latest == date(2025, 5, 31)
    empty_ledger.slip_deadline("c1", "2025-Q3", on=date(2025, 5, 20))
    track = empty_ledger.commitment_track("c1")
    assert [e.window.latest for e in track.slips] == [date(2025, 5, 31), date(2025, 9, 30)]
    assert track.original_deadline.latest == date(2025, 3, 31)
    assert len(empty_ledger.item("c1").revisions) == 3
    with pytest.raises(InvalidValue, match="ending after the current deadline"):
        empty_ledger.slip_deadline("c1", "2025-04", on=date(2025, 3, 25))


def test_close_maps_to_a_resolution(empty_ledger):
    for key in ("k", "b", "c", "c2"):
        _commitment(empty_ledger, key, "2025-03-31", ["A"])
    _, r = empty_ledger.close_commitment("k", "kept", on=date(2025, 3, 1))
    assert r.outcome == "yes" and r.known_on == date(2025, 3, 1)
    assert empty_ledger.close_commitment("b", "broken")[1].outcome == "no"
    assert empty_ledger.close_commitment("c", "compromise")[1].outcome == "annulled"
    assert empty_ledger.close_commitment("c2", "compromise", outcome="yes")[1].outcome == "yes"
    assert empty_ledger.commitment_track("k").status == "kept"
    with pytest.raises(Conflict, match="already resolved"):
        empty_ledger.close_commitment("k", "broken")
    with pytest.raises(Conflict, match="already resolved"):
        empty_ledger.set_status("k", "in-progress")


def test_close_refusals_leave_no_trace(empty_ledger):
    _commitment(empty_ledger, "k", "2025-03-31", ["A"])
    with pytest.raises(InvalidValue, match="yes for a commitment closed as kept"):
        empty_ledger.close_commitment("k", "kept", outcome="no")
    with pytest.raises(InvalidValue):
        empty_ledger.close_commitment("k", "stalled")
    assert empty_ledger.item("k").resolution is None
    assert empty_ledger.commitment_track("k").events == []


def test_ladder_creates_binary_questions(empty_ledger):
    _commitment(empty_ledger, "c1", "2025-03", ["A"])
    rungs = empty_ledger.ladder("c1", [90, 0, 30])
    assert [(r.key, r.deadline.latest, r.kind) for r in rungs] == [
        ("c1-by-deadline", date(2025, 3, 31), "question"),
        ("c1-plus-30d", date(2025, 4, 30), "question"),
        ("c1-plus-90d", date(2025, 6, 29), "question"),
    ]
    assert all(r.actors == ("A",) and "ladder" in r.tags for r in rungs)
    with pytest.raises(Conflict, match="c1-by-deadline"):
        empty_ledger.ladder("c1", [0])
    with pytest.raises(InvalidValue, match="offsets"):
        empty_ledger.ladder("c1", [-5])
    empty_ledger.add_item("No deadline", key="nd", kind="commitment")
    with pytest.raises(InvalidValue, match="with a deadline"):
        empty_ledger.ladder("nd", [0])


def test_base_rates_on_a_constructed_history(empty_ledger):
    led = empty_ledger
    src = led.add_source("Wire story", publisher="Wire", published_on=date(2025, 1, 1))
    _commitment(led, "on-time", "2025-03-31", ["A"], source=src.id[:8])
    _commitment(led, "late", "2025-03-31", ["A"], source=src.id[:8])
    _commitment(led, "broken", "2025-01-31", ["A"])
    _commitment(led, "plain-yes", "2025-04-30", ["A", "B"])
    _commitment(led, "open", "2025-12-31", ["B"])
    _commitment(led, "compromise", "2025-04-30", ["A"])
    led.add_item("Not a commitment", key="question", actors=["A"], deadline="2025-03-31", as_of=date(2025, 1, 1))

    led.close_commitment("on-time", "kept", on=date(2025, 3, 15))
    led.slip_deadline("late", "2025-05", on=date(2025, 3, 20))
    led.close_commitment("late", "kept", on=date(2025, 5, 10))  # within the new window, 40 days after the original
    led.close_commitment("broken", "broken", on=date(2025, 2, 5))
    led.resolve("plain-yes", "yes", known_on=date(2025, 4, 10))  # no status track: the resolution decides
    led.close_commitment("compromise", "compromise", on=date(2025, 5, 1))

    rates = {(r.grouping, r.name): r for r in led.actor_base_rates()}
    a = rates[("actor", "A")]
    assert (a.tracked, a.kept_on_time, a.kept_late, a.compromise, a.broken, a.open, a.closed) == (5, 2, 1, 1, 1, 0, 5)
    assert a.on_time_rate == pytest.approx(0.4)
    assert (a.wilson_low, a.wilson_high) == pytest.approx(wilson_interval(2, 5))
    assert a.median_slip_days == 40
    b = rates[("actor", "B")]
    assert (b.tracked, b.kept_on_time, b.open, b.closed) == (2, 1, 1, 1)
    wire = rates[("outlet", "Wire")]
    assert (wire.tracked, wire.kept_on_time, wire.kept_late) == (2, 1, 1)
    assert led.actor_base_rate("B").tracked == 2
    assert led.actor_base_rate("nobody") is None
    assert [r.name for r in led.item_base_rates("plain-yes")] == ["A", "B"]
    assert "kept 2 of 5 on time (40%" in a.summary


def test_a_correction_after_closing_wins(empty_ledger):
    _commitment(empty_ledger, "c1", "2025-03-31", ["A"])
    empty_ledger.close_commitment("c1", "kept", on=date(2025, 3, 1))
    empty_ledger.resolve("c1", "no", correct=True)
    (a,) = [r for r in empty_ledger.actor_base_rates() if r.name == "A"]
    assert (a.kept_on_time, a.broken) == (0, 1)
