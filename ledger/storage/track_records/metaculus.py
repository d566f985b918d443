"""A Metaculus data export into the tr_* relations (rules: docs/interop.md, "Metaculus")."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import duckdb

from ledger import rules
from ledger.errors import InvalidValue
from ledger.interop import metaculus as mc
from ledger.model import MAX_TITLE
from ledger.rules import not_a_probability_sql
from ledger.scenarios.math import MAX_OUTCOMES, MIN_OUTCOMES, SUM_TOLERANCE
from ledger.scenarios.model import MAX_LABEL
from ledger.storage import Connection
from ledger.storage.rule_sql import import_check
from ledger.storage.scenarios import CURRENT_SCENARIO_RESOLUTIONS, CURRENT_SETS
from ledger.storage.track_records.common import (
    count,
    create_tables,
    csv_line_of_record,
    dates_in_range,
    first_problem,
    new_key_sql,
    q,
    refuse,
    slug_sql,
    stage_and_merge,
    utc,
    uuid_of,
)  # fmt: skip

TIMESTAMP = "a Metaculus time like 2024-03-02 10:00:00.123456+00:00"
KNOWN_TYPES = "a question type such as binary, multiple_choice, numeric, date or discrete"


def _question_checks() -> list[tuple[str, str, str]]:
    """Every rule a question row must meet, in one place (field, condition of a bad row, accepted form)."""
    choice = f"qtype IN {mc.CHOICE}"
    return [
        (mc.Q_ID, "qid IS NULL", "a question id"),
        (mc.Q_TITLE, "title IS NULL", "a question title"),
        (mc.Q_TYPE, "qtype IS NULL", KNOWN_TYPES),
        (mc.Q_OPTIONS, f"{choice} AND (len(coalesce(options, [])) < 2 OR len(list_filter(options, lambda o: o = '')) > 0)",
         "a Python list of at least two options, like ['Lisbon', 'Oslo']"),
        (mc.Q_OPEN, f"opened IS NULL AND nullif(trim({q(mc.Q_OPEN)}), '') IS NOT NULL", TIMESTAMP),
        (mc.Q_CLOSE, f"closes IS NULL AND nullif(trim({q(mc.Q_CLOSE)}), '') IS NOT NULL", TIMESTAMP),
        (mc.Q_RESOLUTION, f"qtype IN {mc.YES_NO} AND res IS NOT NULL AND res NOT IN ('yes', 'no', 'annulled', 'ambiguous')",
         "yes, no, annulled or ambiguous for a binary question"),
        (mc.Q_RESOLUTION, f"{choice} AND res IS NOT NULL AND res NOT IN ('annulled', 'ambiguous') AND NOT list_contains(options, res)",
         "one of the question's MC Options, annulled or ambiguous"),
        (mc.Q_KNOWN, f"known IS NULL AND nullif(trim({q(mc.Q_KNOWN)}), '') IS NOT NULL", TIMESTAMP + ", or empty"),
        *dates_in_range((mc.Q_OPEN, "opened"), (mc.Q_CLOSE, "closes"), (mc.Q_KNOWN, "known")),
    ]  # fmt: skip


def _forecast_checks() -> list[tuple[str, str, str]]:
    """Every rule a kept forecast row must meet, in one place.

    The ledger's own value rule on analyst names (``ledger.rules``) is checked here on the file's
    rows, so a breach names its line, not a record made from it."""
    return [
        import_check(mc.F_USER, "username", "name", rules.NAME_FORM),
        (mc.F_START, "started IS NULL", TIMESTAMP),
        (mc.F_END, f"ended IS NULL AND nullif(trim({q(mc.F_END)}), '') IS NOT NULL", TIMESTAMP + ", or empty"),
        *dates_in_range((mc.F_START, "started"), (mc.F_END, "ended")),
        (mc.F_YES, f"qtype IN {mc.YES_NO} AND ({not_a_probability_sql('p_yes')})",
         "a probability from 0 to 1 for a binary question"),
        (mc.F_PER_CATEGORY, f"qtype IN {mc.CHOICE} AND len(list_filter(per_cat, lambda x: isnan(x) OR x < 0 OR x > 1)) > 0",
         "a Python list of probabilities from 0 to 1, like [0.6, 0.4]"),
    ]  # fmt: skip


def _read(con: Connection, table: str, file: Path, columns: tuple[str, ...], where: Path) -> None:
    try:
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT * FROM read_csv(?, header = true, all_varchar = true, "
            "delim = ',', quote = '\"', escape = '\"', null_padding = true) WITH ORDINALITY",
            [str(file)],
        )
    except duckdb.Error as exc:
        raise refuse(
            where, mc.FORM, f"{file.name} is not a readable CSV ({str(exc).strip().splitlines()[0][:160]})"
        ) from None
    present = {r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()}
    missing = [c for c in columns if c not in present]
    if missing:
        raise refuse(where, mc.FORM, f"{file.name} lacks the columns {', '.join(missing)}")


def _raise_at(problem: tuple[int, str, str, str], file: Path) -> None:
    rec, field, bad, accepted = problem
    raise InvalidValue(f"{file.name} line {csv_line_of_record(file, rec)}: {field}", bad, accepted)


def import_metaculus(con: Connection, path: Path, *, now: datetime, analyst: str) -> tuple[dict[str, int], dict[str, int], list[str]]:  # fmt: skip
    """(rows added per table, rows skipped per reason, notes) for a Metaculus export, in the caller's transaction."""
    with mc.Unpacked(path) as (questions_file, forecasts_file):
        _read(con, "mq_src", questions_file, mc.QUESTION_COLUMNS, path)
        _read(con, "mf_src", forecasts_file, mc.FORECAST_COLUMNS, path)
        con.execute(f"""
            CREATE OR REPLACE TEMP TABLE mq_rows AS
            SELECT ordinality AS rec, *, nullif(trim({q(mc.Q_ID)}), '') AS qid, nullif(trim({q(mc.Q_TITLE)}), '') AS title,
                   lower(trim({q(mc.Q_TYPE)})) AS qtype,
                   list_transform(TRY_CAST(nullif(trim({q(mc.Q_OPTIONS)}), '') AS VARCHAR[]), lambda o: trim(o)) AS options,
                   {utc(q(mc.Q_OPEN))} AS opened,
                   {utc(q(mc.Q_CLOSE))} AS closes, nullif(trim({q(mc.Q_RESOLUTION)}), '') AS res,
                   {utc(q(mc.Q_KNOWN))} AS known
            FROM mq_src""")  # fmt: skip
        problem = first_problem(con, "mq_rows", _question_checks())
        if problem:
            _raise_at(problem, questions_file)
        con.execute(f"""
            CREATE OR REPLACE TEMP TABLE mf_rows AS
            SELECT f.*, mq.qtype, mq.options, mq.qid IS NOT NULL AS known_question
            FROM (SELECT ordinality AS rec, *, nullif(trim({q(mc.F_QUESTION)}), '') AS fqid,
                         nullif(trim({q(mc.F_USER_ID)}), '') AS uid, nullif(trim({q(mc.F_USER)}), '') AS username,
                         {utc(q(mc.F_START))} AS started, {utc(q(mc.F_END))} AS ended,
                         TRY_CAST(nullif(trim({q(mc.F_YES)}), '') AS DOUBLE) AS p_yes,
                         TRY_CAST(nullif(trim({q(mc.F_PER_CATEGORY)}), '') AS DOUBLE[]) AS per_cat
                  FROM mf_src) f
            LEFT JOIN mq_rows mq ON mq.qid = f.fqid""")  # fmt: skip
        scorable = f"qtype IN {mc.YES_NO + mc.CHOICE}"
        # a vector that does not give every current option a probability (options added later, say)
        partial = f"qtype IN {mc.CHOICE} AND (len(coalesce(per_cat, [])) <> len(options) " \
            "OR len(list_filter(per_cat, lambda x: x IS NULL)) > 0)"  # fmt: skip
        person = "uid IS NOT NULL AND known_question"
        skipped = {
            "community aggregate forecasts (no forecaster)": count(con, "SELECT 1 FROM mf_rows WHERE uid IS NULL"),
            "forecasts on questions not in question_data.csv": count(
                con, "SELECT 1 FROM mf_rows WHERE uid IS NOT NULL AND NOT known_question"),
            "forecasts on numeric, date or other questions that are not yes/no or multiple choice": count(
                con, f"SELECT 1 FROM mf_rows WHERE {person} AND NOT {scorable}"),
            "multiple-choice forecasts without a probability for every option": count(
                con, f"SELECT 1 FROM mf_rows WHERE {person} AND {partial}"),
            "numeric, date or other questions that are not yes/no or multiple choice": count(con, f"SELECT 1 FROM mq_rows WHERE NOT {scorable}"),
            "resolutions without a Resolution Known Time (left open)": count(
                con, f"SELECT 1 FROM mq_rows WHERE {scorable} AND res IS NOT NULL AND known IS NULL"),
        }  # fmt: skip
        con.execute(f"DELETE FROM mf_rows WHERE uid IS NULL OR NOT known_question OR NOT {scorable} OR ({partial})")
        con.execute(f"DELETE FROM mq_rows WHERE NOT {scorable}")
        problem = first_problem(con, "mf_rows", _forecast_checks())
        if problem:
            _raise_at(problem, forecasts_file)
    _map(con)
    skipped |= _scenario_sets(con)
    added = stage_and_merge(con, path, mc.FORM, tool=mc.TOOL, key_prefix=mc.KEY_PREFIX, now=now,
                            rule="the question's scheduled close time on Metaculus", extra=SCENARIO_RECORDS)  # fmt: skip
    return added, {k: v for k, v in skipped.items() if v}, []


