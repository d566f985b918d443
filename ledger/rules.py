"""The ledger's rules that every entrance shares, each written once.

Records (``ledger.model``, ``ledger.scenarios.model``) call these checks on entry; the text
parsers, the CLI and the TUI take their bounds and helpers from here; bulk paths
(CSV and exchange imports, other tools' track records) apply the same rules in SQL
through ``ledger.table_rules``, and ``fledger check`` lists rows that break them.
A failed check raises ``InvalidValue`` naming the field and the form.  No IO.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any

from ledger.errors import InvalidValue

# Dates outside this range are typing mistakes or damaged files; they also break
# calendar arithmetic (year 0, year 9999 + a day), so they are refused everywhere.
DATE_MIN = date(1900, 1, 1)
DATE_MAX = date(2199, 12, 31)
DATE_RANGE_FORM = f"a date from {DATE_MIN.year} to {DATE_MAX.year}"

LABEL_SEPARATOR = ";"  # tags and actors are stored as lists and typed or imported ';'-separated
LABEL_MAX = 100
LABEL_FORM = f"labels of 1-{LABEL_MAX} characters without '{LABEL_SEPARATOR}'"

NAME_MAX = 100  # analyst names
NAME_FORM = f"a name of 1-{NAME_MAX} characters, not blank, without control characters"

SUM_TOLERANCE = 1e-9  # how far a scenario vector's sum may stray from 1
CONFIDENCE_FORM = "a number in [0, 1]"
WINDOW_FORM = "a window whose earliest day is not after its latest"


def in_date_range(value: date | datetime) -> bool:
    day = value.date() if isinstance(value, datetime) else value
    return DATE_MIN <= day <= DATE_MAX


def check_date_range(field: str, value: date | datetime) -> None:
    if not in_date_range(value):
        raise InvalidValue(field, value.isoformat(), DATE_RANGE_FORM)


def has_controls(text: str) -> bool:
    """Whether ``text`` holds a C0 or C1 control character (tab and newline count too)."""
    return any(ord(c) < 32 or 127 <= ord(c) < 160 for c in text)


def check_name(field: str, value: Any) -> str:
    """An analyst name: text, 1-100 characters, not blank, no control characters; returned trimmed."""
    if not isinstance(value, str):
        raise InvalidValue(field, value, NAME_FORM)
    name = value.strip()
    if not name or len(name) > NAME_MAX or has_controls(name):
        raise InvalidValue(field, value, NAME_FORM)
    return name


def check_label(field: str, value: Any) -> None:
    if not isinstance(value, str) or not value or len(value) > LABEL_MAX or "\x00" in value:
        raise InvalidValue(field, value, LABEL_FORM)
    if LABEL_SEPARATOR in value:
        raise InvalidValue(field, value, LABEL_FORM)


# --- probabilities -------------------------------------------------------------------

PROBABILITY_LOW, PROBABILITY_HIGH = 0.0, 1.0
PROBABILITY_RANGE = "a number from 0 to 1"


def is_probability(value: object) -> bool:
    """A real number from 0 to 1 inclusive (not NaN, not a bool)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return not math.isnan(value) and PROBABILITY_LOW <= value <= PROBABILITY_HIGH


def not_a_probability_sql(column: str) -> str:
    """The same rule as a SQL predicate, true for the rows that break it (bulk imports check whole files)."""
    return f"{column} IS NULL OR isnan({column}) OR {column} < {PROBABILITY_LOW} OR {column} > {PROBABILITY_HIGH}"


# --- labels (tags, actors) ---------------------------------------------------------------


def split_labels(value: str | Iterable[object] | None) -> tuple[str, ...]:
    """'EU; China' or ['EU', ' China'] -> ('EU', 'China'): trimmed, blanks and repeats dropped, order kept."""
    if value is None:
        return ()
    parts: Iterable[object] = value.split(LABEL_SEPARATOR) if isinstance(value, str) else value
    out: list[str] = []
    for raw in parts:
        label = str(raw).strip()
        if label and label not in out:
            out.append(label)
    return tuple(out)


# --- deadlines and lateness ----------------------------------------------------------------


def deadline_anchor(as_of: date | None, published_on: date | None, today: Callable[[], date]) -> date:
    """The day a deadline phrase is read from: the date asked for, else the source's publication date, else today.

    ``today`` is asked only when it is needed (a test clock moves on every reading)."""
    return as_of or published_on or today()


def is_late_forecast(made_at: datetime, known_on: date | None) -> bool:
    """A forecast made on or after the day the outcome became known never counts (``known_on`` None: not known)."""
    return known_on is not None and made_at >= datetime.combine(known_on, datetime.min.time())


# --- reading articles ----------------------------------------------------------------------

EXTRACTION_THRESHOLD = 0.5  # extracted candidates scoring below this are weak guesses, not proposed by default


def is_strong_candidate(score: float) -> bool:
    """An extracted commitment worth proposing as an item without asking (``--accept-all``, the default answer)."""
    return score >= EXTRACTION_THRESHOLD
