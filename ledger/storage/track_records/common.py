"""What every tool's importer shares: the normalised relations, their mapping to ledger records, the merge.

An importer reads its tool's export with DuckDB and fills three temp tables:

- ``tr_items``: ident, tool_id, title, statement, created, due, tags, author
- ``tr_forecasts``: ident (the item's), fc_ident, tool_id, analyst, p, made, note, withdrawn
- ``tr_resolutions``: ident, tool_id, outcome (yes | no | annulled), known, resolver

``stage_and_merge`` turns them into item revisions, forecasts, resolutions,
withdrawals and origins, all with ids derived from the tool's own identities,
and adds what the ledger lacks through the exchange merge.  So a re-import adds
only what is new: an edited title is a new revision of the same item, a changed
outcome a correction of the resolution in force.  Rules: docs/interop.md.
"""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path
from typing import Any

from ledger import rules
from ledger.errors import InvalidValue
from ledger.model import MAX_TITLE
from ledger.storage import Connection
from ledger.storage.exchange import STAGE_TABLE, merge_staged
from ledger.storage.rule_sql import import_check
from ledger.storage.views import CURRENT_ITEMS, CURRENT_RESOLUTIONS

ITEMS_COLUMNS = "ident VARCHAR, tool_id VARCHAR, title VARCHAR, statement VARCHAR, created TIMESTAMP, due TIMESTAMP, " \
    "tags VARCHAR[], author VARCHAR"  # fmt: skip
FORECASTS_COLUMNS = "ident VARCHAR, fc_ident VARCHAR, tool_id VARCHAR, analyst VARCHAR, p DOUBLE, made TIMESTAMP, " \
    "note VARCHAR, withdrawn TIMESTAMP"  # fmt: skip
RESOLUTIONS_COLUMNS = "ident VARCHAR, tool_id VARCHAR, outcome VARCHAR, known TIMESTAMP, resolver VARCHAR"


def q(name: str) -> str:
    """A column name from a tool's export, quoted for SQL."""
    return '"' + name.replace('"', '""') + '"'


def uuid_of(expr: str) -> str:
    """A stable UUID-shaped id from a text expression."""
    return rf"regexp_replace(md5({expr}), '^(.{{8}})(.{{4}})(.{{4}})(.{{4}})(.{{12}})$', '\1-\2-\3-\4-\5')"


def utc(col: str) -> str:
    """Text to a naive UTC timestamp: an offset is honoured; a bare timestamp (unpadded seconds too) is UTC."""
    text = f"trim({col})"
    return f"""CASE WHEN regexp_matches({text}, '(Z|[+-]\\d{{2}}:?\\d{{2}})$')
                    THEN timezone('UTC', TRY_CAST({text} AS TIMESTAMPTZ))
                    ELSE coalesce(try_strptime({text}, '%Y-%m-%d %H:%M:%S'), TRY_CAST({text} AS TIMESTAMP)) END"""


def labels(col: str, sep: str = ";") -> str:
    """Separated labels -> trimmed, non-empty labels."""
    return (
        f"list_filter(list_transform(string_split(coalesce({col}, ''), '{sep}'), lambda x: trim(x)), lambda x: x <> '')"
    )


def slug_sql(text: str, width: int) -> str:
    """A text as a key fragment: lowercase letters, digits and dashes, at most ``width`` long ('' when none)."""
    return f"rtrim(left(trim(regexp_replace(lower({text}), '[^a-z0-9]+', '-', 'g'), '-'), {width}), '-')"


def new_key_sql(prefix: str, title: str, ident: str) -> str:
    """prefix-slug-hash: readable, unique per source record, within the 48-character key form."""
    return f"'{prefix}-' || coalesce(nullif({slug_sql(title, 38)}, ''), 'q') || '-' || left(md5({ident}), 6)"


def create_tables(con: Connection) -> None:
    con.execute(f"CREATE OR REPLACE TEMP TABLE tr_items ({ITEMS_COLUMNS})")
    con.execute(f"CREATE OR REPLACE TEMP TABLE tr_forecasts ({FORECASTS_COLUMNS})")
    con.execute(f"CREATE OR REPLACE TEMP TABLE tr_resolutions ({RESOLUTIONS_COLUMNS})")


