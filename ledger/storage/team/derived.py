"""A team ledger's ``latest_forecasts``, kept by the PostgreSQL server itself.

Scoring 1M forecasts wants each analyst's latest forecast per item ready-made
(``ledger.storage.latest``); computing it in every query means reading every
forecast through the postgres extension.  On a team ledger many processes write
at once, and DuckDB's transactions on PostgreSQL are ``REPEATABLE READ``: a
trigger that recomputed a pair inside the writer's transaction would see the
history as of that transaction's start, not other writers' rows committed
since.  So the work is split in two:

* in the writer's transaction, statement-level ``AFTER INSERT`` triggers on
  forecasts, resolutions, retractions and forecast withdrawals only *note* what
  the new rows touch in ``_fledger_latest_pending`` (an (item, analyst) pair, or
  a whole item with analyst NULL).  Notes commit or vanish with the rows;
* ``fledger_latest_refresh()`` runs right after each write commits, outside any
  transaction of DuckDB's, in ``READ COMMITTED``.  Under one advisory lock it
  takes the notes, recomputes those pairs from the history as committed then,
  and updates ``latest_forecasts``, ``latest_item_numbers`` and
  ``_fledger_latest_state`` (the latest ``recorded_at`` and ``known_on`` taken in).

A reader trusts the table only in a snapshot where it has been built and no note
is pending: then every history row it sees was taken in by a refresh it also
sees.  Otherwise (a write committed a moment ago, or a writer that died between
its commit and its refresh) scoring computes the same rows in the query; the
next refresh of any writer catches up.

Every function that writes the derived tables is ``SECURITY DEFINER``, owned by
the team's administrator; analysts may only read them (and call the refresh,
which derives from history and takes no input).  The rows equal
``latest.LATEST_SQL`` (DuckDB's definition) over the same history; the tests
compare the two after concurrent writes.
"""

from __future__ import annotations

from datetime import datetime

import duckdb

from ledger.storage.team.connection import server_execute

PENDING = "_fledger_latest_pending"
STATE = "_fledger_latest_state"
TEAM_MIGRATIONS = "_fledger_team_migrations"
SERVER_TABLES = (PENDING, STATE, TEAM_MIGRATIONS)  # the server's bookkeeping: not history, never exported

# The team's own schema steps (server objects beyond the shared migrations); the
# team schema version is how many are recorded in _fledger_team_migrations.
TEAM_STEPS = ("001_latest_on_the_server",)

_LOCK = 7_046_245_001  # pg_advisory_xact_lock key: one refresh at a time per database
# Above this many noted pairs a refresh rebuilds the whole table (one pass beats a huge list).
_WHOLE = 20_000

_TABLES = f"""
CREATE TABLE IF NOT EXISTS {TEAM_MIGRATIONS} (version INTEGER NOT NULL, name VARCHAR NOT NULL,
                                             applied_at TIMESTAMP NOT NULL);
CREATE TABLE IF NOT EXISTS {PENDING} (item_id VARCHAR NOT NULL, analyst VARCHAR);
CREATE TABLE IF NOT EXISTS {STATE} (built BOOLEAN NOT NULL, last_recorded TIMESTAMP, last_known DATE);
INSERT INTO {STATE} SELECT FALSE, NULL, NULL WHERE NOT EXISTS (SELECT 1 FROM {STATE});
CREATE INDEX IF NOT EXISTS fledger_forecasts_pair ON forecasts (item_id, analyst);
CREATE INDEX IF NOT EXISTS fledger_resolutions_item ON resolutions (item_id);
CREATE INDEX IF NOT EXISTS fledger_retractions_target ON retractions (target_id);
CREATE INDEX IF NOT EXISTS fledger_retractions_item ON retractions (item_id);
CREATE INDEX IF NOT EXISTS fledger_withdrawals_pair ON forecast_withdrawals (item_id, analyst);
CREATE INDEX IF NOT EXISTS fledger_latest_pair ON latest_forecasts (item_id, analyst);
CREATE UNIQUE INDEX IF NOT EXISTS fledger_latest_numbers_item ON latest_item_numbers (item_id);
"""

