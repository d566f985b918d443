"""Click commands for article intake: ``fledger deadline`` and ``fledger extract``.

Parsing and printing only; the reading is done by ``ledger.deadlines`` and
``ledger.extract``.  User mistakes raise ``LedgerError`` subclasses whose
message is one line; the CLI entry point prints it and exits with status 2.
"""

from __future__ import annotations

import json
import re
import sys
from datetime import date
from pathlib import Path
from typing import Any

import click

from ledger.deadlines import read_deadline
from ledger.errors import InvalidValue, LedgerError
from ledger.extract import Candidate, extract_commitments
from ledger.model import Deadline

MAX_ARTICLE_BYTES = 20_000_000  # far beyond any article; protects against reading a disk image by mistake
DATE_FORM = "a date YYYY-MM-DD"


class IntakeError(InvalidValue):
    """An InvalidValue whose one-line message is worded in full by the caller."""

    def __init__(self, field: str, problem: str, accepted: str = "") -> None:
        LedgerError.__init__(self, f"{field}: {problem}" + (f"; expected {accepted}" if accepted else ""))
        self.field = field
        self.accepted = accepted


# --------------------------------------------------------------------------- fledger deadline


@click.command("deadline")
@click.argument("phrase")
@click.option("--as-of", "as_of", metavar="DATE", help="Read the phrase as written on this day (default: today).")
@click.option("--json", "as_json", is_flag=True, help="Print the reading as a JSON object.")
def deadline_command(phrase: str, as_of: str | None, as_json: bool) -> None:
    """Read a deadline PHRASE ("by April", "2025-Q2", "within ten days") as a window of days."""
    anchor = parse_day(as_of, "--as-of") if as_of is not None else date.today()
    reading = read_deadline(phrase, anchor)
    if reading.deadline is None:
        raise IntakeError("deadline", f"cannot read {quoted(phrase)}: {reading.reason}")
    if as_json:
        click.echo(json.dumps(deadline_json(reading.deadline), ensure_ascii=False))
    else:
        click.echo(describe_deadline(reading.deadline))


def describe_deadline(deadline: Deadline) -> str:
    """Two lines: the window with its label, precision and confidence; then the rule."""
    span = deadline.earliest.isoformat()
    if deadline.latest != deadline.earliest:
        span += f"..{deadline.latest.isoformat()}"
    return (
        f"{span}  ({deadline.label}, {deadline.precision}, confidence {deadline.confidence:.2f})\n"
        f"  read as: {deadline.rule}"
    )


def deadline_json(deadline: Deadline) -> dict[str, Any]:
    return {
        "phrase": deadline.phrase,
        "earliest": deadline.earliest.isoformat(),
        "latest": deadline.latest.isoformat(),
        "precision": deadline.precision,
        "rule": deadline.rule,
        "confidence": deadline.confidence,
    }


# --------------------------------------------------------------------------- fledger extract


@click.command("extract")
@click.argument("file", metavar="FILE")
@click.option("--published", metavar="DATE", help="The day the article was published (required).")
@click.option("--json", "as_json", is_flag=True, help="Print the candidates as a JSON list.")
def extract_command(file: str, published: str | None, as_json: bool) -> None:
    """List candidate commitments in an article FILE (text or HTML; '-' reads standard input)."""
    if published is None:
        raise IntakeError("--published", "missing", f"{DATE_FORM}, the day the article was published")
    day = parse_day(published, "--published")
    candidates = extract_commitments(read_article(file), day)
    if as_json:
        click.echo(json.dumps([candidate_json(c) for c in candidates], ensure_ascii=False, indent=2))
    elif not candidates:
        click.echo("no candidate commitments found")
    else:
        for number, candidate in enumerate(candidates, start=1):
            click.echo(describe_candidate(number, candidate))


def read_article(file: str) -> str:
    """The article's text: UTF-8 (undecodable bytes replaced), from a path or '-' for stdin."""
    accepted = "a readable text or HTML file, or - for standard input"
    if file == "-":
        data = _stdin_bytes()
    else:
        try:
            with Path(file).open("rb") as handle:
                data = handle.read(MAX_ARTICLE_BYTES + 1)
        except OSError as error:
            raise IntakeError("FILE", f"cannot read {quoted(file)} ({error.strerror or error})", accepted) from None
    if len(data) > MAX_ARTICLE_BYTES:
        raise IntakeError("FILE", f"{quoted(file)} is larger than {MAX_ARTICLE_BYTES // 1_000_000} MB", accepted)
    return data.decode("utf-8", errors="replace").lstrip("\ufeff")


def _stdin_bytes() -> bytes:
    stream = getattr(sys.stdin, "buffer", None)  # bytes, so a stray invalid byte cannot stop the read
    if stream is not None:
        return bytes(stream.read(MAX_ARTICLE_BYTES + 1))
    return sys.stdin.read(MAX_ARTICLE_BYTES + 1).encode("utf-8", errors="replace")


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
    }


# --------------------------------------------------------------------------- shared


def parse_day(value: str, option: str) -> date:
    """A strict YYYY-MM-DD date, or an error naming the option."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise InvalidValue(option, value, DATE_FORM)


def quoted(text: str, limit: int = 60) -> str:
    """'text' on one line, shortened: error messages stay one line whatever the user typed."""
    flat = " ".join(text.replace("\x00", "\\0").split())
    return "'" + (flat if len(flat) <= limit else flat[: limit - 1] + "…") + "'"
