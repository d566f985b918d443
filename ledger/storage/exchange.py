"""Lossless exchange: every table of the ledger to JSON lines and back, plus a fingerprint.

Table-driven: the tables come from ``information_schema`` at run time, so tables
added by later migrations are exported, imported and fingerprinted without
changes here.  A record's identity is its ``id`` column unless ``IDENTITY``
names another; importing a record whose identity is already present adds
nothing, which makes imports idempotent and lets ledgers merge.

File format (docs/formats.md, "Exchange JSONL"): one JSON object a line,
``{"format": "fledger", "version": 1, "schema": N, "kind": <table>, "record": {...}}``,
the first line a header of kind ``header`` whose record holds the row counts.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb

from ledger.errors import Conflict, InvalidValue
from ledger.storage import Connection, migrations, rule_sql
from ledger.storage.engine import sql_literal
from ledger.storage.latest import DERIVED_TABLES, WITHDRAWALS, rebuild_later

FORMAT = "fledger"
VERSION = 1
HEADER_KIND = "header"
EXCHANGE_FORM = "a fledger export: JSON lines whose first line is a fledger header (see docs/formats.md)"

# How a record is recognised across ledgers; any other table uses "id", and a
# table without that column is matched on all of its columns.  A scenario
# forecast is one id over several rows, one per outcome.
IDENTITY = {
    "item_revisions": ("revision_id",),
    "scenario_set_revisions": ("revision_id",),
    "scenario_forecasts": ("id", "outcome_id"),
}
SKIPPED_TABLES = ("schema_migrations", "fledger_ledger", *DERIVED_TABLES)  # bookkeeping and what is rebuilt

_EXCHANGE_TABLE = STAGE_TABLE = "_fledger_exchange"  # kind, record: what an import is about to add
MAX_TEXT_BYTES = 4_000_000  # a source's full text may be long; nothing else comes close


def quote_ident(name: str) -> str:
    """An identifier read from the catalog, quoted for SQL."""
    return '"' + name.replace('"', '""') + '"'


def path_literal(text: str) -> str:
    """A path as an SQL string literal, for statements that take no parameters (COPY ... TO)."""
    if "\x00" in text:
        raise InvalidValue("path", text, "a path without NUL characters")
    return sql_literal(text)


def ledger_tables(con: Connection) -> list[str]:
    """Every base table of the ledger, by name (the migration log excepted)."""
    rows = con.execute(
        """SELECT table_name FROM information_schema.tables
           WHERE table_catalog = current_database() AND table_schema = current_schema() AND table_type = 'BASE TABLE' AND NOT starts_with(table_name, '_')
           ORDER BY table_name"""
    ).fetchall()
    return [r[0] for r in rows if r[0] not in SKIPPED_TABLES]


def table_columns(con: Connection, table: str) -> list[tuple[str, str]]:
    """(name, type) of a table's columns in declaration order."""
    rows = con.execute(
        """SELECT column_name, data_type FROM information_schema.columns
           WHERE table_catalog = current_database() AND table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position""",
        [table],
    ).fetchall()
    return [(r[0], r[1]) for r in rows]


def identity_columns(con: Connection, table: str, columns: list[tuple[str, str]] | None = None) -> list[str]:
    """The columns that name a record of ``table`` (``columns``: its columns, when the caller has them)."""
    names = [c for c, _ in (table_columns(con, table) if columns is None else columns)]
    wanted = list(IDENTITY.get(table, ("id",)))
    return wanted if all(w in names for w in wanted) else names


# --- fingerprint ---------------------------------------------------------------------


def fingerprint(con: Connection) -> str:
    """sha256 over every table's rows in a canonical order: equal iff the ledgers hold the same records."""
    digest = hashlib.sha256()
    for table in ledger_tables(con):
        count, table_digest = con.execute(
            f"""SELECT count(*), sha256(coalesce(string_agg(h, '' ORDER BY h), ''))
                FROM (SELECT md5(to_json(t)::VARCHAR) AS h FROM {quote_ident(table)} AS t)"""
        ).fetchone()  # type: ignore[misc]
        digest.update(f"{table}\t{count}\t{table_digest}\n".encode())
    return digest.hexdigest()


