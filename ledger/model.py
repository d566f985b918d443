"""The ledger's records: frozen, self-validating attrs classes with no IO.

Every entry path (CLI, TUI, imports, seeds) builds these records, so the rules
and their messages live here once.  A failed rule raises ``InvalidValue``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import attrs
from attrs import field, frozen

from ledger import validators
from ledger.errors import InvalidValue
from ledger.ids import new_id

OUTCOMES = ("yes", "no", "annulled")
PRECISIONS = ("day", "week", "month", "quarter", "half", "season", "year", "decade", "vague")
ITEM_KINDS = ("commitment", "question")
MAX_TITLE = 300


@frozen
class Deadline:
    """A deadline read as a window of days, ``earliest..latest`` inclusive."""

    earliest: date = field(validator=validators.day("deadline earliest"))
    latest: date = field(validator=validators.day("deadline latest"))
    precision: str = field(validator=validators.choice("deadline precision", PRECISIONS))
    phrase: str = field(default="", validator=validators.text("deadline phrase", limit=500))
    rule: str = field(default="", validator=validators.text("deadline rule", limit=500))
    confidence: float = field(default=1.0)

    def __attrs_post_init__(self) -> None:
        if self.latest < self.earliest:
            raise InvalidValue(
                "deadline", f"{self.earliest}..{self.latest}", "a window whose earliest day is not after its latest"
            )
        if not (0.0 <= self.confidence <= 1.0):
            raise InvalidValue("deadline confidence", self.confidence, "a number in [0, 1]")

    @property
    def label(self) -> str:
        """Compact human form: '2025-04-30', 'Apr 2025', '2025-Q2', '2025-04-01..2025-06-15'."""
        e, l = self.earliest, self.latest
        if self.precision == "day" or e == l:
            return e.isoformat()
        if self.precision == "month" and (e.year, e.month) == (l.year, l.month):
            return e.strftime("%b %Y")
        if self.precision == "quarter" and e.month % 3 == 1:
            return f"{e.year}-Q{(e.month - 1) // 3 + 1}"
        if self.precision == "half" and e.month in (1, 7):
            return f"{e.year}-H{1 if e.month == 1 else 2}"
        if self.precision == "year" and (e.month, e.day, l.month, l.day) == (1, 1, 12, 31) and e.year == l.year:
            return str(e.year)
        return f"{e.isoformat()}..{l.isoformat()}"


@frozen
class Source:
    """An article or statement that items are read from."""

    title: str = field(
        converter=validators.stripped, validator=validators.text("title", required=True, limit=MAX_TITLE)
    )
    recorded_at: datetime = field(validator=validators.timestamp("recorded_at"))
    publisher: str = field(default="", converter=validators.stripped, validator=validators.text("publisher", limit=200))
    url: str = field(default="", converter=validators.stripped, validator=validators.text("url", limit=2000))
    published_on: date | None = field(default=None, validator=validators.optional(validators.day("published_on")))
    published_note: str = field(default="", validator=validators.text("published_note", limit=1000))
    text: str = field(default="", validator=validators.text("text", limit=1_000_000))
    text_sha256: str = ""
    id: str = field(factory=new_id)

    def __attrs_post_init__(self) -> None:
        if self.text and not self.text_sha256:
            import hashlib

            object.__setattr__(self, "text_sha256", hashlib.sha256(self.text.encode()).hexdigest())


@frozen
class Item:
    """One revision of a tracked commitment or question.

    ``id`` names the item across revisions; ``revision_id`` names this revision.
    An edit is a new revision with the same ``id`` (see ``revise``).
    """

    key: str = field(validator=validators.key("key"))
    title: str = field(
        converter=validators.stripped, validator=validators.text("title", required=True, limit=MAX_TITLE)
    )
    recorded_at: datetime = field(validator=validators.timestamp("recorded_at"))
    created_at: datetime = field(validator=validators.timestamp("created_at"))
    deadline: Deadline | None = field(default=None)
    statement: str = field(default="", validator=validators.text("statement"))
    actors: tuple[str, ...] = field(default=(), converter=validators.label_tuple, validator=validators.labels("actor"))
    quote: str = field(default="", validator=validators.text("quote", limit=5000))
    criteria: str = field(default="", validator=validators.text("criteria"))
    tags: tuple[str, ...] = field(default=(), converter=validators.label_tuple, validator=validators.labels("tag"))
    kind: str = field(default="question", validator=validators.choice("kind", ITEM_KINDS))
    source_id: str | None = None
    recorded_by: str = ""
    id: str = field(factory=new_id)
    revision_id: str = field(factory=new_id)

    def revise(self, recorded_at: datetime, recorded_by: str, **changes: Any) -> Item:
        """A new revision of this item carrying ``changes``."""
        return attrs.evolve(self, recorded_at=recorded_at, recorded_by=recorded_by, revision_id=new_id(), **changes)


@frozen
class Forecast:
    """A probability that an item resolves yes, as an analyst judged it at ``made_at``."""

    item_id: str
    analyst: str = field(validator=validators.analyst_name("analyst"))
    probability: float = field(validator=validators.probability)
    made_at: datetime = field(validator=validators.timestamp("made_at"))
    recorded_at: datetime = field(validator=validators.timestamp("recorded_at"))
    note: str = field(default="", validator=validators.text("note"))
    id: str = field(factory=new_id)


@frozen
class Resolution:
    """How an item turned out.  A correction is a new Resolution that ``supersedes`` one."""

    item_id: str
    outcome: str = field(validator=validators.choice("outcome", OUTCOMES))
    known_on: date = field(validator=validators.day("known_on"))
    recorded_at: datetime = field(validator=validators.timestamp("recorded_at"))
    analyst: str = ""
    evidence: str = field(default="", validator=validators.text("evidence"))
    supersedes: str | None = None
    id: str = field(factory=new_id)


RETRACTION_TARGETS = ("forecast", "resolution")


@frozen
class Retraction:
    """Takes back a forecast or a resolution recorded by mistake; the record itself stays in history."""

    target: str = field(validator=validators.choice("target", RETRACTION_TARGETS))
    target_id: str = field(validator=validators.text("target id", required=True, limit=100))
    item_id: str = field(validator=validators.text("item id", required=True, limit=100))
    analyst: str = field(validator=validators.text("analyst", required=True, limit=100))
    recorded_at: datetime = field(validator=validators.timestamp("recorded_at"))
    reason: str = field(default="", validator=validators.text("reason"))
    id: str = field(factory=new_id)
