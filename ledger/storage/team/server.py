"""What the PostgreSQL server enforces for a team ledger, and its members.

The rules live on the server, so no client can skip them:

* analysts (members of the team's group role) may SELECT and INSERT history,
  never UPDATE, DELETE or TRUNCATE it: those privileges are not granted, and
  triggers refuse them even to the tables' owner;
* a record naming an author (``analyst`` or ``recorded_by``) other than the
  login that writes it is refused by a BEFORE INSERT trigger, unless that
  login is the team's administrator (the owner of the tables, or a superuser).

Row-level security is not used: PostgreSQL refuses ``COPY FROM`` on tables with
it, and DuckDB writes to PostgreSQL with COPY.  Triggers do fire on COPY.

The statements here are PostgreSQL's own dialect, run through the extension's
``postgres_execute``; the tables themselves are made by the same migrations as
a file ledger's.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re

import duckdb

from ledger.errors import Conflict, InvalidValue
from ledger.storage.team.connection import server_execute, server_query, sql_literal

AUTHOR_COLUMNS = ("analyst", "recorded_by")  # who wrote a record, in the tables that say so
NAME_RULE = re.compile(r"[A-Za-z_][A-Za-z0-9_.@-]{0,62}")
NAME_FORM = "a login name of letters, digits, _ . @ - (starting with a letter or _; at most 63 characters)"


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def database_name(con: duckdb.DuckDBPyConnection, name: str) -> str:
    """The database's name on the server (inside DuckDB it goes by its attached name)."""
    return str(server_query(con, name, "SELECT current_database()::text")[0][0])


def group_role(database: str) -> str:
    """The team's group role: one per database, so two teams on one server stay apart."""
    return ("fledger_" + database)[:63]


FUNCTIONS = r"""
CREATE OR REPLACE FUNCTION fledger_check_author() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
    author text := to_jsonb(NEW) ->> TG_ARGV[0];
    owner oid := (SELECT relowner FROM pg_class WHERE oid = TG_RELID);
BEGIN
    IF author IS DISTINCT FROM session_user::text AND NOT pg_has_role(session_user, owner, 'USAGE') THEN
        RAISE EXCEPTION 'fledger: % may record only as %, not as % (in %)',
            session_user, session_user, author, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$fn$;

CREATE OR REPLACE FUNCTION fledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    RAISE EXCEPTION 'fledger: history is append-only; % on % is refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$fn$;
"""


def _table_rules(table: str, author: str | None) -> str:
    t = quote_ident(table)
    statements = [
        f"DROP TRIGGER IF EXISTS fledger_append_only ON {t}",
        (
            f"CREATE TRIGGER fledger_append_only BEFORE UPDATE OR DELETE ON {t} "
            "FOR EACH ROW EXECUTE FUNCTION fledger_append_only()"
        ),
        f"DROP TRIGGER IF EXISTS fledger_no_truncate ON {t}",
        (
            f"CREATE TRIGGER fledger_no_truncate BEFORE TRUNCATE ON {t} "
            "FOR EACH STATEMENT EXECUTE FUNCTION fledger_append_only()"
        ),
        f"DROP TRIGGER IF EXISTS fledger_author ON {t}",
    ]
    if author:
        statements.append(
            f"CREATE TRIGGER fledger_author BEFORE INSERT ON {t} "
            f"FOR EACH ROW EXECUTE FUNCTION fledger_check_author({sql_literal(author)})"
        )
    return ";\n".join(statements) + ";\n"


