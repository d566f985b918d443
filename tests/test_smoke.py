"""The installed command runs end to end on a fresh ledger."""

import json
import subprocess
import sys


def test_fresh_ledger_lists_the_seed_items(tmp_path):
    db = tmp_path / "ledger.duckdb"
    done = subprocess.run(
        [sys.executable, "-m", "ledger", "--db", str(db), "list", "--all", "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    keys = {row["key"] for row in json.loads(done.stdout)}
    assert {"sber-china-ai-report", "sber-china-joint-rd", "brics-ai-network-launch"} <= keys
    assert "created a new ledger" in done.stderr
