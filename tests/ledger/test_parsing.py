"""What people type: probabilities, dates, timestamps, outcomes."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledger.errors import InvalidValue
from ledger.parsing import (
    check_certainty,
    parse_date,
    parse_outcome,
    parse_probability,
    parse_timestamp,
    read_probability,
)


@given(st.floats(min_value=0.0, max_value=1.0, allow_nan=False))
def test_any_unit_float_round_trips_through_its_text(p: float) -> None:
    assert parse_probability(repr(p)) == pytest.approx(p, abs=1e-12)
    assert parse_probability(p) == pytest.approx(p, abs=1e-12)


@given(st.integers(min_value=0, max_value=10_000))
def test_percent_forms_agree(hundredths: int) -> None:
    percent = hundredths / 100  # 0.00 .. 100.00
    assert parse_probability(f"{percent}%") == pytest.approx(percent / 100, abs=1e-12)
    if percent > 1:  # a bare number above 1 is read as a percentage
        assert parse_probability(f"{percent}") == pytest.approx(percent / 100, abs=1e-12)


@pytest.mark.parametrize(
    ("text", "value"),
    [("0.35", 0.35), ("35%", 0.35), ("35", 0.35), (" 35 % ", 0.35), ("0", 0.0), ("1", 1.0), ("100", 1.0),
     ("100%", 1.0), ("0%", 0.0), (".5", 0.5), ("5e-1", 0.5), ("1%", 0.01), ("0.5%", 0.005), ("+0.2", 0.2)],
)  # fmt: skip
def test_probability_forms(text: str, value: float) -> None:
    assert parse_probability(text) == pytest.approx(value)


@pytest.mark.parametrize(
    "text",
    ["", "abc", "thirty-five", "nan", "NaN", "inf", "-inf", "1e400", "-0.1", "-5%", "101", "150%", "0x10", "35%%",
     "0,35", "1/3", "True", "%", "3 5"],
)  # fmt: skip
def test_probability_junk_is_rejected_naming_the_field(text: str) -> None:
    with pytest.raises(InvalidValue) as info:
        parse_probability(text)
    assert info.value.field == "probability"
    assert "0.35" in str(info.value) and "35%" in str(info.value)


def test_probability_field_name_is_configurable() -> None:
    with pytest.raises(InvalidValue, match=r"^prob: "):
        parse_probability("x", field="prob")


# --- dates and timestamps -----------------------------------------------------------


def test_dates() -> None:
    assert parse_date("2025-04-30") == date(2025, 4, 30)
    assert parse_date(" 2024-02-29 ") == date(2024, 2, 29)


@pytest.mark.parametrize("text", ["2025-13-01", "2025-02-30", "2023-02-29", "2025/04/30", "30-04-2025", "April 30",
                                  "2025-4-30", "yesterday", "", "2025-04-30T10:00"])  # fmt: skip
def test_malformed_dates(text: str) -> None:
    with pytest.raises(InvalidValue, match=r"^known-on: .*YYYY-MM-DD"):
        parse_date(text, "known-on")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2025-04-30", datetime(2025, 4, 30)),
        ("2025-04-30T10:15", datetime(2025, 4, 30, 10, 15)),
        ("2025-04-30 10:15:20", datetime(2025, 4, 30, 10, 15, 20)),
        ("2025-04-30T10:15:20.5", datetime(2025, 4, 30, 10, 15, 20, 500000)),
        ("2025-04-30T10:15Z", datetime(2025, 4, 30, 10, 15)),
        ("2025-04-30T10:15+02:00", datetime(2025, 4, 30, 8, 15)),
        ("2025-04-30T01:00+0300", datetime(2025, 4, 29, 22, 0)),
        ("2025-04-30T23:30-05:00", datetime(2025, 5, 1, 4, 30)),
    ],
)
def test_timestamps_become_naive_utc(text: str, value: datetime) -> None:
    parsed = parse_timestamp(text)
    assert parsed == value
    assert parsed.tzinfo is None


@pytest.mark.parametrize("text", ["now", "2025-04-30T25:00", "2025-04-30T10", "2025-04-31T10:00", "10:00",
                                  "2025-04-30T10:00+2", "2025-04-30T10:00 UTC"])  # fmt: skip
def test_malformed_timestamps(text: str) -> None:
    with pytest.raises(InvalidValue, match=r"^at: "):
        parse_timestamp(text, "at")


# --- outcomes -------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "value"), [("yes", "yes"), ("No", "no"), (" ANNULLED ", "annulled"), ("y", "yes"),
                                             ("0", "no"), ("void", "annulled"), ("true", "yes")])  # fmt: skip
def test_outcomes(text: str, value: str) -> None:
    assert parse_outcome(text) == value


@pytest.mark.parametrize("text", ["maybe", "", "2", "annul"])
def test_bad_outcomes(text: str) -> None:
    with pytest.raises(InvalidValue, match=r"^outcome: .*yes \| no \| annulled"):
        parse_outcome(text)


# --- the typing rule (docs/decisions.md, "Typing a probability") ----------------------


@pytest.mark.parametrize("text", ["0", "1", "1.0", "0.0", "100", "100%", "0%", "1e0"])
def test_certainty_is_refused_without_saying_so(text: str) -> None:
    reading = read_probability(text)
    assert reading.certain
    with pytest.raises(InvalidValue) as info:
        check_certainty(reading, certain=False)
    assert "--certain" in str(info.value) and "1%" in str(info.value)
    check_certainty(reading, certain=True)  # allowed when stated


@pytest.mark.parametrize(
    ("text", "confirm"),
    [("1.5", True), ("5", True), ("12.5", True), ("35", False), ("99", False), ("0.35", False), ("35%", False),
     ("1.5%", False), ("0.015", False)],
)  # fmt: skip
def test_bare_percentages_that_look_like_slips_are_echoed_first(text: str, confirm: bool) -> None:
    reading = read_probability(text)
    assert reading.worth_confirming is confirm
    if confirm:
        assert "%" in reading.describe() and "percentage" in reading.describe()


def test_the_service_applies_the_certainty_rule(ledger) -> None:
    ledger.add_item("Q", key="q")
    with pytest.raises(InvalidValue, match="--certain"):
        ledger.forecast("q", "1")
    assert ledger.item("q").forecasts == []
    assert ledger.forecast("q", "1", certain=True).forecast.probability == 1.0
