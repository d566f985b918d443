"""Commands for the core records: init, source, item, forecast, resolve, list, show."""

from __future__ import annotations

import sys
from datetime import datetime
from typing import Any

import click

from ledger.cli.common import (
    date_option,
    echo_folded,
    echo_json,
    fmt_probability,
    get_ledger,
    ledger_options,
    print_table,
    read_text_file,
    timestamp_option,
    warn,
)
from ledger.errors import InvalidValue
from ledger.model import ITEM_KINDS, OUTCOMES

json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON (shapes: docs/formats.md).")


def _local(ts: datetime) -> str:
    """A stored UTC timestamp shown in local time."""
    from datetime import UTC

    return ts.replace(tzinfo=UTC).astimezone().strftime("%Y-%m-%d %H:%M")


# --- init ----------------------------------------------------------------------


@click.command("init")
@click.option("--empty", is_flag=True, help="Do not load the bundled seed stories.")
@ledger_options
def init_command(empty: bool) -> None:
    """Create a ledger (with the bundled seed stories unless --empty)."""
    report = get_ledger().init(empty=empty)
    verb = "created" if report.created else "opened existing"
    click.echo(
        f"{verb} ledger {report.path}: {report.sources_added} sources and {report.items_added} items added"
        + (f"; {report.scenarios_added} scenario sets added" if report.scenarios_added else "")
    )


# --- sources -------------------------------------------------------------------


@click.group("source")
def source_group() -> None:
    """Record and read articles (sources)."""


@source_group.command("add")
@click.argument("title")
@click.option("--publisher", default="", help="Who published it.")
@click.option("--url", default="", help="Where it can be read.")
@click.option("--published", "published", metavar="DATE", help="Publication date, YYYY-MM-DD.")
@click.option("--published-note", default="", help="How the publication date was determined.")
@click.option("--text-file", metavar="FILE", help="Keep the article's full text (text or HTML; '-' for stdin).")
@click.option("--extract", is_flag=True, help="Offer the commitments found in the text as items to add.")
@click.option("--accept-all", is_flag=True, help="With --extract: add every candidate that is not a weak guess.")
@json_option
@ledger_options
def source_add(title: str, publisher: str, url: str, published: str | None, published_note: str,
               text_file: str | None, extract: bool, accept_all: bool, as_json: bool) -> None:  # fmt: skip
    """Record an article (and, with --extract, the commitments it states)."""
    from ledger.serialize import source_json, summary_json

    if extract and not text_file:
        raise InvalidValue("extract", "without --text-file", "--text-file FILE together with --extract")
    ledger = get_ledger()
    published_on = date_option(published, "published")
    text = read_text_file(text_file, "text-file") if text_file else ""
    chosen = _choose_candidates(ledger.extract(text, published_on), accept_all) if extract else []
    source = ledger.add_source(
        title, publisher=publisher, url=url, published_on=published_on, published_note=published_note, text=text,
        candidates=chosen,
    )  # fmt: skip
    items = ledger.source_items(source.id) if chosen else []
    if as_json:
        echo_json({"source": source_json(source), "items": [summary_json(i) for i in items]})
        return
    click.echo(f"recorded source {source.id} {source.title!r}")
    for item in items:
        click.echo(f"  added {item.key} [{item.deadline.label if item.deadline else 'no deadline'}]")


def _choose_candidates(candidates: list[Any], accept_all: bool) -> list[Any]:
    """Which extracted candidates become items: all strong ones, or the ones the user confirms."""
    from ledger.rules import is_strong_candidate

    if accept_all:
        return [c for c in candidates if is_strong_candidate(c.score)]
    if not candidates:
        click.echo("no candidate commitments found in the text", err=True)
        return []
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        click.echo(f"{len(candidates)} candidates found; not a terminal, so none added "
                   "(use --accept-all, or 'fledger extract' to review them)", err=True)  # fmt: skip
        return []
    chosen = []
    for n, c in enumerate(candidates, start=1):
        window = c.deadline.label if c.deadline else "no deadline"
        click.echo(f"\n{n}/{len(candidates)} {c.kind}, score {c.score:.2f}, actor {c.actor or '?'}, [{window}]")
        click.echo(f"  {c.sentence}")
        answer = click.prompt("  add as an item? [y]es / [n]o / [q]uit", default="y" if is_strong_candidate(c.score) else "n",
                              type=click.Choice(["y", "n", "q"]), show_choices=False)  # fmt: skip
        if answer == "q":
            break
        if answer == "y":
            chosen.append(c)
    return chosen


