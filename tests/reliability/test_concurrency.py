"""A TUI open, many writers at once: nothing lost, no reader sees half a transaction; a lock wait gives up cleanly."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from ledger.service import Ledger
from tests.reliability.exchange_files import forecast_batch
from tests.reliability.workers import ready_file
from tests.support import raw_duckdb

WORKERS = Path(__file__).with_name("workers.py")
# Sized to prove the property, not to load the machine.  The writers and the importer wait at a start
# line until all of them are running, so their calls contend for the ledger from the first call to the
# last whatever the machine's load (without it, a writer that starts late on a busy machine can find the
# others done, and only a large count made overlap likely); the test checks that the writes interleaved.
# Every call interleaves with the others', the importer's batches and the TUI's reloads, and more calls
# only repeat the same interleavings.  The reader and the TUI poll for as long as the writing lasts, so
# their cost grows with the count.
WRITERS, PER_WRITER = 4, 12
BATCHES, BATCH_SIZE = 3, 20


# What this test proves is that no write is lost and no reader sees half of one, not how long a turn takes:
# on a machine busy with other work a writer's turn can come after more than the 10 s default, so the
# workers wait longer (the lock-timeout test below checks the give-up on its own).
LOCK_TIMEOUT = "180"


def start(*args: str) -> subprocess.Popen:
    env = {**os.environ, "FLEDGER_LOCK_TIMEOUT": LOCK_TIMEOUT}
    return subprocess.Popen([sys.executable, str(WORKERS), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env)  # fmt: skip


def wait_until_ready(stop: Path, *roles: str, timeout: float = 60) -> None:
    """The watchers are running (a TUI takes a second or two to start) before any writer begins."""
    give_up = time.monotonic() + timeout
    while not all(ready_file(stop, role).exists() for role in roles):
        assert time.monotonic() < give_up, f"{roles} did not start within {timeout} s"
        time.sleep(0.05)


def finish(proc: subprocess.Popen, timeout: float = 600) -> dict:
    out, err = proc.communicate(timeout=timeout)
    assert proc.returncode == 0, err[-2000:]
    return json.loads(out.strip().splitlines()[-1])


def test_four_writers_a_bulk_importer_and_a_reader_at_once(tmp_path):
    db = str(tmp_path / "ledger.duckdb")
    ledger = Ledger(db, analyst="setup")
    ledger.init(empty=True)
    keys = [f"item-{n}" for n in range(WRITERS)]
    for key in keys:
        ledger.add_item(f"Question {key}", key=key)
    batch_item = ledger.add_item("Batch target", key="batch-target").id
    batches = [str(forecast_batch(tmp_path / f"b{n}.jsonl", batch_item, f"batch-{n}", BATCH_SIZE))
               for n in range(BATCHES)]  # fmt: skip
    stop = tmp_path / "stop"

    reader = start("reader", db, str(stop), str(BATCH_SIZE))
    viewer = start("tui", db, str(stop))
    wait_until_ready(stop, "reader", "tui")
    go = tmp_path / "go"
    writers = [start("writer", db, key, f"w{n}", str(PER_WRITER), str(go)) for n, key in enumerate(keys)]
    bulk = start("batch_writer", db, f"--go={go}", *batches)
    wait_until_ready(go, *(f"w{n}" for n in range(WRITERS)), "batch_writer")
    started = time.monotonic()
    go.touch()
    results = [finish(w) for w in writers]
    bulk_result = finish(bulk)
    elapsed = time.monotonic() - started
    stop.touch()
    seen = finish(reader)
    shown = finish(viewer)

    assert [r["failures"] for r in results] == [[]] * WRITERS, "no writer call may fail"
    assert bulk_result["failures"] == []
    assert seen["polls"] > 0 and seen["torn"] == [], "a reader saw part of a transaction"
    assert shown["alive"] and shown["errors"] == [], "the TUI kept working"
    assert shown["reads"] > 1 and shown["reloads"] > 1, "the TUI reloaded as others wrote"
    con = raw_duckdb(db)
    try:
        notes = {
            r[0] for r in con.execute("SELECT note FROM forecasts WHERE NOT starts_with(note, 'batch-')").fetchall()
        }
        batch_rows = con.execute("SELECT count(*) FROM forecasts WHERE starts_with(note, 'batch-')").fetchone()[0]
        order = [r[0] for r in con.execute("SELECT analyst FROM forecasts ORDER BY recorded_at").fetchall()]
    finally:
        con.close()
    expected = {f"w{n}-{i}" for n in range(WRITERS) for i in range(PER_WRITER)}
    assert notes == expected, f"lost {len(expected - notes)} forecasts"
    assert batch_rows == BATCHES * BATCH_SIZE
    turns = sum(a != b for a, b in itertools.pairwise(order))  # how often the next write was another process's
    # five writing processes one after another change hands 4 times: more means their writes interleaved
    assert turns > WRITERS, f"the writers took turns only {turns} times: they did not write at once"
    print(f"\nconcurrency: {len(notes)} single forecasts + {batch_rows} in batches written in {elapsed:.1f} s, "
          f"0 lost; reader polls {seen['polls']}, torn 0; TUI reloads {shown['reloads']}, reads {shown['reads']}, "
          f"lock waits {shown['lock_waits']}, errors 0; the writer changed {turns} times")  # fmt: skip


HOLDER = "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('ready', flush=True); time.sleep(60)"


def test_a_writer_that_cannot_get_the_lock_exits_3_naming_the_holder(tmp_path):
    db = tmp_path / "ledger.duckdb"
    ledger = Ledger(db, analyst="ana")
    ledger.init(empty=True)
    ledger.add_item("Held question", key="held")
    before = ledger.fingerprint()
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "ready"
        env = {**os.environ, "FLEDGER_LOCK_TIMEOUT": "1", "FLEDGER_ANALYST": "ana"}
        t0 = time.monotonic()
        done = subprocess.run([sys.executable, "-m", "ledger", "--db", str(db), "forecast", "held", "0.4"],
                              capture_output=True, text=True, env=env, timeout=60, check=False)  # fmt: skip
        waited = time.monotonic() - t0
    finally:
        holder.kill()
        holder.wait()
    assert done.returncode == 3, done.stderr
    assert f"PID {holder.pid}" in done.stderr and "FLEDGER_LOCK_TIMEOUT" in done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert 1.0 <= waited < 10
    assert done.stdout == ""
    assert Ledger(db).fingerprint() == before, "nothing was written"
