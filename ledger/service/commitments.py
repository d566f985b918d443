"""Commitment status tracks (status changes, deadline slips, closing), ladder
questions, and actor base rates."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from attrs import frozen

from ledger.commitments import (
    CLOSING_STATUSES,
    DEFAULT_OUTCOME,
    OPEN_STATUSES,
    ItemEvent,
    check_transition,
    current_status,
)
from ledger.errors import Conflict, InvalidValue
from ledger.model import MAX_TITLE, Deadline, Item, Resolution
from ledger.parsing import parse_outcome
from ledger.service.base import LedgerBase
from ledger.storage import Connection, records
from ledger.storage import commitments as store


@frozen
class CommitmentTrack:
    """A commitment's status history beside its yes/no resolution."""

    item: Item
    status: str
    events: list[ItemEvent]
    original_deadline: Deadline | None  # before the first slip

    @property
    def slips(self) -> list[ItemEvent]:
        return [e for e in self.events if e.kind == "slip"]


@frozen
class BaseRate:
    """How often an actor (or outlet) kept its commitments on time."""

    grouping: str  # actor | outlet
    name: str
    tracked: int
    kept_on_time: int
    kept_late: int
    compromise: int
    broken: int
    void: int  # resolved annulled without a status track
    open: int
    closed: int  # kept_on_time + kept_late + compromise + broken
    on_time_rate: float | None
    wilson_low: float | None
    wilson_high: float | None
    median_slip_days: float | None

    @property
    def summary(self) -> str:
        """'Sberbank: kept 2 of 5 on time (40%, 95% CI 12-77%); 1 kept late, median slip 30 d; 2 open'."""
        if not self.closed:
            return f"{self.name}: no closed commitments yet ({self.open} open)"
        assert self.on_time_rate is not None and self.wilson_low is not None and self.wilson_high is not None
        text = (
            f"{self.name}: kept {self.kept_on_time} of {self.closed} on time ({self.on_time_rate:.0%}, "
            f"95% CI {self.wilson_low:.0%}-{self.wilson_high:.0%})"
        )
        if self.kept_late:
            text += f"; {self.kept_late} kept late, median slip {self.median_slip_days:g} d"
        if self.open:
            text += f"; {self.open} open"
        return text


