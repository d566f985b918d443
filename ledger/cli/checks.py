"""``fledger check``: list every row that breaks the ledger's rules; ``--hide`` corrects them (append-only)."""

from __future__ import annotations

import click

from ledger.cli.common import echo, echo_json, get_ledger, ledger_options


@click.command("check")
@click.option("--hide", is_flag=True, help="Append a correction hiding every listed row from every reader.")
@click.option("--reason", metavar="TEXT", help="Why the rows are hidden (kept with the correction).")
@click.option("--json", "as_json", is_flag=True, help="Print the rows as JSON.")
@ledger_options
def check_command(hide: bool, reason: str | None, as_json: bool) -> None:
    """Check every row of the ledger against its rules; exit 1 when any breaks one.

    Each broken row is listed with its table and id.  Rows written before the
    rules were enforced (or by another tool) can make commands fail; 'fledger
    check --hide' appends a correction that hides them from every reader
    (nothing is deleted), so the ledger reads again.
    """
    ledger = get_ledger()
    if hide:
        rows, written = ledger.hide_broken(reason) if reason is not None else ledger.hide_broken()
    else:
        rows, written = ledger.check(), 0
    if as_json:
        echo_json({"broken": [{"table": r.table, r.key_column: r.key, "field": r.field, "value": r.value,
                               "accepted": r.accepted} for r in rows], "corrections_written": written})  # fmt: skip
    else:
        for r in rows:
            echo(f"{r.table} {r.key_column}={r.key}: {r.field} {r.value!r} is not valid; expected {r.accepted}")
        n_rows = len({(r.table, r.key) for r in rows})
        if hide:
            echo(f"hid {n_rows} broken rows with {written} corrections; nothing was deleted")
        elif rows:
            echo(f"{n_rows} rows break the ledger's rules ({len(rows)} problems); "
                 "'fledger check --hide' hides them from every reader")  # fmt: skip
        else:
            echo("every row keeps the ledger's rules")
    if rows and not hide:
        raise click.exceptions.Exit(1)


COMMANDS = [check_command]
