"""Reading and writing the core records (sources, item revisions, forecasts, resolutions).

Values are always bound as parameters.  Rows come back as model records or as
plain dicts for summary views.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ledger.model import Deadline, Forecast, Item, Origin, Resolution, Retraction, Source
from ledger.storage import Connection
from ledger.storage.views import CURRENT_ITEMS, CURRENT_RESOLUTIONS, not_retracted

FAR_FUTURE = datetime(9999, 12, 31)

SOURCE_COLUMNS = "id, title, publisher, url, published_on, published_note, text, text_sha256, recorded_at"
ITEM_COLUMNS = (
    "revision_id, item_id, key, title, statement, actors, quote, criteria, tags, kind, source_id, "
    "deadline_earliest, deadline_latest, deadline_precision, deadline_phrase, deadline_rule, deadline_confidence, "
    "created_at, recorded_at, recorded_by"
)
FORECAST_COLUMNS = "id, item_id, analyst, probability, made_at, recorded_at, note"
RESOLUTION_COLUMNS = "id, item_id, outcome, known_on, recorded_at, analyst, evidence, supersedes"
RETRACTION_COLUMNS = "id, target, target_id, item_id, analyst, reason, recorded_at"


# --- writing -----------------------------------------------------------------


def insert_sources(con: Connection, sources: list[Source]) -> None:
    rows = [
        [s.id, s.title, s.publisher, s.url, s.published_on, s.published_note, s.text, s.text_sha256, s.recorded_at]
        for s in sources
    ]
    if rows:
        con.executemany(f"INSERT INTO sources ({SOURCE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)


def _item_row(i: Item) -> list[Any]:
    d = i.deadline
    return [
        i.revision_id, i.id, i.key, i.title, i.statement, list(i.actors), i.quote, i.criteria, list(i.tags), i.kind,
        i.source_id,
        d.earliest if d else None, d.latest if d else None, d.precision if d else None,
        d.phrase if d else None, d.rule if d else None, d.confidence if d else None,
        i.created_at, i.recorded_at, i.recorded_by,
    ]  # fmt: skip


def insert_item_revisions(con: Connection, items: list[Item]) -> None:
    if items:
        marks = ", ".join("?" * 20)
        con.executemany(f"INSERT INTO item_revisions ({ITEM_COLUMNS}) VALUES ({marks})", [_item_row(i) for i in items])


def insert_forecasts(con: Connection, forecasts: list[Forecast]) -> None:
    rows = [[f.id, f.item_id, f.analyst, f.probability, f.made_at, f.recorded_at, f.note] for f in forecasts]
    if rows:
        con.executemany(f"INSERT INTO forecasts ({FORECAST_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)", rows)


def insert_resolution(con: Connection, r: Resolution) -> None:
    con.execute(
        f"INSERT INTO resolutions ({RESOLUTION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [r.id, r.item_id, r.outcome, r.known_on, r.recorded_at, r.analyst, r.evidence, r.supersedes],
    )


def insert_retraction(con: Connection, r: Retraction) -> None:
    con.execute(
        f"INSERT INTO retractions ({RETRACTION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [r.id, r.target, r.target_id, r.item_id, r.analyst, r.reason, r.recorded_at],
    )


# --- row -> record -------------------------------------------------------------


def source_from_row(row: tuple[Any, ...]) -> Source:
    id_, title, publisher, url, published_on, note, text, sha, recorded_at = row
    return Source(
        id=id_, title=title, publisher=publisher, url=url, published_on=published_on, published_note=note,
        text=text, text_sha256=sha, recorded_at=recorded_at,
    )  # fmt: skip


def item_from_row(row: tuple[Any, ...]) -> Item:
    (rev, item_id, key, title, statement, actors, quote, criteria, tags, kind, source_id,
     earliest, latest, precision, phrase, rule, confidence, created_at, recorded_at, recorded_by) = row[:20]  # fmt: skip
    deadline = (
        Deadline(earliest, latest, precision, phrase or "", rule or "", confidence if confidence is not None else 1.0)
        if earliest is not None
        else None
    )
    return Item(
        key=key, title=title, recorded_at=recorded_at, created_at=created_at, deadline=deadline, statement=statement,
        actors=tuple(actors), quote=quote, criteria=criteria, tags=tuple(tags), kind=kind, source_id=source_id,
        recorded_by=recorded_by, id=item_id, revision_id=rev,
    )  # fmt: skip


def forecast_from_row(row: tuple[Any, ...]) -> Forecast:
    id_, item_id, analyst, p, made_at, recorded_at, note = row
    return Forecast(item_id, analyst, p, made_at, recorded_at, note, id_)


def resolution_from_row(row: tuple[Any, ...]) -> Resolution:
    id_, item_id, outcome, known_on, recorded_at, analyst, evidence, supersedes = row
    return Resolution(item_id, outcome, known_on, recorded_at, analyst, evidence, supersedes, id_)


# --- reading -----------------------------------------------------------------


def find_items(con: Connection, ref: str) -> list[Item]:
    """The current items whose key equals ``ref`` or whose id starts with it (exact keys only, if any)."""
    # Narrow to items that ever matched before ranking revisions: the window over
    # every revision is what made lookups slow on large ledgers.
    match = "(key = $ref OR (length($ref) >= 4 AND starts_with(item_id, lower($ref))))"
    rows = con.execute(
        f"""SELECT {ITEM_COLUMNS} FROM ({CURRENT_ITEMS})
            WHERE item_id IN (SELECT item_id FROM item_revisions WHERE {match}) AND {match}
            ORDER BY key = $ref DESC, key""",
        {"ref": ref, "as_of": FAR_FUTURE},
    ).fetchall()
    found = [item_from_row(r) for r in rows]
    exact = [i for i in found if i.key == ref]
    return exact or found


def find_item_ids(con: Connection, ref: str) -> list[tuple[str, str]]:
    """(item_id, key) of ``find_items``."""
    return [(i.id, i.key) for i in find_items(con, ref)]


def key_taken(con: Connection, key: str, except_item: str | None = None) -> bool:
    row = con.execute(
        f"SELECT count(*) FROM ({CURRENT_ITEMS}) WHERE key = $key AND item_id IS DISTINCT FROM $except",
        {"key": key, "except": except_item, "as_of": FAR_FUTURE},
    ).fetchone()
    return bool(row and row[0])


def keys_with_prefix(con: Connection, prefix: str) -> set[str]:
    rows = con.execute(
        f"SELECT key FROM ({CURRENT_ITEMS}) WHERE starts_with(key, $prefix)", {"prefix": prefix, "as_of": FAR_FUTURE}
    ).fetchall()
    return {r[0] for r in rows}


def current_item(con: Connection, item_id: str) -> Item:
    row = con.execute(
        f"SELECT {ITEM_COLUMNS} FROM ({CURRENT_ITEMS}) WHERE item_id = $id", {"id": item_id, "as_of": FAR_FUTURE}
    ).fetchone()
    assert row is not None, item_id
    return item_from_row(row)


def item_revisions(con: Connection, item_id: str) -> list[Item]:
    rows = con.execute(
        f"SELECT {ITEM_COLUMNS} FROM item_revisions WHERE item_id = ? ORDER BY recorded_at, revision_id", [item_id]
    ).fetchall()
    return [item_from_row(r) for r in rows]


def item_forecasts(con: Connection, item_id: str) -> list[Forecast]:
    rows = con.execute(
        f"SELECT {FORECAST_COLUMNS} FROM forecasts WHERE item_id = ? ORDER BY made_at, recorded_at, id", [item_id]
    ).fetchall()
    return [forecast_from_row(r) for r in rows]


def latest_forecast(con: Connection, item_id: str, analyst: str) -> Forecast | None:
    """One analyst's latest forecast on an item that has not been retracted."""
    row = con.execute(
        f"""SELECT {FORECAST_COLUMNS} FROM forecasts
            WHERE item_id = $item AND analyst = $analyst AND {not_retracted("forecast")}
            ORDER BY made_at DESC, recorded_at DESC, id DESC LIMIT 1""",
        {"item": item_id, "analyst": analyst, "as_of": FAR_FUTURE},
    ).fetchone()
    return forecast_from_row(row) if row else None


