"""Creating a ledger and loading the bundled seed stories."""

from __future__ import annotations

from attrs import frozen

from ledger.seeds import bundled_stories
from ledger.service.base import LedgerBase
from ledger.storage import Connection, records


@frozen
class InitReport:
    path: str
    created: bool
    sources_added: int
    items_added: int
    scenarios_added: int = 0


class SetupOps(LedgerBase):
    def init(self, *, empty: bool = False) -> InitReport:
        """Create the ledger file (if needed) and load the seeds that are not there yet.

        Asked for explicitly, this also makes an existing DuckDB file that holds no tables a ledger.
        """
        with self._store.writing(adopt=True) as con:
            return self._fill(con, empty)

    def _fill(self, con: Connection, empty: bool) -> InitReport:
        added = (0, 0) if empty else self._load_seeds(con)
        scenarios = 0 if empty else self._load_bundled_scenarios(con).sets_added  # type: ignore[attr-defined]
        return InitReport(str(self.path), self._store.created, *added, scenarios_added=scenarios)

    def _create(self) -> None:
        with self._store.writing() as con:  # a file that appeared meanwhile is checked, not adopted
            if not self._store.created:
                return  # another process made it first: it loads the seeds and says so
            report = self._fill(con, empty=False)
        self.notices.append(
            f"created a new ledger at {report.path} with {report.items_added} seed items "
            "(use 'fledger init --empty' for a ledger without them)"
        )

    def _load_seeds(self, con: Connection) -> tuple[int, int]:
        sources = items = 0
        for story in bundled_stories(self.now()):
            if records.source_by_id(con, story.source.id) is None:
                records.insert_sources(con, [story.source])
                sources += 1
            new = [i for i in story.items if not records.find_item_ids(con, i.id)]
            new = [i for i in new if not records.key_taken(con, i.key)]
            records.insert_item_revisions(con, new)
            items += len(new)
        return sources, items
