"""The ledger's table rules (``ledger.table_rules``) as SQL predicates over whole relations.

Each kind of rule has one translation here; the bounds and choices come from
the domain, written into the SQL as literals (they are the code's constants,
never user input).  Used by bulk imports before they write and by ``fledger check``.
"""

from __future__ import annotations

from collections.abc import Iterable

from attrs import frozen

from ledger import rules
from ledger.ids import KEY_PATTERN
from ledger.storage import Connection
from ledger.table_rules import TITLE_LIMITS, GroupRule, RowRule, group_rules, row_rules

CONTROLS_RE = r"[\x{00}-\x{1f}\x{7f}-\x{9f}]"


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def row_predicate(rule: RowRule) -> str:
    """SQL that is true when a row keeps ``rule`` (NULL-safe)."""
    c = _quote(rule.columns[0])
    null_ok = "false" if rule.required else "true"
    if rule.kind == "date":
        body = f"CAST({c} AS DATE) BETWEEN DATE '{rules.DATE_MIN}' AND DATE '{rules.DATE_MAX}'"
    elif rule.kind == "choice":
        body = f"{c} IN ({', '.join(_literal(v) for v in rule.choices)})"
    elif rule.kind == "window":
        lo, hi = c, _quote(rule.columns[1])
        return f"(({lo} IS NULL AND {hi} IS NULL) OR ({lo} IS NOT NULL AND {hi} IS NOT NULL AND {lo} <= {hi}))"
    elif rule.kind == "key":
        body = f"regexp_full_match({c}, {_literal(KEY_PATTERN.pattern.strip('^$'))})"
        null_ok = "false"
    elif rule.kind == "title":
        limit = TITLE_LIMITS[rule.columns[0]]
        body = f"length(trim({c})) BETWEEN 1 AND {limit}"
        null_ok = "false"
    elif rule.kind == "labels":
        bad = (
            f"x IS NULL OR length(x) = 0 OR length(x) > {rules.LABEL_MAX} "
            f"OR contains(x, {_literal(rules.LABEL_SEPARATOR)}) OR contains(x, chr(0))"
        )
        body = f"len(list_filter({c}, lambda x: {bad})) = 0"
    elif rule.kind == "name":
        body = (
            f"length(trim({c})) BETWEEN 1 AND {rules.NAME_MAX} AND trim({c}) = {c} "
            f"AND NOT regexp_matches({c}, {_literal(CONTROLS_RE)})"
        )
    elif rule.kind == "probability" or rule.kind == "confidence":
        body = f"NOT ({rules.not_a_probability_sql(c)})"  # the bound written once (ledger.rules)
    elif rule.kind == "ratio":
        body = f"isfinite({c}) AND {c} >= 1"
    else:
        raise ValueError(rule.kind)
    return f"(CASE WHEN {c} IS NULL THEN {null_ok} ELSE coalesce({body}, false) END)"


def import_check(field: str, column: str, kind: str, accepted: str, *, required: bool = False) -> tuple[str, str, str]:
    """A (field, bad-row condition, accepted form) check from one of the ledger's rules, over an import column."""
    return field, f"NOT {row_predicate(RowRule('import', (column,), kind, accepted, required=required))}", accepted


def group_having(rule: GroupRule) -> str:
    """SQL (for HAVING) that is true when a group BREAKS ``rule``."""
    c = _quote(rule.column)
    if rule.kind == "vector_sum":
        return f"NOT coalesce(sum({c}) BETWEEN {rule.low!r} AND {rule.high!r}, false)"
    if rule.kind == "outcome_count":
        return f"NOT (count(DISTINCT {c}) BETWEEN {int(rule.low)} AND {int(rule.high)})"
    raise ValueError(rule.kind)


@frozen
class Breach:
    """Rows of a relation that break one rule: how many, and the first few (their identity and value)."""

    table: str
    field: str
    accepted: str
    count: int
    samples: tuple[tuple[str, str], ...]  # (identity, value as text)


def breaches(
    con: Connection, relation: str, table: str, columns: Iterable[str], identity: list[str], *, limit: int | None = 3
) -> list[Breach]:
    """Every rule of ``table`` broken by rows of ``relation`` (a table or view name), in rule order.

    Rules over columns that ``relation`` lacks (``columns`` lists those it has) are skipped.
    """
    have = set(columns)
    ident = " || '/' || ".join(f"coalesce(CAST({_quote(c)} AS VARCHAR), '')" for c in identity) or "''"
    found: list[Breach] = []
    for rule in row_rules(table):
        if not set(rule.columns) <= have:
            continue
        value = " || '..' || ".join(f"coalesce(CAST({_quote(c)} AS VARCHAR), 'NULL')" for c in rule.columns)
        rows = con.execute(
            f"SELECT {ident}, {value}, count(*) OVER () FROM {relation} WHERE NOT {row_predicate(rule)} "
            f"ORDER BY 1 {_limit(limit)}"
        ).fetchall()
        if rows:
            found.append(Breach(table, rule.field, rule.accepted, int(rows[0][2]), tuple((r[0], r[1]) for r in rows)))
    for group in group_rules(table):
        if not {group.group, group.column} <= have:
            continue
        rows = con.execute(
            f"SELECT CAST({_quote(group.group)} AS VARCHAR), {_aggregate_text(group)}, count(*) OVER () "
            f"FROM {relation} GROUP BY {_quote(group.group)} HAVING {group_having(group)} ORDER BY 1 {_limit(limit)}"
        ).fetchall()
        if rows:
            found.append(Breach(table, group.field, group.accepted, int(rows[0][2]), tuple((r[0], r[1]) for r in rows)))
    return found


def _limit(limit: int | None) -> str:
    return "" if limit is None else f"LIMIT {int(limit)}"


def _aggregate_text(rule: GroupRule) -> str:
    c = _quote(rule.column)
    if rule.kind == "vector_sum":
        return f"'sum ' || CAST(sum({c}) AS VARCHAR)"
    return f"CAST(count(DISTINCT {c}) AS VARCHAR) || ' outcomes'"
