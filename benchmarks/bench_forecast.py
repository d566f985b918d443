"""CLI start-to-exit timing on a large ledger: `fledger forecast` and `fledger list --due`.

Builds (once, then reuses) a ledger of 100k items and 1M forecasts with SQL,
then runs the CLI as a whole process several times and prints median and p90.
Target (docs/benchmarks.md): `forecast` median <= 0.35 s on a 2-core machine.

    python benchmarks/bench_forecast.py [--db PATH] [--runs 15] [--items N] [--forecasts N]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.processes import child_env, compile_package
from ledger.storage.synthetic import build_synthetic_ledger, synthetic_key


def ensure_ledger(path: Path, items: int, forecasts: int) -> None:
    marker = path.with_name(path.name + f".{items}x{forecasts}.ok")
    if path.exists() and marker.exists():
        print(f"reusing {path}")
        return
    for stale in (path, path.with_name(path.name + ".wal")):
        stale.unlink(missing_ok=True)
    start = time.perf_counter()
    build_synthetic_ledger(path, items=items, forecasts=forecasts)
    marker.touch()
    size = path.stat().st_size / 2**20
    print(
        f"built {path}: {items:,} items, {forecasts:,} forecasts, {size:.0f} MiB in {time.perf_counter() - start:.1f} s"
    )


def time_runs(args: list[str], runs: int, env: dict[str, str]) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "ledger", *args], cwd=ROOT, env=env,
                              capture_output=True, text=True, check=False)  # fmt: skip
        times.append(time.perf_counter() - start)
        if done.returncode != 0:
            sys.exit(f"failed ({done.returncode}): fledger {' '.join(args)}\n{done.stderr}")
    return times


def report(label: str, times: list[float]) -> None:
    ordered = sorted(times)
    p90 = ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]
    print(f"{label:<34} median {statistics.median(times):.3f} s  p90 {p90:.3f} s  "
          f"min {ordered[0]:.3f} s  (n={len(times)})")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path(tempfile.gettempdir()) / "fledger-bench-100k.duckdb")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--forecasts", type=int, default=1_000_000)
    opts = parser.parse_args()

    ensure_ledger(opts.db, opts.items, opts.forecasts)
    compile_package()
    env = child_env(FLEDGER_ANALYST="bench")
    key = synthetic_key(opts.items // 2)
    db = ["--db", str(opts.db)]
    time_runs([*db, "forecast", key, "35%"], 1, env)  # warm the page cache
    report(f"forecast {key} 35%", time_runs([*db, "forecast", key, "35%"], opts.runs, env))
    report("list --due", time_runs([*db, "list", "--due"], max(3, opts.runs // 3), env))
    report("python -c pass (interpreter floor)", [
        t for t in (time_runs_python(env) for _ in range(5))
    ])  # fmt: skip


def time_runs_python(env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], env=env, check=True)
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
