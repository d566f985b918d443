"""kill -9 at random moments: the ledger always reopens and holds all of a bulk write or none of it."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ledger.service import Ledger
from ledger.storage.turns import lock_path
from tests.reliability.exchange_files import forecast_batch
from tests.support import raw_duckdb

# Sized to prove the property: the import runs long enough (tens of milliseconds at least) for a
# kill to land inside it, and the kill moments are spread over the whole write and its commit.
ROWS = 20_000
TRIALS = 8  # per import path; both paths together make 16 kills
WORKERS = Path(__file__).with_name("workers.py")


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    folder = tmp_path_factory.mktemp("crash")
    db = folder / "base.duckdb"
    ledger = Ledger(db, analyst="setup")
    ledger.init(empty=True)
    item = ledger.add_item("Bulk target", key="bulk-target")
    ledger.forecast("bulk-target", "0.5", note="before")
    exchange = forecast_batch(folder / "bulk.jsonl", item.id, "bulk", ROWS)
    csv = folder / "bulk.csv"
    lines = ["item,analyst,probability,made_at,note"] + [
        f"bulk-target,csv{i % 7},{(i % 99 + 1) / 100},2025-03-01T12:00:00Z,csvbulk" for i in range(ROWS)
    ]
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return {"db": db, "exchange": exchange, "csv": csv}


def counts(db: Path) -> tuple[int, int]:
    """(rows written by the bulk import, rows written before it) after reopening the ledger."""
    Ledger(db).fingerprint()  # reopens through fledger: replays the WAL, checks the schema
    con = raw_duckdb(db)
    try:
        bulk = con.execute("SELECT count(*) FROM forecasts WHERE note LIKE 'bulk/%' OR note = 'csvbulk'").fetchone()[0]
        before = con.execute("SELECT count(*) FROM forecasts WHERE note = 'before'").fetchone()[0]
    finally:
        con.close()
    return bulk, before


def holds_turn(db: Path, pid: int, timeout: float = 20.0) -> bool:
    """Wait until process ``pid`` holds the ledger's write turn (it writes its PID in the lock file)."""
    lock = lock_path(db)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if lock.read_text().strip() == str(pid):
                return True
        except OSError:
            pass
        time.sleep(0.002)
    return False


def command(db: Path, kind: str, files: dict) -> list[str]:
    argv = [sys.executable, "-m", "ledger", "--db", str(db), "--analyst", "crash", "import"]
    return argv + ([str(files["exchange"])] if kind == "exchange" else [str(files["csv"]), "--kind", "forecasts"])


@pytest.mark.parametrize("kind", ["exchange", "csv"])
def test_a_bulk_import_killed_at_random_moments_is_all_or_nothing(base, tmp_path, kind):
    rng = random.Random(f"{kind}-kills")
    # one undisturbed run: it must succeed, and the time it holds the file sets the range of kill moments
    full = tmp_path / "full.duckdb"
    shutil.copyfile(base["db"], full)
    proc = subprocess.Popen(command(full, kind, base), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    assert holds_turn(full, proc.pid)
    t0 = time.monotonic()
    _, err = proc.communicate()
    duration = time.monotonic() - t0  # from taking the write turn to exit: the transaction and its commit
    assert proc.returncode == 0, err
    assert counts(full) == (ROWS, 1)

    outcomes = {"all": 0, "none": 0}
    for trial in range(TRIALS):
        db = tmp_path / f"trial{trial}.duckdb"
        shutil.copyfile(base["db"], db)
        proc = subprocess.Popen(command(db, kind, base), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        holds_turn(db, proc.pid)  # the kill lands while the import is writing (or committing)
        time.sleep(rng.uniform(0.0, 1.2) * duration)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        bulk, before = counts(db)
        assert before == 1, f"trial {trial}: an earlier forecast was lost"
        assert bulk in (0, ROWS), f"trial {trial}: {bulk} of {ROWS} rows after kill -9"
        outcomes["all" if bulk else "none"] += 1
        for leftover in db.parent.glob(f"{db.name}*"):
            leftover.unlink()
    print(f"\ncrash ({kind}): {TRIALS} kills within {duration:.2f} s writes of {ROWS} rows: "
          f"{outcomes['all']} kept all, {outcomes['none']} kept none, 0 partial")  # fmt: skip


def test_a_writer_killed_mid_stream_loses_only_what_it_had_not_committed(tmp_path):
    """Stands for a TUI killed mid-write: each saved forecast is its own transaction, like the TUI's."""
    db = tmp_path / "ledger.duckdb"
    ledger = Ledger(db, analyst="setup")
    ledger.init(empty=True)
    ledger.add_item("Stream target", key="stream")
    rng = random.Random("writer-kills")
    for trial in range(3):
        proc = subprocess.Popen([sys.executable, str(WORKERS), "writer", str(db), "stream", f"k{trial}", "10000"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        assert holds_turn(db, proc.pid), "the writer never got to write"
        time.sleep(rng.uniform(0.05, 0.6))  # a few forecasts in, at a random point of one
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        con_notes = {f.note for f in Ledger(db).item("stream").forecasts if f.note.startswith(f"k{trial}-")}
        written = len(con_notes)
        # what was committed is a prefix: forecast i exists for every i below the count, none beyond
        assert con_notes == {f"k{trial}-{i}" for i in range(written)}
