"""Sources, items, forecasts and resolutions: recording and reading back."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import attrs
from attrs import frozen

from ledger.errors import Conflict, InvalidValue, LedgerError, NotFound
from ledger.ids import slugify
from ledger.model import Deadline, Forecast, Item, Origin, Resolution, Retraction, Source
from ledger.parsing import ProbabilityReading, check_certainty, parse_outcome, read_probability
from ledger.rules import deadline_anchor, is_late_forecast
from ledger.service.base import LedgerBase
from ledger.service.commitments import BaseRate, actor_base_rates
from ledger.storage import Connection, browse, records

if TYPE_CHECKING:  # the phrase reader and extractor load when first used, not on every start-up
    from ledger.reading.extract import Candidate

DEADLINE_FORM = "a deadline like 2025-04-30, 2025-04, 2025-Q2, 2025, 'by April' or 'end of 2025'"
EDITABLE = ("title", "key", "deadline", "statement", "actors", "quote", "criteria", "tags", "kind", "source")


@frozen
class ItemSummary:
    """One line of an item list: the item's current state as seen by one analyst."""

    id: str
    key: str
    title: str
    kind: str
    actors: tuple[str, ...]
    tags: tuple[str, ...]
    deadline_earliest: date | None
    deadline_latest: date | None
    deadline_precision: str | None
    deadline_phrase: str | None
    days_left: int | None
    outcome: str | None
    known_on: date | None
    my_probability: float | None
    my_made_at: datetime | None
    crowd_median: float | None
    n_forecasters: int
    source_id: str | None
    created_at: datetime
    n_late: int = 0  # forecasters whose latest forecast came after the outcome was known (in the crowd, never scored)

    @property
    def deadline(self) -> Deadline | None:
        if self.deadline_earliest is None or self.deadline_latest is None:
            return None
        return Deadline(self.deadline_earliest, self.deadline_latest, self.deadline_precision or "day")

    @property
    def status(self) -> str:
        if self.outcome:
            return self.outcome
        if self.days_left is not None and self.days_left < 0:
            return "due"
        return "open"

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> ItemSummary:
        row = dict(row)
        row["actors"] = tuple(row["actors"])
        row["tags"] = tuple(row["tags"])
        return cls(**row)


@frozen
class ItemDetail:
    item: Item
    source: Source | None
    revisions: list[Item]
    forecasts: list[Forecast]
    resolutions: list[Resolution]
    resolution: Resolution | None
    retractions: list[Retraction] = attrs.Factory(list)  # forecasts and resolutions taken back
    origin: Origin | None = None  # the tool the item was imported from, and its id there
    withdrawals: dict[str, datetime] = attrs.Factory(dict)  # forecast id -> when another tool says it stopped

    def is_late(self, forecast: Forecast) -> bool:
        return is_late(forecast.made_at, self.resolution)

    def withdrawn_at(self, forecast: Forecast) -> datetime | None:
        """When another tool says ``forecast`` stopped standing (Metaculus's End Time), None if it did not."""
        return self.withdrawals.get(forecast.id)

    def retraction_of(self, record: Forecast | Resolution) -> Retraction | None:
        """The retraction that took ``record`` back, None while it stands."""
        return next((r for r in self.retractions if r.target_id == record.id), None)

    @property
    def live_forecasts(self) -> list[Forecast]:
        """The forecasts not retracted, in made_at order: the ones that count."""
        return [f for f in self.forecasts if self.retraction_of(f) is None]

    def latest_by_analyst(self) -> dict[str, Forecast]:
        """analyst -> their latest forecast, when it still stands (forecasts are kept in made_at order).

        A latest forecast that was withdrawn leaves its analyst out (an earlier one does not come
        back), as in the item list and in scoring."""
        latest = {f.analyst: f for f in self.live_forecasts}
        return {a: f for a, f in latest.items() if f.id not in self.withdrawals}

    def crowd_median(self) -> float | None:
        """The median of each analyst's latest forecast (as in the item list), None with no forecasts."""
        values = [f.probability for f in self.latest_by_analyst().values()]
        return statistics.median(values) if values else None