# latest.LATEST_SQL in PostgreSQL's dialect, for the pairs in scope: every pair when ``items``
# is NULL, else every pair of the items ``whole`` and the pairs (p_items[k], p_analysts[k]);
# ``items`` then lists all those items (the condition the indexes answer).  A plain SQL
# function, so that PostgreSQL inlines it into the statement that calls it and plans it for
# the values given.  Ids compare in byte order (COLLATE "C"), as DuckDB compares them.
_ROWS = """
CREATE OR REPLACE FUNCTION fledger_latest_rows(items text[], whole text[], p_items text[], p_analysts text[])
RETURNS TABLE (item_id varchar, analyst varchar, probability float8, made_at timestamp, n_before int4,
               n_after int4, outcome varchar, o float8, known_on date)
LANGUAGE sql STABLE AS $fn$
WITH scoped AS (
    SELECT f.item_id, f.analyst, f.probability, f.made_at, f.recorded_at
    FROM public.forecasts f
    WHERE (items IS NULL
           OR (f.item_id = ANY (items)
               AND (f.item_id = ANY (whole)
                    OR EXISTS (SELECT 1 FROM unnest(p_items, p_analysts) AS p(i, a)
                               WHERE p.i = f.item_id AND p.a = f.analyst))))
      AND NOT EXISTS (SELECT 1 FROM public.retractions x WHERE x.target_id = f.id AND x.target = 'forecast')
),
res AS (
    SELECT DISTINCT ON (r.item_id) r.item_id, r.outcome, r.known_on
    FROM public.resolutions r
    WHERE (items IS NULL OR r.item_id = ANY (items))
      AND NOT EXISTS (SELECT 1 FROM public.retractions x WHERE x.target_id = r.id AND x.target = 'resolution')
    ORDER BY r.item_id, r.recorded_at DESC, r.id COLLATE "C" DESC
),
marked AS (
    SELECT f.*, (r.known_on IS NULL OR f.made_at < r.known_on::timestamp) AS before
    FROM scoped f LEFT JOIN res r ON r.item_id = f.item_id
),
grouped AS (
    SELECT m.item_id, m.analyst,
           (array_agg(m.probability ORDER BY m.made_at DESC, m.recorded_at DESC) FILTER (WHERE m.before))[1]
               AS probability,
           max(m.made_at) FILTER (WHERE m.before) AS made_at,
           (count(*) FILTER (WHERE m.before))::int4 AS n_before,
           (count(*) FILTER (WHERE NOT m.before))::int4 AS n_after
    FROM marked m GROUP BY m.item_id, m.analyst
)
SELECT g.item_id, g.analyst,
       CASE WHEN w.withdrawn_at < r.known_on::timestamp THEN NULL ELSE g.probability END,
       g.made_at, g.n_before, g.n_after, r.outcome,
       CASE r.outcome WHEN 'yes' THEN 1.0::float8 WHEN 'no' THEN 0.0::float8 END, r.known_on
FROM grouped g
LEFT JOIN res r ON r.item_id = g.item_id
LEFT JOIN LATERAL (SELECT min(x.withdrawn_at) AS withdrawn_at FROM public.forecast_withdrawals x
                   WHERE x.item_id = g.item_id AND x.analyst = g.analyst AND x.made_at = g.made_at) w ON TRUE
$fn$;
"""

# Run with EXECUTE ... USING, so that each is planned for the values given (index lookups
# for a few items, one pass for all).  $1 items (NULL: all), $2 whole, $3 p_items, $4 p_analysts.
_STORE_STATEMENTS = (
    """DELETE FROM latest_forecasts l
       WHERE $1 IS NULL
          OR (l.item_id = ANY ($1)
              AND (l.item_id = ANY ($2)
                   OR EXISTS (SELECT 1 FROM unnest($3, $4) AS t(i, a) WHERE t.i = l.item_id AND t.a = l.analyst)))""",
    "DELETE FROM latest_item_numbers WHERE $1 IS NULL",
    # numbers for items forecast on that have none yet: the next free ones, in id order, never changed
    """INSERT INTO latest_item_numbers (item_id, item_no)
       SELECT f.item_id, (SELECT coalesce(max(item_no), 0) FROM latest_item_numbers)
                         + row_number() OVER (ORDER BY f.item_id COLLATE "C")
       FROM (SELECT DISTINCT item_id FROM forecasts WHERE $1 IS NULL OR item_id = ANY ($1)) f
       WHERE NOT EXISTS (SELECT 1 FROM latest_item_numbers n WHERE n.item_id = f.item_id)""",
    """INSERT INTO latest_forecasts (item_id, analyst, probability, made_at, n_before, n_after, outcome, o,
                                     known_on, item_no)
       SELECT r.*, n.item_no FROM fledger_latest_rows($1, $2, $3, $4) r
       JOIN latest_item_numbers n ON n.item_id = r.item_id""",
    f"""UPDATE {STATE} SET
           last_recorded = greatest(
               CASE WHEN $1 IS NOT NULL THEN last_recorded END,
               (SELECT max(recorded_at) FROM forecasts WHERE $1 IS NULL OR item_id = ANY ($1)),
               (SELECT max(recorded_at) FROM resolutions WHERE $1 IS NULL OR item_id = ANY ($1)),
               (SELECT max(recorded_at) FROM retractions WHERE $1 IS NULL OR item_id = ANY ($1))),
           last_known = greatest(
               CASE WHEN $1 IS NOT NULL THEN last_known END,
               (SELECT max(known_on) FROM resolutions WHERE $1 IS NULL OR item_id = ANY ($1)))""",
)
_STORE_BODY = "\n".join(f"    EXECUTE $q${q}$q$ USING items, whole, p_items, p_analysts;" for q in _STORE_STATEMENTS)

