"""Bulk import of items, forecasts and resolutions from CSV (header row) or JSONL.

The file is read by DuckDB's own reader into a temporary table (all text),
checked row by row in SQL, and written with one ``INSERT ... SELECT`` inside
the caller's transaction: every row or none.  The first bad row is reported
with its line number, the field and the accepted form.

Ids are UUIDs made by DuckDB's ``uuid()`` inside the INSERT (random, version 4)
so a million rows never pass through Python (docs/decisions.md).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb

from ledger import rules
from ledger.errors import InvalidValue
from ledger.ids import KEY_FORM
from ledger.model import Deadline
from ledger.rules import PROBABILITY_RANGE, not_a_probability_sql
from ledger.storage import Connection
from ledger.storage.records import FAR_FUTURE
from ledger.storage.rule_sql import import_check
from ledger.storage.views import CURRENT_ITEMS, CURRENT_RESOLUTIONS

KINDS = ("items", "forecasts", "resolutions")
REQUIRED = {
    "items": ("key", "title", "deadline"),
    "forecasts": ("item", "analyst", "probability", "made_at"),
    "resolutions": ("item", "outcome", "known_on"),
}
OPTIONAL = {
    "items": ("tags", "actor", "created_at", "statement"),
    "forecasts": ("note",),
    "resolutions": ("evidence",),
}
SRC = "import_src"

TIMESTAMP_RE = r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?)?(Z|[+-]\d{2}:?\d{2})?$"
DATE_RE = r"^\d{4}-\d{2}-\d{2}$"
TIMESTAMP_FORM = "an ISO date or timestamp like 2025-04-30 or 2025-04-30T14:00:00Z (UTC unless an offset is given)"


# A text timestamp as naive UTC: offsets are honoured, a bare timestamp is UTC.
def _utc(col: str) -> str:
    return (
        f"CASE WHEN NOT regexp_matches(trim({col}), '{TIMESTAMP_RE}') THEN NULL "
        f"WHEN regexp_matches(trim({col}), '(Z|[+-]\\d{{2}}:?\\d{{2}})$') "
        f"THEN timezone('UTC', TRY_CAST(trim({col}) AS TIMESTAMPTZ)) "
        f"ELSE TRY_CAST(trim({col}) AS TIMESTAMP) END"
    )


def _labels(col: str) -> str:
    """';'-separated labels -> a list of trimmed, non-empty, distinct labels (first occurrence order)."""
    cleaned = (
        f"list_filter(list_transform(string_split(coalesce({col}, ''), ';'), lambda x: trim(x)), lambda x: x <> '')"
    )
    return f"list_filter({cleaned}, lambda x, i: list_position({cleaned}, x) = i)"


def _load(con: Connection, path: Path) -> tuple[int, dict[str, str]]:
    """Read the file into the temp table SRC (all columns text); returns (first data line, columns)."""
    if not path.is_file():
        raise InvalidValue("file", str(path), "a readable CSV or JSONL file")
    suffix = path.suffix.lower()
    try:
        if suffix in (".jsonl", ".ndjson", ".json"):
            reader, first_line = "read_json(?, format = 'newline_delimited')", 1
        elif suffix in (".csv", ".txt"):
            reader, first_line = "read_csv(?, header = true, all_varchar = true, auto_detect = true)", 2
        else:
            raise InvalidValue("file", str(path), "a .csv file with a header row or a .jsonl file")
        if path.stat().st_size == 0:
            con.execute(f"CREATE OR REPLACE TEMP TABLE {SRC} (dummy VARCHAR)")
            return first_line, {}
        # WITH ORDINALITY numbers the rows in file order (rowid is not dense inside a transaction)
        con.execute(f"CREATE OR REPLACE TEMP TABLE {SRC} AS SELECT * FROM {reader} WITH ORDINALITY", [str(path)])
    except duckdb.Error as exc:
        raise InvalidValue("file", str(path), f"a well-formed CSV or JSONL file ({str(exc).splitlines()[0]})") from None
    described = con.execute(f"DESCRIBE {SRC}").fetchall()
    return first_line, {r[0]: r[1] for r in described if r[0] != "ordinality"}


def _text_columns(columns: dict[str, str], kind: str) -> str:
    """Every known column as text (a JSON value of mixed type unquoted); missing optional ones as NULL."""
    out = []
    for name in (*REQUIRED[kind], *OPTIONAL[kind]):
        if name not in columns:
            out.append(f'CAST(NULL AS VARCHAR) AS "{name}"')
        elif columns[name] == "JSON":
            out.append(f'("{name}" ->> \'$\') AS "{name}"')
        else:
            out.append(f'CAST("{name}" AS VARCHAR) AS "{name}"')
    return ", ".join(out)


def _no_nul(kind: str) -> list[tuple[str, str, str]]:
    """No text field may hold a NUL character (an export could then not be read back)."""
    return [(name, f"contains(coalesce(\"{name}\", ''), chr(0))", "text without NUL characters")
            for name in (*REQUIRED[kind], *OPTIONAL[kind])]  # fmt: skip


def _ragged_rows(path: Path) -> None:
    """Raise for the first CSV row whose field count differs from the header's (on the error path only)."""
    import csv

    if path.suffix.lower() not in (".csv", ".txt"):
        return
    try:
        with path.open(encoding="utf-8", errors="replace", newline="") as handle:
            sample = handle.read(65536)
            handle.seek(0)
            try:
                dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t|")
            except csv.Error:
                dialect = csv.excel
            rows = csv.reader(handle, dialect)
            header = next(rows, None)
            if not header:
                return
            for row in rows:
                if row and len(row) != len(header):
                    raise InvalidValue(
                        f"line {rows.line_num}", dialect.delimiter.join(row),
                        f"{len(header)} fields like the header ({', '.join(header)}), not {len(row)}",
                    )  # fmt: skip
    except (OSError, csv.Error):
        return