@frozen
class ForecastResult:
    forecast: Forecast
    item: Item
    late: bool
    previous: Forecast | None
    base_rates: list[BaseRate] = attrs.Factory(list)  # the item's actors' on-time records, to weigh the forecast


def is_late(made_at: datetime, resolution: Resolution | None) -> bool:
    """A forecast made on or after the day the outcome became known never counts."""
    return is_late_forecast(made_at, resolution.known_on if resolution is not None else None)


@frozen
class SourceRecorded:
    """What recording an article changed: its source (new, or the one already holding the text) and the items added."""

    source: Source
    items: list[ItemSummary]
    existed: bool


class ItemOps(LedgerBase):
    # --- sources ------------------------------------------------------------
    def add_source(self, title: str, **fields: Any) -> Source:
        """Record an article (``record_source``, with the same fields); returns the source."""
        return self.record_source(title, **fields).source

    def record_source(
        self,
        title: str,
        *,
        publisher: str = "",
        url: str = "",
        published_on: date | None = None,
        published_note: str = "",
        text: str = "",
        candidates: Sequence[Candidate] = (),
    ) -> SourceRecorded:
        """Record an article and, in the same transaction, one commitment item per accepted candidate
        (as extracted, or as the analyst edited it with ``edit_candidate``); returns what changed.

        An article whose full text is already recorded is not recorded twice: the
        existing source is kept (``existed``), and only the candidates whose sentence
        is not already the quote of one of its items are added to it.
        """
        source = Source(
            title=title, publisher=publisher, url=url, published_on=published_on, published_note=published_note,
            text=text, recorded_at=self.now(),
        )  # fmt: skip
        with self._writing() as con:
            existing = records.source_by_text_sha(con, source.text_sha256) if text else None
            if existing is None:
                records.insert_sources(con, [source])
            else:
                source = existing
            added = self._add_candidates(con, source, candidates)
            rows = self._list_rows_of(con, source, added) if added else []
        return SourceRecorded(source, [ItemSummary.from_row(r) for r in rows], existed=existing is not None)

    def _list_rows_of(self, con: Connection, source: Source, added: list[Item]) -> list[dict[str, Any]]:
        """The item-list rows of ``added``, in the source's list order."""
        new_ids = {i.id for i in added}
        in_list_order = [i for i in records.item_ids_of_source(con, source.id) if i in new_ids]
        return browse.items_by_id(con, in_list_order, analyst=self.analyst, today=self.today())

    def add_candidates(self, source_ref: str, candidates: Sequence[Candidate]) -> list[Item]:
        """Accepted candidates of an already recorded source become its commitment items."""
        with self._writing() as con:
            return self._add_candidates(con, self._source(con, source_ref), candidates)

    def _add_candidates(self, con: Connection, source: Source, candidates: Sequence[Candidate]) -> list[Item]:
        from ledger.reading.extract import commitment_title

        quoted = records.quotes_of_source(con, source.id)
        added = []
        for c in candidates:
            quote = c.sentence[:5000]
            if quote in quoted:
                continue  # this sentence is already an item of the source
            item = self._new_item(
                con, c.title or commitment_title(c.sentence), key=c.key or None, deadline=c.deadline, as_of=None,
                source=source, actors=(c.actor,) if c.actor else (), quote=quote, kind="commitment",
                free_key=True,
            )  # fmt: skip
            records.insert_item_revisions(con, [item])  # one at a time, so derived keys stay unique
            quoted.add(quote)
            added.append(item)
        return added

    def source_for_text(self, text: str) -> Source | None:
        """The recorded source holding exactly this article text, if any (matched by its sha256)."""
        if not text:
            return None
        sha = Source(title="-", recorded_at=self.now(), text=text).text_sha256
        with self._reading() as con:
            return records.source_by_text_sha(con, sha)

    def extract(self, text: str, published: date | None = None) -> list[Candidate]:
        """Candidate commitments in an article, best first (deadlines read relative to ``published``)."""
        from ledger.reading.extract import read_article

        return read_article(text, published or self.today())  # another script or a mix: refused, one line

    def edit_candidate(
        self,
        candidate: Candidate,
        published: date | None,
        *,
        title: str | None = None,
        key: str | None = None,
        deadline: str | None = None,
        actor: str | None = None,
    ) -> Candidate:
        """The candidate with the analyst's corrections, checked as an item would check them.

        ``deadline`` is a phrase read relative to ``published`` (an empty one removes
        the deadline); ``key`` must be a valid item key that no item uses yet.
        """
        changes: dict[str, Any] = {}
        if title is not None:
            changes["title"] = " ".join(title.split())
        if actor is not None:
            changes["actor"] = " ".join(actor.split())
        if deadline is not None:
            phrase = deadline.strip()
            changes["deadline"] = self.read_deadline(phrase, published or self.today()) if phrase else None
        if key is not None:
            changes["key"] = key.strip()
        edited = attrs.evolve(candidate, **changes)
        now = self.now()
        Item(key=edited.key or "x", title=edited.title or "x", recorded_at=now, created_at=now,
             actors=(edited.actor,) if edited.actor else ())  # fmt: skip  # validates title, key and actor
        if key:
            with self._reading() as con:
                if records.key_taken(con, edited.key):
                    raise Conflict(f"key: {edited.key!r} is already used by another item; choose another key")
        return edited

    def sources(self) -> list[Source]:
        with self._reading() as con:
            return records.sources(con)

    def source(self, ref: str) -> Source:
        with self._reading() as con:
            return self._source(con, ref)

    def _source(self, con: Connection, ref: str) -> Source:
        found = records.find_sources(con, ref.strip())
        if not found:
            raise NotFound(f"source: no source has id or title {ref!r}; see 'fledger source list'")
        if len(found) > 1:
            raise LedgerError(f"source: {ref!r} matches {len(found)} sources; type more of the id")
        return found[0]

    def source_items(self, source_id: str) -> list[ItemSummary]:
        """The items read from one source, in list order."""
        with self._reading() as con:
            ids = records.item_ids_of_source(con, source_id)
            rows = browse.items_by_id(con, ids, analyst=self.analyst, today=self.today())
        return [ItemSummary.from_row(r) for r in rows]

    # --- items --------------------------------------------------------------
    def read_deadline(self, phrase: str, anchor: date) -> Deadline:
        """A deadline typed by the analyst (a window already past is accepted: the item is then due)."""
        from ledger.reading.deadlines import read_typed_deadline

        reading = read_typed_deadline(phrase, anchor)
        if reading.deadline is None:
            raise InvalidValue("deadline", phrase, f"{DEADLINE_FORM} ({reading.reason})")
        return reading.deadline

    def add_item(
        self,
        title: str,
        *,
        key: str | None = None,
        deadline: str | Deadline | None = None,
        as_of: date | None = None,
        statement: str = "",
        actors: tuple[str, ...] | list[str] | str = (),
        quote: str = "",
        criteria: str = "",
        tags: tuple[str, ...] | list[str] | str = (),
        kind: str = "question",
        source: str | None = None,
        allow_past: bool = True,
    ) -> Item:
        """Record a new item.  With ``allow_past`` False, a deadline that ended before the source's
        publication day is refused with ``PastDeadline`` (the caller may ask and try again)."""
        with self._writing() as con:
            src = self._source(con, source) if source else None
            item = self._new_item(
                con, title, key=key, deadline=deadline, as_of=as_of, statement=statement, actors=actors,
                quote=quote, criteria=criteria, tags=tags, kind=kind, source=src,
            )  # fmt: skip
            if not allow_past and src is not None:
                from ledger.reading.deadlines import check_not_past

                check_not_past(item.deadline, src.published_on)
            records.insert_item_revisions(con, [item])
        return item

    def _new_item(
        self, con: Connection, title: str, *, key: str | None, deadline: str | Deadline | None,
        as_of: date | None, source: Source | None, free_key: bool = False, **fields: Any,
    ) -> Item:  # fmt: skip
        """A validated first revision, its deadline read relative to the source's date (or as_of, or today).

        With ``free_key`` a proposed key that is taken gets a number (``-2``) instead of being refused.
        """
        anchor = deadline_anchor(as_of, source.published_on if source else None, self.today)
        window = self.read_deadline(deadline, anchor) if isinstance(deadline, str) else deadline
        now = self.now()
        if key and free_key:
            key = _free_key(con, key)
        item = Item(
            key=key or _free_key(con, slugify(title)), title=title, recorded_at=now, created_at=now,
            deadline=window, source_id=source.id if source else None, recorded_by=self.analyst, **fields,
        )  # fmt: skip
        if records.key_taken(con, item.key):
            raise Conflict(f"key: {item.key!r} is already used by another item; choose another --key")
        return item

    def edit_item(self, ref: str, *, as_of: date | None = None, **changes: Any) -> Item:
        """Record a new revision of an item.  ``changes`` keys: see EDITABLE."""
        unknown = set(changes) - set(EDITABLE)
        if unknown:
            raise InvalidValue("edit", ", ".join(sorted(unknown)), "fields among " + ", ".join(EDITABLE))
        changes = {k: v for k, v in changes.items() if v is not None}
        if not changes:
            raise InvalidValue("edit", "nothing", "at least one field to change: " + ", ".join(EDITABLE))
        with self._writing() as con:
            current = records.current_item(con, self._item_id(con, ref))
            if "source" in changes:
                changes["source_id"] = self._source(con, changes.pop("source")).id
            if isinstance(changes.get("deadline"), str):
                src = records.source_by_id(con, current.source_id) if current.source_id else None
                anchor = deadline_anchor(as_of, src.published_on if src else None, self.today)
                changes["deadline"] = self.read_deadline(changes["deadline"], anchor)
            revised = current.revise(self.now_after(current.recorded_at), self.analyst, **changes)
            if "key" in changes and records.key_taken(con, revised.key, except_item=current.id):
                raise Conflict(f"key: {revised.key!r} is already used by another item; choose another key")
            if attrs.evolve(revised, recorded_at=current.recorded_at, recorded_by=current.recorded_by,
                            revision_id=current.revision_id) == current:  # fmt: skip
                raise InvalidValue("edit", "no change", "a value different from the current one")
            records.insert_item_revisions(con, [revised])
        return revised

    def items(
        self,
        view: str = "open",
        *,
        as_of: datetime | None = None,
        limit: int | None = None,
        sort: str = "deadline",
        reverse: bool = False,
        tags: Sequence[str] = (),
        actors: Sequence[str] = (),
    ) -> list[ItemSummary]:
        """Every item of ``view`` (open, due, resolved, all) in ``sort`` order (``ledger.service.ordering``),
        only those with one of ``tags`` / ``actors`` (any case) when given; see also ``item_page``."""
        from ledger.service.ordering import check_sort, ordered, summary_fields

        if view not in browse.VIEWS:
            raise InvalidValue("view", view, " | ".join(browse.VIEWS))
        sort = check_sort(sort)
        with self._reading() as con:
            rows, _ = browse.item_page(
                con, view=view, analyst=self.analyst, today=self.today(), as_of=as_of,
                limit=browse.WHOLE_LIST if limit is None else limit,
            )  # fmt: skip
        found = [ItemSummary.from_row(r) for r in rows]
        if tags:
            wanted = {t.strip().lower() for t in tags}
            found = [s for s in found if wanted & {t.lower() for t in s.tags}]
        if actors:
            wanted = {a.strip().lower() for a in actors}
            found = [s for s in found if wanted & {a.lower() for a in s.actors}]
        if sort != "deadline" or reverse:
            found = ordered(found, sort, reverse, summary_fields)
        return found

    def item(self, ref: str) -> ItemDetail:
        with self._reading() as con:
            return item_detail(con, self._item(con, ref), self.today())

    # --- forecasts ----------------------------------------------------------
    def forecast(
        self,
        ref: str,
        probability: str | float | ProbabilityReading,
        *,
        made_at: datetime | None = None,
        note: str = "",
        certain: bool = False,
    ) -> ForecastResult:
        """Record my forecast; 0 and 1 (certainty) only with ``certain`` (docs/decisions.md).

        ``probability`` as typed, or as ``read_probability`` already read it (a dialog that previewed it).
        """
        reading = probability if isinstance(probability, ProbabilityReading) else read_probability(probability)
        check_certainty(reading, certain)
        p = reading.value
        now = self.now()
        if made_at is not None and made_at > now:
            raise InvalidValue("at", made_at.isoformat(sep=" "), "a time that is not in the future")
        with self._writing() as con:
            item = self._item(con, ref)
            item_id = item.id
            previous = records.latest_forecast(con, item_id, self.analyst)
            forecast = Forecast(item_id, self.analyst, p, made_at or now, now, note)
            records.insert_forecasts(con, [forecast])
            resolution = records.current_resolution(con, item_id)
            rates = actor_base_rates(con, item.actors)
        return ForecastResult(forecast, item, is_late(forecast.made_at, resolution), previous, rates)

    # --- resolutions --------------------------------------------------------
    def resolve(
        self, ref: str, outcome: str, *, known_on: date | None = None, evidence: str = "", correct: bool = False
    ) -> Resolution:
        outcome = parse_outcome(outcome)
        known = known_on or self.today()
        if known > self.today():
            raise InvalidValue("known-on", known.isoformat(), "a date that is not in the future")
        with self._writing() as con:
            item = self._item(con, ref)
            item_id, key = item.id, item.key
            current = records.current_resolution(con, item_id)
            if current and not correct:
                raise Conflict(
                    f"resolve: {key!r} is already resolved {current.outcome} (known on {current.known_on}); "
                    "add --correct to record a correction"
                )
            if correct and not current:
                raise Conflict(f"resolve: {key!r} has no resolution to correct; leave out --correct")
            resolution = Resolution(
                item_id,
                outcome,
                known,
                self.now_after(current.recorded_at) if current else self.now(),
                self.analyst,
                evidence,
                current.id if current else None,
            )
            records.insert_resolution(con, resolution)
        return resolution


def item_detail(con: Connection, item: Item, today: date) -> ItemDetail:
    """An item's source and whole history, read through ``con`` (withdrawals as standing on ``today``)."""
    return ItemDetail(
        item=item,
        source=records.source_by_id(con, item.source_id) if item.source_id else None,
        revisions=records.item_revisions(con, item.id),
        forecasts=records.item_forecasts(con, item.id),
        resolutions=records.item_resolutions(con, item.id),
        resolution=records.current_resolution(con, item.id),
        retractions=records.item_retractions(con, item.id),
        origin=records.item_origin(con, item.id),
        withdrawals=records.item_withdrawals(con, item.id, today),
    )


def _free_key(con: Connection, base: str) -> str:
    taken = records.keys_with_prefix(con, base[:40])

    def candidate(n: int) -> str:
        # A long base is cut to make room for the suffix, so the suffix is never lost.
        return base if n == 1 else f"{base[: 47 - len(str(n))]}-{n}"

    n = 1
    while candidate(n) in taken:
        n += 1
    return candidate(n)
