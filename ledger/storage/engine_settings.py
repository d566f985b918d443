"""Settings every DuckDB instance fledger opens shares: how many threads a query may use.

DuckDB runs a query on one thread per core by default.  That pays on a large ledger
(scoring millions of forecasts) and costs on a machine whose cores are already busy:
a shared server, or many fledger processes at once, where the threads mostly wait on
each other.  ``FLEDGER_THREADS`` caps them; unset, DuckDB decides.
"""

from __future__ import annotations

import os
from typing import Any

from ledger.errors import InvalidValue

THREADS_VARIABLE = "FLEDGER_THREADS"


def engine_config() -> dict[str, Any]:
    """DuckDB ``config`` entries from the environment; refused in one line before any file is touched."""
    raw = os.environ.get(THREADS_VARIABLE, "").strip()
    if not raw:
        return {}
    if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= 1024:
        raise InvalidValue(THREADS_VARIABLE, raw, "a whole number of threads from 1 to 1024, or unset for one per core")
    return {"threads": int(raw)}
