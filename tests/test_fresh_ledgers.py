"""``tests.support.new_ledger``: the copied ledger most tests start from is the one ``init`` makes."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from ledger.service import Ledger
from tests.support import NOW, Clock, new_ledger, raw_duckdb


def _tables(path: Path) -> dict[str, tuple[list[tuple[str, str]], int]]:
    """Each table's columns and row count."""
    con = raw_duckdb(path)
    try:
        names = [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()]
        return {
            name: (
                con.execute(
                    "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ? "
                    "ORDER BY ordinal_position",
                    [name],
                ).fetchall(),
                con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0],
            )
            for name in names
        }
    finally:
        con.close()


@pytest.mark.parametrize("empty", [True, False], ids=["empty", "seeded"])
def test_a_copy_is_what_init_makes(tmp_path: Path, empty: bool) -> None:
    made_clock, copied_clock = (Clock(NOW, step=timedelta(seconds=1)) for _ in range(2))
    made = Ledger(tmp_path / "made.duckdb", "ana", clock=made_clock)
    made.init(empty=empty)
    copied = new_ledger(tmp_path / "copied.duckdb", "ana", clock=copied_clock, empty=empty)
    assert _tables(copied.path) == _tables(made.path)
    assert copied.fingerprint() == made.fingerprint()
    assert copied_clock.now == made_clock.now, "the clock ends where init leaves it"
    # and the next record gets the same time in both (its id is random, so not the same fingerprint)
    times = []
    for ledger in (made, copied):
        ledger.add_item("Next question", key="next")
        con = raw_duckdb(ledger.path)
        try:
            times.append(con.execute("SELECT recorded_at FROM item_revisions WHERE key = 'next'").fetchall())
        finally:
            con.close()
    assert times[0] == times[1] != []


def test_a_copy_is_made_only_where_no_file_is(tmp_path: Path) -> None:
    (tmp_path / "there.duckdb").write_bytes(b"")
    with pytest.raises(FileExistsError):
        new_ledger(tmp_path / "there.duckdb", "ana")
