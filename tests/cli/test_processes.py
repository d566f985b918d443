"""Process-level behaviour: concurrent writers, and a start-up path free of heavy imports."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from ledger.service import Ledger

ROOT = Path(__file__).resolve().parents[2]


def env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "FLEDGER_ANALYST": "proc", "FLEDGER_LOCK_TIMEOUT": "30"}


def test_two_processes_writing_one_ledger_both_succeed(tmp_path: Path) -> None:
    db = tmp_path / "shared.duckdb"
    Ledger(db, "setup").init(empty=True)
    Ledger(db, "setup").add_item("Shared question", key="shared")
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "ledger", "--db", str(db), "--analyst", name, "forecast", "shared", prob],
            cwd=ROOT,
            env=env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name, prob in (("first", "30%"), ("second", "0.7"))
    ]
    results = [p.communicate(timeout=60) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], results
    forecasts = Ledger(db, "setup").item("shared").forecasts
    assert sorted((f.analyst, f.probability) for f in forecasts) == [("first", 0.3), ("second", 0.7)]


def test_cli_start_up_does_not_import_heavy_libraries(tmp_path: Path) -> None:
    db = tmp_path / "light.duckdb"
    Ledger(db, "setup").init(empty=True)
    Ledger(db, "setup").add_item("Light question", key="light")
    code = textwrap.dedent(f"""
        import sys
        from ledger.cli import main
        status = main(["--db", {str(db)!r}, "forecast", "light", "35%"])
        heavy = sorted(m for m in sys.modules if m.split(".")[0] in {{"textual", "matplotlib", "rich", "pandas"}})
        others = sorted(m for m in ("ledger.cli.reports", "ledger.cli.scoring", "ledger.cli.scenarios") if m in sys.modules)
        print(__import__("json").dumps({{"status": status, "heavy": heavy, "other_commands": others}}))
    """)
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env(), capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report == {"status": 0, "heavy": [], "other_commands": []}


def test_every_command_is_in_the_table_of_lazily_loaded_modules() -> None:
    import importlib

    from ledger.cli import COMMAND_MODULES, cli

    modules = {"items", "intake", "commitments", "scenarios", "scoring", "imports", "reports", "exchange", "checks"}
    defined = {c.name: name for name in modules for c in importlib.import_module(f"ledger.cli.{name}").COMMANDS}
    assert defined == COMMAND_MODULES
    ctx = cli.make_context("fledger", [])
    assert set(cli.list_commands(ctx)) == {*COMMAND_MODULES, "tui"}
    assert {"status", "slip", "close", "ladder"} <= set(cli.get_command(ctx, "item").commands)


def test_python_dash_m_ledger_reports_errors_without_traceback(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "ledger", "--db", str(tmp_path / "x.duckdb"), "forecast", "nothing", "2.5%%"],
        cwd=ROOT, env=env(), capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "probability" in done.stderr and "Traceback" not in done.stderr
