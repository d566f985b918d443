"""One DuckDB instance per process: each operation attaches the ledger and lets it go again, and threads share it."""

from __future__ import annotations

import contextlib
import os
import threading

import duckdb
import pytest

from ledger.errors import LockTimeout
from ledger.storage import Store, connection, engine
from ledger.storage.engine_settings import engine_config


def attached_names() -> set[str]:
    instance = engine._instance(engine_config())
    rows = instance.execute("SELECT database_name FROM duckdb_databases() WHERE NOT internal").fetchall()
    return {name for (name,) in rows} - {"memory"}


def test_every_operation_lets_the_file_go_even_when_it_fails(ledger):
    ledger.add_item("Budget vote", key="budget")
    ledger.forecast("budget", "0.4")
    ledger.item_view("budget")
    with pytest.raises(ValueError), ledger._store.writing() as con:
        con.execute("UPDATE item_revisions SET title = 'half-written'")  # undone: the transaction is rolled back
        raise ValueError("the caller's failure")
    with pytest.raises(duckdb.CatalogException), ledger._store.reading() as con:
        con.execute("SELECT * FROM no_such_table")
    assert attached_names() == set()
    assert ledger.item("budget").item.title == "Budget vote"


def test_what_one_operation_leaves_in_temp_is_gone_for_the_next(ledger):
    with ledger._store.reading() as con:
        con.execute("CREATE TEMP TABLE scratch AS SELECT 1 AS x")
    with ledger._store.reading() as con:
        assert con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'scratch'").fetchone()[0] == 0


def test_readers_in_two_threads_read_at_once(ledger):
    ledger.add_item("Budget vote", key="budget")
    both_in = threading.Barrier(2, timeout=10)
    counts: list[int] = []

    def read() -> None:
        with ledger._store.reading() as con:
            both_in.wait()  # each holds the file attached while the other attaches it too
            counts.append(con.execute("SELECT count(*) FROM item_revisions").fetchone()[0])

    threads = [threading.Thread(target=read) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert counts == [1, 1]


def test_without_turns_a_thread_waits_for_another_threads_write_then_names_this_process(ledger, monkeypatch):
    """Where no turn lock can be had, DuckDB's own refusal paces two threads of one process."""

    @contextlib.contextmanager
    def no_turns(path, *, exclusive, timeout):
        yield timeout

    monkeypatch.setattr(connection, "taking_turn", no_turns)
    holding, done = threading.Event(), threading.Event()

    def hold_the_file() -> None:
        with ledger._store.writing():
            holding.set()
            done.wait(10)

    writer = threading.Thread(target=hold_the_file)
    writer.start()
    try:
        assert holding.wait(10)
        busy = rf"held by PID {os.getpid()} .*gave up after 0.3 s"
        with pytest.raises(LockTimeout, match=busy), Store(ledger.path, lock_timeout=0.3).reading():
            pass
    finally:
        done.set()
        writer.join()
    with Store(ledger.path, lock_timeout=0.3).reading() as con:  # let go: the next reader gets it at once
        assert con.execute("SELECT count(*) FROM item_revisions").fetchone()[0] == 0
