"""Commitment events (status changes, deadline slips) and actor base rates in SQL."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ledger.commitments import CLOSING_STATUSES, Z95, ItemEvent
from ledger.model import Deadline
from ledger.storage import Connection
from ledger.storage.views import current_resolutions_among

FAR_FUTURE = datetime(9999, 12, 31)
EVENT_COLUMNS = (
    "id, item_id, kind, status, new_earliest, new_latest, new_precision, new_phrase, on_date, evidence, analyst, "
    "recorded_at"
)


def insert_events(con: Connection, events: list[ItemEvent]) -> None:
    rows = []
    for e in events:
        w = e.window
        rows.append([
            e.id, e.item_id, e.kind, e.status, w.earliest if w else None, w.latest if w else None,
            w.precision if w else None, w.phrase if w else None, e.on_date, e.evidence, e.analyst, e.recorded_at,
        ])  # fmt: skip
    if rows:
        con.executemany(f"INSERT INTO item_events ({EVENT_COLUMNS}) VALUES ({', '.join('?' * 12)})", rows)


def _event(row: tuple[Any, ...]) -> ItemEvent:
    id_, item_id, kind, status, ne, nl, np_, nph, on_date, evidence, analyst, recorded_at = row
    window = Deadline(ne, nl, np_, nph or "") if ne is not None else None
    return ItemEvent(
        item_id=item_id, kind=kind, on_date=on_date, recorded_at=recorded_at, analyst=analyst, evidence=evidence,
        status=status, window=window, id=id_,
    )  # fmt: skip


def item_events(con: Connection, item_id: str) -> list[ItemEvent]:
    rows = con.execute(
        f"SELECT {EVENT_COLUMNS} FROM item_events WHERE item_id = ? ORDER BY recorded_at, id", [item_id]
    ).fetchall()
    return [_event(r) for r in rows]


_CLOSING = ", ".join(f"'{status}'" for status in CLOSING_STATUSES)  # fixed names from the domain, not user input

# Each commitment's fate and its ORIGINAL deadline (the deadline in force before
# its first slip was recorded; the current one if it never slipped).  The fate
# is the latest closing status event, unless a resolution recorded after it
# says otherwise (a correction); a commitment resolved without a status track
# takes its fate from the resolution (yes -> kept, no -> broken, annulled -> void).
COMMITMENT_FATES = f"""
    WITH -- with $actors, the revisions of commitments that ever named one of them (a big ledger's shortcut)
         revs AS MATERIALIZED (
            SELECT item_id, revision_id, recorded_at, kind, key, actors, source_id, deadline_latest FROM item_revisions
            WHERE recorded_at <= $as_of
              AND ($actors IS NULL OR item_id IN (SELECT item_id FROM item_revisions
                                                  WHERE kind = 'commitment' AND list_has_any(actors, $actors)))),
         latest AS (SELECT * FROM revs
                    QUALIFY row_number() OVER (PARTITION BY item_id ORDER BY recorded_at DESC, revision_id DESC) = 1),
         cur AS (SELECT * FROM latest
                 WHERE kind = 'commitment' AND ($actors IS NULL OR list_has_any(actors, $actors))),
         first_slip AS (SELECT item_id, min(recorded_at) AS first_slip_at FROM item_events
                        WHERE kind = 'slip' AND recorded_at <= $as_of GROUP BY item_id),
         orig AS (
            SELECT r.item_id, r.deadline_latest AS original_latest
            FROM revs r LEFT JOIN first_slip fs USING (item_id)
            WHERE r.item_id IN (SELECT item_id FROM cur)
            -- the latest revision written before the first slip; failing that, the first revision
            QUALIFY row_number() OVER (
                PARTITION BY r.item_id
                ORDER BY (fs.first_slip_at IS NULL OR r.recorded_at < fs.first_slip_at) DESC,
                         CASE WHEN fs.first_slip_at IS NULL OR r.recorded_at < fs.first_slip_at
                              THEN r.recorded_at END DESC,
                         r.recorded_at, r.revision_id) = 1),
         closing AS (
            SELECT item_id, status, on_date, recorded_at FROM item_events
            WHERE kind = 'status' AND status IN ({_CLOSING}) AND recorded_at <= $as_of
            QUALIFY row_number() OVER (PARTITION BY item_id ORDER BY recorded_at DESC, id DESC) = 1),
         res AS ({current_resolutions_among("item_id IN (SELECT item_id FROM cur)")}),
         fate AS (
            SELECT cur.item_id, cur.key, cur.actors, cur.source_id, orig.original_latest,
                   CASE WHEN closing.status IS NOT NULL
                             AND (res.recorded_at IS NULL OR res.recorded_at <= closing.recorded_at)
                        THEN closing.status
                        ELSE CASE res.outcome WHEN 'yes' THEN 'kept' WHEN 'no' THEN 'broken'
                                              WHEN 'annulled' THEN 'void' END
                   END AS fate,
                   CASE WHEN closing.status IS NOT NULL
                             AND (res.recorded_at IS NULL OR res.recorded_at <= closing.recorded_at)
                        THEN closing.on_date ELSE res.known_on END AS closed_on
            FROM cur LEFT JOIN orig USING (item_id) LEFT JOIN closing USING (item_id) LEFT JOIN res USING (item_id))
    SELECT item_id, key, actors, source_id, original_latest, closed_on,
           CASE WHEN fate = 'kept' AND original_latest IS NOT NULL AND closed_on > original_latest THEN 'kept_late'
                WHEN fate = 'kept' THEN 'kept_on_time'
                ELSE coalesce(fate, 'open') END AS class,
           CASE WHEN fate = 'kept' AND closed_on > original_latest
                THEN date_diff('day', original_latest, closed_on) END AS slip_days
    FROM fate
"""

BASE_RATES_SQL = f"""
    WITH f AS ({COMMITMENT_FATES}),
         grouped AS (
            SELECT 'actor' AS grouping, actor AS name, f.*
            FROM f, unnest(f.actors) AS u(actor)
            UNION ALL
            SELECT 'outlet' AS grouping, coalesce(nullif(trim(src.publisher), ''), '(publisher unknown)') AS name, f.*
            FROM f JOIN sources src ON src.id = f.source_id),
         counts AS (
            SELECT grouping, name,
                   count(*) AS tracked,
                   count(*) FILTER (WHERE class = 'kept_on_time') AS kept_on_time,
                   count(*) FILTER (WHERE class = 'kept_late') AS kept_late,
                   count(*) FILTER (WHERE class = 'compromise') AS compromise,
                   count(*) FILTER (WHERE class = 'broken') AS broken,
                   count(*) FILTER (WHERE class = 'void') AS void,
                   count(*) FILTER (WHERE class = 'open') AS open,
                   median(slip_days) FILTER (WHERE class = 'kept_late') AS median_slip_days
            FROM grouped GROUP BY grouping, name),
         rated AS (
            SELECT *, kept_on_time + kept_late + compromise + broken AS closed,
                   CAST(kept_on_time AS DOUBLE) / nullif(kept_on_time + kept_late + compromise + broken, 0) AS phat
            FROM counts)
    SELECT grouping, name, tracked, kept_on_time, kept_late, compromise, broken, void, open, closed,
           phat AS on_time_rate,
           CASE WHEN closed > 0 THEN greatest(0.0,
                (phat + {Z95}^2 / (2 * closed)
                 - {Z95} * sqrt(phat * (1 - phat) / closed + {Z95}^2 / (4 * closed * closed)))
                / (1 + {Z95}^2 / closed)) END AS wilson_low,
           CASE WHEN closed > 0 THEN least(1.0,
                (phat + {Z95}^2 / (2 * closed)
                 + {Z95} * sqrt(phat * (1 - phat) / closed + {Z95}^2 / (4 * closed * closed)))
                / (1 + {Z95}^2 / closed)) END AS wilson_high,
           median_slip_days
    FROM rated
    WHERE $actors IS NULL OR (grouping = 'actor' AND list_contains($actors, name))
    ORDER BY grouping, tracked DESC, name
"""


def base_rates(
    con: Connection, *, actors: list[str] | None = None, as_of: datetime | None = None
) -> list[dict[str, Any]]:
    """Per actor and per outlet: commitment counts by fate, the on-time rate and its Wilson interval.

    With ``actors``, only those actors' rows, computed from their commitments alone (fast on a big ledger).
    """
    cur = con.execute(BASE_RATES_SQL, {"as_of": as_of or FAR_FUTURE, "actors": actors})
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
