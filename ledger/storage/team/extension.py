"""Finding DuckDB's postgres extension on this machine, without the network.

DuckDB would download the extension on ``LOAD postgres_scanner``; fledger never
does.  The extension comes as a Python package (``duckdb-extension-postgres-scanner``)
that holds the file for one DuckDB version; we load that file by its path.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from ledger.errors import LedgerFileError

PACKAGE = "duckdb_extension_postgres_scanner"
FILE_NAME = "postgres_scanner.duckdb_extension"
TEAM_DUCKDB = "1.5.5"  # the newest DuckDB with the extension published as a wheel
INSTALL_LINE = f"pip install 'duckdb=={TEAM_DUCKDB}' 'duckdb-extension-postgres-scanner=={TEAM_DUCKDB}'"


def extension_file() -> Path:
    """The extension file built for the DuckDB in use, or a LedgerFileError naming the install line."""
    version = duckdb.__version__
    try:
        import duckdb_extension_postgres_scanner as package  # type: ignore[import-not-found]
    except ImportError:
        package = None
    if package is not None:
        for folder in package.__path__:
            candidate = Path(folder) / "extensions" / f"v{version}" / FILE_NAME
            if candidate.is_file():
                return candidate
    raise LedgerFileError(
        f"db: a team ledger needs DuckDB's postgres extension, and none is installed for DuckDB {version}; "
        f"install it with: {INSTALL_LINE} (or pip install 'fledger[team]')"
    )
