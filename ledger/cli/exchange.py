"""Commands that move data out and in (export, import) and the reminder list (due)."""

from __future__ import annotations

import click

from ledger.cli.common import days_left, echo, echo_json, fmt_probability, get_ledger, ledger_options, print_table


def _tally(counts: dict[str, int]) -> str:
    shown = [f"{table} {n}" for table, n in counts.items() if n]
    return ", ".join(shown) if shown else "nothing"


@click.command("export")
@click.argument("file", required=False, metavar="FILE.jsonl")
@click.option("--parquet", "parquet", metavar="DIR", help="Also write one Parquet file per table into DIR.")
@click.option("--ics", "ics", metavar="FILE", help="Also write open deadlines as an iCalendar file.")
@ledger_options
def export_command(file: str | None, parquet: str | None, ics: str | None) -> None:
    """Export the whole ledger losslessly to FILE.jsonl (and/or --parquet DIR, --ics FILE).

    FILE.jsonl holds every record of every kind with its history; 'fledger import
    FILE.jsonl' into an empty ledger reproduces it exactly.
    """
    if not (file or parquet or ics):
        raise click.UsageError("give FILE.jsonl, --parquet DIR or --ics FILE")
    ledger = get_ledger()
    if file:
        counts = ledger.export_jsonl(file)
        echo(f"exported {sum(counts.values())} records to {file} ({_tally(counts)})")
    if parquet:
        counts = ledger.export_parquet(parquet)
        echo(f"exported {len(counts)} tables as Parquet to {parquet} ({_tally(counts)})")
    if ics:
        n = ledger.export_ics(ics)
        echo(f"exported {n} open deadlines to {ics}")


def import_other(file: str, kind: str | None, as_json: bool) -> None:
    """``fledger import FILE`` for a fledger export (no --kind) or another tool's track record."""
    ledger = get_ledger()
    if kind is None:
        added = ledger.import_jsonl(file)
        if as_json:
            echo_json({"kind": "fledger", "path": file, "added": added})
        else:
            echo(f"imported {sum(added.values())} new records from {file} ({_tally(added)})")
        return
    done = ledger.import_track_record(file, kind)
    if as_json:
        echo_json({"kind": kind, "path": file, "added": done.added, "skipped": done.skipped, "notes": list(done.notes)})
        return
    echo(f"imported {sum(done.added.values())} new records from {file} ({_tally(done.added)})")
    for reason, n in done.skipped.items():
        echo(f"skipped {n} {reason}")
    for note in done.notes:
        echo(f"note: {note}")


@click.command("due")
@click.option(
    "--within",
    default=None,
    metavar="SPAN",
    help="Only open items whose deadline falls from today to SPAN ahead (7d, 2w, 14).",
)
@click.option("--overdue", is_flag=True, help="Only open items whose deadline has passed: resolve these.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (shapes: docs/formats.md).")
@ledger_options
def due_command(within: str | None, overdue: bool, as_json: bool) -> None:  # fmt: skip
    """What needs resolving or re-forecasting; prints nothing when nothing is due (for cron or a prompt).

    \b
    With no option, everything due now:
      resolve      the deadline passed and the item is unresolved
      deadline     the deadline falls within the next 7 days
      re-forecast  your latest forecast on it is older than 30 days
    --within SPAN and --overdue show only what they name (both may be given).
    """
    from ledger.serialize import iso
    from ledger.service.reminders import parse_span

    rows = get_ledger().due(parse_span(within) if within is not None else None, overdue=overdue)
    if as_json:
        echo_json([
            {"id": d.id, "key": d.key, "title": d.title, "reasons": list(d.reasons),
             "deadline_latest": iso(d.deadline_latest), "days_left": d.days_left,
             "my_probability": d.my_probability, "my_made_at": iso(d.my_made_at)}
            for d in rows
        ])  # fmt: skip
        return
    if rows:
        table = [
            (d.key, ",".join(d.reasons), d.deadline.label if d.deadline else "", days_left(d.days_left),
             fmt_probability(d.my_probability), d.title)
            for d in rows
        ]  # fmt: skip
        print_table(["KEY", "DUE", "DEADLINE", "LEFT", "ME", "TITLE"], table)


COMMANDS = [export_command, due_command]
