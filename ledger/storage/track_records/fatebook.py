"""A Fatebook CSV export into the tr_* relations (rules: docs/interop.md, "Fatebook")."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import duckdb

from ledger import rules
from ledger.errors import InvalidValue
from ledger.interop import fatebook as fb
from ledger.rules import PROBABILITY_RANGE, not_a_probability_sql
from ledger.storage import Connection
from ledger.storage.rule_sql import import_check
from ledger.storage.track_records.common import (
    count,
    create_tables,
    csv_header,
    csv_line_of_record,
    dates_in_range,
    first_problem,
    labels,
    q,
    refuse,
    stage_and_merge,
    utc,
)  # fmt: skip

TIMESTAMP = "a Fatebook timestamp like 2025-03-20 17:02:5"


def _checks(columns: set[str]) -> list[tuple[str, str, str]]:
    """Every rule a kept row must meet, in one place (field, condition of a bad row, accepted form).

    The ledger's own value rules (``ledger.rules``: analyst names, tags) are checked here on the
    file's rows, so a breach names its line, not a record made from it.
    """
    # tags come from the tags column and, in a tournament export, the tournament's name
    tag_field = fb.TAGS if fb.TAGS in columns else fb.TOURNAMENT if fb.TOURNAMENT in columns else None
    tag_rule = [import_check(tag_field, "tags", "labels", rules.LABEL_FORM)] if tag_field else []
    return [
        (fb.QUESTION, "question IS NULL", "a question title"),
        import_check(fb.FORECASTER, "forecaster", "name", rules.NAME_FORM),  # the analyst of its forecasts
        *tag_rule,
        (fb.FORECAST, not_a_probability_sql("p"), PROBABILITY_RANGE),
        (fb.FORECAST_AT, "made IS NULL", TIMESTAMP),
        (fb.CREATED_AT, "created IS NULL", TIMESTAMP),
        (fb.RESOLVE_BY, f"due IS NULL AND nullif(trim({q(fb.RESOLVE_BY)}), '') IS NOT NULL", TIMESTAMP),
        (fb.RESOLUTION, "res NOT IN ('', 'YES', 'NO', 'AMBIGUOUS')", "YES, NO or AMBIGUOUS, or empty while open"),
        (fb.RESOLVED_AT, "res <> '' AND resolved IS NULL", TIMESTAMP),
        *dates_in_range(
            (fb.FORECAST_AT, "made"), (fb.CREATED_AT, "created"), (fb.RESOLVE_BY, "due"), (fb.RESOLVED_AT, "resolved")
        ),
    ]


def _load(con: Connection, path: Path) -> set[str]:
    if path.suffix.lower() != ".csv":
        raise refuse(path, fb.FORM, "a .csv file")
    try:
        con.execute(
            "CREATE OR REPLACE TEMP TABLE fb_src AS SELECT * FROM read_csv(?, header = true, all_varchar = true, "
            "delim = ',', quote = '\"', escape = '\"') WITH ORDINALITY",
            [str(path)],
        )
    except duckdb.Error as exc:
        _check_columns(path, set(csv_header(path)))  # another tool's CSV is named as such, not as unreadable
        raise refuse(path, fb.FORM, f"not a readable CSV ({str(exc).strip().splitlines()[0][:160]})") from None
    columns = {r[0] for r in con.execute("DESCRIBE fb_src").fetchall()}
    for old, new in fb.OLD_NAMES.items():
        if old in columns and new not in columns:
            con.execute(f"ALTER TABLE fb_src RENAME COLUMN {q(old)} TO {q(new)}")
            columns = (columns - {old}) | {new}
    _check_columns(path, columns)
    return columns


def _check_columns(path: Path, columns: set[str]) -> None:
    known = columns | {new for old, new in fb.OLD_NAMES.items() if old in columns}
    missing = [c for c in fb.REQUIRED if c not in known]
    if missing:
        raise refuse(path, fb.FORM, f"it lacks the columns {', '.join(missing)}")


def import_fatebook(con: Connection, path: Path, *, now: datetime, analyst: str) -> tuple[dict[str, int], dict[str, int], list[str]]:  # fmt: skip
    """(rows added per table, rows skipped per reason, notes) for a Fatebook export, in the caller's transaction."""
    columns = _load(con, path)
    option = f"nullif(trim({q(fb.OPTION)}), '')" if fb.OPTION in columns else "CAST(NULL AS VARCHAR)"
    tags = labels(q(fb.TAGS)) if fb.TAGS in columns else "CAST([] AS VARCHAR[])"
    if fb.TOURNAMENT in columns:
        tournament = f"replace(trim({q(fb.TOURNAMENT)}), ';', ',')"  # a tag holds no ';'
        tags = f"list_distinct({tags} || CASE WHEN {tournament} <> '' THEN [{tournament}] ELSE [] END)"
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE fb_rows AS
        SELECT *, CASE WHEN opt IS NULL THEN question ELSE question || ' — ' || opt END AS title,
               -- no question id in the export: its creation moment and author identify it (titles can be edited)
               'fatebook|' || coalesce(CAST(created AS VARCHAR), '') || '|' || author || '|' || coalesce(opt, '') AS ident
        FROM (SELECT ordinality AS rec, *,
                     nullif(trim({q(fb.QUESTION)}), '') AS question, {option} AS opt,
                     nullif(trim({q(fb.FORECASTER)}), '') AS forecaster,
                     TRY_CAST(nullif(trim({q(fb.FORECAST)}), '') AS DOUBLE) AS p,
                     {utc(q(fb.FORECAST_AT))} AS made,
                     coalesce(nullif(trim({q(fb.AUTHOR)}), ''), '{fb.NAMELESS}') AS author,
                     {utc(q(fb.CREATED_AT))} AS created, {utc(q(fb.RESOLVE_BY))} AS due,
                     upper(trim(coalesce({q(fb.RESOLUTION)}, ''))) AS res, {utc(q(fb.RESOLVED_AT))} AS resolved,
                     {tags} AS tags
              FROM fb_src)
    """)  # fmt: skip
    # Rows with no value are other people's forecasts on a question that hides them (or a value-less row):
    # nothing to score, so they are counted and left out before any rule is checked.
    valueless = f"nullif(trim({q(fb.FORECAST)}), '') IS NULL"
    skipped = {
        "hidden forecasts": count(con, f"SELECT 1 FROM fb_rows WHERE {valueless} AND forecaster IS NULL"),
        "forecasts without a value": count(con, f"SELECT 1 FROM fb_rows WHERE {valueless} AND forecaster IS NOT NULL"),
    }
    con.execute(f"DELETE FROM fb_rows WHERE {valueless}")
    problem = first_problem(con, "fb_rows", _checks(columns))
    if problem:
        rec, field, bad, accepted = problem
        raise InvalidValue(f"line {csv_line_of_record(path, rec)}: {field}", bad, accepted)
    create_tables(con)
    con.execute("""
        INSERT INTO tr_items
        SELECT ident, any_value(CAST(created AS VARCHAR) || ' by ' || author || coalesce(' / ' || opt, '')), any_value(title),
               '', min(created), any_value(due), list_distinct(flatten(list(tags))), any_value(author)
        FROM fb_rows GROUP BY ident""")
    con.execute(f"""
        INSERT INTO tr_forecasts
        SELECT ident, ident || '|' || forecaster || '|' || CAST(made AS VARCHAR) || '|' || CAST(p AS VARCHAR),
               coalesce(forecaster, '{fb.NAMELESS}') || ' at ' || CAST(made AS VARCHAR), forecaster, p, made, '', NULL
        FROM (SELECT * REPLACE (coalesce(forecaster, '{fb.NAMELESS}') AS forecaster) FROM fb_rows)""")
    outcome = " ".join(f"WHEN '{k}' THEN '{v}'" for k, v in fb.OUTCOMES.items())
    # Only a question's author can resolve it on Fatebook: the author is the resolver.
    con.execute(f"""
        INSERT INTO tr_resolutions
        SELECT ident, any_value(CAST(created AS VARCHAR) || ' by ' || author), CASE any_value(res) {outcome} END,
               any_value(resolved), any_value(author)
        FROM fb_rows WHERE res <> '' GROUP BY ident""")
    notes = _all_no_questions(con)
    added = stage_and_merge(con, path, fb.FORM, tool=fb.TOOL, key_prefix=fb.KEY_PREFIX, now=now,
                            rule="the question's resolve-by date on Fatebook")  # fmt: skip
    return added, {k: v for k, v in skipped.items() if v}, notes


def _all_no_questions(con: Connection) -> list[str]:
    """Multiple-choice questions whose options all resolved NO: how Fatebook exports an exclusive question
    resolved AMBIGUOUS (or OTHER); the export cannot tell which, so they are kept as NO and named."""
    rows = con.execute("""
        SELECT any_value(question) FROM fb_rows WHERE opt IS NOT NULL
        GROUP BY created, author, question HAVING bool_and(res = 'NO') ORDER BY 1""").fetchall()
    if not rows:
        return []
    names = "; ".join(repr(r[0].splitlines()[0][:60]) for r in rows)
    return [(f"{len(rows)} multiple-choice question(s) have every option resolved NO, which is also how Fatebook "
            f"exports an AMBIGUOUS or OTHER resolution; check them: {names}")]  # fmt: skip
