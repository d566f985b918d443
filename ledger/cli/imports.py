"""``fledger import``: bulk load items, forecasts or resolutions from CSV or JSONL."""

from __future__ import annotations

import click

from ledger.cli.common import echo, echo_json, get_ledger, ledger_options


@click.command("import")
@click.argument("file", metavar="FILE")
@click.option(
    "--kind",
    type=click.Choice(["items", "forecasts", "resolutions", "fatebook", "predictionbook", "metaculus"]),
    help="What the file holds (columns: docs/import.md). Another tool's export: fatebook (its CSV), "
    "predictionbook (its API JSON), metaculus (user_data.zip or its folder); rules: docs/interop.md. "
    "Leave out for a fledger export (FILE.jsonl).",
)
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print {kind, path, rows} as JSON (another tool's export: {kind, path, added, skipped, notes}).",
)
@ledger_options
def import_command(file: str, kind: str | None, as_json: bool) -> None:
    """Import a CSV (with a header row) or JSONL file in one transaction: all rows or none.

    Without --kind, FILE is a fledger export (see 'fledger export'); records already present are skipped.
    """
    if kind is None or kind in ("fatebook", "predictionbook", "metaculus"):
        from ledger.cli.exchange import import_other

        import_other(file, kind, as_json)
        return
    report = get_ledger().import_file(file, kind)
    if as_json:
        echo_json({"kind": report.kind, "path": report.path, "rows": report.rows})
    else:
        echo(f"imported {report.rows} {kind} from {report.path}")


COMMANDS = [import_command]
