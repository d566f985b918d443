"""Time ``fledger report`` as whole processes over a ledger with 1M scored forecasts.

Usage: python benchmarks/bench_report.py [--forecasts N] [--keep DIR]

Builds the ledger with bulk SQL (items x analysts, one forecast each, every item
resolved), then runs ``python -m ledger report`` once per format and prints the
wall time of each process.  Figures go in docs/benchmarks.md ("Reports").
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.processes import child_env, compile_package


def build(path: Path, n_forecasts: int) -> None:
    import duckdb

    from ledger.service import Ledger
    from ledger.storage import Store

    Ledger(path, "bench").init(empty=True)
    analysts = 200
    items = max(1, n_forecasts // analysts)
    con = duckdb.connect(str(path))
    con.execute(
        """
        INSERT INTO item_revisions
        SELECT uuid()::VARCHAR, 'i' || lpad(i::VARCHAR, 8, '0'), 'item-' || i, 'Item ' || i, '', [], '', '',
               ['t' || (i % 7)], 'question', NULL, DATE '2024-01-01' + (i % 700)::INTEGER,
               DATE '2024-01-01' + (i % 700)::INTEGER, 'day', NULL, NULL, 1.0,
               TIMESTAMP '2023-06-01', TIMESTAMP '2023-06-01', 'bench'
        FROM range($n) t(i)""",
        {"n": items + 50},
    )  # 50 items stay open
    con.execute(
        """
        INSERT INTO resolutions
        SELECT uuid()::VARCHAR, 'i' || lpad(i::VARCHAR, 8, '0'), CASE WHEN hash(i) % 2 = 0 THEN 'yes' ELSE 'no' END,
               DATE '2024-01-01' + (i % 700)::INTEGER, TIMESTAMP '2026-01-01', 'bench', '', NULL
        FROM range($n) t(i)""",
        {"n": items},
    )
    con.execute(
        """
        INSERT INTO forecasts
        SELECT uuid()::VARCHAR, 'i' || lpad(i::VARCHAR, 8, '0'), 'analyst-' || a,
               round((hash(i * 1000 + a) % 1000) / 1000.0, 3), TIMESTAMP '2023-07-01' + to_days((a % 30)::INTEGER),
               TIMESTAMP '2023-07-01', ''
        FROM range($items) t(i), range($analysts) s(a)""",
        {"items": items, "analysts": analysts},
    )
    con.close()
    with Store(path).writing():
        pass  # a write transaction ends by building the derived tables from the rows above


def run(db: Path, *args: str) -> float:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "ledger", "--db", str(db), "report", *args], cwd=ROOT,
                          env=child_env(), capture_output=True, text=True, check=False)  # fmt: skip
    took = time.perf_counter() - started
    if done.returncode:
        raise SystemExit(f"report failed: {done.stderr.strip()}")
    return took


def stages(db: Path) -> None:
    """Where an HTML report's time goes, step by step, in one process."""
    from ledger.reports import charts
    from ledger.service import Ledger

    ledger = Ledger(db, "bench")
    steps = [
        ("score (all)", lambda: ledger.score()),
        ("score (by month)", lambda: ledger.score(by="month")),
        ("scored rows CSV + fingerprint", lambda: ledger.scored_csv()),
        ("open items", lambda: ledger.items("open")),
        ("charts (incl. matplotlib import)", lambda: charts.reliability(overall["groups"][0]["bins"] or [])),
    ]
    print("steps of an HTML report, in one process:")
    overall = None
    for label, step in steps:
        started = time.perf_counter()
        value = step()
        print(f"  {label:<34} {time.perf_counter() - started:6.2f} s")
        if label == "score (all)":
            overall = value.to_json()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--forecasts", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, help="Folder to build the ledger in and keep (reused if present).")
    parser.add_argument("--stages", action="store_true", help="Also time each step of a report in one process.")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="fledger-bench-report-"))
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / f"bench-{args.forecasts}.duckdb"
    if not db.exists():
        started = time.perf_counter()
        build(db, args.forecasts)
        print(f"built {db.name} in {time.perf_counter() - started:.1f} s")
    out = folder / "out"
    out.mkdir(exist_ok=True)
    compile_package()
    print(f"fledger report over {args.forecasts:,} scored forecasts ({os.cpu_count()} cores), whole process:")
    for label, extra in [
        ("html", ["-o", str(out / "r.html")]),
        ("html --by analyst", ["-o", str(out / "r.html"), "--by", "analyst"]),
        ("md", ["-o", str(out / "r.md")]),
        ("json", ["-o", str(out / "r.json")]),
        ("csv", ["-o", str(out / "r.csv")]),
        ("bundle", ["--bundle", str(out / "bundle")]),
    ]:
        print(f"  {label:<20} {run(db, *extra):6.2f} s")
    if args.stages:
        stages(db)


if __name__ == "__main__":
    main()
