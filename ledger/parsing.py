"""Parsing what people type: probabilities, dates, timestamps, outcomes.

Each parser returns a value or raises ``InvalidValue`` naming the field and
the accepted form.  Shared by the CLI, the TUI and imports.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime

from ledger.errors import InvalidValue
from ledger.model import OUTCOMES
from ledger.rules import check_date_range, is_probability

PROBABILITY_FORM = "a probability like 0.35, 35% or 35 (between 0 and 1, or 0-100 as a percentage)"
DATE_FORM = "a date YYYY-MM-DD"
TIMESTAMP_FORM = "a date YYYY-MM-DD or a timestamp YYYY-MM-DDTHH:MM[:SS][Z|±HH:MM]"


CERTAIN_FORM = (
    "a probability between 0% and 100%, both excluded (for one percent type 1%); "
    "0 and 1 (0% and 100%) state certainty and need --certain"
)


@dataclass(frozen=True)
class ProbabilityReading:
    """How a typed probability was read, so an entry point can show it before it is final."""

    text: str
    value: float
    bare_percent: bool  # a number above 1 typed without '%', read as a percentage

    @property
    def certain(self) -> bool:
        return self.value in (0.0, 1.0)

    @property
    def worth_confirming(self) -> bool:
        """A bare percentage where a slipped decimal point is likely: under 10, or with a fraction (1.5, 12.5)."""
        return self.bare_percent and (self.value < 0.1 or float(self.text) != int(float(self.text)))

    def describe(self) -> str:
        shown = f"{self.value * 100:.10g}%"
        return f"{self.text!r} read as {shown}" + (
            " (a number above 1 without % is a percentage)" if self.bare_percent else ""
        )


def read_probability(text: str | float, field: str = "probability") -> ProbabilityReading:
    """'0.35', '35%' and '35' all mean 0.35: a number up to 1 is a probability, one above 1 (up to 100) a
    percentage, and '%' always marks a percentage (docs/decisions.md, "Typing a probability")."""
    raw = str(text).strip()
    percent = raw.endswith("%")
    number = raw[:-1].strip() if percent else raw
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?", number):
        raise InvalidValue(field, text, PROBABILITY_FORM)
    value = float(number)
    bare_percent = not percent and value > 1
    if percent or value > 1:
        value /= 100
    if not is_probability(value):
        raise InvalidValue(field, text, PROBABILITY_FORM)
    return ProbabilityReading(number if not percent else raw, round(value, 12), bare_percent)


def parse_probability(text: str | float, field: str = "probability") -> float:
    """The value of ``read_probability``."""
    return read_probability(text, field).value


def check_certainty(reading: ProbabilityReading, certain: bool, field: str = "probability") -> None:
    """A forecast of 0 or 1 is a claim of certainty: refused unless the analyst said so."""
    if reading.certain and not certain:
        raise InvalidValue(field, reading.text, CERTAIN_FORM)


def parse_date(text: str, field: str = "date") -> date:
    raw = str(text).strip()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
        raise InvalidValue(field, text, DATE_FORM)
    try:
        value = date.fromisoformat(raw)
    except ValueError:
        raise InvalidValue(field, text, f"{DATE_FORM} that exists on the calendar") from None
    check_date_range(field, value)
    return value


def parse_timestamp(text: str, field: str = "timestamp") -> datetime:
    """An ISO date or timestamp, returned as naive UTC.  A timestamp without an offset is taken as UTC."""
    raw = str(text).strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
        return datetime.combine(parse_date(raw, field), datetime.min.time())
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?", raw):
        raise InvalidValue(field, text, TIMESTAMP_FORM)
    try:
        value = datetime.fromisoformat(raw)  # 3.11 reads a trailing Z
    except ValueError:
        raise InvalidValue(field, text, f"{TIMESTAMP_FORM} that exists on the calendar") from None
    check_date_range(field, value)  # before any time-zone arithmetic, which overflows near year 1 and 9999
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value


def parse_outcome(text: str, field: str = "outcome") -> str:
    raw = str(text).strip().lower()
    aliases = {"1": "yes", "0": "no", "y": "yes", "n": "no", "true": "yes", "false": "no", "void": "annulled"}
    value = aliases.get(raw, raw)
    if value not in OUTCOMES:
        raise InvalidValue(field, text, "yes | no | annulled")
    return value
