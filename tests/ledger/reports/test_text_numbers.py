"""The report's number formatting: the same value prints the same way whatever order its sum was taken in."""

from __future__ import annotations

import math

from ledger.reports.text import NONE, number


def test_a_value_on_a_rounding_tie_prints_the_same_from_either_side() -> None:
    tie = 0.1125  # a mean of eight squared errors, summed in two orders by a parallel aggregate
    below, above = math.nextafter(tie, 0), math.nextafter(math.nextafter(tie, 1), 1)
    assert f"{below:.3f}" != f"{above:.3f}"  # printed as they are, the last bit decides
    assert number(below) == number(tie) == number(above)


def test_negative_zero_and_missing_values() -> None:
    assert number(-1e-18) == "0.000"
    assert number(-0.25) == "-0.250"
    assert number(None) == NONE
    assert number(float("nan")) == NONE
    assert number(1234) == "1,234"


def test_the_score_table_of_the_command_line_prints_through_the_same_formatter() -> None:
    from ledger.cli.scoring import _num

    skill = -0.9025  # the README tour's Fatebook skill score: (0.476 - 0.25) / -0.25, on a tie at 3 places
    below, above = math.nextafter(skill, 0), math.nextafter(skill, -1)
    assert f"{below:.3f}" != f"{above:.3f}"
    assert _num(below) == _num(skill) == _num(above) == "-0.902"
    assert _num(None) == "-"
