"""Other tools' track records (Fatebook, PredictionBook, Metaculus) brought into the ledger.

Each importer reads its tool's real export with DuckDB, skips (and counts) what
cannot be scored, checks every kept row in SQL (the first bad one is named with
its physical line), and maps the rest onto the ledger's records in the caller's
transaction (``common.stage_and_merge``).  Rules: docs/interop.md.
"""

from ledger.storage.track_records.fatebook import import_fatebook
from ledger.storage.track_records.metaculus import import_metaculus
from ledger.storage.track_records.predictionbook import import_predictionbook

IMPORTERS = {"fatebook": import_fatebook, "predictionbook": import_predictionbook, "metaculus": import_metaculus}

__all__ = ["IMPORTERS", "import_fatebook", "import_metaculus", "import_predictionbook"]
