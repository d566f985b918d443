"""The layer contracts in pyproject.toml hold (import-linter)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_hold() -> None:
    # import-linter is a dev dependency: its absence is a broken set-up, not a reason to pass quietly
    command = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or shutil.which("lint-imports")
    if command is None:
        pytest.fail("lint-imports is not installed; run: pip install -e '.[dev]'")
    done = subprocess.run([command], cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
                          env={"PYTHONPATH": str(ROOT), "PATH": str(Path(sys.executable).parent)})  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "broken" in done.stdout and " 0 broken" in done.stdout


def test_the_cli_finds_the_terminal_ui_through_its_entry_point() -> None:
    # The core never imports the UI; `fledger tui` looks it up in the package metadata.
    from ledger.cli import _user_interface
    from tui.app import run

    assert _user_interface() is run
