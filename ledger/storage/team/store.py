"""``TeamStore``: a ledger in a PostgreSQL database, used like the file ``Store``.

No file lock: the server orders concurrent writers.  The schema is made and
upgraded only by ``fledger team init`` (analysts have no right to change it);
every other operation refuses a database that is not a fledger ledger, or
whose schema is behind or ahead of this fledger, without writing anything.

The derived ``latest_forecasts`` table is kept by the server
(``ledger.storage.team.derived``): every write transaction notes what it
touched, and once it has committed this store asks the server to take the
notes in.  The team schema version is two numbers: the shared migrations, and
the team's own steps (``derived.TEAM_STEPS``: server objects a file ledger has
no use for); ``fledger team init`` brings both up.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

import duckdb

from ledger.errors import LedgerFileError
from ledger.storage import migrations
from ledger.storage.connection import lock_timeout_from_env
from ledger.storage.latest import DERIVED_TABLES
from ledger.storage.team import derived, server
from ledger.storage.team.connection import attached, server_query, transaction, translate
from ledger.storage.team.location import TeamLocation


class TeamStore:
    """A team ledger.  Holds no connection between operations."""

    is_team = True
    created = False  # a team database becomes a ledger through 'fledger team init', never on first use

    def __init__(self, uri: str, lock_timeout: float | None = None) -> None:
        self.uri = uri
        self.location = TeamLocation(uri)
        self.lock_timeout = lock_timeout_from_env() if lock_timeout is None else lock_timeout
        self._login: str | None = None

    @property
    def path(self) -> str:
        """How the ledger is shown: its URI without a password."""
        return self.location.shown

    def exists(self) -> bool:
        return True  # a team ledger is made by 'fledger team init', never on first use

    @contextmanager
    def writing(self, *, adopt: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        # ``adopt`` is the file ledger's: a team database is made a ledger by 'fledger team init' only.
        with attached(self.location, write=True) as (con, name):
            with transaction(con, self.location):
                self._opened(con, name)
                yield con
            # Committed: have the server take in what this transaction noted.  Should that fail
            # (the server went away just now), the notes wait for the next write's refresh and
            # scoring computes the rows in the query meanwhile; the write itself stands.
            try:
                derived.refresh(con, name)
            except duckdb.Error:
                pass

    @contextmanager
    def reading(self) -> Iterator[duckdb.DuckDBPyConnection]:
        with attached(self.location, write=False) as (con, name), transaction(con, self.location):
            self._opened(con, name)
            yield con

    def _opened(self, con: duckdb.DuckDBPyConnection, name: str) -> None:
        """Check the schema; learn the login on the way (so asking for it later needs no connection)."""
        self.check_schema(con, name)
        if self._login is None:
            self._login = str(server_query(con, name, "SELECT session_user::text")[0][0])

    def refuse_own_files(self, targets: object, field: str) -> None:
        """Output paths cannot overwrite a team ledger: it is no file on this machine."""

    def login(self) -> str:
        """The database login this ledger is used as: every record is written in its name."""
        if self._login is None:
            with attached(self.location, write=False) as (con, name), transaction(con, self.location):
                self._login = str(server_query(con, name, "SELECT session_user::text")[0][0])
        return self._login

    def change_marker(self) -> tuple[str, ...]:
        """Changes whenever any transaction that writes starts or ends on the server (its snapshot).

        One tiny query and no table read; a change elsewhere on the server only costs a reload.
        """
        with attached(self.location, write=False) as (con, name), transaction(con, self.location):
            return (str(server_query(con, name, "SELECT pg_current_snapshot()::text")[0][0]),)

    # --- the schema ------------------------------------------------------------------------
    def check_schema(self, con: duckdb.DuckDBPyConnection, name: str) -> None:
        version, team = _versions(con, name)
        known = len(migrations.migration_scripts())
        if version is None:
            raise LedgerFileError(
                f"db: {self.path} is not a fledger ledger (no schema_migrations table); "
                "its administrator makes it one with 'fledger team init'"
            )
        if version > known:
            raise LedgerFileError(
                f"db: {self.path} has schema version {version} but this fledger knows up to "
                f"{known}; upgrade fledger to open it (nothing was changed)"
            )
        if version < known:
            raise LedgerFileError(
                f"db: {self.path} has schema version {version} and this fledger reads {known}; "
                "its administrator upgrades it with 'fledger team init'"
            )
        steps = len(derived.TEAM_STEPS)
        if team > steps:
            raise LedgerFileError(
                f"db: {self.path} has team schema version {team} but this fledger knows up to "
                f"{steps}; upgrade fledger to open it (nothing was changed)"
            )
        if team < steps:
            raise LedgerFileError(
                f"db: {self.path} has team schema version {team} and this fledger reads {steps}; "
                "its administrator upgrades it with 'fledger team init'"
            )

    @contextmanager
    def administering(self, *, write: bool = True) -> Iterator[tuple[duckdb.DuckDBPyConnection, str]]:
        """A transaction for the team commands, with the attached name (for server queries); no schema check."""
        with attached(self.location, write=write) as (con, name), transaction(con, self.location):
            yield con, name

    def set_up(self, con: duckdb.DuckDBPyConnection, name: str) -> tuple[int, int]:
        """Create or upgrade the schema and the server's rules; (version before, version after).

        The version counts the shared migrations and the team's own steps together.  The
        derived table is built afterwards, by ``build_derived``, once this transaction committed.
        """
        version, team = _versions(con, name)
        known = len(migrations.migration_scripts())
        if version is None:
            others = sorted(_tables(con, name))
            if others:
                raise LedgerFileError(
                    f"db: {self.path} already holds tables ({', '.join(others[:3])}) and is not a "
                    "fledger ledger; choose an empty database"
                )
            version = 0
        if version > known:
            raise LedgerFileError(
                f"db: {self.path} has schema version {version} but this fledger knows up to "
                f"{known}; upgrade fledger (nothing was changed)"
            )
        steps = len(derived.TEAM_STEPS)
        if team > steps:
            raise LedgerFileError(
                f"db: {self.path} has team schema version {team} but this fledger knows up to "
                f"{steps}; upgrade fledger (nothing was changed)"
            )
        now = datetime.now(UTC).replace(tzinfo=None)
        if version < known:
            migrations.apply_pending(con, version, now)
        tables = _tables(con, name)
        history = {
            t: next((c for c in server.AUTHOR_COLUMNS if c in cols), None)
            for t, cols in tables.items()
            if t != "schema_migrations" and t not in DERIVED_TABLES and t not in derived.SERVER_TABLES
        }
        readable = [t for t in tables if t not in history and t not in derived.SERVER_TABLES]
        group = server.set_up(con, name, history, readable)
        derived.install(con, name, server.quote_ident(group), now)
        return version + team, known + steps

    def build_derived(self) -> None:
        """Build the server's derived table from the history, if it is not built yet (after ``set_up``)."""
        with attached(self.location, write=True) as (con, name):
            try:
                derived.rebuild(con, name)
            except duckdb.Error as exc:
                raise translate(exc, self.location) from None


def _versions(con: duckdb.DuckDBPyConnection, name: str) -> tuple[int | None, int]:
    """(migrations applied, or None without a migration log; team steps applied)."""
    found = {
        r[0]
        for r in con.execute(
            """SELECT table_name FROM information_schema.tables
               WHERE table_catalog = ? AND table_name IN ('schema_migrations', ?)""",
            [name, derived.TEAM_MIGRATIONS],
        ).fetchall()
    }
    if "schema_migrations" not in found:
        return None, 0
    row = con.execute("SELECT count(*) FROM schema_migrations").fetchone()
    team = derived.team_version(con) if derived.TEAM_MIGRATIONS in found else 0
    return (int(row[0]) if row else 0), team


def _tables(con: duckdb.DuckDBPyConnection, name: str) -> dict[str, set[str]]:
    rows = con.execute(
        """SELECT table_name, column_name FROM information_schema.columns
           WHERE table_catalog = ? AND table_schema = current_schema()""",
        [name],
    ).fetchall()
    tables: dict[str, set[str]] = {}
    for table, column in rows:
        tables.setdefault(table, set()).add(column)
    return tables
