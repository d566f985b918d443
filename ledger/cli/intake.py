"""Click commands for article intake: ``fledger deadline``, ``fledger dates`` and ``fledger extract``.

Parsing and printing only; the reading is done by ``ledger.reading`` (``grammar``, ``deadlines``,
``extract``).  User mistakes raise ``LedgerError`` subclasses whose message is one line; the CLI entry point prints it and exits with status 2.
"""

from __future__ import annotations

import json
from datetime import date
from typing import TYPE_CHECKING, Any

import click

from ledger.cli.common import echo, read_text_file
from ledger.errors import InvalidValue, LedgerError
from ledger.model import Deadline
from ledger.parsing import DATE_FORM, parse_date
from ledger.serialize import deadline_json

if TYPE_CHECKING:  # the readers are imported when a command runs, not at every start-up
    from ledger.reading.extract import Candidate


class IntakeError(InvalidValue):
    """An InvalidValue whose one-line message is worded in full by the caller."""

    def __init__(self, field: str, problem: str, accepted: str = "") -> None:
        LedgerError.__init__(self, f"{field}: {problem}" + (f"; expected {accepted}" if accepted else ""))
        self.field = field
        self.accepted = accepted


# --------------------------------------------------------------------------- fledger deadline

FISCAL_START_FORM = "a month: 1-12 or its English name (10 or October: the US federal fiscal year)"


def fiscal_option(command: Any) -> Any:
    """``--fiscal-year-start MONTH``: the month the text's fiscal years start in."""
    return click.option(
        "--fiscal-year-start",
        "fiscal_start",
        metavar="MONTH",
        help="Fiscal years start in this month (1-12 or a name; the year is named after the one it ends in). "
        "Default: October in a sentence about the US federal government, otherwise January (the calendar year).",
    )(command)


def parse_fiscal_start(text: str | None) -> int | None:
    """The month number of ``--fiscal-year-start``; a one-line error naming the option otherwise."""
    if text is None:
        return None
    import calendar

    word = text.strip().lower().rstrip(".")
    if word.isdigit() and 1 <= int(word) <= 12:
        return int(word)
    for number in range(1, 13):
        if word in (calendar.month_name[number].lower(), calendar.month_abbr[number].lower()):
            return number
    raise IntakeError("--fiscal-year-start", f"cannot read {quoted(text)}", FISCAL_START_FORM)


@click.command("deadline")
@click.argument("phrase")
@click.option(
    "--as-of", "--published", "as_of", metavar="DATE", help="Read the phrase as written on this day (default: today)."
)
@click.option("--json", "as_json", is_flag=True, help="Print the reading as a JSON object.")
@fiscal_option
def deadline_command(phrase: str, as_of: str | None, as_json: bool, fiscal_start: str | None) -> None:
    """Read a deadline PHRASE ("by April", "2025-Q2", "within ten days") as a window of days.

    An ambiguous phrase is read forward ("by April" is the next April); an explicit or backward
    one ("in April 2023", "three weeks ago") is read as written and said to be in the past.
    """
    anchor = parse_date(as_of, "--as-of") if as_of is not None else date.today()
    from ledger.reading.deadlines import read_typed_deadline

    reading = read_typed_deadline(phrase, anchor, fiscal_year_start_month=parse_fiscal_start(fiscal_start))
    if reading.deadline is None:
        raise IntakeError("deadline", f"cannot read {quoted(phrase)}: {reading.reason}")
    if as_json:
        click.echo(
            json.dumps({**(deadline_json(reading.deadline) or {}), "direction": reading.direction}, ensure_ascii=False)
        )
    else:
        echo(describe_deadline(reading.deadline, reading.direction, anchor))


def describe_deadline(deadline: Deadline, direction: str = "", anchor: date | None = None) -> str:
    """Two lines: the window with its label, precision and confidence; then the rule (and a past warning)."""
    span = deadline.earliest.isoformat()
    if deadline.latest != deadline.earliest:
        span += f"..{deadline.latest.isoformat()}"
    past = f"  -- in the past: it ended before {anchor}" if direction == "past" and anchor else ""
    return (
        f"{span}  ({deadline.label}, {deadline.precision}, confidence {deadline.confidence:.2f}){past}\n"
        f"  read as: {deadline.rule}"
    )


# --------------------------------------------------------------------------- fledger dates


def article_arguments(command: Any) -> Any:
    """FILE and its publication day (``--as-of``, alias ``--published``): what dates and extract read."""
    command = click.option(
        "--as-of",
        "--published",
        "published",
        metavar="DATE",
        help="The day the article was published: its dates are read as written then (required).",
    )(command)
    return click.argument("file", metavar="FILE")(command)


