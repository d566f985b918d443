"""Commands for forecasts and outcomes: forecast, resolve, retract and unresolve."""

from __future__ import annotations

import click

from ledger.cli.common import (
    date_option,
    echo,
    echo_json,
    fmt_probability,
    get_ledger,
    interactive,
    json_option,
    ledger_options,
    local_time,
    timestamp_option,
    warn,
)
from ledger.model import OUTCOMES

# --- forecasts and resolutions -------------------------------------------------------


@click.command("forecast", context_settings={"ignore_unknown_options": True})  # "-0.1" is a value
@click.argument("item")
@click.argument("probability", metavar="PROB")
@click.option("--at", metavar="TIMESTAMP", help="When the forecast was made (UTC; default now).")
@click.option("--note", default="", help="Your rationale.")
@click.option("--certain", is_flag=True, help="Allow 0 or 1 (0% or 100%): a claim of certainty.")
@json_option
@ledger_options
def forecast_command(item: str, probability: str, at: str | None, note: str, certain: bool, as_json: bool) -> None:
    """Record a forecast that ITEM resolves yes.

    \b
    PROB is a probability or a percentage:
      0.35 or 35%   thirty-five percent ('%' always means percent)
      35            a number above 1 without '%' is a percentage too
      1%            one percent; a bare 1 means 100% and is refused:
      0, 1, 100%    certainty, refused unless --certain
    On a terminal, a bare number above 1 that is under 10 or has a fraction
    (1.5, 12.5) is echoed as read and must be confirmed before it is recorded.
    """
    from ledger.cli.commitment_views import forecast_line
    from ledger.parsing import check_certainty, read_probability
    from ledger.serialize import forecast_json

    reading = read_probability(probability)
    check_certainty(reading, certain)
    asked = reading.worth_confirming and not as_json and interactive()
    if asked and not click.confirm(f"{reading.describe()}; record it?", default=True):
        echo("not recorded", err=True)
        raise click.exceptions.Exit(1)
    ledger = get_ledger()
    result = ledger.forecast(item, reading, made_at=timestamp_option(at, "at"), note=note, certain=certain)
    if result.late:
        warn(f"{result.item.key} was already resolved when this forecast was made: recorded as late, never scored")
    if as_json:
        echo_json(forecast_json(result.forecast, late=result.late))
        return
    prev = f" (was {fmt_probability(result.previous.probability)})" if result.previous else ""
    echo(f"{result.item.key}: {result.forecast.analyst} {fmt_probability(result.forecast.probability)}{prev}")
    base_rate = forecast_line(result.base_rates)
    if base_rate:
        echo(base_rate)


@click.command("resolve")
@click.argument("item")
@click.argument("outcome", type=click.Choice(OUTCOMES, case_sensitive=False), metavar="yes|no|annulled")
@click.option("--known-on", metavar="DATE", help="The day the outcome became known (default today).")
@click.option("--evidence", default="", help="Where the outcome can be checked.")
@click.option("--correct", is_flag=True, help="Correct an existing resolution (the old one is kept).")
@json_option
@ledger_options
def resolve_command(item: str, outcome: str, known_on: str | None, evidence: str, correct: bool, as_json: bool) -> None:
    """Resolve an item yes, no or annulled."""
    from ledger.serialize import resolution_json

    r = get_ledger().resolve(item, outcome, known_on=date_option(known_on, "known-on"), evidence=evidence,
                             correct=correct)  # fmt: skip
    if as_json:
        echo_json(resolution_json(r))
    else:
        echo(f"resolved {item} {r.outcome}, known on {r.known_on}{' (correction)' if r.supersedes else ''}")


@click.command("retract")
@click.argument("item")
@click.option(
    "--id",
    "forecast_id",
    metavar="ID",
    help="Another of my forecasts on ITEM (id prefix, 4+ characters; see 'fledger show ITEM').",
)
@click.option("--reason", default="", help="Why it is taken back.")
@json_option
@ledger_options
def retract_command(item: str, forecast_id: str | None, reason: str, as_json: bool) -> None:
    """Take back my latest forecast on ITEM (or --id another of mine).

    Nothing is erased: the forecast stays in the history, marked retracted, and
    from now on counts in no score, list or crowd figure.
    """
    from ledger.serialize import retraction_json

    retraction, forecast = get_ledger().retract(item, forecast_id=forecast_id, reason=reason)
    if as_json:
        echo_json(retraction_json(retraction))
        return
    click.echo(f"retracted {forecast.analyst}'s {fmt_probability(forecast.probability)} on {item} "
               f"(made {local_time(forecast.made_at)}, id {forecast.id[:8]})")  # fmt: skip


@click.command("unresolve")
@click.argument("item")
@click.option("--reason", default="", help="Why the resolution is taken back.")
@json_option
@ledger_options
def unresolve_command(item: str, reason: str, as_json: bool) -> None:
    """Take back ITEM's resolution: it is open again (the resolution stays in the history, marked retracted)."""
    from ledger.serialize import retraction_json

    taken = get_ledger().unresolve(item, reason=reason)
    if as_json:
        echo_json([retraction_json(r) for r, _ in taken])
        return
    shown = ", ".join(f"{res.outcome} (known on {res.known_on})" for _, res in taken)
    click.echo(f"unresolved {item}: took back {shown}")


COMMANDS = [forecast_command, resolve_command, retract_command, unresolve_command]
