"""What every command shares: the ledger options, getting a Ledger, printing."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import click

from ledger.errors import InvalidValue
from ledger.parsing import parse_date, parse_timestamp

if TYPE_CHECKING:
    from ledger.service import Ledger


json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON (shapes: docs/formats.md).")


def interactive() -> bool:
    """Whether a person is at the keyboard (both ends are a terminal)."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def local_time(ts: datetime) -> str:
    """A stored UTC timestamp shown in local time."""
    return ts.replace(tzinfo=UTC).astimezone().strftime("%Y-%m-%d %H:%M")


def ledger_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add --db and --analyst to a command (they may also be given before the command)."""

    @click.option("--db", "db", metavar="PATH", help="Ledger file (default: FLEDGER_DB, config, or the user data dir).")
    @click.option(
        "--analyst", "analyst", metavar="NAME", help="Who is forecasting (default: FLEDGER_ANALYST, config, login)."
    )
    @functools.wraps(func)
    def wrapper(*args: Any, db: str | None, analyst: str | None, **kwargs: Any) -> Any:
        ctx = click.get_current_context()
        obj = ctx.find_root().ensure_object(dict)
        if db is not None:
            obj["db"] = db
        if analyst:
            obj["analyst"] = analyst
        return func(*args, **kwargs)

    return wrapper


_opened: list[Ledger] = []  # ledgers opened by this invocation, for their notices


def get_ledger() -> Ledger:
    """The Ledger for this invocation (created once; its notices are printed on stderr at exit)."""
    from ledger.service import Ledger

    obj = click.get_current_context().find_root().ensure_object(dict)
    if "ledger" not in obj:
        obj["ledger"] = Ledger(obj.get("db"), obj.get("analyst"))
        _opened.append(obj["ledger"])
    ledger: Ledger = obj["ledger"]
    return ledger


def flush_notices() -> None:
    while _opened:
        for notice in _opened.pop().notices:
            echo(f"fledger: {notice}", err=True)


def echo(message: object = "", **kwargs: Any) -> None:
    """Print human-readable output: user text in it loses its control characters (``ledger.text``).

    Every command prints through this; only JSON (``echo_json``) and files are written exactly.
    """
    from ledger.text import for_terminal

    click.echo(for_terminal(str(message)), **kwargs)


def echo_json(value: Any) -> None:
    from ledger.serialize import dumps

    click.echo(dumps(value))


def echo_folded(lines: list[str]) -> None:
    """Print a 'label  value' listing, folding long lines to the terminal's width under the value column."""
    import shutil
    import textwrap

    from ledger.text import for_terminal

    width = max(60, shutil.get_terminal_size((100, 24)).columns)
    for line in lines:
        depth = len(line) - len(line.lstrip())
        indent = " " * (13 if depth == 2 else depth + 2)
        line = for_terminal(line, one_line=True)
        echo("\n".join(textwrap.wrap(line, width, subsequent_indent=indent, break_on_hyphens=False) or [line]))


def warn(message: str) -> None:
    echo(f"warning: {message}", err=True)


def date_option(value: str | None, field: str) -> Any:
    return parse_date(value, field) if value else None


def timestamp_option(value: str | None, field: str) -> Any:
    return parse_timestamp(value, field) if value else None


MAX_TEXT_BYTES = 20_000_000  # far beyond any article; protects against reading a disk image by mistake


def read_text_file(path: str, field: str) -> str:
    """A text file's contents as UTF-8 (undecodable bytes replaced), from a path or '-' for stdin."""
    accepted = "a readable text or HTML file, or - for standard input"
    if path == "-":
        stream = getattr(sys.stdin, "buffer", None)  # bytes, so a stray invalid byte cannot stop the read
        data = stream.read(MAX_TEXT_BYTES + 1) if stream else sys.stdin.read().encode("utf-8", "replace")
    else:
        try:
            with open(path, "rb") as handle:
                data = handle.read(MAX_TEXT_BYTES + 1)
        except OSError as exc:
            raise InvalidValue(field, path, f"{accepted} ({exc.strerror or exc})") from None
    if len(data) > MAX_TEXT_BYTES:
        raise InvalidValue(field, path, f"a file smaller than {MAX_TEXT_BYTES // 1_000_000} MB")
    return bytes(data).decode("utf-8", errors="replace").lstrip("\ufeff")


def days_left(n: int | None) -> str:
    """Days to the end of a deadline window, as every listing shows them: '12d', '3d over'."""
    if n is None:
        return ""
    return f"{-n}d over" if n < 0 else f"{n}d"


def fmt_probability(p: float | None) -> str:
    return "" if p is None else f"{p * 100:.0f}%" if abs(p * 100 - round(p * 100)) < 1e-9 else f"{p * 100:.1f}%"


def print_table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """A plain table that fits the terminal: one line per row, the last column cut with an ellipsis."""
    import shutil

    from ledger.text import for_terminal

    cells = [[for_terminal("" if v is None else str(v), one_line=True) for v in row] for row in rows]
    widths = [max([len(h)] + [len(r[n]) for r in cells]) for n, h in enumerate(headers)]
    room = shutil.get_terminal_size((100, 24)).columns - sum(w + 2 for w in widths[:-1])
    widths[-1] = max(12, min(widths[-1], room))

    def line(values: Sequence[str]) -> str:
        last = values[-1] if len(values[-1]) <= widths[-1] else values[-1][: widths[-1] - 1] + "…"
        return "  ".join([v.ljust(w) for v, w in zip(values[:-1], widths, strict=False)] + [last]).rstrip()

    echo(line(list(headers)))
    for row in cells:
        echo(line(row))
