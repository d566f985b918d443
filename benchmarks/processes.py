"""Running fledger as a whole process, the way a user's shell runs it, for timing.

A user's install has its bytecode cached (pip compiles it; an editable checkout
writes ``__pycache__`` on first use), so the children run with bytecode caching
on even where the calling shell turned it off (PYTHONDONTWRITEBYTECODE costs
about 60 ms per process here), and the package is compiled before timing starts.
"""

from __future__ import annotations

import compileall
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def child_env(**extra: str) -> dict[str, str]:
    """The environment for a timed fledger process: this one's, with the checkout importable."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(ROOT)
    env.update(extra)
    return env


def compile_package() -> None:
    """Write the bytecode caches of the packages a timed process imports."""
    for package in ("ledger", "tui"):
        compileall.compile_dir(ROOT / package, quiet=1)
