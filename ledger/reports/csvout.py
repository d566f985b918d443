"""The scored rows as CSV: one line per scored forecast, enough for anyone to recompute the scores.

The layout is the scoring engine's own (``ScoredRows.to_csv``: header, ISO
timestamps, floats at full precision), so the file's sha256 is the report's
fingerprint.  The one exception is safety: text cells that a spreadsheet would
run as a formula (starting with = + - @, a tab or a carriage return) get a
leading apostrophe, and then the hash differs.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from typing import IO, Any

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A cell that may start like a formula somewhere in CSV text (over-matching only costs the slow path).
_RISKY = re.compile(r'(?:^|,)"?[=+\-@\t\r]', re.MULTILINE)


def neutralise(cell: str) -> str:
    """A text cell made inert for spreadsheets."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str):
        return neutralise(value)
    if isinstance(value, float):
        return repr(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def write_fast(handle: IO[str], engine_csv: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """The engine's CSV text as it is when no cell needs neutralising (the common case), else rebuilt by ``write``."""
    if engine_csv and not _RISKY.search(engine_csv):
        handle.write(engine_csv)
    else:
        write(handle, columns, rows)


def write(handle: IO[str], columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """The header ``columns`` then one line per row."""
    out = csv.writer(handle, lineterminator="\n")
    out.writerow(columns)
    out.writerows([_cell(v) for v in row] for row in rows)