def _map(con: Connection) -> None:
    """Binary questions as one yes/no item each; a multiple-choice question as one yes/no item per option."""
    create_tables(con)
    # (question, option): option is NULL for a binary question
    con.execute("""
        CREATE OR REPLACE TEMP TABLE mq_items AS
        SELECT *, 'metaculus|' || qid || coalesce('|' || opt, '') AS ident
        FROM (SELECT *, CAST(NULL AS VARCHAR) AS opt, CAST(NULL AS INTEGER) AS pos FROM mq_rows WHERE qtype = 'binary'
              UNION ALL BY NAME
              SELECT * EXCLUDE (o), o.opt, o.pos
              FROM (SELECT *, unnest(list_transform(options, lambda x, i: {'opt': x, 'pos': i})) AS o
                    FROM mq_rows WHERE qtype = 'multiple_choice'))""")
    con.execute(
        """
        INSERT INTO tr_items
        SELECT ident, 'question ' || qid || coalesce(', option ' || opt, ''),
               CASE WHEN opt IS NULL THEN title ELSE title || ' — ' || opt END, '',
               coalesce(opened, closes, known), closes, [], ?
        FROM mq_items""",
        [mc.RESOLVER],
    )
    # A forecast ended with no successor starting then was withdrawn (or expired): it stops standing then.
    con.execute("""
        INSERT INTO tr_forecasts
        SELECT i.ident, i.ident || '|' || f.uid || '|' || CAST(f.started AS VARCHAR),
               'question ' || f.fqid || ', forecaster ' || f.uid || ', start ' || CAST(f.started AS VARCHAR),
               coalesce(f.username, 'Metaculus user ' || f.uid),
               CASE WHEN i.opt IS NULL THEN f.p_yes ELSE f.per_cat[i.pos] END, f.started, '',
               CASE WHEN f.ended IS NOT NULL AND NOT EXISTS (
                        SELECT 1 FROM mf_rows n WHERE n.fqid = f.fqid AND n.uid = f.uid AND n.started = f.ended)
                    THEN f.ended END
        FROM mf_rows f JOIN mq_items i ON i.qid = f.fqid""")
    annulled = str(mc.ANNULLED)
    con.execute(
        f"""
        INSERT INTO tr_resolutions
        SELECT ident, 'question ' || qid || coalesce(', option ' || opt, ''),
               CASE WHEN res IN {annulled} THEN 'annulled' WHEN opt IS NULL THEN res
                    WHEN res = opt THEN 'yes' ELSE 'no' END,
               known, ?
        FROM mq_items WHERE res IS NOT NULL AND known IS NOT NULL""",
        [mc.RESOLVER],
    )