def _physical_line(path: Path, row: int) -> int:
    """The 1-based line of data row ``row`` (0-based) in a JSON-lines file, blank lines counted."""
    seen = -1
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                seen += 1
                if seen == row:
                    return number
    return row + 1


def _first_problem(con: Connection, checks: list[tuple[str, str, str]], first_line: int, table: str,
                   params: dict[str, Any], path: Path | None = None) -> None:  # fmt: skip
    """Raise for the first row (in file order) failing any (field, bad-condition, accepted) check."""
    cases = " ".join(f"WHEN {cond} THEN {n}" for n, (_, cond, _) in enumerate(checks))
    values = " ".join(f'WHEN {cond} THEN CAST("{field}" AS VARCHAR)' for field, cond, _ in checks)
    row = con.execute(
        f"SELECT line, problem, bad_value FROM (SELECT line, CASE {cases} END AS problem, CASE {values} END AS bad_value "
        f"FROM {table}) WHERE problem IS NOT NULL ORDER BY line LIMIT 1",
        params,
    ).fetchone()
    if row:
        line, n, value = row
        field, _, accepted = checks[n]
        jsonl = path is not None and path.suffix.lower() in (".jsonl", ".ndjson", ".json")
        number = _physical_line(path, int(line)) if jsonl and path else int(line) + first_line
        raise InvalidValue(f"line {number}: {field}", "" if value is None else value, accepted)


def _prepare(con: Connection, path: Path, kind: str) -> tuple[int, int]:
    """Load and project the file into ``import_rows`` (line = 0-based data row); returns (first line, rows)."""
    first_line, columns = _load(con, path)
    if not columns:
        return first_line, 0
    missing = [c for c in REQUIRED[kind] if c not in columns]
    if missing:
        _ragged_rows(path)  # the usual reason the columns were not found: say so instead
        raise InvalidValue(
            "file", str(path), f"columns {', '.join(REQUIRED[kind])} (missing: {', '.join(missing)}); "
            f"optional: {', '.join(OPTIONAL[kind])}"
        )  # fmt: skip
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE import_rows AS SELECT ordinality - 1 AS line, {_text_columns(columns, kind)} FROM {SRC}"
    )
    count = con.execute("SELECT count(*) FROM import_rows").fetchone()
    return first_line, int(count[0]) if count else 0


# --- items -----------------------------------------------------------------


