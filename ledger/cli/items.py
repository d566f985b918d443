"""Commands for the core records: init, source, item, forecast, resolve, list, show."""

from __future__ import annotations

import sys
from datetime import datetime
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
    echo(
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
    from ledger.textfile import looks_binary

    if looks_binary(text):
        raise InvalidValue("text-file", text_file, "a text or HTML file (this file is binary)")
    existing = ledger.source_for_text(text)
    if existing is not None and not as_json:
        echo(f"this text is already recorded as source {existing.id[:8]} {existing.title!r}; "
                   "new commitments are added to it", err=True)  # fmt: skip
    anchor = existing.published_on if existing and existing.published_on else published_on
    candidates = ledger.extract(text, anchor) if extract else []
    chosen = _choose_candidates(ledger, candidates, anchor, accept_all) if extract else []
    before = {i.id for i in ledger.source_items(existing.id)} if existing else set()
    source = ledger.add_source(
        title, publisher=publisher, url=url, published_on=published_on, published_note=published_note, text=text,
        candidates=chosen,
    )  # fmt: skip
    items = [i for i in ledger.source_items(source.id) if i.id not in before] if chosen else []
    if as_json:
        echo_json({"source": source_json(source), "items": [summary_json(i) for i in items],
                   "existing": existing is not None})  # fmt: skip
        return
    echo(f"{'kept' if existing else 'recorded'} source {source.id} {source.title!r}")
    for item in items:
        echo(f"  added {item.key} [{item.deadline.label if item.deadline else 'no deadline'}]")


def interactive() -> bool:
    """Whether a person is at the keyboard (both ends are a terminal)."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def _choose_candidates(ledger: Any, candidates: list[Any], published: Any, accept_all: bool) -> list[Any]:
    """Which extracted candidates become items: all strong ones, or the ones the user confirms (or edits)."""
    from ledger.rules import is_strong_candidate

    if accept_all:
        return [c for c in candidates if is_strong_candidate(c.score)]
    if not candidates:
        echo("no candidate commitments found in the text", err=True)
        return []
    if not interactive():
        echo(f"{len(candidates)} candidates found; not a terminal, so none added "
                   "(use --accept-all, or 'fledger extract' to review them)", err=True)  # fmt: skip
        return []
    chosen = []
    for n, c in enumerate(candidates, start=1):
        echo(f"\n{n}/{len(candidates)} {c.kind}, score {c.score:.2f}")
        echo(f"  {c.sentence}")
        while True:
            window = c.deadline.label if c.deadline else "no deadline"
            echo(f"  title {c.title}\n  key {c.key or '(from the title)'}   actor {c.actor or '?'}   [{window}]")
            answer = click.prompt("  add as an item? [y]es / [e]dit / [n]o / [q]uit",
                                  default="y" if is_strong_candidate(c.score) else "n",
                                  type=click.Choice(["y", "e", "n", "q"]), show_choices=False)  # fmt: skip
            if answer != "e":
                break
            c = _edit_candidate(ledger, c, published)
        if answer == "q":
            break
        if answer == "y":
            chosen.append(c)
    return chosen


def _edit_candidate(ledger: Any, candidate: Any, published: Any) -> Any:
    """Prompt for title, key, deadline and actor; a refused value is explained and the candidate kept."""
    from ledger.errors import LedgerError

    window = candidate.deadline.phrase or candidate.deadline.label if candidate.deadline else ""
    try:
        return ledger.edit_candidate(
            candidate, published,
            title=click.prompt("  title", default=candidate.title),
            key=click.prompt("  key", default=candidate.key),
            deadline=click.prompt("  deadline (empty: none)", default=window, show_default=bool(window)),
            actor=click.prompt("  actor", default=candidate.actor, show_default=bool(candidate.actor)),
        )  # fmt: skip
    except LedgerError as exc:
        click.echo(f"  {exc}", err=True)
        return candidate


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
        echo("no sources yet: add one with 'fledger source add TITLE --published DATE'")
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
    echo(f"{src.title}\n  id         {src.id}\n  publisher  {src.publisher}\n  url        {src.url}")
    echo(f"  published  {src.published_on or 'unknown'}")
    if src.published_note:
        echo("             " + " ".join(src.published_note.split()))
    if src.text_sha256:
        echo(f"  text       {len(src.text)} characters, sha256 {src.text_sha256[:16]}…")
    echo(f"  items      {len(items)}")
    for i in items:
        echo(f"    {i.key:<28} {i.deadline.label if i.deadline else '':<12} {i.title}")


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
    from ledger.deadlines import PastDeadline
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
        if not (sys.stdin.isatty() and sys.stdout.isatty()):
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
    from ledger.serialize import forecast_json, item_json, resolution_json, retraction_json, source_json

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
    out.extend(show_lines(view))
    if len(d.revisions) > 1:
        out.append(f"  revisions  {len(d.revisions)} (first {_local(d.revisions[0].recorded_at)})")
    if d.forecasts:
        out.append("  forecasts")
        for f in d.forecasts:
            taken = d.retraction_of(f)
            late = "  late, not scored" if d.is_late(f) and not taken else ""
            note = f"  {f.note}" if f.note else ""
            out.append(f"    {_local(f.made_at)}  {f.analyst:<12} {fmt_probability(f.probability):>6}"
                       f"  {f.id[:8]}{_retracted(taken)}{late}{note}")  # fmt: skip
    if d.resolutions:
        out.append("  resolutions")
        for r in d.resolutions:
            fix = "  (correction)" if r.supersedes else ""
            ev = f"  {r.evidence}" if r.evidence else ""
            out.append(f"    {_local(r.recorded_at)}  {r.outcome:<8} known on {r.known_on}  by {r.analyst}"
                       f"{_retracted(d.retraction_of(r))}{fix}{ev}")  # fmt: skip
    echo_folded(out)


def _retracted(r: Any) -> str:
    """The mark a retracted forecast or resolution carries in a listing ('' while it stands)."""
    if r is None:
        return ""
    why = f": {r.reason}" if r.reason else ""
    return f"  [RETRACTED {_local(r.recorded_at)} by {r.analyst}{why}]"


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
    result = ledger.forecast(item, probability, made_at=timestamp_option(at, "at"), note=note, certain=certain)
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
               f"(made {_local(forecast.made_at)}, id {forecast.id[:8]})")  # fmt: skip


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


COMMANDS = [init_command, source_group, item_group, list_command, show_command, forecast_command, resolve_command,
            retract_command, unresolve_command]  # fmt: skip