@source_group.command("list")
@json_option
@ledger_options
def source_list(as_json: bool) -> None:
    """List the recorded sources."""
    from ledger.serialize import source_json

    sources = get_ledger().sources()
    if as_json:
        echo_json([source_json(s) for s in sources])
        return
    if not sources:
        click.echo("no sources yet: add one with 'fledger source add TITLE --published DATE'")
        return
    rows = [(s.id[:8], s.published_on or "", s.publisher, s.title) for s in sources]
    print_table(["ID", "PUBLISHED", "PUBLISHER", "TITLE"], rows)


@source_group.command("show")
@click.argument("source")
@json_option
@ledger_options
def source_show(source: str, as_json: bool) -> None:
    """Show one source (by id prefix or exact title) and its items."""
    from ledger.serialize import source_json, summary_json

    ledger = get_ledger()
    src = ledger.source(source)
    items = ledger.source_items(src.id)
    if as_json:
        echo_json({"source": source_json(src), "items": [summary_json(i) for i in items]})
        return
    click.echo(f"{src.title}\n  id         {src.id}\n  publisher  {src.publisher}\n  url        {src.url}")
    click.echo(f"  published  {src.published_on or 'unknown'}")
    if src.published_note:
        click.echo("             " + " ".join(src.published_note.split()))
    if src.text_sha256:
        click.echo(f"  text       {len(src.text)} characters, sha256 {src.text_sha256[:16]}…")
    click.echo(f"  items      {len(items)}")
    for i in items:
        click.echo(f"    {i.key:<28} {i.deadline.label if i.deadline else '':<12} {i.title}")


# --- items ---------------------------------------------------------------------


def _item_fields(func: Any) -> Any:
    for decorator in reversed([
        click.option("--deadline", metavar="PHRASE", help="When: 2025-04-30, 2025-04, 2025-Q2, 'by April', ..."),
        click.option("--as-of", "as_of", metavar="DATE", help="Read the deadline relative to this date "
                     "(default: the source's publication date, else today)."),
        click.option("--statement", help="What exactly was committed to or asked."),
        click.option("--actor", "actors", multiple=True, help="Who committed (repeatable)."),
        click.option("--quote", help="The evidence quote from the source."),
        click.option("--criteria", help="How it resolves yes or no."),
        click.option("--tag", "tags", multiple=True, help="A tag (repeatable)."),
        click.option("--kind", type=click.Choice(ITEM_KINDS), help="commitment or question."),
        click.option("--source", metavar="SOURCE", help="The source (id prefix or exact title)."),
    ]):  # fmt: skip
        func = decorator(func)
    return func


@click.group("item")
def item_group() -> None:
    """Add, edit and read items (commitments and questions)."""


@item_group.command("add")
@click.argument("title")
@click.option("--key", help="Short key to type (default: derived from the title).")
@_item_fields
@json_option
@ledger_options
def item_add(title: str, key: str | None, deadline: str | None, as_of: str | None, statement: str | None,
             actors: tuple[str, ...], quote: str | None, criteria: str | None, tags: tuple[str, ...],
             kind: str | None, source: str | None, as_json: bool) -> None:  # fmt: skip
    """Record a commitment or question."""
    from ledger.serialize import item_json

    item = get_ledger().add_item(
        title, key=key, deadline=deadline, as_of=date_option(as_of, "as-of"), statement=statement or "",
        actors=actors, quote=quote or "", criteria=criteria or "", tags=tags, kind=kind or "question", source=source,
    )  # fmt: skip
    if as_json:
        echo_json(item_json(item))
        return
    window = f", deadline {item.deadline.label} ({item.deadline.rule})" if item.deadline else ""
    click.echo(f"added {item.key}{window}")


