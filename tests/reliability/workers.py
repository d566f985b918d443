"""Processes the reliability tests start: writers, a reader, a bulk importer.

Run as ``python tests/reliability/workers.py ROLE DB ...``; each prints one JSON
line of figures on stdout when done.  Writers call the CLI in-process, one call
per forecast, exactly as separate ``fledger forecast`` invocations would: each
call opens its own connection, writes one transaction and closes.
"""

from __future__ import annotations

import contextlib
import io
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from ledger.cli import main
from ledger.service import Ledger


def at_the_start_line(go: str, role: str) -> None:
    """Say this process is ready, then wait until ``go`` exists: processes started one after another begin together."""
    ready_file(go, role).touch()
    while not Path(go).exists():
        time.sleep(0.01)


def writer(db: str, key: str, name: str, count: str, go: str = "") -> dict:
    """``count`` forecasts, each its own CLI call; notes are 'NAME-i' so the test can find each one.

    With ``go``, the first call waits until that file exists (``at_the_start_line``)."""
    if go:
        at_the_start_line(go, name)
    failures = []
    for i in range(int(count)):
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(
                ["--db", db, "--analyst", name, "forecast", key, str((i % 99 + 1) / 100), "--note", f"{name}-{i}"]
            )
        if code != 0:
            failures.append([i, code, err.getvalue().strip()])
    return {"role": "writer", "name": name, "calls": int(count), "failures": failures}


def batch_writer(db: str, *files: str) -> dict:
    """Imports each exchange file (many forecasts in one transaction) in turn; ``--go=FILE`` first waits for FILE."""
    if files and files[0].startswith("--go="):
        at_the_start_line(files[0].removeprefix("--go="), "batch_writer")
        files = files[1:]
    failures = []
    for path in files:
        code = main(["--db", db, "import", path])
        if code != 0:
            failures.append([path, code])
    return {"role": "batch_writer", "files": len(files), "failures": failures}


def ready_file(stop_file: str | Path, role: str) -> Path:
    """Written by a watcher once it is running, beside the file that stops it."""
    return Path(f"{stop_file}.{role}-ready")


def reader(db: str, stop_file: str, batch_size: str) -> dict:
    """Polls until ``stop_file`` exists; every poll must see each batch whole or not at all."""
    ledger = Ledger(db, analyst="reader")
    polls, torn, seen_max = 0, [], 0
    size = int(batch_size)
    ready_file(stop_file, "reader").touch()
    while not Path(stop_file).exists():
        with ledger._reading() as con:
            rows = con.execute(
                "SELECT split_part(note, '/', 1) AS batch, count(*) FROM forecasts "
                "WHERE starts_with(note, 'batch-') GROUP BY batch"
            ).fetchall()
            total = con.execute("SELECT count(*) FROM forecasts").fetchone()[0]
        polls += 1
        seen_max = max(seen_max, total)
        torn += [[b, n] for b, n in rows if n != size]
        time.sleep(0.1)
    return {"role": "reader", "polls": polls, "torn": torn, "max_forecasts_seen": seen_max}


def tui(db: str, stop_file: str) -> dict:
    """The terminal UI, headless, watching the ledger (it reloads on every commit) until ``stop_file`` exists."""
    import asyncio
    from contextlib import contextmanager

    from tui.app import FledgerApp

    ledger = Ledger(db, analyst="viewer")
    counts = {"reads": 0, "lock_waits": 0, "errors": []}
    plain_reading = ledger._store.reading

    @contextmanager
    def counted_reading():
        try:
            with plain_reading() as con:
                yield con
            counts["reads"] += 1
        except Exception as exc:
            if type(exc).__name__ == "LockTimeout":
                counts["lock_waits"] += 1
            else:
                counts["errors"].append(f"{type(exc).__name__}: {exc}")
            raise

    ledger._store.reading = counted_reading

    async def main() -> dict:
        app = FledgerApp(ledger, poll_seconds=0.2)
        async with app.run_test(size=(120, 40)) as pilot:
            reloads = 0
            marker = None
            ready_file(stop_file, "tui").touch()
            while not Path(stop_file).exists():
                await pilot.pause(0.2)
                if app.marker != marker:
                    reloads += 1
                    marker = app.marker
            await pilot.pause(0.5)
            alive = app.is_running
        return {"role": "tui", "reloads": reloads, "alive": alive, **counts}

    return asyncio.run(main())


ROLES = {"writer": writer, "batch_writer": batch_writer, "reader": reader, "tui": tui}

if __name__ == "__main__":
    print(json.dumps(ROLES[sys.argv[1]](*sys.argv[2:])), flush=True)
