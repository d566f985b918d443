"""What every command shares: the ledger options, getting a Ledger, printing."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Sequence
from typing import Any

import click

from ledger.errors import InvalidValue
from ledger.parsing import parse_date, parse_timestamp


def ledger_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add --db and --analyst to a command (they may also be given before the command)."""

    @click.option("--db", "db", metavar="PATH", help="Ledger file (default: FLEDGER_DB, config, or the user data dir).")
    @click.option("--analyst", "analyst", metavar="NAME", help="Who is forecasting (default: FLEDGER_ANALYST, config, login).")
    @functools.wraps(func)
    def wrapper(*args: Any, db: str | None, analyst: str | None, **kwargs: Any) -> Any:
        ctx = click.get_current_context()
        obj = ctx.find_root().ensure_object(dict)
        if db:
            obj["db"] = db
        if analyst:
            obj["analyst"] = analyst
        return func(*args, **kwargs)

    return wrapper


_opened: list[Any] = []  # ledgers opened by this invocation, for their notices


def get_ledger() -> Any:
    """The Ledger for this invocation (created once; its notices are printed on stderr at exit)."""
    from ledger.service import Ledger

    obj = click.get_current_context().find_root().ensure_object(dict)
    if "ledger" not in obj:
        obj["ledger"] = Ledger(obj.get("db"), obj.get("analyst"))
        _opened.append(obj["ledger"])
    return obj["ledger"]


def flush_notices() -> None:
    while _opened:
        for notice in _opened.pop().notices:
            click.echo(f"fledger: {notice}", err=True)


def echo_json(value: Any) -> None:
    from ledger.serialize import dumps

    click.echo(dumps(value))


def warn(message: str) -> None:
    click.echo(f"warning: {message}", err=True)


def date_option(value: str | None, field: str) -> Any:
    return parse_date(value, field) if value else None


def timestamp_option(value: str | None, field: str) -> Any:
    return parse_timestamp(value, field) if value else None


def read_text_file(path: str, field: str) -> str:
    """A text file's contents (``-`` for stdin); undecodable or missing files are user errors."""
    try:
        data = sys.stdin.buffer.read() if path == "-" else open(path, "rb").read()  # noqa: SIM115
    except OSError as exc:
        raise InvalidValue(field, path, f"a readable file ({exc.strerror})") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidValue(field, path, "a UTF-8 text file") from None


def fmt_probability(p: float | None) -> str:
    return "" if p is None else f"{p * 100:.0f}%" if abs(p * 100 - round(p * 100)) < 1e-9 else f"{p * 100:.1f}%"


def print_table(headers: Sequence[str], rows: Sequence[Sequence[Any]], *, title: str | None = None,
                styles: dict[str, str] | None = None) -> None:  # fmt: skip
    """A table that fits the terminal: one line per row, the last column shortened with an ellipsis.

    rich is imported only when a table is printed.
    """
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, header_style="bold", box=None, pad_edge=False, expand=False)
    for n, h in enumerate(headers):
        last = n == len(headers) - 1
        table.add_column(h, no_wrap=True, overflow="ellipsis" if last else "fold", min_width=None if last else len(h),
                         style=(styles or {}).get(h))  # fmt: skip
    for row in rows:
        table.add_row(*("" if v is None else str(v) for v in row))
    Console(soft_wrap=False).print(table)
