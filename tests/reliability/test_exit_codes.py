"""Failures outside the user's input still end in one line and a known exit code, never an internal error."""

from __future__ import annotations

import errno
from datetime import date, datetime

import duckdb
import pytest

from ledger.cli import main
from ledger.interop.ics import DeadlineEvent, calendar_bytes
from ledger.service import Ledger
from tests.support import new_ledger


@pytest.fixture
def db(tmp_path, clock, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "ledger.duckdb"
    led = new_ledger(path, "alice", clock=clock)
    led.add_item("Budget vote", key="budget", deadline="2025-12-31")
    return path


def one_line(capsys, argv, code=2):
    got = main(argv)
    _, err = capsys.readouterr()
    assert got == code, err
    assert len(err.strip().splitlines()) == 1 and "internal error" not in err and "Traceback" not in err, err
    return err


def test_a_full_disk_while_writing_the_ledger_is_one_line_and_nothing_written(db, capsys, monkeypatch):
    from ledger.storage import records

    def full(*_args, **_kwargs):
        raise duckdb.IOException('Could not write file "ledger.duckdb.wal": No space left on device')

    monkeypatch.setattr(records, "insert_forecasts", full)
    err = one_line(capsys, ["--db", str(db), "forecast", "budget", "0.4"])
    assert "is full" in err
    assert Ledger(db, "alice").item("budget").forecasts == []


def test_a_full_disk_while_writing_a_report_is_one_line(db, capsys, monkeypatch):
    from ledger.reports import atomic

    def full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", "r.html")

    monkeypatch.setattr(atomic, "write_text", full)
    err = one_line(capsys, ["--db", str(db), "report", "-o", "r.html"])
    assert "No space left on device" in err


def test_an_unwritable_ledger_folder_is_one_line(db, capsys, monkeypatch):
    from ledger.storage import records

    def denied(*_args, **_kwargs):
        raise duckdb.IOException('Cannot open file "ledger.duckdb.wal": Permission denied')

    monkeypatch.setattr(records, "insert_forecasts", denied)
    err = one_line(capsys, ["--db", str(db), "forecast", "budget", "0.4"])
    assert "permission denied" in err


def test_at_far_from_now_is_refused_not_overflowed(db, capsys):
    for at in ("0001-01-01T00:00:00+01:00", "9999-12-31T23:00:00-05:00"):
        assert "at" in one_line(capsys, ["--db", str(db), "forecast", "budget", "0.4", "--at", at])


def test_a_calendar_event_on_the_last_representable_day_does_not_overflow():
    event = DeadlineEvent("id", "k", "t", date(9999, 12, 31), date.max, "9999-12-31", "", "")
    assert b"DTSTART;VALUE=DATE:99991231" in calendar_bytes([event], datetime(2025, 1, 1))