def _article(file: str, published: str | None) -> tuple[str, date, str]:
    """An article's text as read, its publication day and its language, each checked (one line, exit 2)."""
    from ledger.reading.lang import detect_language

    if published is None:
        raise IntakeError("--as-of", "missing", f"{DATE_FORM}, the day the article was published")
    day = parse_date(published, "--as-of")
    content = article_text(file)
    return content, day, detect_language(content)


@click.command("dates")
@article_arguments
@click.option("--json", "as_json", is_flag=True, help="Print the dates as a JSON list.")
@fiscal_option
def dates_command(file: str, published: str | None, as_json: bool, fiscal_start: str | None) -> None:
    """List every date expression in an article FILE (text or HTML; '-' reads standard input).

    Each is read relative to the publication day as a window of days with a direction
    (past, current, future).  Offsets are character offsets into the text as read (for
    HTML, into its visible text).
    """
    from ledger.reading.tagger import find_dates

    month = parse_fiscal_start(fiscal_start)
    content, day, language = _article(file, published)
    mentions = find_dates(content, day, language, fiscal_year_start_month=month)
    if as_json:
        click.echo(json.dumps([mention_json(m) for m in mentions], ensure_ascii=False, indent=2))
    elif not mentions:
        echo("no date expressions found")
    else:
        for mention in mentions:
            echo(describe_mention(mention))


def article_text(file: str) -> str:
    """The text of an article file as the readers see it (HTML reduced to its visible text).

    A binary file and an empty one are refused with one line each.
    """
    raw = read_text_file(file, "FILE")
    from ledger.textfile import looks_binary

    if looks_binary(raw):
        raise IntakeError("FILE", f"{quoted(file)} is binary, not text", "a text or HTML article")
    from ledger.reading.extract import html_to_text

    content = html_to_text(raw)
    if not content.strip():
        raise IntakeError("FILE", f"{quoted(file)} holds no text", "a text or HTML article")
    return content


def mention_json(mention: Any) -> dict[str, Any]:
    reading = mention.reading
    return {
        "text": mention.text, "start": mention.start, "end": mention.end,
        "earliest": reading.earliest.isoformat(), "latest": reading.latest.isoformat(),
        "direction": reading.direction, "precision": reading.precision, "rule": reading.rule,
        "confidence": reading.confidence, "value": reading.value,
    }  # fmt: skip


def describe_mention(mention: Any, width: int = 40) -> str:
    reading = mention.reading
    window = reading.earliest.isoformat()
    if reading.latest != reading.earliest:
        window += f"..{reading.latest.isoformat()}"
    text = " ".join(mention.text.split())
    text = text if len(text) <= width else text[: width - 1] + "…"
    return f"{mention.start:>7}  {text:<{width}}  {window:<22}  {reading.direction:<7}  {reading.rule}"


# --------------------------------------------------------------------------- fledger extract


@click.command("extract")
@article_arguments
@click.option("--json", "as_json", is_flag=True, help="Print the candidates as a JSON list.")
def extract_command(file: str, published: str | None, as_json: bool) -> None:
    """List candidate commitments in an article FILE (text or HTML; '-' reads standard input)."""
    from ledger.reading.extract import read_article

    content, day, language = _article(file, published)
    candidates = read_article(content, day, language)
    if as_json:
        click.echo(json.dumps([candidate_json(c) for c in candidates], ensure_ascii=False, indent=2))
    elif not candidates:
        echo("no candidate commitments found")
    else:
        for number, candidate in enumerate(candidates, start=1):
            echo(describe_candidate(number, candidate))


def describe_candidate(number: int, candidate: Candidate, width: int = 100) -> str:
    """One compact line: number, kind, score, actor, window label, the sentence cut to ``width``."""
    window = candidate.deadline.label if candidate.deadline else "no deadline"
    sentence = candidate.sentence if len(candidate.sentence) <= width else candidate.sentence[: width - 1] + "…"
    return f"{number:>3}. {candidate.kind:<11} {candidate.score:.2f}  {candidate.actor or '-'}  [{window}]  {sentence}"


def candidate_json(candidate: Candidate) -> dict[str, Any]:
    return {
        "sentence": candidate.sentence,
        "actor": candidate.actor,
        "deadline": deadline_json(candidate.deadline) if candidate.deadline else None,
        "kind": candidate.kind,
        "score": candidate.score,
        "title": candidate.title,
        "key": candidate.key,
    }


# --------------------------------------------------------------------------- shared


def quoted(text: str, limit: int = 60) -> str:
    """'text' on one line, shortened: error messages stay one line whatever the user typed."""
    flat = " ".join(text.replace("\x00", "\\0").split())
    return "'" + (flat if len(flat) <= limit else flat[: limit - 1] + "…") + "'"


COMMANDS = [deadline_command, dates_command, extract_command]
