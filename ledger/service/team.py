"""Team ledgers: setting one up, its members, and moving a personal ledger in.

These operations need a team ledger (``--db postgresql://...``); the rules
they rely on (who may write what) are enforced by the server, not here.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from attrs import frozen

from ledger.errors import InvalidValue, LedgerFileError
from ledger.service.exchange import _source_file
from ledger.service.setup import SetupOps
from ledger.storage import Store, exchange
from ledger.storage.team import TeamStore
from ledger.storage.team import server as team_server
from ledger.storage.team.members import activity

TEAM_FORM = "a team ledger: --db postgresql://HOST/DBNAME (see docs/team.md)"


@frozen
class TeamInitReport:
    location: str
    schema_before: int
    schema_after: int
    group: str
    items_added: int
    scenarios_added: int


@frozen
class TeamMember:
    login: str
    role: str  # administrator | analyst
    forecasts: int
    resolutions: int
    last_forecast: datetime | None


class TeamOps(SetupOps):
    def _team(self) -> TeamStore:
        if not isinstance(self._store, TeamStore):
            raise InvalidValue("db", str(self.path), TEAM_FORM)
        return self._store

    def team_init(self, *, empty: bool = False) -> TeamInitReport:
        """Create (or upgrade) the schema, the group role, privileges and triggers; then load the seeds.

        Run by the database's owner (or a superuser), who becomes the team's administrator.
        """
        store = self._team()
        with store.administering() as (con, name):
            before, after = store.set_up(con, name)
            group = team_server.group_role(team_server.database_name(con, name))
        store.build_derived()  # from the history already there (an upgraded ledger); then kept by the server
        report = self.init(empty=empty)
        return TeamInitReport(store.path, before, after, group, report.items_added, report.scenarios_added)

    def team_add(self, login: str, password: Callable[[], str]) -> bool:
        """Make ``login`` an analyst; a new login gets the password ``password()`` returns (asked only then).

        True when the login was created, False when an existing login joined the team.
        """
        store = self._team()
        if not team_server.NAME_RULE.fullmatch(login):
            raise InvalidValue("name", login, team_server.NAME_FORM)
        with store.administering(write=False) as (con, name):
            team_server.require_administrator(con, name, "add members")
            needs_password = not team_server.login_exists(con, name, login)
        secret = password() if needs_password else None
        with store.administering() as (con, name):
            return team_server.add_member(con, name, login, secret)

    def team_members(self) -> list[TeamMember]:
        """Everyone in the team with how many forecasts and resolutions they recorded."""
        store = self._team()
        with store.administering(write=False) as (con, name):
            store.check_schema(con, name)
            people = team_server.members(con, name)
            counts = activity(con)
        known = {login for login, _ in people}
        rows = [TeamMember(login, role, *counts.get(login, (0, 0, None))) for login, role in people]
        rows += [TeamMember(a, "former", *c) for a, c in sorted(counts.items()) if a not in known]
        return rows

    def team_push(self, file: str | Path) -> dict[str, int]:
        """Copy a personal ledger file's records into this team ledger; rows added per table.

        Idempotent: a record already in the team ledger (same id) is not added again.
        Records naming another analyst are refused by the server unless the login is the
        team's administrator; then nothing is added.
        """
        self._team()
        source = _source_file(file, "file")
        home = Store(source)
        if not home.exists():
            raise InvalidValue("file", str(file), "an existing fledger ledger file (.duckdb)")
        with tempfile.TemporaryDirectory(prefix="fledger-push-") as work:
            staged = Path(work) / "ledger.jsonl"
            try:
                with home.reading() as con:
                    exchange.export_jsonl(con, staged, self.now())
            except LedgerFileError as exc:
                raise InvalidValue("file", str(file), f"a fledger ledger file ({exc})") from None
            with self._writing() as con:
                return exchange.import_jsonl(con, staged)
