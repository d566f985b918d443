"""A checkpoint killed while it rewrote a metadata block in place: the next open mends the file from the journal.

The damage is made by hand, as a kill -9 in the middle of DuckDB's 256 KiB write leaves it: the
transaction is committed in the WAL, the journal is on disk, and the first half of one metadata
block holds other bytes while its second half still holds the old.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ledger.errors import LedgerFileError
from ledger.service import Ledger
from ledger.storage import checkpoints
from tests.support import raw_duckdb


def committed_but_not_checkpointed(ledger: Ledger, rows: int) -> None:
    """Commit ``rows`` forecasts to the WAL the way the ledger's own writer does, then stop before the checkpoint."""
    con = raw_duckdb(ledger.path, hold_checkpoints=True)
    try:
        con.execute(
            "INSERT INTO forecasts (id, item_id, analyst, probability, made_at, recorded_at, note) "
            "SELECT 'bulk' || i, item_id, 'bulk', 0.5, made_at, recorded_at, 'bulk' FROM forecasts, range(?) t(i)",
            [rows],
        )
        checkpoints._write_journal(ledger.path, checkpoints._blocks_at_risk(con))
    finally:
        con.close()  # never checkpoints: the process "dies" here


def tear(path: Path, offset: int, length: int) -> None:
    """The first half of a block rewritten with other bytes and the rest left, as a write cut short leaves it."""
    with open(path, "r+b") as f:
        f.seek(offset)
        f.write(bytes(range(256)) * (length // 2 // 256))


def forecast_count(path: Path) -> int:
    con = raw_duckdb(path)
    try:
        return int(con.execute("SELECT count(*) FROM forecasts").fetchone()[0])
    finally:
        con.close()


@pytest.fixture
def one_forecast(ledger: Ledger) -> Ledger:
    ledger.add_item("Target", key="target")
    ledger.forecast("target", "0.4")
    return ledger


@pytest.mark.parametrize("block", ["first", "last"])
@pytest.mark.parametrize("opened_by", ["writer", "reader"])
def test_a_torn_metadata_block_is_put_back_and_the_wal_replayed(one_forecast: Ledger, block: str,
                                                                opened_by: str) -> None:  # fmt: skip
    path = one_forecast.path
    committed_but_not_checkpointed(one_forecast, 1000)
    journal = checkpoints._read_journal(checkpoints.journal_path(path))
    assert journal is not None and len(journal) >= 2  # the header and at least one metadata block
    offset, data = journal[1] if block == "first" else journal[-1]
    tear(path, offset, len(data))
    with pytest.raises(Exception, match="checksum"):  # what DuckDB alone makes of it: the ledger is lost
        forecast_count(path)

    if opened_by == "writer":
        one_forecast.forecast("target", "0.6")
        expected = 1 + 1000 + 1
    else:
        assert len(one_forecast.item("target").forecasts) == 1 + 1000
        expected = 1 + 1000
    assert forecast_count(path) == expected
    assert not checkpoints.journal_path(path).exists()


def test_a_journal_of_a_finished_checkpoint_is_dropped_and_the_file_left_alone(one_forecast: Ledger) -> None:
    path = one_forecast.path
    con = raw_duckdb(path, hold_checkpoints=True)
    try:
        con.execute("CHECKPOINT")  # nothing to move: the WAL is empty after the ledger's own writes
        checkpoints._write_journal(path, checkpoints._blocks_at_risk(con))
    finally:
        con.close()
    one_forecast.forecast("target", "0.6")  # the journal's bytes would undo the last checkpoint: never used
    assert not checkpoints.journal_path(path).exists()
    assert [f.probability for f in one_forecast.item("target").forecasts] == [0.4, 0.6]


def test_every_write_leaves_no_wal_and_no_journal(one_forecast: Ledger) -> None:
    path = one_forecast.path
    for p in ("0.5", "0.6", "0.7"):
        one_forecast.forecast("target", p)
        assert not checkpoints.journal_path(path).exists()
        wal = checkpoints.wal_path(path)
        assert not wal.exists() or wal.stat().st_size == 0


def test_a_damaged_journal_is_never_written_into_the_ledger(one_forecast: Ledger) -> None:
    path = one_forecast.path
    committed_but_not_checkpointed(one_forecast, 10)
    journal = checkpoints.journal_path(path)
    body = bytearray(journal.read_bytes())
    body[len(checkpoints.MAGIC) + 40] ^= 0xFF
    journal.write_bytes(bytes(body))
    before = path.read_bytes()
    checkpoints.recover(path)
    assert path.read_bytes() == before and not journal.exists()
    assert forecast_count(path) == 1 + 10


def test_the_journal_is_one_of_the_ledgers_own_files(one_forecast: Ledger, tmp_path: Path) -> None:
    target = checkpoints.journal_path(one_forecast.path)
    with pytest.raises(Exception, match="ledger's own files"):
        one_forecast.export_jsonl(target)
    assert not target.exists()


def test_a_read_only_ledger_with_a_torn_block_is_reported_in_one_line(one_forecast: Ledger) -> None:
    path = one_forecast.path
    committed_but_not_checkpointed(one_forecast, 10)
    offset, data = checkpoints._read_journal(checkpoints.journal_path(path))[1]  # type: ignore[index]
    tear(path, offset, len(data))
    path.chmod(0o444)
    try:
        with pytest.raises(LedgerFileError) as refused:
            one_forecast.item("target")
        assert "\n" not in str(refused.value) and str(path) in str(refused.value)
    finally:
        path.chmod(0o644)
