"""Commitment status commands under 'fledger item' (status, slip, close, ladder), and the
lines that 'show' and 'forecast' add about status tracks and actor base rates."""

from __future__ import annotations

from typing import Any

import click

from ledger.cli.common import date_option, echo, echo_json, get_ledger, json_option, ledger_options
from ledger.cli.items import item_group
from ledger.commitments import CLOSING_STATUSES, OPEN_STATUSES


@item_group.command("status")
@click.argument("item")
@click.argument("status", type=click.Choice(OPEN_STATUSES), metavar="in-progress|stalled")
@click.option("--on", "on", metavar="DATE", help="The day the status changed (default today).")
@click.option("--evidence", default="", help="What shows it.")
@json_option
@ledger_options
def item_status(item: str, status: str, on: str | None, evidence: str, as_json: bool) -> None:
    """Record a commitment's progress: in-progress or stalled."""
    from ledger.commitments import event_json

    event = get_ledger().set_status(item, status, on=date_option(on, "on"), evidence=evidence)
    if as_json:
        echo_json(event_json(event))
    else:
        echo(f"{item}: {status} on {event.on_date}")


@item_group.command("slip")
@click.argument("item")
@click.argument("deadline", metavar="NEW_DEADLINE")
@click.option("--on", "on", metavar="DATE", help="The day the slip was announced (default today); "
              "NEW_DEADLINE is read relative to it.")  # fmt: skip
@click.option("--evidence", default="", help="What shows it.")
@json_option
@ledger_options
def item_slip(item: str, deadline: str, on: str | None, evidence: str, as_json: bool) -> None:
    """Record a deadline slip: the commitment gets a new deadline; the original stays in history."""
    from ledger.commitments import event_json

    event, revised = get_ledger().slip_deadline(item, deadline, on=date_option(on, "on"), evidence=evidence)
    if as_json:
        echo_json(event_json(event))
    else:
        assert revised.deadline is not None
        echo(f"{revised.key}: deadline slipped to {revised.deadline.label} ({revised.deadline.rule})")


@item_group.command("close")
@click.argument("item")
@click.argument("status", type=click.Choice(CLOSING_STATUSES), metavar="kept|compromise|broken")
@click.option("--outcome", type=click.Choice(["yes", "no", "annulled"]),
              help="The yes/no resolution (default: kept -> yes, broken -> no, compromise -> annulled).")  # fmt: skip
@click.option("--on", "on", metavar="DATE", help="The day it was kept or broken (default today).")
@click.option("--evidence", default="", help="Where it can be checked.")
@json_option
@ledger_options
def item_close(item: str, status: str, outcome: str | None, on: str | None, evidence: str, as_json: bool) -> None:
    """Close a commitment as kept, compromise or broken, and resolve it."""
    from ledger.commitments import event_json
    from ledger.serialize import resolution_json

    event, resolution = get_ledger().close_commitment(
        item, status, outcome=outcome, on=date_option(on, "on"), evidence=evidence
    )
    if as_json:
        echo_json({"event": event_json(event), "resolution": resolution_json(resolution)})
    else:
        echo(f"{item}: closed as {status} on {event.on_date}, resolved {resolution.outcome}")


@item_group.command("ladder")
@click.argument("item")
@click.option("--offsets", default="0,30,90", show_default=True, metavar="N,N,...",
              help="Days after the deadline, one question each.")  # fmt: skip
@json_option
@ledger_options
def item_ladder(item: str, offsets: str, as_json: bool) -> None:
    """Create yes/no questions 'kept by the deadline', '+N days', ... from a commitment."""
    from ledger.errors import InvalidValue
    from ledger.serialize import item_json

    try:
        days = [int(x) for x in offsets.split(",") if x.strip()]
    except ValueError:
        raise InvalidValue("offsets", offsets, "day counts separated by commas, like 0,30,90") from None
    rungs = get_ledger().ladder(item, days)
    if as_json:
        echo_json([item_json(r) for r in rungs])
        return
    for r in rungs:
        echo(f"added {r.key}  {r.deadline.label if r.deadline else ''}")


COMMANDS: list[Any] = []  # the commands above register onto 'fledger item'