@item_group.command("edit")
@click.argument("item")
@click.option("--title", help="New title.")
@click.option("--key", help="New key.")
@_item_fields
@json_option
@ledger_options
def item_edit(item: str, title: str | None, key: str | None, deadline: str | None, as_of: str | None,
              statement: str | None, actors: tuple[str, ...], quote: str | None, criteria: str | None,
              tags: tuple[str, ...], kind: str | None, source: str | None, as_json: bool) -> None:  # fmt: skip
    """Record a new revision of an item (the old one is kept)."""
    from ledger.serialize import item_json

    revised = get_ledger().edit_item(
        item, as_of=date_option(as_of, "as-of"), title=title, key=key, deadline=deadline, statement=statement,
        actors=actors or None, quote=quote, criteria=criteria, tags=tags or None, kind=kind, source=source,
    )  # fmt: skip
    if as_json:
        echo_json(item_json(revised))
    else:
        click.echo(f"revised {revised.key} (revision {revised.revision_id[:8]})")


VIEW_FLAGS = [
    click.option("--open", "view", flag_value="open", default=True, help="Unresolved items (default)."),
    click.option("--due", "view", flag_value="due", help="Deadline passed and unresolved: resolve these."),
    click.option("--resolved", "view", flag_value="resolved", help="Resolved items."),
    click.option("--all", "view", flag_value="all", help="Every item."),
]


def _with_views(func: Any) -> Any:
    for decorator in reversed(VIEW_FLAGS):
        func = decorator(func)
    return func


def _days(n: int | None) -> str:
    if n is None:
        return ""
    return f"{-n}d over" if n < 0 else f"{n}d"


def _list(view: str, as_json: bool) -> None:
    from ledger.serialize import summary_json

    rows = get_ledger().items(view)
    if as_json:
        echo_json([summary_json(r) for r in rows])
        return
    if not rows:
        click.echo(f"no {view} items" if view != "all" else "no items yet: add one with 'fledger item add TITLE'")
        return
    table = [
        (r.key, r.deadline.label if r.deadline else "", _days(r.days_left) if not r.outcome else "",
         fmt_probability(r.my_probability), fmt_probability(r.crowd_median), r.n_forecasters or "", r.status, r.title)
        for r in rows
    ]  # fmt: skip
    print_table(["KEY", "DEADLINE", "LEFT", "ME", "CROWD", "N", "STATUS", "TITLE"], table)


@item_group.command("list")
@_with_views
@json_option
@ledger_options
def item_list(view: str, as_json: bool) -> None:
    """List items (same as 'fledger list')."""
    _list(view, as_json)


@click.command("list")
@_with_views
@json_option
@ledger_options
def list_command(view: str = "open", as_json: bool = False) -> None:
    """List items: --open (default), --due, --resolved or --all."""
    _list(view, as_json)


