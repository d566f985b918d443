"""The rules several entrances share (ledger.rules): each entrance gives the same answer as the rule."""

from __future__ import annotations

import math
from datetime import date, datetime

import pytest

from ledger import rules
from ledger.errors import InvalidValue
from ledger.model import Forecast
from ledger.parsing import parse_probability
from ledger.scenarios.math import normalise_vector
from tests.support import raw_duckdb

EDGES = [0.0, 1.0, 0.5, -0.0, 1e-12, 1 - 1e-12, -1e-12, 1 + 1e-12, math.nan, math.inf, -math.inf, 2.0, -1.0]


@pytest.mark.parametrize("value", EDGES)
def test_python_and_sql_agree_on_what_a_probability_is(value: float) -> None:
    # the bulk imports check a whole file with the SQL form; typed values meet the Python form
    con = raw_duckdb()
    try:
        (broken,) = con.execute(
            f"SELECT {rules.not_a_probability_sql('p')} FROM (SELECT ?::DOUBLE AS p)", [value]
        ).fetchone()
    finally:
        con.close()
    assert broken is (not rules.is_probability(value))


@pytest.mark.parametrize("value", EDGES)
def test_records_and_the_parser_apply_the_rule(value: float) -> None:
    made = datetime(2025, 1, 1)
    if rules.is_probability(value):
        assert Forecast("i", "ana", value, made, made).probability == value
        assert parse_probability(repr(value)) == pytest.approx(value, abs=1e-12)
    else:
        with pytest.raises(InvalidValue, match="probability"):
            Forecast("i", "ana", value, made, made)


def test_a_scenario_vector_meets_the_same_bound() -> None:
    with pytest.raises(InvalidValue, match="probability"):
        normalise_vector([1.2, -0.2])


def test_bools_are_not_probabilities() -> None:
    assert not rules.is_probability(True) and not rules.is_probability(False)


@pytest.mark.parametrize(
    ("typed", "labels"),
    [("EU; China", ("EU", "China")), (" a ;; a; b ", ("a", "b")), ("", ()), (None, ()), (["x", " y", "x"], ("x", "y")),
     ("Smith, John; Doe", ("Smith, John", "Doe"))],
)  # fmt: skip
def test_labels_split_on_semicolons_only(typed: object, labels: tuple[str, ...]) -> None:
    from tui.format import split_labels

    assert rules.split_labels(typed) == labels  # type: ignore[arg-type]
    if isinstance(typed, str):
        assert split_labels(typed) == labels  # the TUI's form fields read labels by the same rule


def test_the_deadline_anchor_prefers_as_of_then_the_source_date_then_today() -> None:
    today, published, asked = date(2025, 6, 1), date(2025, 1, 10), date(2024, 12, 30)
    asked_today = []

    def read_today() -> date:
        asked_today.append(today)
        return today

    assert rules.deadline_anchor(asked, published, read_today) == asked
    assert rules.deadline_anchor(None, published, read_today) == published
    assert asked_today == [], "today is read only when needed"
    assert rules.deadline_anchor(None, None, read_today) == today


def test_a_forecast_on_the_day_the_outcome_was_known_is_late() -> None:
    known = date(2025, 3, 1)
    assert rules.is_late_forecast(datetime(2025, 3, 1, 0, 0), known)
    assert not rules.is_late_forecast(datetime(2025, 2, 28, 23, 59, 59), known)
    assert not rules.is_late_forecast(datetime(2030, 1, 1), None)


def test_extraction_threshold_is_the_one_the_extractor_names() -> None:
    from ledger.reading.extract import LOW_SCORE

    assert LOW_SCORE == rules.EXTRACTION_THRESHOLD
    assert rules.is_strong_candidate(rules.EXTRACTION_THRESHOLD)
    assert not rules.is_strong_candidate(math.nextafter(rules.EXTRACTION_THRESHOLD, 0))
