"""``fledger report``: write a calibration report (HTML, Markdown, JSON, CSV) or a reproducibility bundle."""

from __future__ import annotations

import click

from ledger.cli.common import date_option, echo, get_ledger
from ledger.errors import InvalidValue
from ledger.reports.data import OUTPUT_FORM
from ledger.reports.text import plural


@click.command("report")
@click.option("-o", "--output", "output", metavar="FILE", help="Report file; the format follows its extension.")
@click.option(
    "--format", "fmt", type=click.Choice(["html", "md", "json", "csv"]), help="Format, if not the extension's."
)
@click.option("--by", metavar="FIELD", help="Add a table per group (as 'fledger score --by').")
@click.option("--mode", metavar="MODE", help="Which forecasts count (as 'fledger score --mode'; default last).")
@click.option("--as-of", "as_of", metavar="DATE", help="Score the ledger as it stood at the end of DATE.")
@click.option(
    "--analyst",
    "analyst",
    metavar="NAME",
    help="Whose forecasts (default: yours, the --analyst before the command, FLEDGER_ANALYST or your login).",
)
@click.option("--team", is_flag=True, help="Every analyst's forecasts pooled (also the default with --by analyst).")
@click.option("--title", metavar="TEXT", help="The report's title (default: 'Calibration of' whose forecasts).")
@click.option("--tag", metavar="TAG", help="Only items with this tag.")
@click.option("--bins", type=int, metavar="N", help="Reliability bins (default 10).")
@click.option(
    "--after-deadline",
    is_flag=True,
    help="Count an item only once its deadline has passed (the "
    "early-resolution guard; stated in the report's methods).",
)
@click.option("--bundle", metavar="DIR", help="Also write a bundle: HTML, scored rows (CSV), SQL, manifest.")
@click.option("--db", "db", metavar="PATH", help="Ledger file (default: FLEDGER_DB, config, or the user data dir).")
def report_command(output: str | None, fmt: str | None, by: str | None, mode: str | None, as_of: str | None,
                   analyst: str | None, team: bool, title: str | None, tag: str | None, bins: int | None,
                   after_deadline: bool, bundle: str | None, db: str | None) -> None:  # fmt: skip
    """Write a calibration report: the numbers of 'fledger score', charts, open items and methods.

    \b
    Examples:
      fledger report -o calibration.html
      fledger report -o team.md --by analyst --as-of 2025-06-30
      fledger report -o team.html --team --title "Desk calibration, 2025"
      fledger report --bundle audit-2025q2 --mode all
    """
    if db:
        click.get_current_context().find_root().ensure_object(dict)["db"] = db
    if output is None and bundle is None:
        raise click.UsageError("give -o FILE (.html, .md, .json, .csv) or --bundle DIR")
    try:
        result = get_ledger().report(
            output, fmt, bundle, mode=mode, by=by, as_of=date_option(as_of, "as-of"), analyst=analyst, tag=tag,
            bins=bins, team=team, title=title, after_deadline=after_deadline,
        )  # fmt: skip
    except InvalidValue as exc:
        if exc.field == "output" and exc.accepted == OUTPUT_FORM:  # the flag is this command's to mention
            raise InvalidValue("output", output, f"{OUTPUT_FORM}, or give --format") from None
        raise
    what = "no scored forecasts" if result.empty else plural(result.n_forecasts, "scored forecast")
    if result.path is not None:
        echo(f"wrote {result.path} ({result.format}, {what}, fingerprint {result.fingerprint[:12]})")
    for extra in result.files[1 if result.path else 0 :]:
        if result.bundle is None or extra.parent != result.bundle:
            echo(f"  and {extra}")
    if result.bundle is not None:
        if result.path is None:
            echo(f"wrote bundle {result.bundle} ({what}, fingerprint {result.fingerprint[:12]})")
        else:
            echo(f"wrote bundle {result.bundle}")


COMMANDS = [report_command]
