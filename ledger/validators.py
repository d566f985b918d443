"""Validators and converters for the records' attrs fields, shared by every record.

The records (``ledger.model``, ``ledger.scenarios.model``, ``ledger.commitments``) declare
their fields with these, so a title, a timestamp or a tag is checked the same way
wherever it is typed or imported.  A validator takes the field's name as users
see it and raises ``InvalidValue`` naming it and the accepted form; the rules
themselves (bounds, forms) live in ``ledger.rules``.  No IO.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import attrs

from ledger.errors import InvalidValue
from ledger.ids import KEY_FORM, KEY_PATTERN
from ledger.rules import PROBABILITY_RANGE, check_date_range, check_label, check_name, is_probability, split_labels

MAX_TEXT = 20_000


def text(name: str, *, required: bool = False, limit: int = MAX_TEXT) -> Any:
    """Text of at most ``limit`` characters without NUL; ``required``: not blank."""

    def check(_inst: object, _attr: object, value: str) -> None:
        if not isinstance(value, str):
            raise InvalidValue(name, value, "text")
        if "\x00" in value:
            raise InvalidValue(name, value, "text without NUL characters")
        if required and not value.strip():
            raise InvalidValue(name, value, "non-empty text")
        if len(value) > limit:
            raise InvalidValue(name, value, f"at most {limit} characters")

    return check


def analyst_name(name: str) -> Any:
    """An analyst's name as ``rules.check_name`` accepts it, already trimmed."""

    def check(_inst: object, _attr: object, value: object) -> None:
        if check_name(name, value) != value:
            raise InvalidValue(name, value, "a name without spaces around it")

    return check


def day(name: str) -> Any:
    """A calendar date (not a timestamp) in the ledger's date range."""

    def check(_inst: object, _attr: object, value: object) -> None:
        if not isinstance(value, date) or isinstance(value, datetime):
            raise InvalidValue(name, value, "a date YYYY-MM-DD")
        check_date_range(name, value)

    return check


def timestamp(name: str) -> Any:
    """A naive UTC timestamp in the ledger's date range."""

    def check(_inst: object, _attr: object, value: object) -> None:
        if not isinstance(value, datetime) or value.tzinfo is not None:
            raise InvalidValue(name, value, "a naive UTC timestamp")
        check_date_range(name, value)

    return check


def choice(name: str, choices: tuple[str, ...]) -> Any:
    """One of ``choices``."""

    def check(_inst: object, _attr: object, value: object) -> None:
        if value not in choices:
            raise InvalidValue(name, value, " | ".join(choices))

    return check


def labels(name: str) -> Any:
    """A tuple of labels (tags, actors), each as ``rules.check_label`` accepts it."""

    def check(_inst: object, _attr: object, value: tuple[str, ...]) -> None:
        for label in value:
            check_label(name, label)

    return check


def key(name: str) -> Any:
    """A short human key (slug) of the form ``ids.KEY_FORM``."""

    def check(_inst: object, _attr: object, value: object) -> None:
        if not isinstance(value, str) or not KEY_PATTERN.match(value):
            raise InvalidValue(name, value, KEY_FORM)

    return check


def probability(_inst: object, _attr: object, value: Any) -> None:
    """A probability from 0 to 1 (``rules.is_probability``)."""
    if not is_probability(value):
        raise InvalidValue("probability", value, f"{PROBABILITY_RANGE}, or a percentage like 35%")


def optional(check: Any) -> Any:
    """``check``, or None."""
    return attrs.validators.optional(check)


# --- converters ----------------------------------------------------------------------------


def stripped(value: object) -> object:
    """Text with the spaces around it removed (anything else unchanged, for the validator to refuse)."""
    return value.strip() if isinstance(value, str) else value


def label_tuple(value: object) -> tuple[str, ...]:
    """'EU; China' or a list -> a tuple of labels (``rules.split_labels``)."""
    return split_labels(value)  # type: ignore[arg-type]
