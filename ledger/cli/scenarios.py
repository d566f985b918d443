"""Commands for scenario sets and signposts ('fledger scenario ...') and actor base rates ('fledger actors')."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import click

from ledger.cli.common import (
    date_option,
    echo,
    echo_folded,
    echo_json,
    fmt_probability,
    get_ledger,
    ledger_options,
    print_table,
    read_text_file,
    timestamp_option,
)

json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON (shapes: docs/scenarios.md).")


def _vector(s: Any, probs: tuple[float, ...]) -> str:
    return "  ".join(f"{o.key} {fmt_probability(p)}" for o, p in zip(s.outcomes, probs, strict=True))


@click.group("scenario")
def scenario_group() -> None:
    """Scenario sets: mutually exclusive outcomes, probability vectors, signposts."""


@scenario_group.command("add")
@click.argument("question")
@click.option("--outcome", "outcomes", multiple=True, metavar="[KEY=]LABEL", required=True,
              help="An outcome (repeat 2-8 times); KEY defaults to a slug of LABEL.")  # fmt: skip
@click.option("--key", help="Short key to type (default: derived from the question).")
@click.option("--closes", metavar="PHRASE", help="When the question closes: 2026, 'end of 2026', 2026-Q2, ...")
@click.option("--as-of", "as_of", metavar="DATE", help="Read --closes relative to this date (default today).")
@click.option("--criteria", default="", help="How the outcome is decided.")
@click.option("--tag", "tags", multiple=True, help="A tag (repeatable).")
@json_option
@ledger_options
def scenario_add(question: str, outcomes: tuple[str, ...], key: str | None, closes: str | None, as_of: str | None,
                 criteria: str, tags: tuple[str, ...], as_json: bool) -> None:  # fmt: skip
    """Add a scenario set: a QUESTION with 2-8 mutually exclusive, exhaustive outcomes."""
    from ledger.scenarios.serialize import scenario_set_json

    s = get_ledger().add_scenario(
        question,
        list(outcomes),
        key=key,
        closes=closes,
        as_of=date_option(as_of, "as-of"),
        criteria=criteria,
        tags=tags,
    )
    if as_json:
        echo_json(scenario_set_json(s))
        return
    closes_text = f", closes {s.closes.label}" if s.closes else ""
    echo(f"added scenario set {s.key}: {', '.join(o.key for o in s.outcomes)}{closes_text}")


@scenario_group.command("list")
@json_option
@ledger_options
def scenario_list(as_json: bool) -> None:
    """List scenario sets with your latest forecast."""
    rows = get_ledger().scenarios()
    if as_json:
        from ledger.serialize import iso

        echo_json([
            {"id": r.id, "key": r.key, "question": r.question, "closes": iso(r.close_latest), "resolved": r.resolved,
             "outcome": r.resolved_outcome, "known_on": iso(r.known_on), "n_forecasters": r.n_forecasters,
             "n_signposts": r.n_signposts,
             "my_forecast": list(r.my_forecast.probabilities) if r.my_forecast else None}
            for r in rows
        ])  # fmt: skip
        return
    if not rows:
        echo("no scenario sets yet: add one with 'fledger scenario add QUESTION --outcome A --outcome B'")
        return
    table = []
    for r in rows:
        status = (r.resolved_outcome or "annulled") if r.resolved else "open"
        mine = "/".join(fmt_probability(p) for p in r.my_forecast.probabilities) if r.my_forecast else ""
        table.append(
            (r.key, r.close_latest or "", status, mine, r.n_forecasters or "", r.n_signposts or "", r.question)
        )
    print_table(["KEY", "CLOSES", "STATUS", "ME", "N", "SIGNPOSTS", "QUESTION"], table)


def _local(ts: datetime) -> str:
    from datetime import UTC

    return ts.replace(tzinfo=UTC).astimezone().strftime("%Y-%m-%d %H:%M")


@scenario_group.command("show")
@click.argument("scenario")
@json_option
@ledger_options
def scenario_show(scenario: str, as_json: bool) -> None:
    """Show a scenario set: outcomes, forecasts, signposts and the update they imply."""
    d = get_ledger().scenario(scenario)
    if as_json:
        from ledger.scenarios.serialize import scenario_detail_json

        echo_json(scenario_detail_json(d))
        return
    s = d.set
    out = [f"{s.key}  {s.question}", f"  id         {s.id}"]
    if s.closes:
        out.append(f"  closes     {s.closes.label}  ({s.closes.earliest} .. {s.closes.latest})")
    if s.tags:
        out.append(f"  tags       {', '.join(s.tags)}")
    if s.criteria:
        out.append(f"  criteria   {' '.join(s.criteria.split())}")
    if d.resolution:
        shown = s.resolved_as(d.resolution)
        out.append(f"  status     resolved {shown} (known on {d.resolution.known_on})")
    else:
        out.append("  status     open")
    out.append("  outcomes" + ("" if not d.my_forecast else f"{'':<25}you ({d.my_forecast.analyst})"))
    for n, o in enumerate(s.outcomes, start=1):
        mine = fmt_probability(d.my_forecast.probability(o.id)) if d.my_forecast else ""
        out.append(f"    {n}. {o.key:<28} {mine:>6}  {o.label}")
    if d.forecasts:
        out.append("  forecasts")
        for f in d.forecasts:
            late = "  late, not scored" if d.is_late(f) else ""
            note = f"  {f.note}" if f.note else ""
            probs = "/".join(fmt_probability(f.probability(o.id)) for o in s.outcomes)
            out.append(f"    {_local(f.made_at)}  {f.analyst:<12} {probs}{late}{note}")
    if d.signposts:
        out.append("  signposts")
        for v in d.signposts:
            lr = f" LR {v.link.likelihood_ratio:g}" if v.link.likelihood_ratio is not None else ""
            effect = f"  odds x{v.multiplier:.3g}" if v.multiplier is not None else ""
            out.append(f"    {v.item_key:<28} {v.link.direction} {v.outcome_key}{lr}  [{v.state}]{effect}")
    if d.implied and d.implied.applied:
        keys = ", ".join(v.item_key for v in d.implied.applied)
        out.append(f"  signpost update since your forecast of {_local(d.implied.base.made_at)} ({keys}):")
        out.append(f"    {_vector(s, tuple(d.implied.base.probability(o.id) for o in s.outcomes))}")
        out.append(f"    -> {_vector(s, d.implied.probabilities)}")
        out.append(f"    accept it with 'fledger scenario accept {s.key}', or ignore it")
    echo_folded(out)


@scenario_group.command("forecast")
@click.argument("scenario")
@click.argument("values", nargs=-1, required=True, metavar="PROB... | OUTCOME=PROB...")
@click.option("--at", metavar="TIMESTAMP", help="When the forecast was made (UTC; default now).")
@click.option("--note", default="", help="Your rationale.")
@json_option
@ledger_options
def scenario_forecast(scenario: str, values: tuple[str, ...], at: str | None, note: str, as_json: bool) -> None:
    """Forecast a probability vector, in outcome order or as OUTCOME=PROB; it must sum to 1."""
    from ledger.cli.common import warn
    from ledger.scenarios.serialize import scenario_forecast_json

    r = get_ledger().forecast_scenario(scenario, list(values), made_at=timestamp_option(at, "at"), note=note)
    if r.notice:
        echo(f"note: {r.notice}", err=True)
    if r.late:
        warn(f"{r.set.key} was already resolved when this forecast was made: recorded as late, never scored")
    if as_json:
        echo_json(scenario_forecast_json(r.set, r.forecast, late=r.late))
        return
    echo(f"{r.set.key}: {r.forecast.analyst} {_vector(r.set, r.forecast.probabilities)}")


@scenario_group.command("accept")
@click.argument("scenario")
@ledger_options
def scenario_accept(scenario: str) -> None:
    """Record the update implied by signposts resolved since your latest forecast as a new forecast."""
    r = get_ledger().accept_implied_update(scenario)
    echo(f"{r.set.key}: {r.forecast.analyst} {_vector(r.set, r.forecast.probabilities)}  ({r.forecast.note})")


@scenario_group.command("resolve")
@click.argument("scenario")
@click.argument("outcome", metavar="OUTCOME|annulled")
@click.option("--known-on", metavar="DATE", help="The day the outcome became known (default today).")
@click.option("--evidence", default="", help="Where the outcome can be checked.")
@click.option("--correct", is_flag=True, help="Correct an existing resolution (the old one is kept).")
@json_option
@ledger_options
def scenario_resolve(scenario: str, outcome: str, known_on: str | None, evidence: str, correct: bool,
                     as_json: bool) -> None:  # fmt: skip
    """Resolve a set to one outcome (key, label or number), or annul it."""
    from ledger.scenarios.serialize import scenario_resolution_json

    ledger = get_ledger()
    r = ledger.resolve_scenario(
        scenario, outcome, known_on=date_option(known_on, "known-on"), evidence=evidence, correct=correct
    )
    s = ledger.scenario(r.set_id).set
    if as_json:
        echo_json(scenario_resolution_json(s, r))
        return
    shown = s.resolved_as(r)
    echo(f"resolved {s.key} {shown}, known on {r.known_on}{' (correction)' if r.supersedes else ''}")


@scenario_group.command("link")
@click.argument("scenario")
@click.argument("outcome")
@click.argument("item")
@click.option("--supports", "direction", flag_value="supports", help="A YES on ITEM points toward OUTCOME.")
@click.option("--undermines", "direction", flag_value="undermines", help="A YES on ITEM points away from OUTCOME.")
@click.option("--lr", "likelihood_ratio", type=float, metavar="N",
              help="Likelihood ratio (>= 1): how many times likelier a YES is if OUTCOME is (supports) "
                   "or is not (undermines) unfolding.")  # fmt: skip
@click.option("--note", default="", help="Why this item is a signpost.")
@ledger_options
def scenario_link(scenario: str, outcome: str, item: str, direction: str | None, likelihood_ratio: float | None,
                  note: str) -> None:  # fmt: skip
    """Watch ITEM as a signpost for one OUTCOME of a scenario set."""
    if direction is None:
        raise click.UsageError("give --supports or --undermines")
    link = get_ledger().link_signpost(scenario, outcome, item, direction, likelihood_ratio=likelihood_ratio, note=note)
    lr = f" (LR {link.likelihood_ratio:g})" if link.likelihood_ratio is not None else ""
    echo(f"linked {item} as a signpost that {direction} {outcome}{lr}")


@scenario_group.command("unlink")
@click.argument("scenario")
@click.argument("outcome")
@click.argument("item")
@ledger_options
def scenario_unlink(scenario: str, outcome: str, item: str) -> None:
    """Stop watching ITEM as a signpost for OUTCOME (the link stays in history)."""
    get_ledger().unlink_signpost(scenario, outcome, item)
    echo(f"unlinked {item} from {scenario} / {outcome}")


@scenario_group.command("load")
@click.argument("file", metavar="FILE.toml")
@ledger_options
def scenario_load(file: str) -> None:
    """Load scenario sets and signposts from a scenario file (format: docs/scenarios.md)."""
    text = read_text_file(file, "file")
    r = get_ledger().load_scenarios(text, name=file)
    echo(f"loaded {file}: {r.sets_added} sets added, {r.sets_revised} revised, {r.signposts_added} signposts added")


@scenario_group.command("export")
@click.argument("scenarios", nargs=-1, metavar="[SET...]")
@click.option("-o", "--output", metavar="FILE", help="Write to FILE instead of standard output.")
@ledger_options
def scenario_export(scenarios: tuple[str, ...], output: str | None) -> None:
    """Write scenario sets (all, or those named) as a scenario file."""
    if output:
        get_ledger().write_scenario_file(output, list(scenarios) or None)
        echo(f"wrote {output}")
    else:
        click.echo(get_ledger().export_scenarios(list(scenarios) or None), nl=False)  # TOML escapes its own text


# --- actors ------------------------------------------------------------------


def _rate(r: Any) -> str:
    if r.on_time_rate is None:
        return ""
    return f"{r.on_time_rate:.0%} ({r.wilson_low:.0%}-{r.wilson_high:.0%})"


@click.command("actors")
@json_option
@ledger_options
def actors_command(as_json: bool) -> None:
    """Per actor and outlet: commitments tracked, kept on time or late, broken, open, and the on-time rate."""
    from ledger.commitments import base_rate_json

    rates = get_ledger().actor_base_rates()
    if as_json:
        echo_json([base_rate_json(r) for r in rates])
        return
    if not rates:
        echo("no commitments tracked yet: add one with 'fledger item add TITLE --kind commitment --actor NAME'")
        return
    for grouping, heading in (("actor", "ACTOR"), ("outlet", "OUTLET")):
        rows = [
            (r.tracked, r.kept_on_time, r.kept_late, r.compromise, r.broken, r.open, _rate(r),
             "" if r.median_slip_days is None else f"{r.median_slip_days:g}", r.name)
            for r in rates if r.grouping == grouping
        ]  # fmt: skip
        if not rows:
            continue
        if grouping == "outlet":
            echo("")
        print_table(["TRACKED", "ON TIME", "LATE", "COMPROMISE", "BROKEN", "OPEN", "ON-TIME RATE (95% CI)",
                     "MEDIAN SLIP", heading], rows)  # fmt: skip


COMMANDS = [scenario_group, actors_command]