def count(con: Connection, sql: str, params: Any = None) -> int:
    row = con.execute(f"SELECT count(*) FROM ({sql})", params or []).fetchone()
    return int(row[0]) if row else 0


def dates_in_range(*fields: tuple[str, str]) -> list[tuple[str, str, str]]:
    """The ledger's date-range rule (``ledger.rules``) over parsed timestamp columns: (field, column) pairs."""
    return [import_check(field, column, "date", rules.DATE_RANGE_FORM) for field, column in fields]


def first_problem(con: Connection, table: str, checks: list[tuple[str, str, str]]) -> tuple[int, str, str, str] | None:
    """The first row (by ``rec``, its 1-based record number) failing a (field, bad-condition, accepted) check.

    Returns (record number, field, bad value, accepted form), or None when every row passes.
    """
    cases = " ".join(f"WHEN {cond} THEN {n}" for n, (_, cond, _) in enumerate(checks))
    values = " ".join(f"WHEN {cond} THEN CAST({q(field)} AS VARCHAR)" for field, cond, _ in checks)
    row = con.execute(
        f"SELECT rec, problem, bad FROM (SELECT rec, CASE {cases} END AS problem, CASE {values} END AS bad FROM {table}) "
        "WHERE problem IS NOT NULL ORDER BY rec LIMIT 1"
    ).fetchone()
    if not row:
        return None
    rec, n, bad = row
    field, _, accepted = checks[n]
    return int(rec), field, "" if bad is None else str(bad), accepted


def csv_header(path: Path) -> list[str]:
    """The first record of a CSV file (its column names), or [] when there is none to read."""
    try:
        with open(path, newline="", encoding="utf-8", errors="replace") as f:
            return next(csv.reader(f), [])
    except (OSError, csv.Error):
        return []


def csv_line_of_record(path: Path, record: int) -> int:
    """The physical line (1-based) on which data record ``record`` (1-based, after the header) starts.

    Fields may hold newlines, so records and lines differ; this is read only to name a bad row.
    """
    with open(path, newline="", encoding="utf-8", errors="replace") as f:
        reader = csv.reader(f)
        end_of_previous = 0
        for n, _ in enumerate(reader):
            if n == record:
                return end_of_previous + 1
            end_of_previous = reader.line_num
    return end_of_previous + 1