def _deadlines(con: Connection, read_deadline: Callable[[str, date], Any], today: date) -> None:
    """Read each distinct non-ISO deadline phrase once (ISO days are read in SQL)."""
    con.execute("CREATE OR REPLACE TEMP TABLE import_deadlines (phrase VARCHAR, earliest DATE, latest DATE, "
                "precision VARCHAR, rule VARCHAR, confidence DOUBLE)")  # fmt: skip
    phrases = [r[0] for r in con.execute(
        f"SELECT DISTINCT trim(deadline) FROM import_rows WHERE deadline IS NOT NULL AND NOT regexp_matches(trim(deadline), '{DATE_RE}')"
    ).fetchall()]  # fmt: skip
    rows = []
    for phrase in phrases:  # few distinct phrases, however many rows
        reading = read_deadline(phrase, today)
        d: Deadline | None = reading.deadline
        if d is not None:
            rows.append([phrase, d.earliest, d.latest, d.precision, d.rule, d.confidence])
    if rows:
        con.executemany("INSERT INTO import_deadlines VALUES (?, ?, ?, ?, ?, ?)", rows)


def import_items(con: Connection, path: Path, *, now: datetime, recorded_by: str,
                 read_deadline: Callable[[str, date], Any]) -> int:  # fmt: skip
    first_line, n = _prepare(con, path, "items")
    if not n:
        return 0
    _deadlines(con, read_deadline, now.date())
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE import_ready AS
        SELECT r.*, trim(r.key) AS k, trim(r.title) AS t,
               coalesce(d.earliest, TRY_CAST(trim(r.deadline) AS DATE)) AS earliest,
               coalesce(d.latest, TRY_CAST(trim(r.deadline) AS DATE)) AS latest,
               coalesce(d.precision, 'day') AS prec, coalesce(d.rule, 'an exact ISO date') AS rule,
               coalesce(d.confidence, 1.0) AS confidence,
               {_labels('r.tags')} AS tag_list, {_labels('r.actor')} AS actor_list,
               CASE WHEN r.created_at IS NULL OR trim(r.created_at) = '' THEN $now ELSE {_utc('r.created_at')} END AS created,
               count(*) OVER (PARTITION BY trim(r.key)) AS key_count,
               row_number() OVER (PARTITION BY trim(r.key) ORDER BY r.line) AS key_seen
        FROM import_rows r LEFT JOIN import_deadlines d ON d.phrase = trim(r.deadline)
    """, {"now": now})  # fmt: skip
    existing = f"SELECT key FROM ({CURRENT_ITEMS})"
    checks = [
        *_no_nul("items"),
        ("key", "k IS NULL OR NOT regexp_matches(k, '^[a-z0-9][a-z0-9-]{0,47}$')", KEY_FORM),
        ("key", "key_count > 1 AND key_seen > 1", "a key used once in the file"),
        ("key", f"k IN ({existing})", "a key not already in the ledger"),
        ("title", "t IS NULL OR t = '' OR length(t) > 300", "a title of 1-300 characters"),
        (
            "deadline",
            "earliest IS NULL",
            "a deadline like 2025-04-30, 2025-04, 2025-Q2, 2025, 'by April' or 'end of 2025'",
        ),
        import_check("deadline", "earliest", "date", rules.DATE_RANGE_FORM),
        import_check("deadline", "latest", "date", rules.DATE_RANGE_FORM),
        (
            "tags",
            "len(list_filter(tag_list, lambda x: length(x) > 100)) > 0",
            "';'-separated labels of 1-100 characters",
        ),
        (
            "actor",
            "len(list_filter(actor_list, lambda x: length(x) > 100)) > 0",
            "';'-separated labels of 1-100 characters",
        ),
        ("created_at", "created IS NULL OR created > $now", TIMESTAMP_FORM + ", not in the future"),
        import_check("created_at", "created", "date", rules.DATE_RANGE_FORM),
        ("statement", "length(coalesce(statement, '')) > 20000", "at most 20000 characters"),
    ]
    _first_problem(con, checks, first_line, "import_ready", {"now": now, "as_of": FAR_FUTURE}, path)
    con.execute("""
        INSERT INTO item_revisions (revision_id, item_id, key, title, statement, actors, quote, criteria, tags, kind,
            source_id, deadline_earliest, deadline_latest, deadline_precision, deadline_phrase, deadline_rule,
            deadline_confidence, created_at, recorded_at, recorded_by)
        SELECT CAST(uuid() AS VARCHAR), CAST(uuid() AS VARCHAR), k, t, coalesce(statement, ''), actor_list, '', '',
               tag_list, 'question', NULL, earliest, latest, prec, trim(deadline), rule, confidence, created, $now,
               $by
        FROM import_ready ORDER BY line
    """, {"now": now, "by": recorded_by})  # fmt: skip
    return n


# --- forecasts ----------------------------------------------------------------


def import_forecasts(con: Connection, path: Path, *, now: datetime) -> int:
    first_line, n = _prepare(con, path, "forecasts")
    if not n:
        return 0
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE import_ready AS
        SELECT r.*, i.item_id, trim(r.analyst) AS a, TRY_CAST(trim(r.probability) AS DOUBLE) AS p,
               {_utc('r.made_at')} AS made
        FROM import_rows r LEFT JOIN (SELECT key, item_id FROM ({CURRENT_ITEMS})) i ON i.key = trim(r.item)
    """, {"as_of": FAR_FUTURE})  # fmt: skip
    checks = [
        *_no_nul("forecasts"),
        ("item", "item_id IS NULL", "the key of an item in the ledger"),
        import_check("analyst", "a", "name", rules.NAME_FORM, required=True),
        ("probability", not_a_probability_sql("p"), PROBABILITY_RANGE),
        ("made_at", "made IS NULL OR made > $now", TIMESTAMP_FORM + ", not in the future"),
        import_check("made_at", "made", "date", rules.DATE_RANGE_FORM),
        ("note", "length(coalesce(note, '')) > 20000", "at most 20000 characters"),
    ]
    _first_problem(con, checks, first_line, "import_ready", {"now": now}, path)
    # Each row gets its own recorded_at, one microsecond apart in file order and
    # ending at $now, so two rows of one analyst on one item made at the same time
    # never tie: the later line counts as recorded later (docs/scoring.md).
    con.execute("""
        INSERT INTO forecasts (id, item_id, analyst, probability, made_at, recorded_at, note)
        SELECT CAST(uuid() AS VARCHAR), item_id, a, p, made,
               $now - to_microseconds(CAST(max(line) OVER () - line AS BIGINT)), coalesce(note, '')
        FROM import_ready
    """, {"now": now})  # fmt: skip
    return n