def item_origin(con: Connection, item_id: str) -> Origin | None:
    """The tool an item was imported from and its id there (the first such import), None for fledger's own."""
    row = con.execute(
        """SELECT tool, tool_id FROM record_origins WHERE record_table = 'item_revisions' AND record_id = ?
           ORDER BY recorded_at, id LIMIT 1""",
        [item_id],
    ).fetchone()
    return Origin(row[0], row[1]) if row else None


def item_withdrawals(con: Connection, item_id: str, by: date) -> dict[str, datetime]:
    """forecast id -> when another tool says it stopped standing (the earliest), for the item's forecasts
    withdrawn by the day ``by`` (one set to expire later still stands).

    A withdrawal ends the forecast of its analyst on the item made at its made_at (docs/scoring.md)."""
    rows = con.execute(
        """SELECT f.id, min(w.withdrawn_at) FROM forecast_withdrawals w
           JOIN forecasts f ON f.item_id = w.item_id AND f.analyst = w.analyst AND f.made_at = w.made_at
           WHERE w.item_id = ? AND f.item_id = ? AND CAST(w.withdrawn_at AS DATE) <= ? GROUP BY f.id""",
        [item_id, item_id, by],
    ).fetchall()
    return {r[0]: r[1] for r in rows}


def item_retractions(con: Connection, item_id: str) -> list[Retraction]:
    rows = con.execute(
        f"SELECT {RETRACTION_COLUMNS} FROM retractions WHERE item_id = ? ORDER BY recorded_at, id", [item_id]
    ).fetchall()
    return [
        Retraction(target=t, target_id=tid, item_id=iid, analyst=a, recorded_at=at, reason=reason, id=id_)
        for id_, t, tid, iid, a, reason, at in rows
    ]


