"""Parsing what people type: probabilities, dates, timestamps, outcomes.

Each parser returns a value or raises ``InvalidValue`` naming the field and
the accepted form.  Shared by the CLI, the TUI and imports.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from ledger.errors import InvalidValue
from ledger.model import OUTCOMES
from ledger.rules import is_probability

PROBABILITY_FORM = "a probability like 0.35, 35% or 35 (between 0 and 1, or 0-100 as a percentage)"
DATE_FORM = "a date YYYY-MM-DD"
TIMESTAMP_FORM = "a date YYYY-MM-DD or a timestamp YYYY-MM-DDTHH:MM[:SS][Z|±HH:MM]"


def parse_probability(text: str | float, field: str = "probability") -> float:
    """'0.35', '35%' and '35' all mean 0.35.  Values above 1 (and up to 100) are percentages."""
    raw = str(text).strip()
    percent = raw.endswith("%")
    number = raw[:-1].strip() if percent else raw
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?", number):
        raise InvalidValue(field, text, PROBABILITY_FORM)
    value = float(number)
    if percent or value > 1:
        value /= 100
    if not is_probability(value):
        raise InvalidValue(field, text, PROBABILITY_FORM)
    return round(value, 12)


def parse_date(text: str, field: str = "date") -> date:
    raw = str(text).strip()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
        raise InvalidValue(field, text, DATE_FORM)
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise InvalidValue(field, text, f"{DATE_FORM} that exists on the calendar") from None


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
