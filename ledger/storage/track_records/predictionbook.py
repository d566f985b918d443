"""A PredictionBook API export into the tr_* relations (rules: docs/interop.md, "PredictionBook")."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import duckdb

from ledger import rules
from ledger.errors import InvalidValue
from ledger.interop import predictionbook as pb
from ledger.storage import Connection
from ledger.storage.rule_sql import import_check
from ledger.storage.track_records.common import (
    count,
    create_tables,
    dates_in_range,
    first_problem,
    refuse,
    stage_and_merge,
    utc,
)  # fmt: skip

TIMESTAMP = "an ISO timestamp like 2025-03-28T19:40:12.345Z"
# A response's forecaster: its user_label (the name, else the login), else its user id.
FORECASTER = "coalesce(nullif(trim(a.user_label), ''), 'PredictionBook user ' || a.user_id)"


def _checks() -> list[tuple[str, str, str]]:
    """Every rule a kept prediction must meet, in one place (field, condition of a bad row, accepted form)."""
    bad_response = "list_filter(answers, lambda a: a.confidence IS NOT NULL AND ({c}))"
    return [
        ("id", "pid IS NULL", "an id for each prediction"),
        ("id", "row_number() OVER (PARTITION BY pid ORDER BY rec) > 1", "an id used by one prediction only (two would be merged)"),
        ("description", "title IS NULL", "a description"),
        ("created_at", "created IS NULL", TIMESTAMP),
        ("deadline", "due IS NULL AND nullif(trim(deadline), '') IS NOT NULL", TIMESTAMP),
        ("last_judgement_at", "outcome IS NOT NULL AND judged IS NULL", TIMESTAMP + " when there is an outcome"),
        *dates_in_range(("created_at", "created"), ("deadline", "due"), ("last_judgement_at", "judged")),
        ("user_label", "user_label IS NOT NULL", "in every response " + rules.NAME_FORM),
        ("responses", f"len({bad_response.format(c='a.confidence < 0 OR a.confidence > 100')}) > 0",
         "a confidence from 0 to 100 in every response"),
        ("responses", f"len({bad_response.format(c=utc('a.created_at') + ' IS NULL')}) > 0",
         "a created_at in every response (" + TIMESTAMP + ")"),
    ]  # fmt: skip


def _refuse_json(path: Path, exc: duckdb.Error) -> InvalidValue:
    """Name the physical line where the JSON breaks (Python's parser says it; DuckDB's message does not)."""
    try:
        json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        return refuse(path, pb.FORM, f"line {err.lineno}: the JSON is broken ({err.msg})")
    except (OSError, UnicodeDecodeError) as err:
        return refuse(path, pb.FORM, f"not readable as UTF-8 text ({err})")
    return refuse(path, pb.FORM, f"not in that shape ({str(exc).strip().splitlines()[0][:160]})")


def import_predictionbook(con: Connection, path: Path, *, now: datetime, analyst: str) -> tuple[dict[str, int], dict[str, int], list[str]]:  # fmt: skip
    """(rows added per table, rows skipped per reason, notes) for a PredictionBook export, in the caller's transaction."""
    if path.suffix.lower() == ".csv":
        raise refuse(path, pb.FORM, "the settings page's CSV has no responses and at most 100 predictions")
    columns = ", ".join(f"{k}: '{v}'" for k, v in pb.PAGE.items())
    try:
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE pb_pages AS SELECT * FROM read_json(?, format = 'auto', columns = {{{columns}}})",
            [str(path)],
        )
        pages = con.execute("SELECT count(*), count(predictions) FROM pb_pages").fetchone()
    except duckdb.Error as exc:
        raise _refuse_json(path, exc) from None
    if not pages or not pages[1]:
        raise refuse(path, pb.FORM, 'it has no "predictions" list')
    con.execute("""
        CREATE OR REPLACE TEMP TABLE pb_rows AS
        SELECT row_number() OVER () AS rec, p.*, nullif(trim(CAST(p.id AS VARCHAR)), '') AS pid,
               -- a grouped prediction's question is only in description_with_group
               nullif(trim(coalesce(p.description_with_group, p.description)), '') AS title,
               coalesce(p.responses, []) AS answers
        FROM (SELECT unnest(predictions) AS p FROM pb_pages) AS t(p)""")
    # user_label: the first forecaster name among the prediction's responses that breaks the ledger's
    # name rule (``ledger.rules``), so that _checks names the prediction it is in
    _, bad_name, _ = import_check("user_label", "x", "name", rules.NAME_FORM)
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE pb_rows AS
        SELECT *, {utc("created_at")} AS created, {utc("deadline")} AS due, {utc("last_judgement_at")} AS judged,
               list_filter(list_transform(list_filter(answers, lambda a: a.confidence IS NOT NULL),
                                          lambda a: {FORECASTER}), lambda x: {bad_name})[1] AS user_label
        FROM pb_rows""")
    skipped = {
        "withdrawn predictions": count(con, "SELECT 1 FROM pb_rows WHERE coalesce(withdrawn, false)"),
        "comments without a confidence": count(
            con, "SELECT 1 FROM (SELECT unnest(answers) AS a FROM pb_rows WHERE NOT coalesce(withdrawn, false)) "
            "WHERE a.confidence IS NULL"),
        "judgements of 'unknown' after an outcome (left unresolved)": count(
            con, "SELECT 1 FROM pb_rows WHERE outcome IS NULL AND judged IS NOT NULL"),
    }  # fmt: skip
    con.execute("DELETE FROM pb_rows WHERE coalesce(withdrawn, false)")
    problem = first_problem(con, "pb_rows", _checks())
    if problem:
        rec, field, bad, accepted = problem
        raise InvalidValue(f"prediction {rec} (id {_id_of(con, rec)}): {field}", bad, accepted)
    create_tables(con)
    con.execute(
        """
        INSERT INTO tr_items
        SELECT 'predictionbook|' || pid, pid, title, '', created, due, [], coalesce(nullif(trim(creator_label), ''), ?)
        FROM pb_rows""",
        [pb.JUDGE],
    )
    con.execute(f"""
        INSERT INTO tr_forecasts
        SELECT 'predictionbook|' || pid, 'predictionbook|' || pid || '|response ' || coalesce(a.id, a.created_at),
               'response ' || coalesce(a.id, a.created_at),
               {FORECASTER}, a.confidence / 100,
               {utc("a.created_at")}, coalesce(a.comment, ''), NULL
        FROM (SELECT pid, unnest(answers) AS a FROM pb_rows) WHERE a.confidence IS NOT NULL""")
    con.execute(
        """
        INSERT INTO tr_resolutions
        SELECT 'predictionbook|' || pid, pid, CASE WHEN outcome THEN 'yes' ELSE 'no' END, judged, ?
        FROM pb_rows WHERE outcome IS NOT NULL""",
        [pb.JUDGE],
    )
    added = stage_and_merge(con, path, pb.FORM, tool=pb.TOOL, key_prefix=pb.KEY_PREFIX, now=now,
                            rule="the prediction's deadline on PredictionBook")  # fmt: skip
    return added, {k: v for k, v in skipped.items() if v}, []


def _id_of(con: Connection, rec: int) -> str:
    row = con.execute("SELECT pid FROM pb_rows WHERE rec = ?", [rec]).fetchone()
    return str(row[0]) if row and row[0] is not None else "missing"
