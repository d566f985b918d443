"""The ledger file: migrations, refusals that leave it untouched, lock retry, bad locations."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from ledger.errors import LedgerFileError, LockTimeout
from ledger.service import Ledger
from ledger.storage import Store, migrations
from tests.support import raw_duckdb

ROOT = Path(__file__).resolve().parents[2]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def version_of(path: Path) -> int:
    con = raw_duckdb(path)
    try:
        return migrations.schema_version(con)
    finally:
        con.close()


# --- migrations -------------------------------------------------------------------------------


def test_a_new_file_has_every_migration_applied(db_path: Path) -> None:
    with Store(db_path).writing():
        pass
    count = len(list((ROOT / "ledger" / "storage" / "migrations").glob("[0-9][0-9][0-9]_*.sql")))
    assert count >= 1
    assert version_of(db_path) == count == len(migrations.migration_scripts())
    con = raw_duckdb(db_path)
    names = [r[0] for r in con.execute("SELECT name FROM schema_migrations ORDER BY version").fetchall()]
    con.close()
    assert names == [name for name, _ in migrations.migration_scripts()]


def test_a_ledger_newer_than_the_code_is_refused_untouched(ledger: Ledger, db_path: Path) -> None:
    item = ledger.add_item("Will it rain?", deadline="2025-07-01")
    con = raw_duckdb(db_path, write=True)
    con.execute("INSERT INTO schema_migrations VALUES (999, '999_future.sql', now())")
    con.close()
    before = sha256(db_path)
    fresh = Ledger(db_path, "alice")
    for attempt in (lambda: fresh.items("all"), lambda: fresh.forecast(item.key, "0.4"), lambda: fresh.init()):
        with pytest.raises(LedgerFileError, match=r"schema version .* upgrade fledger"):
            attempt()
    assert sha256(db_path) == before


def test_upgrade_writes_a_backup_first(ledger: Ledger, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ledger.add_item("Will it rain?", deadline="2025-07-01")
    old_version = version_of(db_path)
    before = sha256(db_path)
    real = migrations.migration_scripts()
    monkeypatch.setattr(migrations, "migration_scripts",
                        lambda: [*real, ("999_test_extra.sql", "CREATE TABLE test_extra (x INTEGER);")])  # fmt: skip
    assert [s.key for s in ledger.items("all")] == ["it-rain"]  # reading upgrades too
    backup = migrations.backup_path(db_path, old_version)
    assert backup.exists()
    assert sha256(backup) == before
    assert version_of(backup) == old_version
    monkeypatch.undo()
    assert len(migrations.migration_scripts()) == old_version
    con = raw_duckdb(db_path)
    assert migrations.schema_version(con) == old_version + 1
    assert con.execute("SELECT count(*) FROM test_extra").fetchone() == (0,)
    con.close()


def test_a_failed_upgrade_leaves_the_old_schema(ledger: Ledger, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    old_version = version_of(db_path)
    real = migrations.migration_scripts()
    monkeypatch.setattr(migrations, "migration_scripts", lambda: [*real, ("999_bad.sql", "CREATE TABLE oops (")])
    with pytest.raises(Exception), Store(db_path).writing():  # noqa: B017 - any failure; what matters is what is left
        pass
    monkeypatch.undo()
    assert version_of(db_path) == old_version


def test_upgrade_from_the_first_migration(tmp_path: Path) -> None:
    scripts = migrations.migration_scripts()
    assert len(scripts) >= 2, "the upgrade path needs a second migration"
    path = tmp_path / "v1.duckdb"
    con = raw_duckdb(path, write=True)
    con.execute("CREATE TABLE schema_migrations (version INTEGER, name VARCHAR, applied_at TIMESTAMP)")
    con.execute(scripts[0][1])
    con.execute("INSERT INTO schema_migrations VALUES (1, ?, now())", [scripts[0][0]])
    con.close()
    Ledger(path, "alice").items("all")
    assert migrations.backup_path(path, 1).exists()
    assert version_of(path) == len(scripts)


# --- locking ----------------------------------------------------------------------------------


@pytest.fixture
def held_lock(ledger: Ledger, db_path: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process holding the ledger read-write until the test ends."""
    code = textwrap.dedent(f"""
        import sys, duckdb
        con = duckdb.connect({str(db_path)!r})
        print("ready", flush=True)
        sys.stdin.read()
    """)
    proc = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    yield proc
    proc.communicate("")


