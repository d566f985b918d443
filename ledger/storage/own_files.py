"""The files a ledger owns, and the refusal to write anything else over them.

An output path (an export, a report, a calendar file, a bundle) that is the
ledger itself, its write-ahead log, its turn lock or a backup, or a link to any
of them, would replace the ledger with a report.  Every writer asks here first.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from ledger.errors import InvalidValue

OWN_FILES_FORM = "a path other than the ledger's own files (the ledger, its .wal, its journal, its lock, its backups)"


def own_files(ledger: Path) -> list[Path]:
    """The ledger, its WAL, its checkpoint journal, its turn lock and any upgrade backups (with their WALs)."""
    from ledger.storage.checkpoints import journal_path, wal_path
    from ledger.storage.turns import lock_path

    ledger = Path(ledger)
    files = [ledger, wal_path(ledger), journal_path(ledger), lock_path(ledger)]
    try:
        files += sorted(ledger.parent.glob(f"{_glob_escape(ledger.name)}.v*.bak*"))
    except OSError:
        pass
    return files


def _glob_escape(name: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in name)


def _same(a: Path, b: Path) -> bool:
    """Whether two paths name one file: through links (real paths) or as hard links (device and inode)."""
    if os.path.realpath(a) == os.path.realpath(b):
        return True
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):
        return False


def refuse_own_files(ledger: Path, targets: Iterable[Path | str], field: str) -> None:
    """Raise ``InvalidValue`` when any of ``targets`` is (or links to) one of the ledger's own files."""
    owned = own_files(ledger)
    for target in targets:
        path = Path(target).expanduser()
        if any(_same(path, mine) for mine in owned):
            raise InvalidValue(field, str(target), OWN_FILES_FORM)
