"""The commitment domain: the status table, status events, and the on-time rate's Wilson interval."""

from datetime import date, datetime

import pytest

from ledger.commitments import (
    NOT_RATED,
    STATUSES,
    TRANSITIONS,
    ItemEvent,
    check_transition,
    current_status,
    wilson_interval,
)
from ledger.errors import Conflict, InvalidValue
from ledger.model import Deadline


def test_wilson_interval_known_values():
    low, high = wilson_interval(5, 10)
    assert low == pytest.approx(0.2366, abs=1e-4) and high == pytest.approx(0.7634, abs=1e-4)
    low, high = wilson_interval(0, 1)
    assert low == 0.0 and high == pytest.approx(0.7935, abs=1e-4)
    assert wilson_interval(0, 0) is None


def test_status_table_allows_the_life_of_a_commitment():
    check_transition("not-rated", "in-progress")
    check_transition("in-progress", "stalled")
    check_transition("stalled", "in-progress")
    check_transition("stalled", "broken")
    check_transition("not-rated", "kept")


@pytest.mark.parametrize("current", ["kept", "compromise", "broken"])
def test_closed_commitments_are_final(current):
    with pytest.raises(Conflict, match="already closed"):
        check_transition(current, "in-progress")


def test_invalid_transitions_name_what_is_accepted():
    with pytest.raises(InvalidValue, match="a change from stalled to one of in-progress"):
        check_transition("stalled", "stalled")
    with pytest.raises(InvalidValue, match="in-progress"):
        check_transition("not-rated", "not-rated")
    with pytest.raises(InvalidValue):
        check_transition("in-progress", "abandoned")


def test_every_status_has_a_row():
    assert set(TRANSITIONS) == set(STATUSES)


def _event(kind: str, status: str | None = None, window: Deadline | None = None) -> ItemEvent:
    return ItemEvent("item-1", kind, date(2025, 3, 1), datetime(2025, 3, 1, 12), status=status, window=window)


def test_current_status_is_the_latest_status_event():
    may = Deadline(date(2025, 5, 1), date(2025, 5, 31), "month")
    assert current_status([]) == NOT_RATED
    assert current_status([_event("slip", window=may)]) == NOT_RATED
    events = [_event("status", "in-progress"), _event("slip", window=may), _event("status", "stalled")]
    assert current_status(events) == "stalled"


def test_events_refuse_what_the_track_cannot_hold():
    with pytest.raises(InvalidValue, match="status"):
        _event("status")  # a status event without a status
    with pytest.raises(InvalidValue, match="new deadline"):
        _event("slip")  # a slip without its new window
    with pytest.raises(InvalidValue, match="event kind"):
        _event("renamed", "kept")
    with pytest.raises(InvalidValue, match="in-progress"):
        _event("status", "abandoned")