class CommitmentOps(LedgerBase):
    # --- reading ---------------------------------------------------------------
    def commitment_track(self, ref: str) -> CommitmentTrack:
        with self._reading() as con:
            return self._track(con, self._item_id(con, ref))

    def _track(self, con: Connection, item_id: str) -> CommitmentTrack:
        item = records.current_item(con, item_id)
        events = store.item_events(con, item_id)
        slips = [e for e in events if e.kind == "slip"]
        original = item.deadline
        if slips:
            revisions = records.item_revisions(con, item_id)
            before = [r for r in revisions if r.recorded_at < slips[0].recorded_at]
            original = (before[-1] if before else revisions[0]).deadline
        return CommitmentTrack(item, current_status(events), events, original)

    def _open_commitment(self, con: Connection, ref: str) -> CommitmentTrack:
        track = self._track(con, self._item_id(con, ref))
        if track.item.kind != "commitment":
            raise InvalidValue(
                "item", track.item.key,
                f"a commitment (this is a question; 'fledger item edit {track.item.key} --kind commitment' changes it)",
            )  # fmt: skip
        resolution = records.current_resolution(con, track.item.id)
        if resolution is not None:
            raise Conflict(
                f"status: {track.item.key!r} is already resolved {resolution.outcome} (known on {resolution.known_on}); "
                "its status track is closed"
            )
        return track

    def _on(self, on: date | None) -> date:
        day = on or self.today()
        if day > self.today():
            raise InvalidValue("on", day.isoformat(), "a date that is not in the future")
        return day

    # --- status track -----------------------------------------------------------
    def set_status(self, ref: str, status: str, *, on: date | None = None, evidence: str = "") -> ItemEvent:
        """Move a commitment to in-progress or stalled (closing goes through ``close_commitment``)."""
        if status not in OPEN_STATUSES:
            hint = " (use 'fledger item close' to close it)" if status in CLOSING_STATUSES else ""
            raise InvalidValue("status", status, " | ".join(OPEN_STATUSES) + hint)
        day = self._on(on)
        with self._writing() as con:
            track = self._open_commitment(con, ref)
            check_transition(track.status, status)
            event = ItemEvent(track.item.id, "status", day, self.now(), self.analyst, evidence, status=status)
            store.insert_events(con, [event])
        return event

    def slip_deadline(
        self, ref: str, deadline: str | Deadline, *, on: date | None = None, evidence: str = ""
    ) -> tuple[ItemEvent, Item]:
        """Record a deadline slip: a new item revision with the new window, and a slip event.

        The phrase is read relative to ``on`` (the day the slip was announced).  The
        original window stays in the item's revisions.
        """
        day = self._on(on)
        window = self.read_deadline(deadline, day) if isinstance(deadline, str) else deadline  # type: ignore[attr-defined]
        with self._writing() as con:
            track = self._open_commitment(con, ref)
            now = self.now_after(track.item.recorded_at)
            current = track.item.deadline
            if current is not None and window.latest <= current.latest:
                raise InvalidValue(
                    "new deadline",
                    window.label,
                    f"a window ending after the current deadline's last day ({current.latest})",
                )
            revised = track.item.revise(now, self.analyst, deadline=window)
            event = ItemEvent(track.item.id, "slip", day, now, self.analyst, evidence, window=window)
            records.insert_item_revisions(con, [revised])
            store.insert_events(con, [event])
        return event, revised

    def close_commitment(
        self, ref: str, status: str, *, outcome: str | None = None, on: date | None = None, evidence: str = ""
    ) -> tuple[ItemEvent, Resolution]:
        """Close as kept, compromise or broken: a status event plus the item's resolution.

        The resolution follows the declared mapping (kept -> yes, broken -> no,
        compromise -> annulled); for a compromise the analyst may choose yes or no.
        """
        if status not in CLOSING_STATUSES:
            raise InvalidValue("status", status, " | ".join(CLOSING_STATUSES))
        chosen = parse_outcome(outcome) if outcome else DEFAULT_OUTCOME[status]
        if status != "compromise" and chosen != DEFAULT_OUTCOME[status]:
            raise InvalidValue(
                "outcome", chosen, f"{DEFAULT_OUTCOME[status]} for a commitment closed as {status} (or leave it out)"
            )
        day = self._on(on)
        with self._reading() as con:
            track = self._open_commitment(con, ref)
            check_transition(track.status, status)
        # The resolution goes through the one resolve path (its checks, its record);
        # the status event follows it, so a refused resolution leaves no event behind.
        resolution = self.resolve(track.item.id, chosen, known_on=day, evidence=evidence)  # type: ignore[attr-defined]
        event = ItemEvent(track.item.id, "status", day, self.now(), self.analyst, evidence, status=status)
        with self._writing() as con:
            store.insert_events(con, [event])
        return event, resolution

    # --- ladder questions --------------------------------------------------------
    def ladder(self, ref: str, offsets: list[int]) -> list[Item]:
        """Binary questions 'kept by the deadline', '+N days', ... from an item with a deadline."""
        if not offsets or len(offsets) > 10 or any(n < 0 for n in offsets) or len(set(offsets)) != len(offsets):
            raise InvalidValue("offsets", ",".join(map(str, offsets)), "1-10 different day counts >= 0, like 0,30,90")
        now = self.now()
        with self._writing() as con:
            base = records.current_item(con, self._item_id(con, ref))
            if base.deadline is None:
                raise InvalidValue(
                    "item", base.key, "an item with a deadline (set one with 'fledger item edit --deadline')"
                )
            rungs = [_rung(base, n, now, self.analyst) for n in sorted(offsets)]
            for rung in rungs:
                if records.key_taken(con, rung.key):
                    raise Conflict(f"key: {rung.key!r} is already used; this ladder rung may exist already")
            records.insert_item_revisions(con, rungs)
        return rungs

    # --- base rates ---------------------------------------------------------------
    def actor_base_rates(self) -> list[BaseRate]:
        """Per actor and per outlet (source publisher): commitments by fate and the on-time rate."""
        with self._reading() as con:
            return [BaseRate(**r) for r in store.base_rates(con)]

    def actor_base_rate(self, actor: str) -> BaseRate | None:
        with self._reading() as con:
            rows = store.base_rates(con, actors=[actor])
        return BaseRate(**rows[0]) if rows else None

    def item_base_rates(self, ref: str) -> list[BaseRate]:
        """The base rate of each actor named on an item (for the item detail and the forecast prompt)."""
        with self._reading() as con:
            return actor_base_rates(con, records.current_item(con, self._item_id(con, ref)).actors)


def actor_base_rates(con: Connection, actors: tuple[str, ...]) -> list[BaseRate]:
    """The base rate of each of ``actors`` that has commitments, in the order given."""
    rates = {r["name"]: r for r in store.base_rates(con, actors=list(actors))} if actors else {}
    return [BaseRate(**rates[a]) for a in actors if a in rates]


def _rung(base: Item, offset: int, now: Any, analyst: str) -> Item:
    assert base.deadline is not None
    by = base.deadline.latest + timedelta(days=offset)
    when = f"by the deadline ({by})" if offset == 0 else f"+{offset} days ({by})"
    suffix = "by-deadline" if offset == 0 else f"plus-{offset}d"
    title = f"{base.title} — {when}"
    if len(title) > MAX_TITLE:
        title = base.title[: MAX_TITLE - len(when) - 4] + "… — " + when
    criteria = (
        f"YES if the commitment '{base.key}' is kept on or before {by}"
        + (f" ({offset} days after its deadline)" if offset else "")
        + ", judged by its own criteria. NO otherwise."
    )
    return Item(
        key=f"{base.key[: 47 - len(suffix)]}-{suffix}", title=title, recorded_at=now, created_at=now,
        deadline=Deadline(by, by, "day", by.isoformat(), f"{offset} days after the deadline of {base.key}"),
        statement=f"Ladder question on '{base.key}': {base.title}", actors=base.actors, criteria=criteria,
        tags=(*base.tags, "ladder"), kind="question", source_id=base.source_id, recorded_by=analyst,
    )  # fmt: skip
