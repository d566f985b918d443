"""Commands for items: init, item (add, edit, list, show), list and show."""

from __future__ import annotations

from typing import Any

import click

from ledger.cli.common import (
    date_option,
    days_left,
    echo,
    echo_folded,
    echo_json,
    fmt_probability,
    get_ledger,
    interactive,
    json_option,
    ledger_options,
    local_time,
    print_table,
)
from ledger.model import ITEM_KINDS

# --- init ----------------------------------------------------------------------


@click.command("init")
@click.option("--empty", is_flag=True, help="Do not load the bundled seed stories.")
@ledger_options
def init_command(empty: bool) -> None:
    """Create a ledger (with the bundled seed stories unless --empty)."""
    report = get_ledger().init(empty=empty)
    verb = "created" if report.created else "opened existing"
    echo(
        f"{verb} ledger {report.path}: {report.sources_added} sources and {report.items_added} items added"
        + (f"; {report.scenarios_added} scenario sets added" if report.scenarios_added else "")
    )


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
@click.option("--allow-past", is_flag=True,
              help="Record a deadline that ended before the source's date without asking.")  # fmt: skip
@json_option
@ledger_options
def item_add(title: str, key: str | None, deadline: str | None, as_of: str | None, statement: str | None,
             actors: tuple[str, ...], quote: str | None, criteria: str | None, tags: tuple[str, ...],
             kind: str | None, source: str | None, allow_past: bool, as_json: bool) -> None:  # fmt: skip
    """Record a commitment or question.

    A deadline that ended before the source was published is most likely a reference to the
    past: on a terminal you are asked to confirm it; in a script it is refused (exit 2) unless
    --allow-past is given.
    """
    from ledger.reading.deadlines import PastDeadline
    from ledger.serialize import item_json

    def add(past_ok: bool) -> Any:
        return get_ledger().add_item(
            title, key=key, deadline=deadline, as_of=date_option(as_of, "as-of"), statement=statement or "",
            actors=actors, quote=quote or "", criteria=criteria or "", tags=tags, kind=kind or "question",
            source=source, allow_past=past_ok,
        )  # fmt: skip

    try:
        item = add(allow_past)
    except PastDeadline as past:
        if not interactive():
            raise
        if not click.confirm(f"{past.deadline.label} ended before the source was published "
                             f"({past.published}). Record it anyway?", default=False):  # fmt: skip
            raise
        item = add(True)
    if as_json:
        echo_json(item_json(item))
        return
    window = f", deadline {item.deadline.label} ({item.deadline.rule})" if item.deadline else ""
    echo(f"added {item.key}{window}")


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
        echo(f"revised {revised.key} (revision {revised.revision_id[:8]})")


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


LIST_OPTIONS = [
    click.option("--sort", "sort", default="deadline", show_default=True, metavar="FIELD",
                 help="deadline (or days), key, mine, crowd, n or status; items without one come last."),
    click.option("--reverse", is_flag=True, help="Reverse the sort order."),
    click.option("--tag", "tags", multiple=True, metavar="TAG", help="Only items with this tag (repeat: any of them)."),
    click.option("--actor", "actors", multiple=True, metavar="NAME",
                 help="Only items with this actor (repeat: any of them)."),
]  # fmt: skip


def _with_list_options(func: Any) -> Any:
    for decorator in reversed(VIEW_FLAGS + LIST_OPTIONS):
        func = decorator(func)
    return func


def _mine(r: Any) -> str:
    """My probability, marked when it was made after the outcome was known (kept, never scored)."""
    shown = fmt_probability(r.my_probability)
    late = r.known_on is not None and r.my_made_at is not None and r.my_made_at.date() >= r.known_on
    return f"{shown} late" if shown and late else shown


def _crowd(r: Any) -> str:
    """The crowd median, with how many of the forecasts in it are late (kept, never scored)."""
    shown = fmt_probability(r.crowd_median)
    return f"{shown} ({r.n_late} late)" if shown and r.n_late else shown