def test_lock_wait_runs_out_naming_the_holder(held_lock: subprocess.Popen[str], db_path: Path) -> None:
    with pytest.raises(LockTimeout) as info, Store(db_path, lock_timeout=0.3).writing():
        pass
    assert f"PID {held_lock.pid}" in str(info.value)
    assert info.value.exit_code == 3


def test_cli_exits_3_when_the_lock_wait_runs_out(
    held_lock: subprocess.Popen[str], db_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from ledger.cli import main

    monkeypatch.setenv("FLEDGER_LOCK_TIMEOUT", "0.3")
    assert main(["--db", str(db_path), "list", "--all"]) == 3
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and f"PID {held_lock.pid}" in err[0] and "FLEDGER_LOCK_TIMEOUT" in err[0]


def test_a_lock_released_in_time_is_waited_for(ledger: Ledger, db_path: Path) -> None:
    code = f"import duckdb, time; c = duckdb.connect({str(db_path)!r}); print('ready', flush=True); time.sleep(0.4)"
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    ledger._store.lock_timeout = 20
    ledger.add_item("Waited for the lock")
    proc.wait()
    assert [s.key for s in ledger.items("all")] == ["waited-lock"]


# --- bad files and locations --------------------------------------------------------------------


def test_a_file_that_is_not_duckdb_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.duckdb"
    path.write_bytes(b"these are my notes, not a ledger\n" * 200)
    before = sha256(path)
    with pytest.raises(LedgerFileError, match="not a DuckDB ledger file"):
        Ledger(path, "alice").items("all")
    with pytest.raises(LedgerFileError, match="not a DuckDB ledger file"):
        Ledger(path, "alice").add_item("x")
    assert sha256(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.duckdb"]


def test_a_folder_given_as_the_ledger_is_refused(tmp_path: Path) -> None:
    with pytest.raises(LedgerFileError, match="not a file"):
        Ledger(tmp_path, "alice").items("all")


def test_a_missing_folder_is_not_created(tmp_path: Path) -> None:
    path = tmp_path / "missing" / "ledger.duckdb"
    with pytest.raises(LedgerFileError, match="does not exist"):
        Ledger(path, "alice").init()
    assert not path.parent.exists()


def test_the_default_location_folder_is_created(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    led = Ledger(None, "alice")
    assert led.path.is_relative_to(tmp_path / "xdg")
    led.init(empty=True)
    assert led.path.is_file()


def test_fledger_db_environment_variable_is_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLEDGER_DB", str(tmp_path / "env.duckdb"))
    assert Ledger(None, "alice").path == tmp_path / "env.duckdb"
    assert Ledger(tmp_path / "flag.duckdb", "alice").path == tmp_path / "flag.duckdb"


def test_a_read_only_file_refuses_writes_but_can_be_read(ledger: Ledger, db_path: Path) -> None:
    ledger.add_item("Will it rain?")
    os.chmod(db_path, 0o444)
    try:
        before = sha256(db_path)
        with pytest.raises(LedgerFileError, match="read-only"):
            ledger.forecast("it-rain", "35%")
        assert [s.key for s in ledger.items("all")] == ["it-rain"]
        assert sha256(db_path) == before
    finally:
        os.chmod(db_path, 0o644)


def test_a_read_only_folder_refuses_a_new_ledger(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    os.chmod(folder, 0o555)
    try:
        with pytest.raises(LedgerFileError, match="read-only"):
            Ledger(folder / "ledger.duckdb", "alice").init()
        assert list(folder.iterdir()) == []
    finally:
        os.chmod(folder, 0o755)
