"""Benchmark ``fledger score`` against pandas + scikit-learn on a synthetic ledger.

    python benchmarks/bench_score.py            # 100 analysts, 100k items, 10M forecasts
    python benchmarks/bench_score.py --small    # a quick run (1M forecasts)

Prints: generation time, then for each measured command the median wall time of
3 runs as a whole process, its CPU time (user + system, less sensitive to other
jobs on a shared machine than wall time), its peak RSS, the load average, and
the pandas/scikit-learn baseline.
The ledger is written with direct SQL (seeded), then scored through the CLI.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.processes import child_env, compile_package

# Item ids: short strings ('i123'), or with --uuid-ids 36-character UUID strings made
# from the number, as a real ledger holds (DuckDB stores strings of up to 12 bytes inline).
ID_MACROS = {
    False: "CREATE TEMP MACRO bench_id(n) AS 'i' || n",
    True: """CREATE TEMP MACRO bench_id(n) AS (
                 SELECT substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-4' || substr(h, 14, 3) || '-8'
                        || substr(h, 18, 3) || '-' || substr(h, 21, 12)
                 FROM (SELECT md5(CAST(n AS VARCHAR)) AS h))""",
}

GENERATE = """
SELECT setseed(0.42);
INSERT INTO item_revisions
SELECT 'r' || i, bench_id(i), 'item-' || i, 'Item ' || i, '', [], '', '', ['t' || (i % 20)], 'question', NULL,
       DATE '2024-01-01' + CAST(i % 300 AS INTEGER), DATE '2024-01-01' + CAST(i % 300 AS INTEGER), 'day', '', '', 1.0,
       TIMESTAMP '2023-01-01', TIMESTAMP '2023-01-01', 'bench'
FROM range($items) t(i);
INSERT INTO resolutions
SELECT 'res' || i, bench_id(i), CASE WHEN i % 50 = 0 THEN 'annulled' WHEN random() < 0.4 THEN 'yes' ELSE 'no' END,
       DATE '2024-01-01' + CAST(i % 300 AS INTEGER) + 100, TIMESTAMP '2024-12-31', 'bench', '', NULL