# --- resolutions ----------------------------------------------------------------

OUTCOME_SQL = """CASE lower(trim(r.outcome)) WHEN 'yes' THEN 'yes' WHEN '1' THEN 'yes' WHEN 'no' THEN 'no'
                 WHEN '0' THEN 'no' WHEN 'annulled' THEN 'annulled' END"""


def import_resolutions(con: Connection, path: Path, *, now: datetime, today: date, analyst: str) -> int:
    first_line, n = _prepare(con, path, "resolutions")
    if not n:
        return 0
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE import_ready AS
        SELECT r.*, i.item_id, {OUTCOME_SQL} AS o,
               CASE WHEN regexp_matches(trim(r.known_on), '{DATE_RE}') THEN TRY_CAST(trim(r.known_on) AS DATE) END AS known,
               cr.outcome AS current_outcome,
               row_number() OVER (PARTITION BY i.item_id ORDER BY r.line) AS seen
        FROM import_rows r
        LEFT JOIN (SELECT key, item_id FROM ({CURRENT_ITEMS})) i ON i.key = trim(r.item)
        LEFT JOIN ({CURRENT_RESOLUTIONS}) cr ON cr.item_id = i.item_id
    """, {"as_of": FAR_FUTURE})  # fmt: skip
    checks = [
        *_no_nul("resolutions"),
        ("item", "item_id IS NULL", "the key of an item in the ledger"),
        (
            "item",
            "current_outcome IS NOT NULL",
            "an unresolved item (correct a resolution with 'fledger resolve --correct')",
        ),
        ("item", "seen > 1", "an item resolved once in the file"),
        ("outcome", "o IS NULL", "yes | no | annulled (or 1 | 0)"),
        ("known_on", "known IS NULL OR known > $today", "a date YYYY-MM-DD, not in the future"),
        import_check("known_on", "known", "date", rules.DATE_RANGE_FORM),
        ("evidence", "length(coalesce(evidence, '')) > 20000", "at most 20000 characters"),
    ]
    _first_problem(con, checks, first_line, "import_ready", {"today": today}, path)
    con.execute("""
        INSERT INTO resolutions (id, item_id, outcome, known_on, recorded_at, analyst, evidence, supersedes)
        SELECT CAST(uuid() AS VARCHAR), item_id, o, known, $now, $analyst, coalesce(evidence, ''), NULL
        FROM import_ready
    """, {"now": now, "analyst": analyst})  # fmt: skip
    return n
