"""No output path replaces the ledger's own files, and a bundle never replaces files it did not write."""

from __future__ import annotations

import hashlib
import os

import pytest

from ledger.service import Ledger
from ledger.storage.turns import lock_path
from tests.support import new_ledger, run_cli


@pytest.fixture
def db(tmp_path, monkeypatch, clock):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "ledger.duckdb"
    led = new_ledger(path, "alice", clock=clock)
    led.add_item("Budget vote", deadline="2025-12-31", key="budget")
    monkeypatch.setenv("FLEDGER_DB", str(path))
    return path


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def aliases(db, tmp_path):
    """The ledger, its WAL and its lock, each by its own name, a symbolic link and a hard link."""
    wal = db.with_name(db.name + ".wal")
    wal.write_bytes(b"")
    names = {"ledger": db, "wal": wal, "lock": lock_path(db)}
    lock_path(db).parent.mkdir(parents=True, exist_ok=True)
    lock_path(db).touch()
    out = dict(names)
    for label, target in names.items():
        link = tmp_path / f"link-to-{label}"
        link.symlink_to(target)
        out[f"symlink to {label}"] = link
    hard = tmp_path / "hard-link-to-ledger"
    os.link(db, hard)
    out["hard link to ledger"] = hard
    return out


WRITERS = {
    "export": lambda p: ["export", str(p)],
    "export --ics": lambda p: ["export", "--ics", str(p)],
    "report html": lambda p: ["report", "-o", str(p), "--format", "html"],
    "report csv": lambda p: ["report", "-o", str(p), "--format", "csv"],
    "report md": lambda p: ["report", "-o", str(p), "--format", "md"],
    "scenario export": lambda p: ["scenario", "export", "-o", str(p)],
}


@pytest.mark.parametrize("writer", WRITERS)
def test_no_writer_replaces_the_ledger_its_wal_or_its_lock(db, tmp_path, capsys, writer):
    for label, path in aliases(db, tmp_path).items():
        before = digest(db)
        code, _, err = run_cli(*WRITERS[writer](path))
        assert code == 2, f"{writer} over {label}: exit {code} {err}"
        assert "ledger's own files" in err and len(err.strip().splitlines()) == 1, err
        assert digest(db) == before, f"{writer} over {label} changed the ledger"
    assert run_cli("list", "--all")[0] == 0


def test_markdown_charts_beside_a_report_do_not_replace_the_ledger(db, tmp_path, capsys):
    # a report named 'ledger.md' would put its charts at 'ledger-reliability.svg'
    (tmp_path / "r-reliability.svg").symlink_to(db)
    code, _, err = run_cli("report", "-o", str(tmp_path / "r.md"))
    assert code == 2 and "ledger's own files" in err


def test_parquet_export_does_not_replace_a_ledger_named_like_a_table(tmp_path, capsys, clock, monkeypatch):
    path = tmp_path / "items.parquet"
    Ledger(path, "alice", clock=clock).init(empty=True)
    before = digest(path)
    code, _, err = run_cli("--db", str(path), "export", "--parquet", str(tmp_path))
    assert code == 2 and "ledger's own files" in err
    assert digest(path) == before


def test_a_bundle_into_a_folder_of_other_files_is_refused_and_they_are_kept(db, tmp_path, capsys):
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "report.html").write_text("my own page")
    (folder / "todo.txt").write_text("mine")
    code, _, err = run_cli("report", "--bundle", str(folder))
    assert code == 2 and "todo.txt" in err
    assert (folder / "report.html").read_text() == "my own page"


def test_a_bundle_may_replace_an_earlier_bundle(db, tmp_path, capsys):
    folder = tmp_path / "audit"
    assert run_cli("report", "--bundle", str(folder))[0] == 0
    assert run_cli("report", "--bundle", str(folder))[0] == 0
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        ["report.html", "report.json", "scored_rows.csv", "query.sql", "manifest.json"]
    )


def test_a_bundle_at_a_dangling_link_is_refused(db, tmp_path, capsys):
    link = tmp_path / "dangling"
    link.symlink_to(tmp_path / "nowhere")
    code, _, err = run_cli("report", "--bundle", str(link))
    assert code == 2 and "link to nothing" in err and "Traceback" not in err
    assert not (tmp_path / "nowhere").exists()


def test_an_upgrade_backup_never_follows_a_link_planted_at_its_name(tmp_path, capsys):
    from tests.reliability.test_migrations import FIXTURES

    path = tmp_path / "ledger.duckdb"
    path.write_bytes((FIXTURES / "ledger_v1.duckdb").read_bytes())
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    (tmp_path / "ledger.duckdb.v1.bak").symlink_to(victim)
    code, _, err = run_cli("--db", str(path), "list", "--all")
    assert code == 0, err
    assert victim.read_text() == "keep me"
    assert (tmp_path / "ledger.duckdb.v1.1.bak").read_bytes() == (FIXTURES / "ledger_v1.duckdb").read_bytes()


def test_a_parquet_export_does_not_write_through_a_planted_link(db, tmp_path, capsys):
    folder = tmp_path / "parquet"
    folder.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    (folder / "forecasts.parquet").symlink_to(victim)
    code, _, err = run_cli("export", "--parquet", str(folder))
    assert code == 2 and "not links" in err
    assert victim.read_text() == "keep me"
