"""Records for scenario tracking: scenario sets and their outcomes, scenario
forecasts and resolutions, and signpost links.  Frozen, self-validating, no IO.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

import attrs
from attrs import field, frozen

from ledger import validators
from ledger.errors import InvalidValue
from ledger.ids import new_id
from ledger.model import MAX_TITLE, Deadline
from ledger.rules import PROBABILITY_RANGE, SUM_TOLERANCE, is_probability
from ledger.scenarios.math import MAX_OUTCOMES, MIN_OUTCOMES

DIRECTIONS = ("supports", "undermines")


def _outcome_tuple(values: Iterable[ScenarioOutcome]) -> tuple[ScenarioOutcome, ...]:
    return tuple(values)


def _str_tuple(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(values)


def _float_tuple(values: Iterable[float]) -> tuple[float, ...]:
    return tuple(values)


@frozen
class ScenarioOutcome:
    """One of a set's mutually exclusive outcomes."""

    key: str = field(validator=validators.key("outcome key"))
    label: str = field(validator=validators.text("outcome label", required=True, limit=200))
    description: str = field(default="", validator=validators.text("outcome description"))
    id: str = field(factory=new_id)


@frozen
class ScenarioSet:
    """One revision of a scenario question with 2-8 mutually exclusive, exhaustive outcomes."""

    key: str = field(validator=validators.key("scenario key"))
    question: str = field(validator=validators.text("question", required=True, limit=MAX_TITLE))
    outcomes: tuple[ScenarioOutcome, ...] = field(converter=_outcome_tuple)
    recorded_at: datetime = field(validator=validators.timestamp("recorded_at"))
    created_at: datetime = field(validator=validators.timestamp("created_at"))
    closes: Deadline | None = None
    criteria: str = field(default="", validator=validators.text("criteria"))
    tags: tuple[str, ...] = field(default=(), converter=validators.label_tuple, validator=validators.labels("tag"))
    recorded_by: str = ""
    id: str = field(factory=new_id)
    revision_id: str = field(factory=new_id)

    def __attrs_post_init__(self) -> None:
        n = len(self.outcomes)
        if not MIN_OUTCOMES <= n <= MAX_OUTCOMES:
            raise InvalidValue("outcomes", n, f"{MIN_OUTCOMES}-{MAX_OUTCOMES} mutually exclusive outcomes")
        for attr in ("key", "label", "id"):
            values = [getattr(o, attr) for o in self.outcomes]
            dup = next((v for v in values if values.count(v) > 1), None)
            if dup is not None:
                raise InvalidValue(f"outcome {attr}", dup, f"a different {attr} for each outcome")

    def outcome(self, ref: str) -> ScenarioOutcome:
        """The outcome named by key, exact label, or 1-based position."""
        ref = ref.strip()
        for n, o in enumerate(self.outcomes, start=1):
            if ref in (o.key, o.id, str(n)) or ref.lower() == o.label.lower():
                return o
        raise InvalidValue("outcome", ref, " | ".join(o.key for o in self.outcomes))

    def index(self, outcome_id: str) -> int:
        return [o.id for o in self.outcomes].index(outcome_id)

    def outcome_key(self, outcome_id: str) -> str:
        return self.outcomes[self.index(outcome_id)].key

    def resolved_as(self, resolution: ScenarioResolution) -> str:
        """How a resolution of this set reads: the realised outcome's key, or 'annulled'."""
        return "annulled" if resolution.outcome_id is None else self.outcome_key(resolution.outcome_id)

    def revise(self, recorded_at: datetime, recorded_by: str, **changes: Any) -> ScenarioSet:
        return attrs.evolve(self, recorded_at=recorded_at, recorded_by=recorded_by, revision_id=new_id(), **changes)


@frozen
class ScenarioForecast:
    """An analyst's probability vector over a set's outcomes (in the set's order)."""

    set_id: str
    outcome_ids: tuple[str, ...] = field(converter=_str_tuple)
    probabilities: tuple[float, ...] = field(converter=_float_tuple)
    analyst: str = field(validator=validators.analyst_name("analyst"))
    made_at: datetime = field(validator=validators.timestamp("made_at"))
    recorded_at: datetime = field(validator=validators.timestamp("recorded_at"))
    note: str = field(default="", validator=validators.text("note"))
    id: str = field(factory=new_id)

    def __attrs_post_init__(self) -> None:
        if len(self.outcome_ids) != len(self.probabilities):
            raise InvalidValue(
                "probabilities", len(self.probabilities), f"{len(self.outcome_ids)} values, one per outcome"
            )
        for p in self.probabilities:
            if not is_probability(p):
                raise InvalidValue("probability", p, PROBABILITY_RANGE)
        if abs(math.fsum(self.probabilities) - 1.0) > SUM_TOLERANCE:
            raise InvalidValue("probabilities", f"sum {math.fsum(self.probabilities):.6g}", "values summing to 1")

    def probability(self, outcome_id: str) -> float:
        return self.probabilities[self.outcome_ids.index(outcome_id)]


@frozen
class ScenarioResolution:
    """Which outcome happened (``outcome_id``), or None when the set is annulled."""

    set_id: str
    outcome_id: str | None
    known_on: date = field(validator=validators.day("known_on"))
    recorded_at: datetime = field(validator=validators.timestamp("recorded_at"))
    analyst: str = ""
    evidence: str = field(default="", validator=validators.text("evidence"))
    supersedes: str | None = None
    id: str = field(factory=new_id)

    @property
    def annulled(self) -> bool:
        return self.outcome_id is None


def _ratio(_inst: object, _attr: object, value: Any) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value < 1.0:
        raise InvalidValue("likelihood ratio", value, "a number of at least 1 (the direction says which way it points)")


@frozen
class SignpostLink:
    """An item watched as evidence for (or against) one scenario outcome.

    Append-only: unlinking writes a new row with ``active=False``.  The link in
    force for (item, set, outcome) is the latest one.
    """

    item_id: str
    set_id: str
    outcome_id: str
    direction: str = field(validator=validators.choice("direction", DIRECTIONS))
    recorded_at: datetime = field(validator=validators.timestamp("recorded_at"))
    likelihood_ratio: float | None = field(default=None, validator=_ratio)
    active: bool = True
    note: str = field(default="", validator=validators.text("note"))
    recorded_by: str = ""
    id: str = field(factory=new_id)
