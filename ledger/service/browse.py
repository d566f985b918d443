"""Browsing a large ledger: one page of the item list at a time, and noticing changes made elsewhere."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from attrs import frozen

from ledger.errors import InvalidValue
from ledger.service.base import LedgerBase
from ledger.service.items import ItemSummary
from ledger.service.ordering import NEEDS_FORECASTS, check_sort, ordered, summary_fields
from ledger.storage import browse

MAX_PAGE = 5000


@frozen
class ItemPage:
    """A window of the item list: ``rows`` start at ``offset`` among ``total`` matching items."""

    view: str
    query: str
    offset: int
    rows: list[ItemSummary]
    total: int
    # True for a page painted from the cached index alone: its forecast columns (mine, crowd, count) are not read yet
    forecasts_pending: bool = False
    sort: str = "deadline"
    reverse: bool = False


class ItemIndex:
    """Every item's filter and sort fields (id, deadline end, resolved, lower-cased key/title/actors/tags) and
    the list columns that do not depend on forecasts (key, title, deadline, outcome, tags), in list order, as
    read at one change marker.  Filtering it costs no file access; it holds no connection."""

    def __init__(self, marker: tuple[int | str, ...], rows: list[tuple[Any, ...]]) -> None:
        self.marker = marker
        self.rows = rows
        self.ids = [r[0] for r in rows]
        self.deadlines = [r[1] for r in rows]
        self.resolved = [r[2] for r in rows]
        self.haystacks = [r[3] for r in rows]

    def summary(self, position: int, today: date) -> ItemSummary:
        """The list row of the item at ``position`` as far as the index knows it: no forecast columns (none,
        none, 0), and the fields the list does not show left blank (kind, actors, phrase, known_on, source,
        created_at)."""
        row = dict(zip(browse.INDEX_COLUMNS, self.rows[position], strict=True))
        latest = row["deadline_latest"]
        return ItemSummary(
            id=row["item_id"], key=row["key"], title=row["title"], kind="", actors=(),
            tags=tuple(row["tags"].split(chr(31))) if row["tags"] else (), deadline_earliest=row["deadline_earliest"],
            deadline_latest=latest, deadline_precision=row["deadline_precision"], deadline_phrase=None,
            days_left=(latest - today).days if latest is not None else None, outcome=row["outcome"], known_on=None,
            my_probability=None, my_made_at=None, crowd_median=None, n_forecasters=0, source_id=None,
            created_at=None,  # type: ignore[arg-type]  # not in the index; the full page has it
        )  # fmt: skip

    def fields(self, position: int, today: date, figures: dict[str, Any] | None = None) -> dict[str, Any]:
        """What ``ordering`` sorts on, for the item at ``position`` (forecast figures from ``figures``)."""
        row = self.rows[position]
        item_id, latest, resolved, key, outcome = row[0], row[1], row[2], row[4], row[8]
        status = outcome if resolved else "due" if latest is not None and latest < today else "open"
        mine, crowd, n = (figures or {}).get(item_id, (None, None, 0))
        return {"key": key, "deadline_latest": latest, "status": status, "my_probability": mine,
                "crowd_median": crowd, "n_forecasters": n}  # fmt: skip

    def select(self, view: str, query: str, today: date) -> list[int]:
        """Positions of the items in ``view`` matching ``query`` (the same rules as the SQL filter)."""
        q = " ".join(query.lower().split())
        hits = range(len(self.ids)) if not q else [n for n, h in enumerate(self.haystacks) if q in h]
        if view == "all":
            return list(hits)
        resolved, deadlines = self.resolved, self.deadlines
        if view == "resolved":
            return [n for n in hits if resolved[n]]
        if view == "open":
            return [n for n in hits if not resolved[n]]
        return [n for n in hits if not resolved[n] and deadlines[n] is not None and deadlines[n] < today]


class BrowseOps(LedgerBase):
    _item_index: ItemIndex | None = None

    def item_index(self) -> ItemIndex:
        """The narrow item index, read again only when the file has changed (by anyone) since."""
        marker = self.change_marker()
        index = self._item_index
        if index is None or index.marker != marker:
            with self._reading() as con:
                index = ItemIndex(marker, browse.item_index(con))
            self._item_index = index
        return index

    def item_page(
        self,
        view: str = "open",
        *,
        query: str = "",
        limit: int = 200,
        offset: int = 0,
        as_of: datetime | None = None,
        sort: str = "deadline",
        reverse: bool = False,
    ) -> ItemPage:
        """Items of ``view`` whose key, title, actor or tag contains ``query`` (any case), in ``sort`` order
        (``ledger.service.ordering``; default by deadline)."""
        _check_page(view, limit, offset)
        sort = check_sort(sort)
        if as_of is not None:
            default = sort == "deadline" and not reverse
            with self._reading() as con:
                rows, total = browse.item_page(
                    con, view=view, analyst=self.analyst, today=self.today(), query=query,
                    limit=limit if default else browse.WHOLE_LIST, offset=offset if default else 0, as_of=as_of,
                )  # fmt: skip
            found = [ItemSummary.from_row(r) for r in rows]
            if not default:
                found = ordered(found, sort, reverse, summary_fields)[offset : offset + limit]
            return ItemPage(view, query, offset, found, total, sort=sort, reverse=reverse)
        # Filter and sort on the cached narrow index (a keystroke in a filter re-reads nothing);
        # only the page's own rows are read from the file.
        index = self.item_index()
        today = self.today()
        figures = None
        if sort in NEEDS_FORECASTS:
            with self._reading() as con:
                figures = browse.forecast_figures(con, self.analyst, today)
        matches = self._ordered(index, index.select(view, query, today), today, sort, reverse, figures)
        ids = [index.ids[n] for n in matches[offset : offset + limit]]
        with self._reading() as con:
            rows = browse.items_by_id(con, ids, analyst=self.analyst, today=today)
        return ItemPage(view, query, offset, [ItemSummary.from_row(r) for r in rows], len(matches), sort=sort,
                        reverse=reverse)  # fmt: skip

    @staticmethod
    def _ordered(index: ItemIndex, matches: list[int], today: date, sort: str, reverse: bool,
                 figures: dict[str, Any] | None) -> list[int]:  # fmt: skip
        if sort == "deadline" and not reverse:
            return matches  # the index is kept in this order
        return ordered(matches, sort, reverse, lambda n: index.fields(n, today, figures))

    def cached_item_page(
        self,
        view: str = "open",
        *,
        query: str = "",
        limit: int = 200,
        offset: int = 0,
        sort: str = "deadline",
        reverse: bool = False,
    ) -> ItemPage | None:
        """``item_page`` from the in-memory index alone, without touching the file: the same items, order and
        total, but no forecast columns (``forecasts_pending``).  None when the index is not read yet or the file
        has changed since, or the sort needs forecast figures (then only ``item_page`` can answer)."""
        _check_page(view, limit, offset)
        sort = check_sort(sort)
        index = self._item_index
        if index is None or index.marker != self.change_marker() or sort in NEEDS_FORECASTS:
            return None
        today = self.today()
        matches = self._ordered(index, index.select(view, query, today), today, sort, reverse, None)
        rows = [index.summary(n, today) for n in matches[offset : offset + limit]]
        return ItemPage(view, query, offset, rows, len(matches), forecasts_pending=True, sort=sort, reverse=reverse)

    def change_marker(self) -> tuple[int | str, ...]:
        """Changes whenever anyone commits to the ledger; cheap, and takes no lock."""
        return self._store.change_marker()


def _check_page(view: str, limit: int, offset: int) -> None:
    if view not in browse.VIEWS:
        raise InvalidValue("view", view, " | ".join(browse.VIEWS))
    if not 1 <= limit <= MAX_PAGE:
        raise InvalidValue("limit", limit, f"a page size from 1 to {MAX_PAGE}")
    if offset < 0:
        raise InvalidValue("offset", offset, "a row number of 0 or more")
