"""Ledgers made by released schema versions open with the current code; newer ones are refused untouched."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from ledger.errors import LedgerFileError
from ledger.service import Ledger
from ledger.storage import latest, migrations, records
from tests.support import raw_duckdb

FIXTURES = Path(__file__).parent.parent / "fixtures"
CORE = {"sources": "id", "item_revisions": "revision_id", "forecasts": "id", "resolutions": "id"}
# the fixture's counts (tests/fixtures/make_ledger_v1.py)
V1_COUNTS = {"sources": 2, "item_revisions": 4, "forecasts": 5, "resolutions": 2}


def core_rows(path: Path) -> dict[str, list[tuple]]:
    con = raw_duckdb(path)
    try:
        return {t: con.execute(f"SELECT * FROM {t} ORDER BY {key}").fetchall() for t, key in CORE.items()}
    finally:
        con.close()


def schema_version(path: Path) -> int:
    con = raw_duckdb(path)
    try:
        return migrations.schema_version(con)
    finally:
        con.close()


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def v1(tmp_path):
    path = tmp_path / "ledger.duckdb"
    shutil.copyfile(FIXTURES / "ledger_v1.duckdb", path)
    return path


def test_the_v1_fixture_is_what_its_script_says():
    path = FIXTURES / "ledger_v1.duckdb"
    assert schema_version(path) == 1
    assert {t: len(rows) for t, rows in core_rows(path).items()} == V1_COUNTS


def _fake_next_migration(monkeypatch):
    """The current scripts plus one more, as a later release would ship."""
    real = migrations.migration_scripts()
    extra = ("999_probe.sql", "CREATE TABLE probe_events (id VARCHAR NOT NULL, note VARCHAR NOT NULL);")
    monkeypatch.setattr(migrations, "migration_scripts", lambda: [*real, extra])
    return len(real) + 1


def _check_upgrade(v1: Path, expected_version: int) -> None:
    before = core_rows(v1)
    original = sha(v1)
    ledger = Ledger(v1, analyst="ana")
    assert {s.key for s in ledger.items("all")} == {"rail-link-opens", "rate-cut-q1", "open-ended"}
    assert schema_version(v1) == expected_version
    backup = v1.with_name("ledger.duckdb.v1.bak")
    assert backup.exists(), "a backup is written beside the ledger before upgrading"
    assert sha(backup) == original and schema_version(backup) == 1
    after = core_rows(v1)
    for table, rows in before.items():
        width = len(rows[0])  # a later migration may add columns; the old ones must be intact
        assert [r[:width] for r in after[table]] == rows, table
    detail = ledger.item("rate-cut-q1")
    assert detail.resolution.outcome == "no" and detail.resolution.supersedes == detail.resolutions[0].id
    assert len(ledger.item("rail-link-opens").revisions) == 2
    # the derived table scores read was built from the upgraded history, and is used
    con = raw_duckdb(v1)
    try:
        stored = con.execute("SELECT * FROM latest_forecasts ORDER BY item_id, analyst").fetchall()
        rebuilt = con.execute(
            f"SELECT * FROM ({latest.LATEST_SQL}) ORDER BY item_id, analyst", {"as_of": records.FAR_FUTURE}
        ).fetchall()
        assert stored == rebuilt and len(stored) > 0
        assert latest.usable(con, records.FAR_FUTURE)
    finally:
        con.close()
    assert "latest_forecasts" in ledger.score(by="analyst").sql


def test_opening_a_v1_ledger_upgrades_it_in_place_after_a_backup(v1, monkeypatch):
    """Proves the upgrade path whatever the current version is, by adding one migration."""
    _check_upgrade(v1, _fake_next_migration(monkeypatch))


def test_the_current_code_opens_the_v1_ledger(v1):
    current = len(migrations.migration_scripts())
    assert current > 1, "schema 1 is no longer the current one"
    _check_upgrade(v1, current)


@pytest.mark.parametrize("operation", ["read", "write"])
def test_a_ledger_from_a_newer_version_is_refused_untouched(v1, operation):
    con = raw_duckdb(v1, write=True)
    newer = len(migrations.migration_scripts()) + 1  # the version is the number of applied migrations
    con.execute("INSERT INTO schema_migrations SELECT v, printf('%03d_future.sql', v), TIMESTAMP '2030-01-01' "
                "FROM range(2, ? + 1) AS t(v)", [newer])  # fmt: skip
    con.close()
    original = sha(v1)
    files = sorted(p.name for p in v1.parent.iterdir())
    ledger = Ledger(v1, analyst="ana")
    with pytest.raises(LedgerFileError, match="schema version"):
        if operation == "read":
            ledger.items("all")
        else:
            ledger.forecast("open-ended", "0.5")
    assert sha(v1) == original
    assert sorted(p.name for p in v1.parent.iterdir()) == files, "no backup, no WAL"


def test_a_read_only_ledger_behind_the_code_is_refused_with_the_reason(v1):
    original = sha(v1)
    v1.chmod(0o444)
    try:
        with pytest.raises(LedgerFileError, match="read-only, so it cannot be upgraded"):
            Ledger(v1).items("all")
    finally:
        v1.chmod(0o644)
    assert sha(v1) == original and not v1.with_name("ledger.duckdb.v1.bak").exists()