def table_counts(con: Connection) -> dict[str, int]:
    out = {}
    for table in ledger_tables(con):
        row = con.execute(f"SELECT count(*) FROM {quote_ident(table)}").fetchone()
        out[table] = int(row[0]) if row else 0
    return out


# --- export --------------------------------------------------------------------------


def _order_by(con: Connection, table: str) -> str:
    return ", ".join(quote_ident(c) for c in identity_columns(con, table))


def export_jsonl(con: Connection, target: Path, exported_at: datetime) -> dict[str, int]:
    """Write every record to ``target`` (replaced atomically); returns the row count per table."""
    try:
        return _export_jsonl(con, target, exported_at)
    except OSError as exc:
        raise InvalidValue("file", str(target), f"a writable location ({exc.strerror})") from None
    except duckdb.Error as exc:
        raise InvalidValue("file", str(target), f"a writable location ({_first_line(exc)})") from None


def _export_jsonl(con: Connection, target: Path, exported_at: datetime) -> dict[str, int]:
    schema = migrations.schema_version(con)
    counts = table_counts(con)
    header = {
        "format": FORMAT, "version": VERSION, "schema": schema, "kind": HEADER_KIND,
        "record": {"counts": counts, "exported_at": exported_at.isoformat(timespec="seconds") + "Z"},
    }  # fmt: skip
    work = Path(tempfile.mkdtemp(prefix="fledger-export-"))
    try:
        parts = []
        for n, table in enumerate(counts):
            part = work / f"{n:03d}.jsonl"
            con.execute(
                f"""COPY (SELECT '{FORMAT}' AS format, {VERSION} AS version, {schema} AS schema,
                                 '{table}' AS kind, t AS record
                          FROM {quote_ident(table)} AS t ORDER BY {_order_by(con, table)})
                    TO {path_literal(str(part))} (FORMAT json)"""
            )
            parts.append(part)
        # a fresh name made exclusively (never a predictable one that a planted link could redirect)
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        staging = Path(name)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write((json.dumps(header, ensure_ascii=False) + "\n").encode())
                for part in parts:
                    with open(part, "rb") as src:
                        shutil.copyfileobj(src, out, 1 << 20)
                out.flush()
                os.fsync(out.fileno())
            os.chmod(staging, target.stat().st_mode & 0o777 if target.exists() else 0o644)  # mkstemp made it private
            os.replace(staging, target)
        finally:
            staging.unlink(missing_ok=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return counts


def export_parquet(con: Connection, folder: Path) -> dict[str, int]:
    """One Parquet file per table in ``folder`` (``<table>.parquet``, replaced if present)."""
    counts = table_counts(con)
    for table in counts:
        target = folder / f"{table}.parquet"
        try:
            con.execute(
                f"COPY (SELECT * FROM {quote_ident(table)} ORDER BY {_order_by(con, table)}) "
                f"TO {path_literal(str(target))} (FORMAT parquet)"
            )
        except duckdb.Error as exc:
            raise InvalidValue("parquet", str(folder), f"a writable folder ({_first_line(exc)})") from None
    return counts


# --- import --------------------------------------------------------------------------


def read_header(path: Path) -> dict[str, Any] | None:
    """The header of an exchange file, or None if the file does not start with one."""
    try:
        with open(path, "rb") as f:
            first = f.readline(1 << 20)
    except OSError:
        return None
    try:
        header = json.loads(first.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    if not isinstance(header, dict) or header.get("format") != FORMAT or header.get("kind") != HEADER_KIND:
        return None
    return header


def _json_type(sql_type: str) -> Any:
    """A column type as a json_transform structure (lists nest; anything unusual stays JSON)."""
    if sql_type.endswith("[]"):
        return [_json_type(sql_type[:-2])]
    simple = ("VARCHAR", "DOUBLE", "FLOAT", "BIGINT", "INTEGER", "SMALLINT", "BOOLEAN", "DATE", "TIMESTAMP", "HUGEINT")
    return sql_type if sql_type in simple or sql_type.startswith("DECIMAL") else "JSON"


def _fail(path: Path, why: str, form: str = EXCHANGE_FORM) -> InvalidValue:
    return InvalidValue("file", str(path), f"{form}; {why}")


def _short(text: str, limit: int = 40) -> str:
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return repr(text)


def _first_line(exc: duckdb.Error) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:200] if text else type(exc).__name__


def import_jsonl(con: Connection, path: Path) -> dict[str, int]:
    """Add the records of an exchange file that the ledger lacks, in the caller's transaction.

    Returns the number of rows added per table.  Any problem raises ``InvalidValue``
    and, because the caller's transaction rolls back, leaves the ledger unchanged.
    """
    header = read_header(path)
    if header is None:
        raise _fail(path, "its first line is not a fledger header")
    if header.get("version") != VERSION:
        raise _fail(path, f"format version {header.get('version')!r} is not {VERSION}")
    schema = header.get("schema")
    known = len(migrations.migration_scripts())
    if not isinstance(schema, int) or schema > known:
        raise _fail(path, f"schema {schema!r} is newer than this fledger's {known}; upgrade fledger")
    counts = (header.get("record") or {}).get("counts")
    if not isinstance(counts, dict):
        raise _fail(path, "its header has no row counts")
    tables = ledger_tables(con)
    try:
        con.execute(
            f"""CREATE OR REPLACE TEMP TABLE {_EXCHANGE_TABLE} AS
                SELECT kind, record FROM read_json(?, format = 'newline_delimited',
                    columns = {{format: 'VARCHAR', version: 'INTEGER', schema: 'INTEGER', kind: 'VARCHAR', record: 'JSON'}},
                    maximum_object_size = 134217728)
                WHERE kind IS DISTINCT FROM '{HEADER_KIND}'""",
            [str(path)],
        )
        found = dict(con.execute(f"SELECT kind, count(*) FROM {_EXCHANGE_TABLE} GROUP BY kind").fetchall())
        unknown = sorted(str(k) for k in found if k not in tables)
        if unknown:
            raise _fail(path, f"it holds records of unknown kind {', '.join(unknown)[:100]}")
        if any(found.get(t, 0) != int(counts.get(t, 0) or 0) for t in set(found) | set(counts)):
            raise _fail(path, "its row counts differ from its header (a truncated or edited file?)")
    except duckdb.Error as exc:
        raise _fail(path, _first_line(exc)) from None
    return merge_staged(con, path)


def merge_staged(con: Connection, path: Path, form: str = EXCHANGE_FORM) -> dict[str, int]:
    """Add the records staged in STAGE_TABLE (kind, record JSON) that the ledger lacks; rows added per table.

    Every path that brings whole records in (exchange files, other tools' track records)
    ends here, so they share the same checks and the same idempotence by identity.
    """
    tables = ledger_tables(con)
    try:
        found = dict(con.execute(f"SELECT kind, count(*) FROM {_EXCHANGE_TABLE} GROUP BY kind").fetchall())
        unknown = sorted(str(k) for k in found if k not in tables)
        if unknown:
            raise _fail(path, f"it holds records of unknown kind {', '.join(unknown)[:100]}", form)
        added = {t: _import_table(con, path, t, form) for t in tables if found.get(t)}
        _check_keys_unique(con)
        if added.get(WITHDRAWALS):
            rebuild_later(con)  # a withdrawal may end a forecast already here, which row counts do not show
    except duckdb.Error as exc:
        raise _fail(path, _first_line(exc), form) from None
    finally:
        try:
            con.execute(f"DROP TABLE IF EXISTS {_EXCHANGE_TABLE}")
        except duckdb.Error:
            pass
    return added


def _text_rules(columns: list[tuple[str, str]]) -> list[str]:
    """Every text, in every table: no NUL characters and at most MAX_TEXT_BYTES long."""
    rules = []
    for name, sql_type in columns:
        col = quote_ident(name)
        if sql_type == "VARCHAR":
            rules.append(
                f"NOT contains(coalesce({col}, ''), chr(0)) AND strlen(coalesce({col}, '')) <= {MAX_TEXT_BYTES}"
            )
        elif sql_type == "VARCHAR[]":
            rules.append(f"NOT contains(coalesce(array_to_string(coalesce({col}, []), ''), ''), chr(0))")
    return rules


def _import_table(con: Connection, path: Path, table: str, form: str) -> int:
    columns = table_columns(con, table)
    present = {
        r[0]
        for r in con.execute(
            f"SELECT DISTINCT unnest(json_keys(record)) FROM {_EXCHANGE_TABLE} WHERE kind = ?", [table]
        ).fetchall()
    }
    used = [(c, t) for c, t in columns if c in present]
    ident = identity_columns(con, table, columns)
    missing_identity = [c for c in ident if c not in present]
    if missing_identity:
        raise _fail(path, f"{table} records lack {', '.join(missing_identity)}", form)
    structure = json.dumps({c: _json_type(t) for c, t in used})
    names = ", ".join(quote_ident(c) for c, _ in used)
    select = ", ".join(f"CAST(r.{quote_ident(c)} AS {t}) AS {quote_ident(c)}" for c, t in used)
    match = " AND ".join(f"e.{quote_ident(c)} IS NOT DISTINCT FROM n.{quote_ident(c)}" for c in ident)
    partition = ", ".join(quote_ident(c) for c in ident)
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE _fledger_incoming AS
            SELECT {select} FROM (
                SELECT json_transform_strict(record, ?) AS r FROM {_EXCHANGE_TABLE} WHERE kind = ?)""",
        [structure, table],
    )
    rules = _text_rules(used)
    if rules:  # one pass over the rows for every text column
        every_rule = " AND ".join(f"coalesce({rule}, false)" for rule in rules)
        bad = con.execute(f"SELECT count(*) FROM _fledger_incoming WHERE NOT ({every_rule})").fetchone()
        if bad and bad[0]:
            raise _fail(path, f"{bad[0]} {table} records hold text with NUL characters or over 4 MB", form)
    broken = rule_sql.breaches(con, "_fledger_incoming", table, [c for c, _ in used], ident, limit=1)
    if broken:
        b = broken[0]
        raise _fail(
            path, f"{b.count} {table} records break the ledger's rules: {b.field} {_short(b.samples[0][1])} is not "
            f"{b.accepted} (record {_short(b.samples[0][0])})", form,
        )  # fmt: skip
    row = con.execute(
        f"""INSERT INTO {quote_ident(table)} ({names})
            SELECT {names} FROM _fledger_incoming AS n
            WHERE NOT EXISTS (SELECT 1 FROM {quote_ident(table)} AS e WHERE {match})
            QUALIFY row_number() OVER (PARTITION BY {partition}) = 1"""
    ).fetchone()
    con.execute("DROP TABLE _fledger_incoming")
    return int(row[0]) if row else 0


def _check_keys_unique(con: Connection) -> None:
    """Two different items may not end up with the same current key."""
    if "item_revisions" not in ledger_tables(con):
        return
    row = con.execute(
        """SELECT key FROM (
               SELECT * FROM item_revisions
               QUALIFY row_number() OVER (PARTITION BY item_id ORDER BY recorded_at DESC, revision_id DESC) = 1)
           GROUP BY key HAVING count(*) > 1 ORDER BY key LIMIT 1"""
    ).fetchone()
    if row:
        raise Conflict(f"import: key {row[0]!r} would name two different items; rename one and import again")
