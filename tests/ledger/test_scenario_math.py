"""Pure scenario arithmetic: vectors, scores, Bayes updates."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledger.errors import InvalidValue
from ledger.scenarios.math import bayes_update, log_loss, multi_brier, normalise_vector, odds_multiplier


def test_exact_vector_passes_without_notice():
    assert normalise_vector([0.2, 0.5, 0.3]) == ((0.2, 0.5, 0.3), None)


def test_vector_within_tolerance_is_rescaled_with_notice():
    vector, notice = normalise_vector([0.2, 0.5, 0.304])
    assert math.isclose(sum(vector), 1.0, abs_tol=1e-12)
    assert vector[0] == pytest.approx(0.2 / 1.004)
    assert notice is not None and "1.004" in notice


def test_vector_off_by_more_than_tolerance_names_the_sum():
    with pytest.raises(InvalidValue) as err:
        normalise_vector([0.2, 0.5, 0.4])
    assert "sum to 1.1" in str(err.value)


@pytest.mark.parametrize("values", [[1.0], [0.1] * 10, [0.5, 0.6, -0.1], [float("nan"), 1.0]])
def test_bad_vectors_are_refused(values):
    with pytest.raises(InvalidValue):
        normalise_vector(values)


def test_multi_brier_against_hand_computed_values():
    # (0.2-0)^2 + (0.5-1)^2 + (0.3-0)^2 = 0.04 + 0.25 + 0.09
    assert multi_brier([0.2, 0.5, 0.3], 1) == pytest.approx(0.38)
    assert multi_brier([1.0, 0.0, 0.0], 0) == 0.0
    assert multi_brier([1.0, 0.0, 0.0], 2) == pytest.approx(2.0)  # the top of the 0-2 scale
    assert multi_brier([0.25] * 4, 3) == pytest.approx(0.75)


def test_log_loss_is_clipped():
    assert log_loss(0.5) == pytest.approx(math.log(2))
    assert log_loss(0.0) == pytest.approx(-math.log(0.001))
    assert log_loss(1.0) == pytest.approx(-math.log(0.999))


def test_bayes_update_in_odds_form():
    # stalled 0.3 -> odds 3/7, times 1/1.5 -> 2/7 -> p = 2/9; the others share 7/9 in ratio 2:5
    out = bayes_update([0.2, 0.5, 0.3], 2, 1 / 1.5)
    assert out[2] == pytest.approx(2 / 9)
    assert out[0] == pytest.approx(0.2 * (7 / 9) / 0.7)
    assert out[1] == pytest.approx(0.5 * (7 / 9) / 0.7)
    assert out[0] / out[1] == pytest.approx(0.4)


@given(
    st.lists(st.floats(0.01, 1.0), min_size=2, max_size=8),
    st.floats(0.05, 20.0),
    st.integers(0, 7),
)
def test_bayes_update_keeps_a_distribution(weights, ratio, index):
    total = sum(weights)
    p = [w / total for w in weights]
    k = index % len(p)
    out = bayes_update(p, k, ratio)
    assert math.isclose(sum(out), 1.0, abs_tol=1e-9)
    # equals "multiply p_k by the ratio and renormalise"
    scaled = [q * ratio if j == k else q for j, q in enumerate(p)]
    assert out == pytest.approx([q / sum(scaled) for q in scaled])


def test_odds_multiplier_directions():
    assert odds_multiplier("supports", 3.0, "yes") == 3.0
    assert odds_multiplier("undermines", 4.0, "yes") == 0.25
    assert odds_multiplier("supports", 3.0, "no") is None
    assert odds_multiplier("supports", 3.0, "annulled") is None
