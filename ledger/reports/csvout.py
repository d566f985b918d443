"""The scored rows as CSV: one line per scored forecast, enough for anyone to recompute the scores.

Text cells that a spreadsheet would run as a formula (starting with = + - @, or a
tab or carriage return) get a leading apostrophe.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from datetime import date, datetime
from typing import IO, Any

HEADER = ("analyst", "item", "item_id", "p", "o", "made_at", "known_on")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """A text cell made inert for spreadsheets."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def _stamp(value: Any) -> str:
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds") + "Z"
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else str(value)


def write(handle: IO[str], rows: Iterable[tuple[Any, ...]]) -> None:
    """Rows in ``SCORED_COLUMNS`` order (analyst, item_key, item_id, p, o, made_at, known_on)."""
    out = csv.writer(handle, lineterminator="\n")
    out.writerow(HEADER)
    out.writerows(
        (neutralise(str(analyst)), neutralise(str(key)), neutralise(str(item_id)), repr(float(p)), int(o),
         _stamp(made_at), _stamp(known_on))
        for analyst, key, item_id, p, o, made_at, known_on in rows
    )  # fmt: skip
