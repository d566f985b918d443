"""Bulk import of items, forecasts and resolutions (docs/import.md)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from attrs import frozen

from ledger.errors import InvalidValue
from ledger.service.base import LedgerBase
from ledger.storage import imports as store_imports


@frozen
class ImportReport:
    kind: str
    path: str
    rows: int


class ImportOps(LedgerBase):
    def import_file(self, path: str | Path, kind: str) -> ImportReport:
        """Import a CSV (header row) or JSONL file of ``kind`` items | forecasts | resolutions.

        One transaction: every row is written or none.  The first bad row raises ``InvalidValue``
        naming its line, field and accepted form; unknown item keys and duplicate keys are errors.
        """
        if kind not in store_imports.KINDS:
            raise InvalidValue("kind", kind, " | ".join(store_imports.KINDS))
        file = Path(path).expanduser()
        now = self.now()
        with self._writing() as con:
            if kind == "items":
                n = store_imports.import_items(con, file, now=now, recorded_by=self.analyst,
                                               read_deadline=_read_past_or_future)  # fmt: skip
            elif kind == "forecasts":
                n = store_imports.import_forecasts(con, file, now=now)
            else:
                n = store_imports.import_resolutions(con, file, now=now, today=self.today(), analyst=self.analyst)
        return ImportReport(kind, str(file), n)


def _read_past_or_future(phrase: str, anchor: date) -> Any:
    """Imported track records are mostly about deadlines that have already gone by."""
    from ledger.reading.deadlines import read_typed_deadline  # loaded when an import reads phrases, not at start-up

    return read_typed_deadline(phrase, anchor)
