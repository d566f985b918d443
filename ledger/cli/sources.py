"""Commands for sources: source add (with --extract, the commitments an article states), list and show."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import click

from ledger.cli.common import (
    date_option,
    echo,
    echo_json,
    get_ledger,
    interactive,
    json_option,
    ledger_options,
    print_table,
    read_text_file,
)
from ledger.errors import InvalidValue

if TYPE_CHECKING:
    from ledger.reading.extract import Candidate
    from ledger.service import Ledger

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
    recorded = ledger.record_source(
        title, publisher=publisher, url=url, published_on=published_on, published_note=published_note, text=text,
        candidates=chosen,
    )  # fmt: skip
    source, items = recorded.source, recorded.items
    if as_json:
        echo_json({"source": source_json(source), "items": [summary_json(i) for i in items],
                   "existing": existing is not None})  # fmt: skip
        return
    echo(f"{'kept' if existing else 'recorded'} source {source.id} {source.title!r}")
    for item in items:
        echo(f"  added {item.key} [{item.deadline.label if item.deadline else 'no deadline'}]")


def _choose_candidates(
    ledger: Ledger, candidates: list[Candidate], published: date | None, accept_all: bool
) -> list[Candidate]:
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


def _edit_candidate(ledger: Ledger, candidate: Candidate, published: date | None) -> Candidate:
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


COMMANDS = [source_group]
