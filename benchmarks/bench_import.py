"""Benchmark ``fledger import --kind forecasts`` (target: 1M rows in 5 s on 2 cores).

python benchmarks/bench_import.py           # 1,000,000 forecast rows over 10,000 items
python benchmarks/bench_import.py --small   # 100,000 rows
"""

from __future__ import annotations

import argparse
import csv
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.processes import child_env, compile_package


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--small", action="store_true")
    opts = parser.parse_args()
    rows, n_items = (100_000, 1_000) if opts.small else (1_000_000, 10_000)
    folder = Path("/tmp")
    db, items, forecasts = (
        folder / "fledger-bench-import.duckdb",
        folder / "fledger-bench-items.csv",
        folder / "fledger-bench-fc.csv",
    )
    rng = random.Random(7)
    with items.open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["key", "title", "deadline", "tags"])
        for i in range(n_items):
            w.writerow([f"item-{i}", f"Item {i}", f"2025-{1 + i % 12:02d}", f"t{i % 10}"])
    with forecasts.open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["item", "analyst", "probability", "made_at"])
        for n in range(rows):
            w.writerow([f"item-{rng.randrange(n_items)}", f"a{rng.randrange(100)}", round(rng.random(), 3),
                        f"2024-{1 + n % 12:02d}-{1 + n % 28:02d}T{n % 24:02d}:00:00Z"])  # fmt: skip
    db.unlink(missing_ok=True)
    compile_package()
    env = child_env()
    cli = [sys.executable, "-m", "ledger", "--db", str(db)]
    subprocess.run([*cli, "init", "--empty"], check=True, env=env, stdout=subprocess.DEVNULL)
    start = time.perf_counter()
    subprocess.run([*cli, "import", str(items), "--kind", "items"], check=True, env=env, stdout=subprocess.DEVNULL)
    print(f"{n_items:,} items: {time.perf_counter() - start:.2f} s (whole process)")
    start = time.perf_counter()
    subprocess.run(
        [*cli, "import", str(forecasts), "--kind", "forecasts"], check=True, env=env, stdout=subprocess.DEVNULL
    )
    print(f"{rows:,} forecasts: {time.perf_counter() - start:.2f} s (whole process)")


if __name__ == "__main__":
    main()
