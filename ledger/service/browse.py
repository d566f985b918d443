"""Browsing a large ledger: one page of the item list at a time, and noticing changes made elsewhere."""

from __future__ import annotations

from datetime import datetime

from attrs import frozen

from ledger.errors import InvalidValue
from ledger.service.base import LedgerBase
from ledger.service.items import ItemSummary
from ledger.storage import browse, records

MAX_PAGE = 5000


@frozen
class ItemPage:
    """A window of the item list: ``rows`` start at ``offset`` among ``total`` matching items."""

    view: str
    query: str
    offset: int
    rows: list[ItemSummary]
    total: int


class BrowseOps(LedgerBase):
    def item_page(
        self,
        view: str = "open",
        *,
        query: str = "",
        limit: int = 200,
        offset: int = 0,
        as_of: datetime | None = None,
    ) -> ItemPage:
        """Items of ``view`` whose key, title, actor or tag contains ``query`` (any case), sorted by deadline."""
        if view not in records.VIEWS:
            raise InvalidValue("view", view, " | ".join(records.VIEWS))
        if not 1 <= limit <= MAX_PAGE:
            raise InvalidValue("limit", limit, f"a page size from 1 to {MAX_PAGE}")
        if offset < 0:
            raise InvalidValue("offset", offset, "a row number of 0 or more")
        with self.reading() as con:
            rows, total = browse.item_page(
                con, view=view, analyst=self.analyst, today=self.today(), query=query,
                limit=limit, offset=offset, as_of=as_of,
            )  # fmt: skip
        return ItemPage(view, query, offset, [ItemSummary.from_row(r) for r in rows], total)

    def change_marker(self) -> tuple[int, ...]:
        """Changes whenever anyone commits to the ledger; cheap, and takes no lock."""
        return browse.change_marker(self.path)