def set_up(con: duckdb.DuckDBPyConnection, name: str, history: dict[str, str | None], readable: list[str]) -> str:
    """Roles, privileges and triggers, in the caller's transaction; idempotent.  Returns the group role.

    ``history`` maps each history table to its author column (None: no author);
    ``readable`` are the other tables analysts may read (migration log, derived tables).
    """
    database = database_name(con, name)
    group = group_role(database)
    g, db = quote_ident(group), quote_ident(database)
    script = [
        f"""DO $do$ BEGIN
            IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = {sql_literal(group)}) THEN
                CREATE ROLE {g} NOLOGIN;
            END IF;
        END $do$;""",
        f"REVOKE CONNECT, TEMPORARY ON DATABASE {db} FROM PUBLIC;",
        f"GRANT CONNECT ON DATABASE {db} TO {g};",
        "REVOKE CREATE ON SCHEMA public FROM PUBLIC;",
        f"GRANT USAGE ON SCHEMA public TO {g};",
        FUNCTIONS,
    ]
    for table, author in history.items():
        t = quote_ident(table)
        script.append(f"REVOKE ALL ON {t} FROM PUBLIC; REVOKE ALL ON {t} FROM {g}; GRANT SELECT, INSERT ON {t} TO {g};")
        script.append(_table_rules(table, author))
    for table in readable:
        t = quote_ident(table)
        script.append(f"REVOKE ALL ON {t} FROM PUBLIC; REVOKE ALL ON {t} FROM {g}; GRANT SELECT ON {t} TO {g};")
    server_execute(con, name, "\n".join(script))
    return group


def scram_verifier(password: str, iterations: int = 4096) -> str:
    """A SCRAM-SHA-256 verifier (RFC 5802/7677), as PostgreSQL stores it.

    The server is sent this, never the password itself, so the password cannot
    turn up in the server's logs or in an error message.
    """
    salt = os.urandom(16)
    salted = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
    client_key = hmac.new(salted, b"Client Key", hashlib.sha256).digest()
    stored_key = hashlib.sha256(client_key).digest()
    server_key = hmac.new(salted, b"Server Key", hashlib.sha256).digest()

    def b64(data: bytes) -> str:
        return base64.b64encode(data).decode("ascii")

    return f"SCRAM-SHA-256${iterations}:{b64(salt)}${b64(stored_key)}:{b64(server_key)}"


def login_exists(con: duckdb.DuckDBPyConnection, name: str, login: str) -> bool:
    rows = server_query(con, name, f"SELECT count(*) FROM pg_roles WHERE rolname = {sql_literal(login)}")
    return bool(rows[0][0])


def add_member(con: duckdb.DuckDBPyConnection, name: str, login: str, password: str | None) -> bool:
    """Make ``login`` an analyst of the team; creates the login (with ``password``) if it does not exist.

    Returns True when the login was created, False when an existing login joined the team.
    """
    if not NAME_RULE.fullmatch(login):
        raise InvalidValue("name", login, NAME_FORM)
    database = database_name(con, name)
    group = quote_ident(group_role(database))
    if login_exists(con, name, login):
        server_execute(con, name, f"GRANT {group} TO {quote_ident(login)}")
        return False
    if not password:
        raise InvalidValue("password", "", "a password for the new login (from the prompt or --password-file)")
    verifier = scram_verifier(password)
    server_execute(
        con, name, f"CREATE ROLE {quote_ident(login)} LOGIN PASSWORD {sql_literal(verifier)} IN ROLE {group}"
    )
    return True


def members(con: duckdb.DuckDBPyConnection, name: str) -> list[tuple[str, str]]:
    """(login, role) of everyone in the team: the administrator (owner of the tables) and the analysts."""
    database = database_name(con, name)
    rows = server_query(
        con,
        name,
        f"""SELECT r.rolname::text, 'analyst' FROM pg_auth_members a
                JOIN pg_roles r ON r.oid = a.member JOIN pg_roles g ON g.oid = a.roleid
                WHERE g.rolname = {sql_literal(group_role(database))}
            UNION
            SELECT pg_get_userbyid(relowner)::text, 'administrator' FROM pg_class
                WHERE relname = 'forecasts' AND relnamespace = 'public'::regnamespace
            ORDER BY 1""",
    )
    return [(str(r[0]), str(r[1])) for r in rows]


def is_administrator(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    rows = server_query(
        con,
        name,
        """SELECT pg_has_role(session_user, relowner, 'USAGE') FROM pg_class
           WHERE relname = 'forecasts' AND relnamespace = 'public'::regnamespace""",
    )
    return bool(rows and rows[0][0])


def require_administrator(con: duckdb.DuckDBPyConnection, name: str, what: str) -> None:
    if not is_administrator(con, name):
        raise Conflict(f"team: only the team's administrator may {what}")