FROM range($items) t(i);
INSERT INTO forecasts
SELECT 'f' || n, bench_id(n % $items), 'analyst-' || ((n // $items) % $analysts), round(random(), 3),
       TIMESTAMP '2024-01-01' + to_days(CAST(n % 300 AS INTEGER) + CAST(floor(random() * $window) AS INTEGER)),
       TIMESTAMP '2024-01-01', ''
FROM range($forecasts) t(n);
"""


def generate(path: Path, items: int, analysts: int, forecasts: int, window: int, uuid_ids: bool) -> float:
    """Write the ledger in a child process (seconds taken), so this process stays small.

    A child's peak RSS counts its parent's memory at the fork, so a parent that had
    written ten million rows itself would inflate every figure measured after.
    """
    start = time.perf_counter()
    args = [str(path), str(items), str(analysts), str(forecasts), str(window), str(int(uuid_ids))]
    subprocess.run([sys.executable, __file__, "--write-ledger", *args], check=True, env=child_env())
    return time.perf_counter() - start


def write_ledger(path: Path, items: int, analysts: int, forecasts: int, window: int, uuid_ids: bool) -> None:
    from ledger.storage import Store, latest

    path.unlink(missing_ok=True)
    with Store(path).writing() as con:
        con.execute(ID_MACROS[uuid_ids])
        for statement in GENERATE.split(";"):
            if statement.strip():
                params = {k: v for k, v in {"items": items, "analysts": analysts, "forecasts": forecasts,
                                            "window": window}.items() if f"${k}" in statement}  # fmt: skip
                con.execute(statement, params)
        start = time.perf_counter()
        latest.catch_up(con)  # what the end of any write transaction does; timed here
        print(f"  (of which building latest_forecasts from the rows: {time.perf_counter() - start:.1f} s)")


def run_process(args: list[str], repeat: int = 3) -> tuple[float, float, float]:
    """(median wall seconds, peak RSS in MB, median CPU seconds) of a whole child process."""
    times, peaks, cpus = [], [], []
    for _ in range(repeat):
        start = time.perf_counter()
        proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, cwd=ROOT, env=child_env())
        _, status, usage = os.wait4(proc.pid, 0)
        times.append(time.perf_counter() - start)
        peaks.append(usage.ru_maxrss / 1024)
        cpus.append(usage.ru_utime + usage.ru_stime)
        if status:
            raise SystemExit(f"failed: {' '.join(args)}")
    return statistics.median(times), max(peaks), statistics.median(cpus)


def load() -> str:
    return f"load average {os.getloadavg()[0]:.1f}"


BASELINE = """
import sys, duckdb, pandas as pd
from sklearn.metrics import brier_score_loss
from sklearn.calibration import calibration_curve
con = duckdb.connect(sys.argv[1], read_only=True)
f = con.execute("SELECT item_id, analyst, probability, made_at, recorded_at, id FROM forecasts").df()
r = con.execute("SELECT item_id, outcome, known_on FROM resolutions").df()
df = f.merge(r, on="item_id")
df = df[df.outcome.isin(["yes", "no"]) & (df.made_at < pd.to_datetime(df.known_on))]
df = df.sort_values(["made_at", "recorded_at", "id"]).groupby(["item_id", "analyst"]).tail(1)
df["o"] = (df.outcome == "yes").astype(int)
for analyst, g in df.groupby("analyst"):
    brier_score_loss(g.o, g.probability)
    calibration_curve(g.o, g.probability, n_bins=10)
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--small", action="store_true", help="1M forecasts instead of 10M")
    parser.add_argument("--forecasts", type=int, help="this many forecasts instead (e.g. 3000000)")
    parser.add_argument("--no-baseline", action="store_true", help="skip the pandas + scikit-learn run")
    parser.add_argument("--uuid-ids", action="store_true", help="36-character UUID item ids, as real ledgers have")
    parser.add_argument("--db", default="/tmp/fledger-bench-score.duckdb")
    parser.add_argument("--write-ledger", nargs=6, metavar="ARG", help=argparse.SUPPRESS)  # the child's job
    opts = parser.parse_args()
    if opts.write_ledger:
        path, *numbers = opts.write_ledger
        items, analysts, forecasts, window, uuid_ids = (int(x) for x in numbers)
        write_ledger(Path(path), items, analysts, forecasts, window, bool(uuid_ids))
        return
    n = opts.forecasts or (1_000_000 if opts.small else 10_000_000)
    db = Path(opts.db)
    compile_package()
    ids = "UUID" if opts.uuid_ids else "short"
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cpus")
    print(f"generating {n:,} forecasts, 100 analysts, 100,000 items, {ids} item ids:")
    print(f"  {generate(db, 100_000, 100, n, 100, opts.uuid_ids):.1f} s")
    cli = [sys.executable, "-m", "ledger", "--db", str(db), "score"]
    t, rss, cpu = run_process([*cli, "--by", "analyst", "--json"])
    print(f"fledger score --by analyst --json (last, 10 bins): median {t:.2f} s (CPU {cpu:.2f} s), "
          f"peak RSS {rss:.0f} MB, {load()}")  # fmt: skip
    if not opts.no_baseline:
        tb, rssb, cpub = run_process([sys.executable, "-c", BASELINE, str(db)], repeat=1)
        print(f"pandas + scikit-learn baseline (same rows, same ledger): {tb:.2f} s (CPU {cpub:.2f} s), "
              f"peak RSS {rssb:.0f} MB, {load()}")  # fmt: skip
        print(f"ratio baseline / fledger: {tb / t:.1f}x wall, {cpub / cpu:.1f}x CPU")

    tw = Path(str(db).replace(".duckdb", "-tw.duckdb"))
    print("generating 1,000,000 forecasts over 10,000 items, 100-day windows:")
    print(f"  {generate(tw, 10_000, 100, 1_000_000, 100, opts.uuid_ids):.1f} s")
    t, rss, cpu = run_process([sys.executable, "-m", "ledger", "--db", str(tw), "score", "--mode", "time-weighted",
                               "--by", "analyst", "--json"])  # fmt: skip
    print(f"fledger score --mode time-weighted --by analyst: median {t:.2f} s (CPU {cpu:.2f} s), "
          f"peak RSS {rss:.0f} MB, {load()}")  # fmt: skip


if __name__ == "__main__":
    main()
