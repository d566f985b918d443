"""What one ledger operation costs: each ``Ledger`` call attaches the file, runs one transaction and detaches it.

Builds a small ledger (the bundled seeds, 40 more items, 5 analysts' forecasts, a few
resolutions) in a temporary folder (``/dev/shm`` where there is one, as the tests use),
then times, in a fresh process, single calls of the operations the CLI and the TUI make
most: ``forecast``, ``item_view`` (``fledger show``), ``item``, ``items`` (``fledger
list``), ``add_item`` and ``resolve``, each after one untimed call, and prints the best
and the median of N, wall and CPU time (CPU is the steadier figure on a busy machine),
with the attach + detach of the file as the floor under them all, beside what a DuckDB
instance of its own (open + close) would cost instead.

    python benchmarks/bench_operations.py [--runs 30] [--profile]

``--profile`` also prints the SQL statements one ``forecast`` ran and what each cost.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.processes import child_env, compile_package

ANALYSTS = ("ana", "bo", "cy", "di", "ed")
EXTRA_ITEMS = 40


def build(path: Path, runs: int) -> None:
    """The small ledger, and enough unresolved items for every timed ``resolve`` (bulk imports: quick to make)."""
    from ledger.service import Ledger

    ledger = Ledger(path, analyst="ana")
    ledger.init()
    folder = path.parent
    items = [f"bench-{n},Bench item {n},2027-06-30,bench,Acme" for n in range(EXTRA_ITEMS + runs + 1)]
    (folder / "items.csv").write_text("key,title,deadline,tags,actor\n" + "\n".join(items) + "\n")
    forecasts = [
        f"bench-{n},{analyst},{0.1 + 0.8 * ((n * 7 + len(analyst)) % 10) / 10:.2f},2026-10-{1 + n % 28:02d}"
        for n in range(EXTRA_ITEMS)
        for analyst in ANALYSTS
    ]
    (folder / "forecasts.csv").write_text("item,analyst,probability,made_at\n" + "\n".join(forecasts) + "\n")
    resolved = [f"bench-{n},{'yes' if n % 8 else 'no'},2026-11-01" for n in range(0, EXTRA_ITEMS, 4)]
    (folder / "resolutions.csv").write_text("item,outcome,known_on\n" + "\n".join(resolved) + "\n")
    for kind in ("items", "forecasts", "resolutions"):
        ledger.import_file(folder / f"{kind}.csv", kind)


def timed(call: Callable[[int], Any], runs: int) -> tuple[list[float], list[float]]:
    """Wall and CPU seconds (every thread of this process) of each call."""
    call(-1)  # the first call pays for imports and a cold cache
    walls, cpus = [], []
    for n in range(runs):
        start, cpu = time.perf_counter(), time.process_time()
        call(n)
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    return walls, cpus


def measure(path: Path, runs: int) -> None:
    """Run in a fresh process: time each operation on the ledger built by ``build``."""
    import duckdb

    from ledger.service import Ledger
    from ledger.storage import engine

    ledger = Ledger(path, analyst="ana")
    to_resolve = iter(range(EXTRA_ITEMS, EXTRA_ITEMS + runs + 1))

    def raw(_: int) -> None:
        duckdb.connect(str(path)).close()

    def attached(_: int) -> None:
        engine.release(*engine.attach(str(path), read_only=False, config={}), config={})

    operations: dict[str, Callable[[int], Any]] = {
        "open + close (duckdb alone)": raw,
        "attach + detach (the floor)": attached,
        "forecast": lambda n: ledger.forecast("bench-5", 0.3 + (n % 5) / 10),
        "item_view (show)": lambda n: ledger.item_view("bench-5"),
        "item": lambda n: ledger.item("bench-5"),
        "items (list)": lambda n: ledger.items("open"),
        "add_item": lambda n: ledger.add_item(f"Timed item {n}", deadline="2027-03-31"),
        "resolve": lambda n: ledger.resolve(f"bench-{next(to_resolve)}", "yes"),
    }
    print(f"{'operation (ms)':<30} {'best':>8} {'median':>8} {'CPU best':>9} {'CPU median':>11}   (n={runs})")
    for label, call in operations.items():
        walls, cpus = timed(call, runs)
        print(f"{label:<30} {min(walls) * 1000:8.1f} {statistics.median(walls) * 1000:8.1f} "
              f"{min(cpus) * 1000:9.1f} {statistics.median(cpus) * 1000:11.1f}")  # fmt: skip


def profile(path: Path) -> None:
    """The statements one ``forecast`` runs, with their wall time, in the order run."""
    from ledger.service import Ledger
    from ledger.storage import engine

    ledger = Ledger(path, analyst="ana")
    ledger.forecast("bench-5", 0.4)
    spent: list[tuple[float, str]] = []

    def execute(con: Any, sql: str, *args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return con.execute(sql, *args, **kwargs)
        finally:
            spent.append((time.perf_counter() - start, " ".join(sql.split())[:100]))

    real_attach = engine.attach

    def attach(*args: Any, **kwargs: Any) -> Any:
        cursor, name = real_attach(*args, **kwargs)
        return _Tracing(cursor, execute), name

    engine.attach = attach  # type: ignore[assignment]
    start = time.perf_counter()
    ledger.forecast("bench-5", 0.45)
    total = time.perf_counter() - start
    engine.attach = real_attach  # type: ignore[assignment]
    for seconds, sql in spent:
        print(f"{seconds * 1000:7.2f} ms  {sql}")
    print(f"{sum(s for s, _ in spent) * 1000:7.2f} ms in {len(spent)} statements; the call took {total * 1000:.1f} ms")


class _Tracing:
    """A connection that times every ``execute`` (the rest passes through)."""

    def __init__(self, con: Any, execute: Callable[..., Any]) -> None:
        self._con = con
        self._execute = execute

    def execute(self, sql: str, *args: Any, **kwargs: Any) -> Any:
        return self._execute(self._con, sql, *args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._con, name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)  # the child's half
    opts = parser.parse_args()
    if opts.measure:
        profile(opts.measure) if opts.profile else measure(opts.measure, opts.runs)
        return
    compile_package()
    shm = Path("/dev/shm")
    with tempfile.TemporaryDirectory(dir=shm if shm.is_dir() else None) as folder:
        path = Path(folder) / "bench.duckdb"
        start = time.perf_counter()
        build(path, opts.runs)
        print(f"built a small ledger in {time.perf_counter() - start:.1f} s; load {os.getloadavg()[0]:.2f}, "
              f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC")  # fmt: skip
        env = child_env(FLEDGER_ANALYST="ana")
        child = [sys.executable, __file__, "--measure", str(path), "--runs", str(opts.runs)]
        subprocess.run(child, env=env, check=True)
        if opts.profile:
            subprocess.run([*child, "--profile"], env=env, check=True)


if __name__ == "__main__":
    main()