def _scenario_sets(con: Connection) -> dict[str, int]:
    """A multiple-choice question's options are exclusive on Metaculus: each such question is also a scenario set
    (outcomes = options, forecasts = the per-category vectors), linked to the option items as signposts.

    A set holds MIN_OUTCOMES..MAX_OUTCOMES outcomes and vectors summing to 1 within SUM_TOLERANCE
    (rescaled to 1), as every scenario set does; what falls outside is counted.
    """
    fits = f"len(options) BETWEEN {MIN_OUTCOMES} AND {MAX_OUTCOMES}"
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE mc_sets AS
        SELECT qid, title, options, closes, opened, known, res, {uuid_of("'set|metaculus|' || qid")} AS set_id,
               {uuid_of("'setrev|metaculus|' || qid || '|' || md5(title || '|' || coalesce(CAST(closes AS VARCHAR), '') || '|' || array_to_string(options, chr(31)))")}
                   AS revision_id,
               {new_key_sql(mc.KEY_PREFIX, "title", "'set|metaculus|' || qid")} AS new_key
        FROM mq_rows WHERE qtype IN {mc.CHOICE} AND {fits}""")
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE mc_outcomes AS
        SELECT s.set_id, s.revision_id, s.qid, o.opt, o.pos, {uuid_of("'outcome|metaculus|' || s.qid || '|' || o.opt")} AS outcome_id,
               -- an option's key: its words, made unique within the set by its position when they repeat or are empty
               CASE WHEN {slug_sql("o.opt", 40)} = '' OR count(*) OVER (PARTITION BY s.set_id, {slug_sql("o.opt", 40)}) > 1
                    THEN 'option-' || o.pos ELSE {slug_sql("o.opt", 40)} END AS key
        FROM mc_sets s, (SELECT qid, unnest(options) AS opt, generate_subscripts(options, 1) AS pos FROM mq_rows) o
        WHERE o.qid = s.qid""")  # fmt: skip
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE mc_vectors AS
        SELECT f.fqid AS qid, f.uid, f.username, f.started, f.per_cat, list_sum(f.per_cat) AS total,
               {uuid_of("'scenario-forecast|metaculus|' || f.fqid || '|' || f.uid || '|' || CAST(f.started AS VARCHAR)")} AS id
        FROM mf_rows f JOIN mc_sets s ON s.qid = f.fqid""")  # fmt: skip
    skipped = {
        "multiple-choice questions with more options than a scenario set holds (kept as yes/no items)": count(
            con, f"SELECT 1 FROM mq_rows WHERE qtype IN {mc.CHOICE} AND NOT {fits}"),
        "multiple-choice vectors not summing to 1 (kept as yes/no forecasts, not scenario forecasts)": count(
            con, f"SELECT 1 FROM mc_vectors WHERE abs(total - 1) > {SUM_TOLERANCE}"),
    }  # fmt: skip
    con.execute(f"DELETE FROM mc_vectors WHERE abs(total - 1) > {SUM_TOLERANCE}")
    return skipped


# The scenario records of mc_sets, mc_outcomes and mc_vectors, staged with the items (see stage_and_merge).
SCENARIO_RECORDS = f"""
    SELECT 'scenario_set_revisions', to_json(struct_pack(revision_id := s.revision_id, set_id := s.set_id,
        key := coalesce(c.key, s.new_key), question := left(s.title, {MAX_TITLE}), criteria := '', tags := coalesce(c.tags, ['{mc.TOOL}']),
        close_earliest := CAST(s.closes AS DATE), close_latest := CAST(s.closes AS DATE),
        close_precision := CASE WHEN s.closes IS NOT NULL THEN 'day' END,
        close_phrase := CASE WHEN s.closes IS NOT NULL THEN 'closes ' || CAST(CAST(s.closes AS DATE) AS VARCHAR) END,
        close_rule := CASE WHEN s.closes IS NOT NULL THEN 'the question''s scheduled close time on Metaculus' END,
        close_confidence := CASE WHEN s.closes IS NOT NULL THEN 1.0 END,
        created_at := coalesce(c.created_at, s.opened, s.closes, $now), recorded_at := $now, recorded_by := '{mc.RESOLVER}'))
    FROM mc_sets s LEFT JOIN ({CURRENT_SETS.replace("$as_of", "$now")}) c ON c.set_id = s.set_id
    UNION ALL
    SELECT 'scenario_outcomes', to_json(struct_pack(set_revision_id := revision_id, set_id := set_id,
        outcome_id := outcome_id, "position" := pos, key := key, label := left(opt, {MAX_LABEL}),
        -- an option longer than a label holds is kept whole in its description (and in its item's title)
        description := CASE WHEN length(opt) > {MAX_LABEL} THEN opt ELSE '' END))
    FROM mc_outcomes
    UNION ALL
    SELECT 'scenario_forecasts', to_json(struct_pack(id := v.id, set_id := o.set_id, outcome_id := o.outcome_id,
        probability := v.per_cat[o.pos] / v.total, analyst := coalesce(v.username, 'Metaculus user ' || v.uid),
        made_at := v.started, recorded_at := $now, note := ''))
    FROM mc_vectors v JOIN mc_outcomes o ON o.qid = v.qid
    UNION ALL
    SELECT 'scenario_resolutions', to_json(struct_pack(
        id := {uuid_of("'scenario-resolution|metaculus|' || s.qid || '|' || s.res || '|' || CAST(s.known AS VARCHAR)")},
        set_id := s.set_id, outcome_id := o.outcome_id, known_on := CAST(s.known AS DATE), recorded_at := $now,
        analyst := '{mc.RESOLVER}', evidence := '{mc.TOOL}', supersedes := c.id))
    FROM mc_sets s LEFT JOIN mc_outcomes o ON o.set_id = s.set_id AND o.opt = s.res
    LEFT JOIN ({CURRENT_SCENARIO_RESOLUTIONS.replace("$as_of", "$now")}) c ON c.set_id = s.set_id
    WHERE s.res IS NOT NULL AND s.known IS NOT NULL
      AND (c.id IS NULL OR c.outcome_id IS DISTINCT FROM o.outcome_id OR c.known_on <> CAST(s.known AS DATE))
    UNION ALL
    SELECT 'signpost_links', to_json(struct_pack(
        id := {uuid_of("'signpost|metaculus|' || o.qid || '|' || o.opt")},
        item_id := {uuid_of("'item|metaculus|' || o.qid || '|' || o.opt")}, set_id := o.set_id, outcome_id := o.outcome_id,
        direction := 'supports', likelihood_ratio := CAST(NULL AS DOUBLE), active := true,
        note := 'the same option of the Metaculus question', recorded_at := $now, recorded_by := '{mc.RESOLVER}'))
    FROM mc_outcomes o
    UNION ALL
    SELECT 'record_origins', to_json(struct_pack(id := {uuid_of("'origin|' || t || '|' || rid")}, record_table := t,
        record_id := rid, tool := '{mc.TOOL}', tool_id := tid, recorded_at := $now))
    FROM (SELECT 'scenario_set_revisions' AS t, set_id AS rid, 'question ' || qid AS tid FROM mc_sets
          UNION ALL SELECT 'scenario_forecasts', id, 'question ' || qid || ', forecaster ' || uid || ', start '
                           || CAST(started AS VARCHAR) FROM mc_vectors)
"""  # fmt: skip