_FUNCTIONS = f"""
CREATE OR REPLACE FUNCTION fledger_latest_note_pairs() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp AS $fn$
BEGIN
    INSERT INTO {PENDING} (item_id, analyst) SELECT DISTINCT item_id, analyst FROM new_rows;
    RETURN NULL;
END
$fn$;

CREATE OR REPLACE FUNCTION fledger_latest_note_items() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp AS $fn$
BEGIN
    INSERT INTO {PENDING} (item_id, analyst) SELECT DISTINCT item_id, NULL::varchar FROM new_rows;
    RETURN NULL;
END
$fn$;

-- Recompute the pairs in scope (items NULL: every pair) into latest_forecasts.
CREATE OR REPLACE FUNCTION fledger_latest_store(items text[], whole text[], p_items text[],
                                                p_analysts text[]) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
BEGIN
{_STORE_BODY}
END
$fn$;

-- Take in what the notes name, from the history as committed now.  Call it outside
-- any transaction block, in READ COMMITTED: each statement after the lock then sees
-- every write committed before it, which REPEATABLE READ would hide.
CREATE OR REPLACE FUNCTION fledger_latest_refresh() RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
DECLARE
    whole text[];
    p_items text[];
    p_analysts text[];
    noted integer;
BEGIN
    IF current_setting('transaction_isolation') <> 'read committed' THEN
        RAISE EXCEPTION 'fledger: fledger_latest_refresh() runs in READ COMMITTED only';
    END IF;
    PERFORM pg_advisory_xact_lock({_LOCK});
    IF NOT coalesce((SELECT built FROM {STATE} LIMIT 1), FALSE) THEN
        RETURN 0;  -- never built: 'fledger team init' builds it
    END IF;
    WITH taken AS (DELETE FROM {PENDING} RETURNING item_id, analyst),
         distinct_taken AS (SELECT DISTINCT item_id, analyst FROM taken)
    SELECT coalesce(array_agg(item_id) FILTER (WHERE analyst IS NULL), '{{}}'),
           coalesce(array_agg(item_id) FILTER (WHERE analyst IS NOT NULL), '{{}}'),
           coalesce(array_agg(analyst) FILTER (WHERE analyst IS NOT NULL), '{{}}'),
           count(*)
    INTO whole, p_items, p_analysts, noted
    FROM distinct_taken;
    IF noted = 0 THEN
        RETURN 0;
    ELSIF noted > {_WHOLE} THEN
        PERFORM fledger_latest_store(NULL, '{{}}', '{{}}', '{{}}');
    ELSE
        PERFORM fledger_latest_store(ARRAY(SELECT DISTINCT unnest(whole || p_items)), whole, p_items, p_analysts);
    END IF;
    RETURN noted;
END
$fn$;

-- Build the whole table from the history (by 'fledger team init'); same lock, same isolation.
CREATE OR REPLACE FUNCTION fledger_latest_rebuild() RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
BEGIN
    IF current_setting('transaction_isolation') <> 'read committed' THEN
        RAISE EXCEPTION 'fledger: fledger_latest_rebuild() runs in READ COMMITTED only';
    END IF;
    PERFORM pg_advisory_xact_lock({_LOCK});
    IF (SELECT built FROM {STATE} LIMIT 1) THEN
        RETURN;
    END IF;
    DELETE FROM {PENDING};
    PERFORM fledger_latest_store(NULL, '{{}}', '{{}}', '{{}}');
    UPDATE {STATE} SET built = TRUE;
END
$fn$;
"""

