"""FLEDGER_THREADS: how many threads DuckDB may use; a bad value is refused in one line, and scores do not depend on it."""

from __future__ import annotations

import math

import duckdb
import pytest

from ledger.service import Ledger
from ledger.storage.connection import connect
from ledger.storage.synthetic import build_synthetic_ledger
from tests.support import run_cli


def threads_in_use(path) -> int:
    with connect(path, write=False, timeout=5) as con:
        return int(con.execute("SELECT current_setting('threads')").fetchone()[0])


def test_the_setting_caps_duckdbs_threads_and_unset_leaves_duckdbs_default(ledger, monkeypatch):
    monkeypatch.setenv("FLEDGER_THREADS", "3")
    assert threads_in_use(ledger.path) == 3
    monkeypatch.setenv("FLEDGER_THREADS", " 1 ")
    assert threads_in_use(ledger.path) == 1
    monkeypatch.delenv("FLEDGER_THREADS")
    default = duckdb.connect().execute("SELECT current_setting('threads')").fetchone()[0]
    assert threads_in_use(ledger.path) == int(default)


@pytest.mark.parametrize("value", ["0", "-1", "two", "1.5", "٣", "100000"])
def test_a_bad_value_is_one_line_exit_2_and_changes_nothing(ledger, monkeypatch, value):
    ledger.add_item("Held question", key="held")
    before = ledger.fingerprint()
    monkeypatch.setenv("FLEDGER_THREADS", value)
    ran = run_cli("--db", ledger.path, "forecast", "held", "0.4")
    assert ran.code == 2
    assert ran.err.count("\n") == 1 and "Traceback" not in ran.err
    assert "FLEDGER_THREADS" in ran.err and "whole number of threads" in ran.err
    monkeypatch.delenv("FLEDGER_THREADS")
    assert ledger.fingerprint() == before


def test_scores_do_not_depend_on_the_thread_count(tmp_path, monkeypatch):
    """Enough forecasts for DuckDB to split the work (two row groups), scored on one thread and on its default."""
    path = tmp_path / "many.duckdb"
    build_synthetic_ledger(path, items=3_000, forecasts=150_000, analysts=6)
    reports = {}
    for threads in ("1", ""):
        monkeypatch.setenv("FLEDGER_THREADS", threads)
        ledger = Ledger(path, "analyst-1")
        reports[threads] = [ledger.score(mode=mode, by="analyst", bins=10) for mode in ("last", "all", "time-weighted")]
    for one, default in zip(reports["1"], reports[""], strict=True):
        assert len(one.groups) == len(default.groups) > 1
        for a, b in zip(one.groups, default.groups, strict=True):
            assert a.group == b.group and a.n_forecasts == b.n_forecasts and a.n_items == b.n_items
            for name in ("brier", "log_loss", "base_rate", "brier_skill"):
                x, y = getattr(a, name), getattr(b, name)
                assert (x is None and y is None) or math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-12), name