def item_resolutions(con: Connection, item_id: str) -> list[Resolution]:
    rows = con.execute(
        f"SELECT {RESOLUTION_COLUMNS} FROM resolutions WHERE item_id = ? ORDER BY recorded_at, id", [item_id]
    ).fetchall()
    return [resolution_from_row(r) for r in rows]


def current_resolution(con: Connection, item_id: str) -> Resolution | None:
    row = con.execute(
        f"SELECT {RESOLUTION_COLUMNS} FROM ({CURRENT_RESOLUTIONS}) WHERE item_id = $id",
        {"id": item_id, "as_of": FAR_FUTURE},
    ).fetchone()
    return resolution_from_row(row) if row else None


def sources(con: Connection) -> list[Source]:
    rows = con.execute(f"SELECT {SOURCE_COLUMNS} FROM sources ORDER BY published_on NULLS LAST, recorded_at").fetchall()
    return [source_from_row(r) for r in rows]


def find_sources(con: Connection, ref: str) -> list[Source]:
    rows = con.execute(
        f"""SELECT {SOURCE_COLUMNS} FROM sources
            WHERE (length($ref) >= 4 AND starts_with(id, lower($ref))) OR lower(title) = lower($ref)""",
        {"ref": ref},
    ).fetchall()
    return [source_from_row(r) for r in rows]


def source_by_id(con: Connection, source_id: str) -> Source | None:
    row = con.execute(f"SELECT {SOURCE_COLUMNS} FROM sources WHERE id = ?", [source_id]).fetchone()
    return source_from_row(row) if row else None


def source_by_text_sha(con: Connection, sha: str) -> Source | None:
    """The first recorded source whose full text has this sha256 (a re-added article)."""
    row = con.execute(
        f"SELECT {SOURCE_COLUMNS} FROM sources WHERE text_sha256 = ? ORDER BY recorded_at, id LIMIT 1", [sha]
    ).fetchone()
    return source_from_row(row) if row else None


def quotes_of_source(con: Connection, source_id: str) -> set[str]:
    """The quotes of the current items read from one source."""
    rows = con.execute(
        f"SELECT quote FROM ({CURRENT_ITEMS}) WHERE source_id = $source AND quote <> ''",
        {"source": source_id, "as_of": FAR_FUTURE},
    ).fetchall()
    return {r[0] for r in rows}


def item_ids_of_source(con: Connection, source_id: str) -> list[str]:
    """Current items whose source is ``source_id``, sorted by deadline then key."""
    rows = con.execute(
        f"""SELECT item_id FROM ({CURRENT_ITEMS}) WHERE source_id = $source
            ORDER BY deadline_latest NULLS LAST, key, item_id""",
        {"source": source_id, "as_of": FAR_FUTURE},
    ).fetchall()
    return [r[0] for r in rows]


def count_items(con: Connection) -> int:
    row = con.execute("SELECT count(DISTINCT item_id) FROM item_revisions").fetchone()
    return int(row[0]) if row else 0
