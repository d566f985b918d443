"""What each analyst has recorded in a ledger (for ``fledger team list``)."""

from __future__ import annotations

from datetime import datetime

from ledger.storage import Connection


def activity(con: Connection) -> dict[str, tuple[int, int, datetime | None]]:
    """Per analyst: (forecasts, resolutions, when the latest forecast was made)."""
    rows = con.execute(
        """SELECT analyst, sum(f)::BIGINT, sum(r)::BIGINT, max(made_at) FROM (
               SELECT analyst, 1 AS f, 0 AS r, made_at FROM forecasts
               UNION ALL
               SELECT analyst, 0, 1, NULL FROM resolutions)
           GROUP BY analyst"""
    ).fetchall()
    return {str(r[0]): (int(r[1]), int(r[2]), r[3]) for r in rows}