def stage_and_merge(con: Connection, path: Path, form: str, *, tool: str, key_prefix: str, rule: str,
                    now: datetime, extra: str = "") -> dict[str, int]:  # fmt: skip
    """Map the tr_* tables to ledger records and add those the ledger lacks; rows added per table.

    ``extra``, when given, is a query of more (kind, record) rows to add alike (it may use $now).
    """
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE tr_ids AS
        SELECT ident, {uuid_of("'item|' || ident")} AS item_id FROM tr_items""")
    new_key = new_key_sql(key_prefix, "title", "ident")
    content = "title || '|' || statement || '|' || coalesce(CAST(due AS VARCHAR), '') || '|' || array_to_string(list_sort(all_tags), ';')"
    params = {"now": now, "tool": tool, "rule": rule}
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE {STAGE_TABLE} AS
        WITH cur_items AS ({CURRENT_ITEMS.replace("$as_of", "$now")}),
             cur_res AS ({CURRENT_RESOLUTIONS.replace("$as_of", "$now")}),
             -- tags only ever grow: an export without them (older shapes) keeps the ones the ledger has
             it AS (SELECT i.* REPLACE (left(i.title, {MAX_TITLE}) AS title,
                                        -- a title longer than the ledger holds is kept whole in the statement
                                        CASE WHEN length(i.title) > {MAX_TITLE} THEN i.title ELSE i.statement END AS statement),
                           d.item_id, c.key AS cur_key, c.created_at AS cur_created, c.title AS cur_title,
                           c.statement AS cur_statement, c.deadline_latest AS cur_due, c.tags AS cur_tags,
                           list_distinct(['{tool}'] || coalesce(c.tags, []) || i.tags) AS all_tags
                    FROM tr_items i JOIN tr_ids d USING (ident) LEFT JOIN cur_items c ON c.item_id = d.item_id),
             fc AS (SELECT f.*, d.item_id, {uuid_of("'forecast|' || f.fc_ident")} AS forecast_id
                    FROM tr_forecasts f JOIN tr_ids d USING (ident)),
             res AS (SELECT r.*, d.item_id, c.id AS supersedes,
                            {uuid_of("'resolution|' || r.ident || '|' || r.outcome || '|' || CAST(r.known AS VARCHAR)")} AS id
                     FROM tr_resolutions r JOIN tr_ids d USING (ident) LEFT JOIN cur_res c ON c.item_id = d.item_id
                     -- the tool's outcome is new, or differs from the one in force: a correction of it
                     WHERE c.id IS NULL OR c.outcome <> r.outcome OR c.known_on <> CAST(r.known AS DATE))
        SELECT 'item_revisions' AS kind, to_json(struct_pack(
            revision_id := {uuid_of("'rev|' || ident || '|' || md5(" + content + ")")}, item_id := item_id,
            key := coalesce(cur_key, {new_key}), title := title, statement := statement,
            actors := CAST([] AS VARCHAR[]), quote := '', criteria := '', tags := all_tags,
            kind := 'question', source_id := CAST(NULL AS VARCHAR),
            deadline_earliest := CAST(due AS DATE), deadline_latest := CAST(due AS DATE),
            deadline_precision := CASE WHEN due IS NOT NULL THEN 'day' END,
            deadline_phrase := CASE WHEN due IS NOT NULL THEN 'resolve by ' || CAST(CAST(due AS DATE) AS VARCHAR) END,
            deadline_rule := CASE WHEN due IS NOT NULL THEN $rule END,
            deadline_confidence := CASE WHEN due IS NOT NULL THEN 1.0 END,
            created_at := coalesce(cur_created, created), recorded_at := $now, recorded_by := author)) AS record
        FROM it
        -- a new item, or one whose title, deadline or tags the tool changed: a new revision
        WHERE cur_key IS NULL OR cur_title <> title OR cur_statement <> statement
              OR cur_due IS DISTINCT FROM CAST(due AS DATE) OR list_sort(cur_tags) <> list_sort(all_tags)
        UNION ALL
        SELECT 'forecasts', to_json(struct_pack(id := forecast_id, item_id := item_id, analyst := analyst,
            probability := p, made_at := made, recorded_at := $now, note := note))
        FROM fc
        UNION ALL
        SELECT 'forecast_withdrawals', to_json(struct_pack(
            id := {uuid_of("'withdrawal|' || fc_ident || '|' || CAST(withdrawn AS VARCHAR)")}, forecast_id := forecast_id,
            item_id := item_id, analyst := analyst, made_at := made, withdrawn_at := withdrawn, recorded_at := $now,
            note := 'withdrawn on ' || $tool))
        FROM fc WHERE withdrawn IS NOT NULL
        UNION ALL
        SELECT 'resolutions', to_json(struct_pack(id := res.id, item_id := res.item_id, outcome := res.outcome,
            known_on := CAST(res.known AS DATE), recorded_at := $now, analyst := res.resolver, evidence := $tool,
            supersedes := res.supersedes))
        FROM res
        UNION ALL
        SELECT 'record_origins', to_json(struct_pack(id := {uuid_of("'origin|' || t || '|' || rid")}, record_table := t,
            record_id := rid, tool := $tool, tool_id := tid, recorded_at := $now))
        FROM (SELECT 'item_revisions' AS t, item_id AS rid, tool_id AS tid FROM it
              UNION ALL SELECT 'forecasts', forecast_id, tool_id FROM fc
              UNION ALL SELECT 'resolutions', id, tool_id FROM res)
        {"UNION ALL " + extra if extra else ""}
    """, params)  # fmt: skip
    return merge_staged(con, path, form)


def refuse(path: Path, form: str, why: str) -> InvalidValue:
    return InvalidValue("file", str(path), f"{form}; {why}")
