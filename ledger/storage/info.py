"""Facts about the storage engine, for report manifests."""

from __future__ import annotations

import duckdb


def engine_version() -> str:
    return str(duckdb.__version__)