def _list(view: str, as_json: bool, sort: str = "deadline", reverse: bool = False, tags: tuple[str, ...] = (),
          actors: tuple[str, ...] = ()) -> None:  # fmt: skip
    from ledger.serialize import summary_json

    rows = get_ledger().items(view, sort=sort, reverse=reverse, tags=tags, actors=actors)
    if as_json:
        echo_json([summary_json(r) for r in rows])
        return
    if not rows:
        narrowed = " matching --tag/--actor" if tags or actors else ""
        empty = view == "all" and not narrowed
        echo("no items yet: add one with 'fledger item add TITLE'" if empty else f"no {view} items{narrowed}")
        return
    table = [
        (r.key, r.deadline.label if r.deadline else "", days_left(r.days_left) if not r.outcome else "",
         _mine(r), _crowd(r), r.n_forecasters or "", r.status, r.title)
        for r in rows
    ]  # fmt: skip
    print_table(["KEY", "DEADLINE", "LEFT", "ME", "CROWD", "N", "STATUS", "TITLE"], table)
    if any(r.n_late for r in rows):
        click.echo("late: made on or after the day the outcome became known; kept, never scored")


@item_group.command("list")
@_with_list_options
@json_option
@ledger_options
def item_list(view: str, sort: str, reverse: bool, tags: tuple[str, ...], actors: tuple[str, ...],
              as_json: bool) -> None:  # fmt: skip
    """List items (same as 'fledger list')."""
    _list(view, as_json, sort, reverse, tags, actors)


@click.command("list")
@_with_list_options
@json_option
@ledger_options
def list_command(view: str = "open", sort: str = "deadline", reverse: bool = False, tags: tuple[str, ...] = (),
                 actors: tuple[str, ...] = (), as_json: bool = False) -> None:  # fmt: skip
    """List items: --open (default), --due, --resolved or --all; --sort, --tag, --actor."""
    _list(view, as_json, sort, reverse, tags, actors)


def _show(ref: str, as_json: bool) -> None:
    from ledger.cli.commitment_views import show_json, show_lines
    from ledger.serialize import (
        forecast_json,
        iso,
        item_json,
        origin_json,
        resolution_json,
        retraction_json,
        source_json,
    )

    view = get_ledger().item_view(ref)
    d = view.detail
    if as_json:
        echo_json({
            **show_json(view),
            "item": item_json(d.item), "source": source_json(d.source) if d.source else None,
            "revisions": [item_json(r) for r in d.revisions],
            "forecasts": [forecast_json(f, late=d.is_late(f)) for f in d.forecasts],
            "resolutions": [resolution_json(r) for r in d.resolutions],
            "retractions": [retraction_json(r) for r in d.retractions],
            "resolution": resolution_json(d.resolution) if d.resolution else None,
            "origin": origin_json(d.origin) if d.origin else None,
            "withdrawals": [{"forecast_id": f, "withdrawn_at": iso(w)} for f, w in sorted(d.withdrawals.items())],
        })  # fmt: skip
        return
    i = d.item
    out = [f"{i.key}  {i.title}", f"  id         {i.id}", f"  kind       {i.kind}"]
    if d.origin:
        out.append(f"  origin     from {d.origin.describe()}")
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
    out.extend(show_lines(view))
    if len(d.revisions) > 1:
        out.append(f"  revisions  {len(d.revisions)} (first {local_time(d.revisions[0].recorded_at)})")
    if d.forecasts:
        out.append("  forecasts")
        for f in d.forecasts:
            taken = d.retraction_of(f)
            late = "  late, not scored" if d.is_late(f) and not taken else ""
            ended = d.withdrawn_at(f)
            withdrawn = f"  withdrawn {local_time(ended)}" if ended else ""
            note = f"  {f.note}" if f.note else ""
            out.append(f"    {local_time(f.made_at)}  {f.analyst:<12} {fmt_probability(f.probability):>6}"
                       f"  {f.id[:8]}{_retracted(taken)}{late}{withdrawn}{note}")  # fmt: skip
    if d.resolutions:
        out.append("  resolutions")
        for r in d.resolutions:
            fix = "  (correction)" if r.supersedes else ""
            ev = f"  {r.evidence}" if r.evidence else ""
            out.append(f"    {local_time(r.recorded_at)}  {r.outcome:<8} known on {r.known_on}  by {r.analyst}"
                       f"{_retracted(d.retraction_of(r))}{fix}{ev}")  # fmt: skip
    echo_folded(out)


def _retracted(r: Any) -> str:
    """The mark a retracted forecast or resolution carries in a listing ('' while it stands)."""
    if r is None:
        return ""
    why = f": {r.reason}" if r.reason else ""
    return f"  [RETRACTED {local_time(r.recorded_at)} by {r.analyst}{why}]"


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


COMMANDS = [init_command, item_group, list_command, show_command]