def _show(ref: str, as_json: bool) -> None:
    from ledger.cli.commitment_views import show_json, show_lines
    from ledger.serialize import forecast_json, item_json, resolution_json, source_json

    ledger = get_ledger()
    d = ledger.item(ref)
    if as_json:
        echo_json({
            **show_json(ledger, d.item.id, d.item.kind),
            "item": item_json(d.item), "source": source_json(d.source) if d.source else None,
            "revisions": [item_json(r) for r in d.revisions],
            "forecasts": [forecast_json(f, late=d.is_late(f)) for f in d.forecasts],
            "resolutions": [resolution_json(r) for r in d.resolutions],
            "resolution": resolution_json(d.resolution) if d.resolution else None,
        })  # fmt: skip
        return
    i = d.item
    out = [f"{i.key}  {i.title}", f"  id         {i.id}", f"  kind       {i.kind}"]
    if i.actors:
        out.append(f"  actors     {', '.join(i.actors)}")
    if i.deadline:
        out.append(f"  deadline   {i.deadline.label}  ({i.deadline.earliest} .. {i.deadline.latest})")
        if i.deadline.phrase:
            out.append(f"             read from {i.deadline.phrase!r}: {i.deadline.rule}")
    if i.tags:
        out.append(f"  tags       {', '.join(i.tags)}")
    if d.source:
        src = d.source
        out.append(
            f"  source     {src.title} ({src.publisher or 'publisher unknown'}, {src.published_on or 'date unknown'})"
        )
        if src.url:
            out.append(f"             {src.url}")
    for label, text in (("statement", i.statement), ("quote", i.quote), ("criteria", i.criteria)):
        if text:
            out.append(f"  {label:<10} {' '.join(text.split())}")
    status = f"{d.resolution.outcome} (known on {d.resolution.known_on})" if d.resolution else "unresolved"
    out.append(f"  status     {status}")
    out.extend(show_lines(ledger, d.item.id, d.item.kind))
    if len(d.revisions) > 1:
        out.append(f"  revisions  {len(d.revisions)} (first {_local(d.revisions[0].recorded_at)})")
    if d.forecasts:
        out.append("  forecasts")
        for f in d.forecasts:
            late = "  late, not scored" if d.is_late(f) else ""
            note = f"  {f.note}" if f.note else ""
            out.append(f"    {_local(f.made_at)}  {f.analyst:<12} {fmt_probability(f.probability):>6}{late}{note}")
    if d.resolutions:
        out.append("  resolutions")
        for r in d.resolutions:
            fix = "  (correction)" if r.supersedes else ""
            ev = f"  {r.evidence}" if r.evidence else ""
            out.append(f"    {_local(r.recorded_at)}  {r.outcome:<8} known on {r.known_on}  by {r.analyst}{fix}{ev}")
    echo_folded(out)


@item_group.command("show")
@click.argument("item")
@json_option
@ledger_options
def item_show(item: str, as_json: bool) -> None:
    """Show an item with its forecasts, resolutions and revisions."""
    _show(item, as_json)


@click.command("show")
@click.argument("item")
@json_option
@ledger_options
def show_command(item: str, as_json: bool) -> None:
    """Show an item with its forecasts, resolutions and revisions."""
    _show(item, as_json)


# --- forecasts and resolutions -------------------------------------------------------


@click.command("forecast", context_settings={"ignore_unknown_options": True})  # "-0.1" is a value
@click.argument("item")
@click.argument("probability", metavar="PROB")
@click.option("--at", metavar="TIMESTAMP", help="When the forecast was made (UTC; default now).")
@click.option("--note", default="", help="Your rationale.")
@json_option
@ledger_options
def forecast_command(item: str, probability: str, at: str | None, note: str, as_json: bool) -> None:
    """Record a forecast: PROB as 0.35, 35% or 35."""
    from ledger.cli.commitment_views import forecast_line
    from ledger.serialize import forecast_json

    ledger = get_ledger()
    result = ledger.forecast(item, probability, made_at=timestamp_option(at, "at"), note=note)
    if result.late:
        warn(f"{result.item.key} was already resolved when this forecast was made: recorded as late, never scored")
    if as_json:
        echo_json(forecast_json(result.forecast, late=result.late))
        return
    prev = f" (was {fmt_probability(result.previous.probability)})" if result.previous else ""
    click.echo(f"{result.item.key}: {result.forecast.analyst} {fmt_probability(result.forecast.probability)}{prev}")
    base_rate = forecast_line(result.base_rates)
    if base_rate:
        click.echo(base_rate)


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
        click.echo(f"resolved {item} {r.outcome}, known on {r.known_on}{' (correction)' if r.supersedes else ''}")


COMMANDS = [init_command, source_group, item_group, list_command, show_command, forecast_command, resolve_command]
