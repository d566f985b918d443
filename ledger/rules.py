"""The ledger's rules that several entrances apply, each written once.

Records (``model``, ``scenario_model``), the text parsers, the bulk imports
(as SQL predicates), the CLI and the TUI all take these from here, so a
forecast typed, imported or read from a scenario file meets the same rule and
the same message.  Pure: no IO, imports nothing from the ledger.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from datetime import date, datetime

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

LABEL_SEPARATOR = ";"


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
