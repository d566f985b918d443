"""``fledger team``: set up a team ledger on PostgreSQL, add analysts, list them, push a personal ledger in."""

from __future__ import annotations

import sys
from collections.abc import Callable

import click

from ledger.cli.common import echo_json, get_ledger, ledger_options, print_table
from ledger.errors import InvalidValue

MAX_PASSWORD_BYTES = 1024


@click.group("team")
def team_group() -> None:
    """A ledger shared by a team, in PostgreSQL (--db postgresql://HOST/DBNAME; see docs/team.md)."""


@team_group.command("init")
@click.option("--empty", is_flag=True, help="Do not load the bundled seed stories.")
@ledger_options
def team_init_command(empty: bool) -> None:
    """Make an empty PostgreSQL database a team ledger (or upgrade one); run as its owner."""
    report = get_ledger().team_init(empty=empty)
    if report.schema_before == report.schema_after:
        state = f"schema version {report.schema_after} (already current)"
    else:
        state = f"schema version {report.schema_before} -> {report.schema_after}"
    click.echo(
        f"team ledger {report.location}: {state}; analysts are the role {report.group}; "
        f"{report.items_added} seed items added"
    )


def _read_password_file(path: str) -> str:
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_PASSWORD_BYTES + 1)
    except OSError as exc:
        raise InvalidValue("password-file", path, f"a readable file ({exc.strerror or exc})") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidValue("password-file", path, "a UTF-8 text file") from None
    lines = text.splitlines()
    secret = lines[0] if lines else ""
    if not secret or len(data) > MAX_PASSWORD_BYTES:
        raise InvalidValue(
            "password-file", path, f"a file whose first line is the password (1 to {MAX_PASSWORD_BYTES} bytes)"
        )
    return secret


def _password_source(path: str | None) -> Callable[[], str]:
    """What asks for a new login's password: its file, or a prompt on the terminal (typed twice, not echoed)."""

    def ask() -> str:
        if path is not None:
            return _read_password_file(path)
        if not sys.stdin.isatty():
            raise InvalidValue("password", "", "typed at a prompt on a terminal, or --password-file FILE")
        secret = click.prompt("Password for the new login", hide_input=True, confirmation_prompt=True)
        if not secret:
            raise InvalidValue("password", "", "a password of at least one character")
        return str(secret)

    return ask


@team_group.command("add")
@click.argument("name")
@click.option(
    "--password-file",
    "password_file",
    metavar="FILE",
    help="Read the new login's password from the first line of FILE (else a prompt asks).",
)
@ledger_options
def team_add_command(name: str, password_file: str | None) -> None:
    """Add analyst NAME: a new database login (password asked, never on the command line) in the team's role."""
    created = get_ledger().team_add(name, _password_source(password_file))
    if created:
        click.echo(f"added {name}: a new login that may read and add records")
    else:
        click.echo(f"added {name}: an existing login, now in the team (its password is unchanged)")


@team_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@ledger_options
def team_list_command(as_json: bool) -> None:
    """The team's members, with how many forecasts and resolutions each recorded."""
    members = get_ledger().team_members()
    if as_json:
        echo_json(
            [
                {
                    "login": m.login,
                    "role": m.role,
                    "forecasts": m.forecasts,
                    "resolutions": m.resolutions,
                    "last_forecast": m.last_forecast.isoformat() + "Z" if m.last_forecast else None,
                }
                for m in members
            ]
        )
        return
    rows = [
        (
            m.login,
            m.role,
            m.forecasts,
            m.resolutions,
            m.last_forecast.strftime("%Y-%m-%d %H:%M") if m.last_forecast else "",
        )
        for m in members
    ]
    print_table(("login", "role", "forecasts", "resolutions", "last forecast (UTC)"), rows)


@team_group.command("push")
@click.argument("file", metavar="FILE.duckdb")
@ledger_options
def team_push_command(file: str) -> None:
    """Copy a personal ledger file into the team ledger; records already there are not added again."""
    added = get_ledger().team_push(file)
    shown = ", ".join(f"{t} {n}" for t, n in added.items() if n) or "nothing new"
    click.echo(f"pushed {sum(added.values())} new records from {file} ({shown})")


COMMANDS = [team_group]
