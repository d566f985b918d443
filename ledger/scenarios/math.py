"""Pure arithmetic for scenario tracking: probability vectors, scores and Bayes updates.
No IO; every function is a plain calculation that the storage SQL and the tests
can be checked against.
Definitions: docs/scenarios.md.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from ledger.errors import InvalidValue
from ledger.rules import is_probability

# A vector within this distance of summing to 1 is rescaled (with a notice);
# farther than that it is refused, since the analyst probably mistyped a number.
SUM_TOLERANCE = 0.005
LOG_CLIP = (0.001, 0.999)
MIN_OUTCOMES, MAX_OUTCOMES = 2, 8


def normalise_vector(probabilities: Sequence[float]) -> tuple[tuple[float, ...], str | None]:
    """Check a forecast vector and rescale it to sum to exactly 1.

    Returns (vector, notice): the notice says what was rescaled, or is None when the
    vector already summed to 1 (within float noise).  A sum off by more than
    ``SUM_TOLERANCE`` raises ``InvalidValue`` naming the sum.
    """
    values = [float(p) for p in probabilities]
    if not MIN_OUTCOMES <= len(values) <= MAX_OUTCOMES:
        raise InvalidValue("probabilities", len(values), f"{MIN_OUTCOMES}-{MAX_OUTCOMES} values, one per outcome")
    for p in values:
        if not is_probability(p):
            raise InvalidValue("probability", p, "a number from 0 to 1, or a percentage like 35%")
    total = math.fsum(values)
    if abs(total - 1.0) > SUM_TOLERANCE:
        shown = " ".join(f"{p:g}" for p in values)
        raise InvalidValue("probabilities", shown, f"values summing to 1 (±{SUM_TOLERANCE}); these sum to {total:.4g}")
    if abs(total - 1.0) <= 1e-9:
        return tuple(values), None
    scaled = tuple(p / total for p in values)
    return scaled, f"probabilities summed to {total:.4g}; rescaled to sum to 1"


def multi_brier(probabilities: Sequence[float], realised: int) -> float:
    """Multi-category Brier score Σ_k (p_k − o_k)²: 0 is perfect, 2 is certain and wrong."""
    if not 0 <= realised < len(probabilities):
        raise ValueError("realised outcome index out of range")
    return math.fsum((p - (1.0 if k == realised else 0.0)) ** 2 for k, p in enumerate(probabilities))


def log_loss(p_realised: float) -> float:
    """−ln p of the outcome that happened, p clipped to [0.001, 0.999] so one miss is finite."""
    low, high = LOG_CLIP
    return -math.log(min(max(p_realised, low), high))


def odds_multiplier(direction: str, likelihood_ratio: float, signpost_outcome: str) -> float | None:
    """How a resolved signpost scales its scenario outcome's odds, or None if it implies nothing.

    The ratio describes a YES resolution of the signpost item: a 'supports' signpost
    with ratio L multiplies the outcome's odds by L, an 'undermines' one by 1/L.
    A NO or annulled resolution implies no update from that number.
    """
    if signpost_outcome != "yes":
        return None
    if direction == "supports":
        return likelihood_ratio
    if direction == "undermines":
        return 1.0 / likelihood_ratio
    raise ValueError(f"unknown direction {direction!r}")


def bayes_update(probabilities: Sequence[float], outcome_index: int, multiplier: float) -> tuple[float, ...]:
    """Bayes in odds form on one outcome of a mutually exclusive set.

    The outcome's odds are multiplied by ``multiplier``; the other outcomes keep
    their ratios to each other (the evidence is taken as equally likely under each
    of them) and share what is left.
    """
    if multiplier <= 0 or math.isinf(multiplier) or math.isnan(multiplier):
        raise InvalidValue("likelihood ratio", multiplier, "a positive, finite number")
    p = list(probabilities)
    pk = p[outcome_index]
    if pk in (0.0, 1.0):
        return tuple(p)  # certainty is not moved by finite evidence
    odds = pk / (1.0 - pk) * multiplier
    new_pk = odds / (1.0 + odds)
    rest = (1.0 - new_pk) / (1.0 - pk)
    return tuple(new_pk if k == outcome_index else q * rest for k, q in enumerate(p))
