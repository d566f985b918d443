"""Other tools' track records (Fatebook CSV, PredictionBook JSON) mapped onto the ledger's tables.

Each file is read by DuckDB, checked row by row in SQL (the first bad row is
reported with its line), mapped to item revisions, forecasts and resolutions,
and staged as exchange records: from there the exchange merge adds what the
ledger lacks, in the caller's transaction.  Ids are derived from the source
records (md5 shaped as a UUID), so importing a newer export of the same track
record adds only what is new.  Column mapping: docs/interop.md.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import duckdb

from ledger.errors import InvalidValue
from ledger.interop import fatebook as fb
from ledger.interop import predictionbook as pb
from ledger.rules import PROBABILITY_RANGE, not_a_probability_sql
from ledger.storage import Connection
from ledger.storage.exchange import STAGE_TABLE, merge_staged
from ledger.storage.imports import TIMESTAMP_FORM, _first_problem, _load, _utc

FATEBOOK_FORM = "a Fatebook CSV export (columns: docs/interop.md)"
PREDICTIONBOOK_FORM = "a PredictionBook JSON export (fields: docs/interop.md)"


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _uuid(expr: str) -> str:
    """A stable UUID-shaped id from a text."""
    return rf"regexp_replace(md5({expr}), '^(.{{8}})(.{{4}})(.{{4}})(.{{4}})(.{{12}})$', '\1-\2-\3-\4-\5')"


def _key(prefix: str, title: str, ident: str) -> str:
    """prefix-slug-hash: readable, unique per source record, within the 48-character key form."""
    slug = f"trim(regexp_replace(lower({title}), '[^a-z0-9]+', '-', 'g'), '-')"
    return f"'{prefix}-' || coalesce(nullif(rtrim(left({slug}, 38), '-'), ''), 'q') || '-' || left(md5({ident}), 6)"


def _item_record(prefix: str, tag: str, rule: str) -> str:
    """An item revision from a relation with ident, title, statement, created, due, phrase, author."""
    return f"""to_json(struct_pack(
        revision_id := {_uuid("'rev|' || ident")}, item_id := {_uuid("'item|' || ident")},
        key := {_key(prefix, "title", "ident")}, title := title, statement := statement,
        actors := CAST([] AS VARCHAR[]), quote := '', criteria := '', tags := ['{tag}'], kind := 'question',
        source_id := CAST(NULL AS VARCHAR), deadline_earliest := CAST(due AS DATE), deadline_latest := CAST(due AS DATE),
        deadline_precision := CASE WHEN due IS NULL THEN NULL ELSE 'day' END,
        deadline_phrase := CASE WHEN due IS NULL THEN NULL ELSE phrase END,
        deadline_rule := CASE WHEN due IS NULL THEN NULL ELSE '{rule.replace("'", "''")}' END,
        deadline_confidence := CASE WHEN due IS NULL THEN NULL ELSE 1.0 END,
        created_at := created, recorded_at := $now, recorded_by := author))"""


def _stage(con: Connection, sql: str, params: dict) -> None:
    con.execute(f"CREATE OR REPLACE TEMP TABLE {STAGE_TABLE} AS {sql}", params)


# --- Fatebook ----------------------------------------------------------------------------


def import_fatebook(con: Connection, path: Path, *, now: datetime, analyst: str) -> dict[str, int]:
    if path.suffix.lower() != ".csv":
        raise InvalidValue("file", str(path), FATEBOOK_FORM + " (a .csv file)")
    first_line, columns = _load(con, path)
    missing = [c for c in fb.REQUIRED if c not in columns]
    if missing:
        raise InvalidValue("file", str(path), f"{FATEBOOK_FORM}; missing columns: {', '.join(missing)}")
    option = f"nullif(trim({_q(fb.OPTION)}), '')" if fb.OPTION in columns else "CAST(NULL AS VARCHAR)"
    author = f"nullif(trim({_q(fb.AUTHOR)}), '')" if fb.AUTHOR in columns else "CAST(NULL AS VARCHAR)"
    try:
        con.execute(f"""
            CREATE OR REPLACE TEMP TABLE fb_ready AS
            SELECT *, CASE WHEN opt IS NULL THEN question ELSE question || ' — ' || opt END AS title,
                   'fatebook|' || question || '|' || coalesce(opt, '') || '|' || coalesce(CAST(created AS VARCHAR), '')
                       AS ident
            FROM (SELECT ordinality - 1 AS line, *,
                         trim({_q(fb.QUESTION)}) AS question, {option} AS opt,
                         trim({_q(fb.FORECASTER)}) AS forecaster,
                         TRY_CAST(trim({_q(fb.FORECAST)}) AS DOUBLE) AS p,
                         {_utc(_q(fb.FORECAST_AT))} AS made, {author} AS by_author,
                         {_utc(_q(fb.CREATED_AT))} AS created, {_utc(_q(fb.RESOLVE_BY))} AS due,
                         upper(trim(coalesce({_q(fb.RESOLUTION)}, ''))) AS res,
                         {_utc(_q(fb.RESOLVED_AT))} AS resolved
                  FROM import_src)
        """)  # fmt: skip
    except duckdb.Error as exc:
        raise InvalidValue("file", str(path), f"{FATEBOOK_FORM} ({str(exc).splitlines()[0]})") from None
    checks = [
        (
            fb.QUESTION,
            "question IS NULL OR question = '' OR length(title) > 300",
            "a question title of 1-300 characters",
        ),
        (
            fb.FORECASTER,
            "forecaster IS NULL OR forecaster = '' OR length(forecaster) > 100",
            "a name of 1-100 characters",
        ),
        (fb.FORECAST, not_a_probability_sql("p"), PROBABILITY_RANGE),
        (fb.FORECAST_AT, "made IS NULL", TIMESTAMP_FORM),
        (fb.CREATED_AT, "created IS NULL", TIMESTAMP_FORM),
        (fb.RESOLVE_BY, f"due IS NULL AND trim(coalesce({_q(fb.RESOLVE_BY)}, '')) <> ''", TIMESTAMP_FORM),
        (fb.RESOLUTION, "res NOT IN ('', 'YES', 'NO', 'AMBIGUOUS')", "YES | NO | AMBIGUOUS, or empty while open"),
        (fb.RESOLVED_AT, "res <> '' AND resolved IS NULL", TIMESTAMP_FORM),
    ]
    _first_problem(con, checks, first_line, "fb_ready", {})
    outcome = " ".join(f"WHEN '{k}' THEN '{v}'" for k, v in fb.OUTCOMES.items())
    _stage(con, f"""
        WITH q AS (SELECT ident, any_value(title) AS title, '' AS statement, min(created) AS created,
                          any_value(due) AS due, 'resolve by ' || CAST(CAST(any_value(due) AS DATE) AS VARCHAR) AS phrase,
                          coalesce(any_value(by_author), $analyst) AS author, max(res) AS res,
                          max(resolved) AS resolved
                   FROM fb_ready GROUP BY ident)
        SELECT 'item_revisions' AS kind, {_item_record(fb.KEY_PREFIX, fb.TAG, "the question's resolve-by date on Fatebook")}
               AS record FROM q
        UNION ALL
        SELECT 'forecasts', to_json(struct_pack(
            id := {_uuid("'forecast|' || ident || '|' || forecaster || '|' || CAST(made AS VARCHAR) || '|' || CAST(p AS VARCHAR)")},
            item_id := {_uuid("'item|' || ident")}, analyst := forecaster, probability := p, made_at := made,
            recorded_at := $now, note := ''))
        FROM fb_ready
        UNION ALL
        SELECT 'resolutions', to_json(struct_pack(
            id := {_uuid("'resolution|' || ident || '|' || res")}, item_id := {_uuid("'item|' || ident")},
            outcome := CASE res {outcome} END, known_on := CAST(resolved AS DATE), recorded_at := $now,
            analyst := author, evidence := 'Fatebook', supersedes := CAST(NULL AS VARCHAR)))
        FROM q WHERE res <> ''
    """, {"now": now, "analyst": analyst})  # fmt: skip
    return merge_staged(con, path, FATEBOOK_FORM)


# --- PredictionBook ----------------------------------------------------------------------


def import_predictionbook(con: Connection, path: Path, *, now: datetime, analyst: str) -> dict[str, int]:
    fields = ", ".join(f"{name}: '{sql_type}'" for name, sql_type in pb.PREDICTION_FIELDS.items())
    try:
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE pb_src AS SELECT * FROM read_json(?, format = 'auto', columns = {{{fields}}}) "
            "WITH ORDINALITY",
            [str(path)],
        )
        con.execute(f"""
            CREATE OR REPLACE TEMP TABLE pb_ready AS
            SELECT ordinality - 1 AS line, *, trim(description) AS text, left(trim(description), 300) AS title,
                   CASE WHEN length(trim(description)) > 300 THEN trim(description) ELSE '' END AS statement,
                   'predictionbook|' || coalesce(nullif(trim(uuid), ''), trim(id)) AS ident,
                   {_utc('deadline')} AS due, trim(deadline) AS phrase, {_utc('created_at')} AS created,
                   {_utc('updated_at')} AS updated, $analyst AS author,
                   coalesce(responses, []) AS answers
            FROM pb_src
        """, {"analyst": analyst})  # fmt: skip
    except duckdb.Error as exc:
        raise InvalidValue("file", str(path), f"{PREDICTIONBOOK_FORM} ({str(exc).splitlines()[0]})") from None
    bad_time = _utc("a.created_at")
    checks = [
        ("id", "ident IS NULL", "an id or uuid for each prediction"),
        ("description", "text IS NULL OR text = ''", "a description"),
        ("created_at", "created IS NULL", TIMESTAMP_FORM),
        ("deadline", "due IS NULL AND trim(coalesce(deadline, '')) <> ''", TIMESTAMP_FORM),
        ("updated_at", "(outcome IS NOT NULL OR withdrawn) AND updated IS NULL", TIMESTAMP_FORM),
        ("responses", "len(list_filter(answers, lambda a: a.confidence < 0 OR a.confidence > 100)) > 0",
         "responses whose confidence is from 0 to 100"),
        ("responses", f"len(list_filter(answers, lambda a: a.confidence IS NOT NULL AND {bad_time} IS NULL)) > 0",
         "responses with a created_at " + TIMESTAMP_FORM),
    ]  # fmt: skip
    _first_problem(con, checks, 1, "pb_ready", {})
    made = _utc("a.created_at")
    _stage(con, f"""
        SELECT 'item_revisions' AS kind, {_item_record(pb.KEY_PREFIX, pb.TAG, "the prediction's deadline on PredictionBook")}
               AS record FROM pb_ready
        UNION ALL
        SELECT 'forecasts', to_json(struct_pack(
            id := {_uuid("'response|' || ident || '|' || coalesce(a.id, a.created_at || '|' || coalesce(a.user_id, ''))")},
            item_id := {_uuid("'item|' || ident")},
            analyst := coalesce(nullif(trim(a.user_label), ''), 'user ' || a.user_id, 'predictionbook'),
            probability := a.confidence / 100, made_at := {made}, recorded_at := $now, note := coalesce(a.comment, '')))
        FROM (SELECT ident, unnest(answers) AS a FROM pb_ready) WHERE a.confidence IS NOT NULL
        UNION ALL
        SELECT 'resolutions', to_json(struct_pack(
            id := {_uuid("'resolution|' || ident")}, item_id := {_uuid("'item|' || ident")},
            outcome := CASE WHEN outcome THEN 'yes' WHEN NOT outcome THEN 'no' ELSE 'annulled' END,
            known_on := CAST(updated AS DATE), recorded_at := $now, analyst := author, evidence := 'PredictionBook',
            supersedes := CAST(NULL AS VARCHAR)))
        FROM pb_ready WHERE outcome IS NOT NULL OR coalesce(withdrawn, false)
    """, {"now": now})  # fmt: skip
    return merge_staged(con, path, PREDICTIONBOOK_FORM)
