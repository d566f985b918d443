"""The ledger's rules stated per stored table, for checking whole relations.

The same rules the records enforce on entry (``ledger.model``, ``ledger.rules``),
described as data so that bulk imports and ``fledger check`` can apply them in
SQL (``ledger.storage.rule_sql`` turns each kind of rule into a predicate).
A rule names its table, the column(s) it reads and the accepted form.
"""

from __future__ import annotations

from attrs import frozen

from ledger import rules
from ledger.commitments import STATUSES
from ledger.ids import KEY_FORM
from ledger.model import ITEM_KINDS, MAX_TITLE, OUTCOMES, PRECISIONS
from ledger.scenarios.math import MAX_OUTCOMES, MIN_OUTCOMES

KINDS = ("date", "choice", "window", "key", "title", "labels", "name", "probability", "confidence", "ratio")
GROUP_KINDS = ("vector_sum", "outcome_count")


@frozen
class RowRule:
    """One column (or a pair, for windows) of every row of ``table`` must have ``accepted``'s form."""

    table: str
    columns: tuple[str, ...]
    kind: str  # one of KINDS
    accepted: str
    choices: tuple[str, ...] = ()
    required: bool = False  # NULL breaks the rule

    @property
    def field(self) -> str:
        return "..".join(self.columns)


@frozen
class GroupRule:
    """The rows of ``table`` sharing ``group`` must, together, have ``accepted``'s form."""

    table: str
    group: str
    column: str
    kind: str  # one of GROUP_KINDS
    accepted: str
    low: float = 0.0
    high: float = 0.0

    @property
    def field(self) -> str:
        return self.column


def _dates(table: str, *columns: str) -> list[RowRule]:
    return [RowRule(table, (c,), "date", rules.DATE_RANGE_FORM) for c in columns]


def _window(table: str, earliest: str, latest: str, precision: str) -> list[RowRule]:
    return [
        *_dates(table, earliest, latest),
        RowRule(table, (earliest, latest), "window", rules.WINDOW_FORM),
        RowRule(table, (precision,), "choice", " | ".join(PRECISIONS), PRECISIONS),
    ]


def _name(table: str, column: str) -> RowRule:
    return RowRule(table, (column,), "name", rules.NAME_FORM, required=True)


ROW_RULES: tuple[RowRule, ...] = (
    *_dates("sources", "published_on", "recorded_at"),
    RowRule("sources", ("title",), "title", f"a title of 1-{MAX_TITLE} characters"),
    RowRule("item_revisions", ("key",), "key", KEY_FORM),
    RowRule("item_revisions", ("title",), "title", f"a title of 1-{MAX_TITLE} characters"),
    RowRule("item_revisions", ("kind",), "choice", " | ".join(ITEM_KINDS), ITEM_KINDS, required=True),
    RowRule("item_revisions", ("tags",), "labels", rules.LABEL_FORM),
    RowRule("item_revisions", ("actors",), "labels", rules.LABEL_FORM),
    *_window("item_revisions", "deadline_earliest", "deadline_latest", "deadline_precision"),
    RowRule("item_revisions", ("deadline_confidence",), "confidence", rules.CONFIDENCE_FORM),
    *_dates("item_revisions", "created_at", "recorded_at"),
    _name("forecasts", "analyst"),
    RowRule("forecasts", ("probability",), "probability", "a number from 0 to 1", required=True),
    *_dates("forecasts", "made_at", "recorded_at"),
    RowRule("resolutions", ("outcome",), "choice", " | ".join(OUTCOMES), OUTCOMES, required=True),
    *_dates("resolutions", "known_on", "recorded_at"),
    RowRule("retractions", ("target",), "choice", "forecast | resolution", ("forecast", "resolution"), required=True),
    _name("retractions", "analyst"),
    *_dates("retractions", "recorded_at"),
    RowRule("scenario_set_revisions", ("key",), "key", KEY_FORM),
    RowRule("scenario_set_revisions", ("question",), "title", f"a question of 1-{MAX_TITLE} characters"),
    RowRule("scenario_set_revisions", ("tags",), "labels", rules.LABEL_FORM),
    *_window("scenario_set_revisions", "close_earliest", "close_latest", "close_precision"),
    RowRule("scenario_set_revisions", ("close_confidence",), "confidence", rules.CONFIDENCE_FORM),
    *_dates("scenario_set_revisions", "created_at", "recorded_at"),
    RowRule("scenario_outcomes", ("key",), "key", KEY_FORM),
    RowRule("scenario_outcomes", ("label",), "title", "a label of 1-200 characters"),
    _name("scenario_forecasts", "analyst"),
    RowRule("scenario_forecasts", ("probability",), "probability", "a number from 0 to 1", required=True),
    *_dates("scenario_forecasts", "made_at", "recorded_at"),
    *_dates("scenario_resolutions", "known_on", "recorded_at"),
    RowRule("signpost_links", ("direction",), "choice", "supports | undermines", ("supports", "undermines")),
    RowRule("signpost_links", ("likelihood_ratio",), "ratio", "a likelihood ratio of at least 1"),
    *_dates("signpost_links", "recorded_at"),
    RowRule("item_events", ("kind",), "choice", "status | slip", ("status", "slip"), required=True),
    RowRule("item_events", ("status",), "choice", " | ".join(STATUSES), STATUSES),
    *_window("item_events", "new_earliest", "new_latest", "new_precision"),
    *_dates("item_events", "on_date", "recorded_at"),
)

GROUP_RULES: tuple[GroupRule, ...] = (
    GroupRule("scenario_forecasts", "id", "probability", "vector_sum", "probabilities summing to 1",
              1.0 - rules.SUM_TOLERANCE, 1.0 + rules.SUM_TOLERANCE),
    GroupRule("scenario_outcomes", "set_revision_id", "outcome_id", "outcome_count",
              f"{MIN_OUTCOMES}-{MAX_OUTCOMES} outcomes per set", MIN_OUTCOMES, MAX_OUTCOMES),
)  # fmt: skip

# Title-like text limits by column (title rule): at most this many characters.
TITLE_LIMITS = {"title": MAX_TITLE, "question": MAX_TITLE, "label": 200}


def row_rules(table: str) -> list[RowRule]:
    return [r for r in ROW_RULES if r.table == table]


def group_rules(table: str) -> list[GroupRule]:
    return [r for r in GROUP_RULES if r.table == table]
