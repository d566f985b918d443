"""``fledger score``: Brier scores, calibration and a text reliability diagram."""

from __future__ import annotations

from typing import Any

import click

from ledger.cli.common import date_option, echo_json, get_ledger, print_table
from ledger.scoring.sql import GROUPINGS, MODES


def _num(value: float | None, digits: int = 3) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def _diagram(group: Any, width: int = 30) -> list[str]:
    """One line per bin: observed frequency as a bar, the mean forecast as '|', and the counts."""
    lines = [f"reliability diagram: {group.label}  (bar = observed, | = mean forecast, [ ] = 95% interval)"]
    for b in group.bins:
        head = f"  {b.lo:4.2f}-{b.hi:4.2f} n={b.n:<7}"
        if not b.n:
            lines.append(head + " " + "." * width)
            continue
        cells = ["#" if i < round(b.observed * width) else " " for i in range(width)]
        lo, hi = min(int(b.ci_low * width), width - 1), min(int(b.ci_high * width), width - 1)
        cells[lo] = "[" if cells[lo] == " " else cells[lo]
        cells[hi] = "]" if cells[hi] == " " else cells[hi]
        cells[min(int(b.mean_forecast * width), width - 1)] = "|"
        lines.append(head + " " + "".join(cells) + f"  observed {b.observed:.2f} vs forecast {b.mean_forecast:.2f}")
    return lines


@click.command("score")
@click.option("--mode", type=click.Choice(MODES), default="last", show_default=True,
              help="last: latest forecast per item; all: every forecast; time-weighted: daily average.")
@click.option("--by", type=click.Choice(GROUPINGS), help="Group the scores (a period means the period of known_on).")
@click.option("--crowd", type=click.Choice(["median"]), help="Add the crowd:median pseudo-analyst.")
@click.option("--bins", type=click.IntRange(1, 1000), default=10, show_default=True, help="Calibration bins.")
@click.option("--as-of", "as_of", metavar="DATE", help="Score the ledger as it stood at the end of DATE.")
@click.option("--analyst", "only_analyst", metavar="NAME", help="Only this analyst's forecasts.")
@click.option("--tag", metavar="TAG", help="Only items with this tag.")
@click.option("--include-scenarios", is_flag=True, hidden=True, help="Score scenario forecasts too.")
@click.option("--json", "as_json", is_flag=True, help="Print the JSON object described in docs/scoring.md.")
@click.option("--db", metavar="PATH", help="Ledger file (default: FLEDGER_DB, config, or the user data dir).")
def score_command(mode: str, by: str | None, crowd: str | None, bins: int, as_of: str | None,
                  only_analyst: str | None, tag: str | None, include_scenarios: bool, as_json: bool, db: str | None) -> None:  # fmt: skip
    """Score forecasts on resolved items: Brier (0-1 scale), log and baseline scores, calibration.

    Here --analyst is a filter (whose forecasts to score), not who you are.
    """
    if db:
        click.get_current_context().find_root().ensure_object(dict)["db"] = db
    report = get_ledger().score(
        mode=mode, by=by, bins=bins, as_of=date_option(as_of, "as-of"), analyst=only_analyst, tag=tag, crowd=crowd,
        include_scenarios=include_scenarios,
    )  # fmt: skip
    if as_json:
        echo_json(report.to_json())
        return
    if report.is_empty:
        click.echo("nothing to score yet: no resolved item has a forecast "
                   "(resolve items with 'fledger resolve KEY yes|no' once their outcome is known)")  # fmt: skip
        return
    when = f" as of {report.as_of}" if report.as_of else ""
    click.echo(f"scores, {mode} mode{when}; Brier on the 0-1 scale (lower is better, 0.25 = always 50%)")
    rows = [
        (g.label, g.n_forecasts, g.n_items, g.n_late, g.n_annulled, _num(g.brier), _num(g.brier_skill),
         _num(g.log_loss), _num(g.baseline_score, 1), _num(g.relative_brier), _num(g.peer_score, 1),
         _num(g.decomposition.reliability, 4) if g.decomposition else "-",
         _num(g.decomposition.resolution, 4) if g.decomposition else "-")
        for g in report.groups
    ]  # fmt: skip
    print_table(["GROUP", "N", "ITEMS", "LATE", "ANNUL", "BRIER", "SKILL", "LOGLOSS", "BASELINE", "REL-BRIER",
                 "PEER", "RELIAB", "RESOL"], rows)  # fmt: skip
    if mode == "time-weighted":
        return
    shown = [g for g in report.groups if g.n_forecasts > 0][:3]
    for group in shown:
        click.echo("")
        click.echo("\n".join(_diagram(group)))
    if len([g for g in report.groups if g.n_forecasts > 0]) > len(shown):
        click.echo(f"\n(diagrams for the first {len(shown)} groups; --json has every group's bins)")


COMMANDS = [score_command]
