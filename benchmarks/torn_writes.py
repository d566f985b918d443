"""Tear every write of a bulk import in turn, and count what the ledger holds when it is opened again.

Usage: python -m benchmarks.torn_writes [--file ledger|wal] [--rows N]

For N = 1, 2, ... a fresh copy of a small ledger is given a ``fledger import`` of N rows
of forecasts with ``benchmarks/torn_writes/tear.c`` preloaded: the Nth write to the
ledger file (or to its WAL) writes only half its bytes and the process kills itself.
The copy is then opened through fledger and its forecasts counted: all of the import,
none of it, part of it (a broken promise) or an unreadable file (a broken promise).
Ends at the first N the import survives (it made fewer writes).  Needs Linux and a C
compiler; docs/reliability.md records its figures.
"""

from __future__ import annotations

import argparse
import collections
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from ledger.errors import LedgerError
from ledger.service import Ledger

HERE = Path(__file__).with_name("torn_writes")


def build_shim(folder: Path) -> Path:
    shim = folder / "tear.so"
    subprocess.run(["cc", "-shared", "-fPIC", "-O2", "-o", str(shim), str(HERE / "tear.c"), "-ldl"], check=True)
    return shim


def base_ledger(folder: Path, rows: int) -> tuple[Path, Path]:
    base = folder / "base.duckdb"
    ledger = Ledger(base, analyst="setup")
    ledger.init(empty=True)
    ledger.add_item("Bulk target", key="bulk-target")
    ledger.forecast("bulk-target", "0.5", note="before")
    csv = folder / "bulk.csv"
    lines = [f"bulk-target,csv{i % 7},{(i % 99 + 1) / 100},2025-03-01T12:00:00Z,bulk" for i in range(rows)]
    csv.write_text("item,analyst,probability,made_at,note\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return base, csv


def outcome(db: Path, rows: int) -> str:
    try:
        forecasts = Ledger(db).item("bulk-target").forecasts
    except LedgerError as exc:  # what the user would meet: the ledger does not open
        return f"unreadable ({str(exc).splitlines()[0][:90]})"
    bulk = sum(1 for f in forecasts if f.note == "bulk")
    before = sum(1 for f in forecasts if f.note == "before")
    if before != 1:
        return "earlier row lost"
    return "all" if bulk == rows else "none" if bulk == 0 else f"partial ({bulk})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", choices=["ledger", "wal"], default="ledger")
    parser.add_argument("--rows", type=int, default=20_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        shim = build_shim(folder)
        base, csv = base_ledger(folder, args.rows)
        tally: collections.Counter[str] = collections.Counter()
        for n in range(1, 10_000):
            db = folder / "torn.duckdb"
            for leftover in folder.glob("torn.duckdb*"):
                leftover.unlink()
            shutil.copyfile(base, db)
            target = str(db) + (".wal" if args.file == "wal" else "")
            env = dict(os.environ, LD_PRELOAD=str(shim), TEAR_FILE=target, TEAR_AT=str(n))
            command = [sys.executable, "-m", "ledger", "--db", str(db), "--analyst", "crash", "import", str(csv),
                       "--kind", "forecasts"]  # fmt: skip
            done = subprocess.run(command, check=False, env=env, capture_output=True, text=True)
            if done.returncode == 0:
                break  # the import made fewer than n writes to the file
            result = outcome(db, args.rows)
            tally[result.split(" (")[0]] += 1
            print(f"write {n:3} torn: {result}", flush=True)
    print(f"{args.file}: {sum(tally.values())} torn writes: " + ", ".join(f"{k} {v}" for k, v in sorted(tally.items())))
    return 0 if set(tally) <= {"all", "none"} else 1


if __name__ == "__main__":
    raise SystemExit(main())
