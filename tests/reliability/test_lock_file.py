"""The turn lock: kept where only the user can write, never followed through a link, never truncated."""

from __future__ import annotations

import fcntl
import os
import shutil
import stat
import subprocess
import sys

import pytest

from ledger.cli import main
from ledger.service import Ledger
from ledger.storage.turns import lock_folder, lock_path


@pytest.fixture
def db(tmp_path, monkeypatch, clock):
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path / "run"))
    (tmp_path / "run").mkdir(mode=0o700)
    path = tmp_path / "ledger.duckdb"
    led = Ledger(path, "alice", clock=clock)
    led.init(empty=True)
    led.add_item("Budget vote", key="budget")
    return path


def forecast(capsys, db, p="0.4"):
    code = main(["--db", str(db), "forecast", "budget", p])
    _out, err = capsys.readouterr()
    return code, err


def n_forecasts(db):
    return len(Ledger(db, "alice").item("budget").forecasts)


def test_the_lock_lives_in_a_private_folder_of_the_user(db, capsys):
    assert forecast(capsys, db)[0] == 0
    folder, lock = lock_folder(), lock_path(db)
    assert lock.parent == folder and folder.is_relative_to(db.parent / "run")
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700 and folder.stat().st_uid == os.geteuid()
    assert stat.S_IMODE(lock.stat().st_mode) == 0o600


def test_a_link_planted_at_the_lock_path_is_not_followed(db, tmp_path, capsys):
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"precious" * 1000)
    lock_path(db).unlink(missing_ok=True)
    lock_path(db).symlink_to(victim)
    code, err = forecast(capsys, db)
    assert code == 0, err
    assert victim.read_bytes() == b"precious" * 1000
    assert n_forecasts(db) == 1


def test_a_lock_folder_planted_as_a_link_is_not_used(db, tmp_path, capsys):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.rmtree(lock_folder())
    lock_folder().symlink_to(elsewhere)
    assert forecast(capsys, db)[0] == 0
    assert list(elsewhere.iterdir()) == [], "nothing is created through the planted link"


def test_a_lock_folder_others_can_write_is_made_private(db, capsys):
    os.chmod(lock_folder(), 0o777)
    assert forecast(capsys, db)[0] == 0
    assert stat.S_IMODE(lock_folder().stat().st_mode) == 0o700


def test_the_lock_file_is_rewritten_in_place_not_truncated(db, capsys):
    lock_path(db).write_bytes(b"1" * 20 + b"tail kept")
    assert forecast(capsys, db)[0] == 0
    data = lock_path(db).read_bytes()
    assert data.endswith(b"tail kept") and data[:20].strip() == str(os.getpid()).encode()


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another user needs root")
def test_a_lock_file_of_another_user_held_by_them_locks_nobody_out(db, capsys, monkeypatch):
    lock = lock_path(db)
    lock.write_bytes(b"1")
    os.chown(lock, 65534, 65534)
    holder = os.open(lock, os.O_RDONLY)
    fcntl.flock(holder, fcntl.LOCK_EX)  # "held by PID 1", for good
    monkeypatch.setenv("FLEDGER_LOCK_TIMEOUT", "0.3")
    try:
        code, err = forecast(capsys, db)
    finally:
        os.close(holder)
    assert code == 0, err
    assert lock.read_bytes() == b"1" and lock.stat().st_uid == 65534
    assert n_forecasts(db) == 1


def test_a_held_turn_times_out_with_exit_3_and_the_asked_for_seconds(db, capsys, monkeypatch):
    assert forecast(capsys, db)[0] == 0  # creates the lock file
    holder = os.open(lock_path(db), os.O_RDWR)
    os.write(holder, b"4242".ljust(20))
    fcntl.flock(holder, fcntl.LOCK_EX)
    monkeypatch.setenv("FLEDGER_LOCK_TIMEOUT", "0.25")
    try:
        code, err = forecast(capsys, db, "0.6")
    finally:
        os.close(holder)
    assert code == 3
    assert "held by PID 4242" in err and "gave up after 0.25 s" in err and len(err.splitlines()) == 1
    assert n_forecasts(db) == 1


def test_readers_share_the_turn(db, capsys):
    """A reader holding its turn does not stop another reader (flock shared locks)."""
    from ledger.storage.turns import taking_turn

    with taking_turn(db, exclusive=False, timeout=0.2), taking_turn(db, exclusive=False, timeout=0.2) as left:
        assert left > 0


def test_storage_imports_and_works_without_fcntl(db, tmp_path):
    """As on Windows: no fcntl module at all."""
    code = (
        "import sys; sys.modules['fcntl'] = None\n"
        "from ledger.service import Ledger\n"
        f"led = Ledger({str(db)!r}, 'bob')\n"
        "led.forecast('budget', 0.3)\n"
        "print(len(led.item('budget').forecasts))\n"
    )
    env = {**os.environ, "XDG_RUNTIME_DIR": str(tmp_path / "run")}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "1"