# Which history tables note what: (table, trigger function).
_NOTED = (
    ("forecasts", "fledger_latest_note_pairs"),
    ("forecast_withdrawals", "fledger_latest_note_pairs"),
    ("resolutions", "fledger_latest_note_items"),
    ("retractions", "fledger_latest_note_items"),
)


def install(con: duckdb.DuckDBPyConnection, name: str, group: str, applied_at: datetime) -> None:
    """Create (or replace) the server's derived-table machinery, in the caller's transaction; idempotent.

    ``group`` is the quoted group role of the team's analysts.
    """
    script = [_TABLES, _ROWS, _FUNCTIONS]
    for table, function in _NOTED:
        script.append(
            f"DROP TRIGGER IF EXISTS fledger_latest_note ON {table};"
            f"CREATE TRIGGER fledger_latest_note AFTER INSERT ON {table} REFERENCING NEW TABLE AS new_rows "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {function}();"
        )
    functions = (
        "fledger_latest_note_pairs()",
        "fledger_latest_note_items()",
        "fledger_latest_rows(text[], text[], text[], text[])",
        "fledger_latest_store(text[], text[], text[], text[])",
        "fledger_latest_refresh()",
        "fledger_latest_rebuild()",
    )
    for function in functions:
        script.append(f"REVOKE ALL ON FUNCTION {function} FROM PUBLIC;")
    script.append(f"GRANT EXECUTE ON FUNCTION fledger_latest_refresh() TO {group};")
    for table in SERVER_TABLES:
        script.append(f"REVOKE ALL ON {table} FROM PUBLIC; REVOKE ALL ON {table} FROM {group};")
        script.append(f"GRANT SELECT ON {table} TO {group};")
    known = len(TEAM_STEPS)
    script.append(
        f"INSERT INTO {TEAM_MIGRATIONS} SELECT s.n, ({_steps_array()})[s.n], '{applied_at.isoformat(sep=' ')}'::timestamp "
        f"FROM generate_series(1, {known}) AS s(n) "
        f"WHERE s.n > (SELECT coalesce(max(version), 0) FROM {TEAM_MIGRATIONS});"
    )
    server_execute(con, name, "\n".join(script))


def _steps_array() -> str:
    return "ARRAY[" + ", ".join("'" + s.replace("'", "''") + "'" for s in TEAM_STEPS) + "]"


def _outside_transaction(con: duckdb.DuckDBPyConnection, name: str, call: str) -> None:
    sql = f"BEGIN ISOLATION LEVEL READ COMMITTED; SELECT {call}; COMMIT;"
    con.execute("CALL postgres_execute(?, ?, use_transaction=false)", [name, sql])


def refresh(con: duckdb.DuckDBPyConnection, name: str) -> None:
    """Take in the rows written since the last refresh (on its own server transaction)."""
    _outside_transaction(con, name, "fledger_latest_refresh()")


def rebuild(con: duckdb.DuckDBPyConnection, name: str) -> None:
    """Build the table whole from the history, unless it is built already (administrator only)."""
    _outside_transaction(con, name, "fledger_latest_rebuild()")


def team_version(con: duckdb.DuckDBPyConnection) -> int:
    row = con.execute(f"SELECT count(*) FROM {TEAM_MIGRATIONS}").fetchone()
    return int(row[0]) if row else 0


def stored_answers(con: duckdb.DuckDBPyConnection, as_of: datetime) -> bool:
    """Whether the server's table holds exactly ``latest.LATEST_SQL`` over the history this transaction sees,
    and nothing recorded or known after ``as_of``."""
    row = con.execute(
        f"SELECT built, last_recorded, last_known, (SELECT count(*) FROM {PENDING}) FROM {STATE}"
    ).fetchone()
    if not row or not row[0] or row[3]:
        return False
    last_recorded, last_known = row[1], row[2]
    return (last_recorded is None or last_recorded <= as_of) and (last_known is None or last_known <= as_of.date())
