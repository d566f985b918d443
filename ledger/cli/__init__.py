"""The ``fledger`` command: argument parsing and printing only.

Every user mistake arrives here as a ``LedgerError`` and leaves as one line on
stderr with its exit status (2, or 3 for a lock wait that ran out).  Heavy
imports (textual, matplotlib, rich) happen inside the commands that need them.
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any

import click

from ledger import __version__
from ledger.cli.common import flush_notices
from ledger.errors import InvalidValue, LedgerError

# Which module of ledger.cli defines each command.  A command's module is imported
# only when that command runs: start-up is part of every command's time, and
# `fledger forecast` should not pay for loading `fledger report`.
COMMAND_MODULES = {
    "init": "items", "item": "items", "list": "items", "show": "items",
    "source": "sources",
    "forecast": "forecasts", "resolve": "forecasts", "retract": "forecasts", "unresolve": "forecasts",
    "deadline": "intake", "dates": "intake", "extract": "intake",
    "scenario": "scenarios", "actors": "scenarios",
    "score": "scoring",
    "import": "imports",
    "report": "reports",
    "export": "exchange", "due": "exchange",
    "team": "team",
    "check": "checks",
}  # fmt: skip
# Modules that add subcommands to another module's group when imported.
ADDS_TO = {"items": ("commitments",)}


def command_module(name: str) -> Any:
    """The module defining command ``name``, with the modules that extend it loaded too."""
    module_name = COMMAND_MODULES[name]
    for extra in ADDS_TO.get(module_name, ()):
        importlib.import_module(f"ledger.cli.{extra}")
    return importlib.import_module(f"ledger.cli.{module_name}")


class LazyGroup(click.Group):
    """A click group that loads a command's module when the command is asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *COMMAND_MODULES})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in COMMAND_MODULES:
            command: click.Command = next(c for c in command_module(cmd_name).COMMANDS if c.name == cmd_name)
            return command
        return super().get_command(ctx, cmd_name)


@click.group(cls=LazyGroup, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db", metavar="PATH", help="Ledger file or postgresql:// URI (default: FLEDGER_DB, config, user data dir)."
)
@click.option("--analyst", metavar="NAME", help="Who is forecasting (default: FLEDGER_ANALYST, config, login).")
@click.version_option(__version__, prog_name="fledger")
@click.pass_context
def cli(ctx: click.Context, db: str | None, analyst: str | None) -> None:
    """fledger: track commitments and deadlines from the news, forecast them, and score yourself.

    With no command: the terminal UI on a terminal, else the open items.
    """
    ctx.ensure_object(dict).update({k: v for k, v in {"db": db, "analyst": analyst}.items() if v is not None})
    if ctx.invoked_subcommand is None:
        if sys.stdin.isatty() and sys.stdout.isatty():
            ctx.invoke(tui_command)
        else:
            ctx.invoke(command_module("list").list_command)


@click.command("tui")
@click.option("--db", metavar="PATH", help="Ledger file.")
@click.option("--analyst", metavar="NAME", help="Who is forecasting.")
@click.pass_context
def tui_command(ctx: click.Context, db: str | None = None, analyst: str | None = None) -> None:
    """Open the terminal UI."""
    from ledger.cli.common import get_ledger

    obj = ctx.find_root().ensure_object(dict)
    obj.update({k: v for k, v in {"db": db, "analyst": analyst}.items() if v})
    run_ui = _user_interface()
    run_ui(get_ledger())


UI_ENTRY_POINTS = "fledger.ui"


def _user_interface() -> Any:
    """The terminal UI's ``run(ledger)``, found through the package's entry points.

    The core never imports the UI: the UI registers itself (pyproject.toml,
    ``[project.entry-points."fledger.ui"]``) and is looked up only when asked for.
    """
    from importlib.metadata import entry_points

    found = entry_points(group=UI_ENTRY_POINTS, name="tui")
    if not found:
        raise LedgerError("tui: the terminal UI is not installed; reinstall fledger (pip install -e .)")
    return next(iter(found)).load()


cli.add_command(tui_command)


def one_line(message: str) -> str:
    """A message as one printable line: control characters (from echoed input) shown escaped."""
    return "".join(c if c.isprintable() or c == " " else repr(c)[1:-1] for c in message)


def check_arguments(argv: list[str]) -> None:
    """Bytes that are not UTF-8 reach Python as lone surrogates; refuse them here, once, for every command."""
    for arg in argv:
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            raise InvalidValue("argument", arg, "UTF-8 text") from None


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; returns the exit status (never lets a traceback reach the user)."""
    try:
        argv = sys.argv[1:] if argv is None else list(argv)
        check_arguments(argv)
        # click hands back the code of an Exit raised by a command (e.g. 'check' finding broken rows)
        result = cli.main(args=argv, prog_name="fledger", standalone_mode=False)
        code = result if isinstance(result, int) and not isinstance(result, bool) else 0
    except click.exceptions.Exit as exc:
        code = exc.exit_code
    except click.ClickException as exc:
        ctx = getattr(exc, "ctx", None)
        where = f"fledger {ctx.command_path.split(' ', 1)[1]}" if ctx and " " in ctx.command_path else "fledger"
        click.echo(f"{where}: {one_line(exc.format_message())} (see '{where} --help')", err=True)
        code = exc.exit_code
    except click.exceptions.Abort:
        click.echo("fledger: aborted", err=True)
        code = 130
    except LedgerError as exc:
        click.echo(f"fledger: {one_line(str(exc))}", err=True)
        code = exc.exit_code
    except KeyboardInterrupt:
        code = 130
    except BrokenPipeError:
        code = 0
    except OSError as exc:  # a file we were asked to write: disk full, permission denied, ...
        where = f" ({exc.filename})" if exc.filename else ""
        click.echo(f"fledger: cannot write a file: {one_line(exc.strerror or str(exc))}{one_line(where)}; "
                   "the ledger is unchanged", err=True)  # fmt: skip
        code = 2
    except Exception as exc:
        if os.environ.get("FLEDGER_DEBUG"):
            raise
        click.echo(
            f"fledger: internal error: {type(exc).__name__}: {one_line(str(exc))} (set FLEDGER_DEBUG=1 for details)",
            err=True,
        )
        code = 1
    finally:
        flush_notices()
    sys.stdout.flush()
    return code


def entry() -> None:
    sys.exit(main())
