"""A DuckDB file that is not a fledger ledger is never changed, unless an empty one is made a ledger on request."""

from __future__ import annotations

import hashlib

import pytest

from ledger.cli import main
from ledger.service import Ledger
from tests.support import raw_duckdb


def make(path, *statements):
    con = raw_duckdb(path, write=True)
    for sql in statements:
        con.execute(sql)
    con.close()
    return path


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


FOREIGN = {
    "its own forecasts table": ("CREATE TABLE forecasts (x INTEGER)", "INSERT INTO forecasts VALUES (1)"),
    "notes": ("CREATE TABLE notes (body VARCHAR)",),
    "someone else's migration log": ("CREATE TABLE schema_migrations (version INTEGER, name VARCHAR)",
                                     "INSERT INTO schema_migrations VALUES (1, '20240101_users.sql')"),
}  # fmt: skip
COMMANDS = [["list"], ["forecast", "x", "0.3"], ["item", "add", "Title"], ["export", "out.jsonl"], ["init", "--empty"]]


@pytest.mark.parametrize("case", sorted(FOREIGN))
def test_a_foreign_duckdb_file_is_refused_by_every_command_and_left_untouched(tmp_path, capsys, monkeypatch, case):
    monkeypatch.chdir(tmp_path)
    path = make(tmp_path / "theirs.duckdb", *FOREIGN[case])
    before = digest(path)
    for argv in COMMANDS:
        code = main(["--db", str(path), *argv])
        _, err = capsys.readouterr()
        assert code == 2, f"{argv}: {err}"
        assert ("not a fledger ledger" in err or "tables of its own" in err) and len(err.splitlines()) == 1, err
        assert digest(path) == before, f"{argv} changed the file"
    assert not (tmp_path / "theirs.duckdb.wal").exists()


def test_an_empty_duckdb_file_becomes_a_ledger_only_when_asked(tmp_path, capsys):
    path = make(tmp_path / "empty.duckdb")
    before = digest(path)
    assert main(["--db", str(path), "list"]) == 2
    assert digest(path) == before
    assert main(["--db", str(path), "init", "--empty"]) == 0
    capsys.readouterr()
    assert main(["--db", str(path), "item", "add", "Now a ledger", "--key", "now"]) == 0


def test_ledgers_from_before_the_mark_are_still_recognised(tmp_path):
    from tests.reliability.test_migrations import FIXTURES  # a schema-1 ledger, made by the schema-1 code

    path = tmp_path / "v1.duckdb"
    path.write_bytes((FIXTURES / "ledger_v1.duckdb").read_bytes())
    assert len(Ledger(path, "ana").items("all")) >= 1


def test_processes_racing_to_create_a_ledger_report_one_creation(tmp_path):
    """Only the process that made the file says it did (the others found it made)."""
    path = tmp_path / "new.duckdb"
    first, second = Ledger(path, "a"), Ledger(path, "b")
    assert not path.exists()
    first.items("all")  # creates it (with the seeds) and says so
    second._create()  # what a process that also found the file missing does next
    assert len(first.notices) == 1 and "created a new ledger" in first.notices[0]
    assert second.notices == []
