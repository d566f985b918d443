"""``fledger score``: Brier scores, calibration and a text reliability diagram."""

from __future__ import annotations

from typing import Any

import click

from ledger.cli.common import date_option, echo, echo_json, get_ledger, print_table
from ledger.scoring.sql import GROUPINGS, MODES


def _num(value: float | None, digits: int = 3) -> str:
    from ledger.reports.text import number  # the one formatter: a value on a rounding tie prints one way

    return number(value, digits, none="-")


BAR = 40  # cells; a diagram line is 74 characters, inside an 80-column terminal


def _cells(b: Any) -> str:
    """One bin as BAR cells: '#' up to the observed frequency, '[' ']' the 95% interval, '|' the mean forecast."""

    def at(x: float) -> int:
        return min(int(x * BAR), BAR - 1)

    cells = ["#" if i < round(b.observed * BAR) else " " for i in range(BAR)]
    cells[at(b.ci_low)], cells[at(b.ci_high)] = "[", "]"
    cells[at(b.mean_forecast)] = "|"  # drawn last: the forecast matters most
    return "".join(cells)


def _diagram(group: Any) -> list[str]:
    """A text reliability diagram: one line per bin, observed frequency against the mean forecast."""
    axis = [" "] * BAR
    for pos, text in ((0, "0"), (BAR // 2 - 1, "0.5"), (BAR - 1, "1")):
        axis[pos : pos + len(text)] = text
    lines = [
        f"reliability diagram: {group.label}",
        "  # observed frequency, | mean forecast, [ ] 95% interval of the observed",
        f"  {'bin':<9} {'n':>7}  {''.join(axis)[:BAR]}  {'obs':>4}  {'fcst':>4}",
    ]
    for b in group.bins:
        head = f"  {b.lo:4.2f}-{b.hi:4.2f} {b.n:>7} "
        if not b.n:
            lines.append(head + "\u2502" + "\u00b7" * BAR + "\u2502")
            continue
        lines.append(head + "\u2502" + _cells(b) + f"\u2502 {b.observed:4.2f}  {b.mean_forecast:4.2f}")
    return lines


@click.command("score")
@click.option(
    "--mode",
    type=click.Choice(MODES),
    default="last",
    show_default=True,
    help="last: latest forecast per item; all: every forecast; time-weighted: daily average.",
)
@click.option("--by", type=click.Choice(GROUPINGS), help="Group the scores (a period means the period of known_on).")
@click.option("--crowd", type=click.Choice(["median"]), help="Add the crowd:median pseudo-analyst.")
@click.option("--bins", type=click.IntRange(1, 1000), default=10, show_default=True, help="Calibration bins.")
@click.option("--as-of", "as_of", metavar="DATE", help="Score the ledger as it stood at the end of DATE.")
@click.option("--analyst", "only_analyst", metavar="NAME", help="Only this analyst's forecasts.")
@click.option("--tag", metavar="TAG", help="Only items with this tag.")
@click.option(
    "--include-scenarios",
    is_flag=True,
    help="Add each scored scenario forecast's (p, o) pair per outcome to the binary pairs (last, all).",
)
@click.option(
    "--after-deadline",
    is_flag=True,
    help="Count an item only once its deadline has passed (as of "
    "--as-of, else today): the guard against early-resolution bias.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the JSON object described in docs/scoring.md.")
@click.option("--db", metavar="PATH", help="Ledger file (default: FLEDGER_DB, config, or the user data dir).")
def score_command(mode: str, by: str | None, crowd: str | None, bins: int, as_of: str | None,
                  only_analyst: str | None, tag: str | None, include_scenarios: bool, after_deadline: bool,
                  as_json: bool, db: str | None) -> None:  # fmt: skip
    """Score forecasts on resolved items: Brier (0-1 scale), log and baseline scores, calibration.

    Here --analyst is a filter (whose forecasts to score), not who you are.
    """
    if db:
        click.get_current_context().find_root().ensure_object(dict)["db"] = db
    report = get_ledger().score(
        mode=mode, by=by, bins=bins, as_of=date_option(as_of, "as-of"), analyst=only_analyst, tag=tag, crowd=crowd,
        include_scenarios=include_scenarios, after_deadline=after_deadline,
    )  # fmt: skip
    if as_json:
        echo_json(report.to_json())
        return
    if report.is_empty:
        echo("nothing to score yet: no resolved item has a forecast "
                   "(resolve items with 'fledger resolve KEY yes|no' once their outcome is known)")  # fmt: skip
        return
    when = f" as of {report.as_of}" if report.as_of else ""
    echo(f"scores, {mode} mode{when}; Brier on the 0-1 scale (lower is better, 0.25 = always 50%)")
    rows = [
        (g.label, g.n_forecasts, g.n_items, g.n_late, g.n_annulled, _num(g.brier), _num(g.brier_skill),
         _num(g.log_loss), _num(g.baseline_score, 1), _num(g.relative_brier), _num(g.peer_score, 1),
         _num(g.decomposition.reliability, 4) if g.decomposition else "-",
         _num(g.decomposition.resolution, 4) if g.decomposition else "-")
        for g in report.groups
    ]  # fmt: skip
    print_table(["GROUP", "N", "ITEMS", "LATE", "ANNUL", "BRIER", "SKILL", "LOGLOSS", "BASELINE", "REL-BRIER",
                 "PEER", "RELIAB", "RESOL"], rows)  # fmt: skip
    if by == "scenario":
        echo("\nscenario sets' own forecasts; multi-category Brier on the 0-2 scale (never mixed with the above)")
        print_table(["SET", "FORECASTS", "BRIER 0-2", "LOGLOSS"],
                    [(g.label, g.scenario.n_forecasts, _num(g.scenario.brier), _num(g.scenario.log_loss))
                     for g in report.groups if g.scenario is not None])  # fmt: skip
    if mode == "time-weighted":
        return
    shown = [g for g in report.groups if g.n_forecasts > 0][:3]
    for group in shown:
        echo("")
        echo("\n".join(_diagram(group)))
    if len([g for g in report.groups if g.n_forecasts > 0]) > len(shown):
        echo(f"\n(diagrams for the first {len(shown)} groups; --json has every group's bins)")


COMMANDS = [score_command]
