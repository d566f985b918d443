"""Finding DuckDB's postgres extension on this machine, without the network.

DuckDB would download the extension on ``LOAD postgres_scanner``; fledger never
does.  The extension comes as a Python package (``duckdb-extension-postgres-scanner``)
that holds the file for one DuckDB version; we load that file by its path.

DuckDB checks the file's signature on every load, which costs 0.2-0.5 s for its
40 MB: as much as the rest of ``fledger forecast``.  So the first load checks
it, and a stamp of the checked file (path, size, mtime, inode) is kept in the
user's cache folder; while the file still matches its stamp, later loads skip
the signature check (see docs/decisions.md).
"""

from __future__ import annotations

import json
import os
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


def _stamp(path: Path) -> dict[str, object]:
    info = path.stat()
    return {
        "path": str(path),
        "size": info.st_size,
        "mtime_ns": info.st_mtime_ns,
        "inode": info.st_ino,
        "duckdb": duckdb.__version__,
    }


def _stamp_file() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("fledger")) / "postgres-extension-checked.json"


def already_checked(path: Path) -> bool:
    """Whether this very file passed DuckDB's signature check before."""
    try:
        return bool(json.loads(_stamp_file().read_text(encoding="utf-8")) == _stamp(path))
    except (OSError, ValueError):
        return False


def remember_checked(path: Path) -> None:
    target = _stamp_file()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = target.with_name(f".{target.name}.{os.getpid()}")
        staging.write_text(json.dumps(_stamp(path)), encoding="utf-8")
        os.replace(staging, target)
    except OSError:
        pass  # no cache folder: every load checks the signature
