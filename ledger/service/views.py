"""Use-case reads: everything one screen or command shows about an item, read in ONE transaction.

``fledger show`` and the TUI's detail screen ask ``item_view``; the forecast
dialog asks ``forecast_context``; the item form asks ``item_form_view``.  Each opens one connection, so what it returns
describes one state of the ledger, and returns frozen records.
"""

from __future__ import annotations

from attrs import frozen

from ledger.model import Forecast, Item, Resolution, Source
from ledger.scenarios.model import SignpostLink
from ledger.service.commitments import BaseRate, CommitmentOps, CommitmentTrack, actor_base_rates
from ledger.service.items import ItemDetail, ItemOps, is_late, item_detail
from ledger.service.scenarios import ScenarioOps, item_signposts
from ledger.storage import records


@frozen
class Signpost:
    """A scenario outcome an item is a signpost of."""

    set_key: str
    outcome_key: str
    link: SignpostLink


@frozen
class ItemView:
    """An item in full: its detail and history, its commitment status track, the scenario outcomes it
    signposts, and the on-time base rates of its actors."""

    detail: ItemDetail
    track: CommitmentTrack
    signposts: tuple[Signpost, ...]
    base_rates: tuple[BaseRate, ...]

    @property
    def item(self) -> Item:
        return self.detail.item


@frozen
class ForecastContext:
    """What the forecast dialog shows before a forecast: the item, my latest standing forecast, the crowd,
    whether it is already resolved (a forecast now would be late), and the actors' base rates."""

    item: Item
    mine: Forecast | None
    crowd_median: float | None
    n_forecasters: int
    resolution: Resolution | None
    late_now: bool  # a forecast made now would be late, not scored (``ledger.rules.is_late_forecast``)
    base_rates: tuple[BaseRate, ...]


@frozen
class ItemFormView:
    """What the item form offers: the sources an item may cite and, when it edits one, the item as it stands."""

    sources: tuple[Source, ...]
    editing: ItemDetail | None


class ViewOps(ScenarioOps, CommitmentOps, ItemOps):
    def item_view(self, ref: str) -> ItemView:
        """The item a user meant by ``ref`` (key or id prefix), everything about it, from one read."""
        with self._reading() as con:
            item = self._item(con, ref)
            return ItemView(
                detail=item_detail(con, item, self.today()),
                track=self._track(con, item.id),
                signposts=tuple(Signpost(*found) for found in item_signposts(con, item.id)),
                base_rates=tuple(actor_base_rates(con, item.actors)),
            )

    def forecast_context(self, ref: str) -> ForecastContext:
        """What to show beside a new forecast on ``ref``, from one read."""
        with self._reading() as con:
            item = self._item(con, ref)
            detail = item_detail(con, item, self.today())
            rates = actor_base_rates(con, item.actors)
        latest = detail.latest_by_analyst()
        return ForecastContext(
            item=item,
            mine=latest.get(self.analyst),
            crowd_median=detail.crowd_median(),
            n_forecasters=len(latest),
            resolution=detail.resolution,
            late_now=is_late(self.now(), detail.resolution),
            base_rates=tuple(rates),
        )

    def item_form_view(self, ref: str | None = None) -> ItemFormView:
        """The sources, and the item ``ref`` to edit (None: a new item), from one read."""
        with self._reading() as con:
            editing = item_detail(con, self._item(con, ref), self.today()) if ref else None
            return ItemFormView(sources=tuple(records.sources(con)), editing=editing)
