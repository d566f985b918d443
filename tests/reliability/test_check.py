"""'fledger check' finds every row breaking a rule; '--hide' makes an old, damaged ledger readable again."""

from __future__ import annotations

import json
import shutil

import pytest

from ledger.service import Ledger
from tests.ledger_builders import varied_ledger
from tests.reliability.reads import every_read_works
from tests.support import raw_duckdb, run_cli

# Rows that slipped in before the rules were enforced, written as the file allowed them then.
DAMAGE = [
    (
        "INSERT INTO forecasts SELECT 'bad-forecast', item_id, '', probability, TIMESTAMP '0001-01-01', recorded_at, note "
        "FROM forecasts LIMIT 1"
    ),
    (
        "INSERT INTO item_revisions SELECT 'bad-revision', item_id, key, title, statement, actors, quote, criteria, "
        "['a;b'], kind, source_id, DATE '2025-12-31', DATE '2025-01-01', 'fortnight', deadline_phrase, deadline_rule, "
        "deadline_confidence, created_at, recorded_at + INTERVAL 1 DAY, recorded_by FROM item_revisions "
        "WHERE key = 'cpi-june' ORDER BY recorded_at DESC LIMIT 1"
    ),
    (
        "INSERT INTO scenario_forecasts SELECT 'bad-vector', set_id, outcome_id, 0.9, analyst, made_at, "
        "recorded_at + INTERVAL 1 SECOND, note FROM scenario_forecasts WHERE analyst = 'ana'"
    ),
]
EXPECTED = {
    ("forecasts", "bad-forecast", "analyst"), ("forecasts", "bad-forecast", "made_at"),
    ("item_revisions", "bad-revision", "tags"), ("item_revisions", "bad-revision", "deadline_precision"),
    ("item_revisions", "bad-revision", "deadline_earliest..deadline_latest"),
    ("scenario_forecasts", "bad-vector", "probability"),
}  # fmt: skip


@pytest.fixture(scope="module")
def template(tmp_path_factory, ledger_cache):
    """The varied ledger (built once per test process, shared with other modules); tests copy it."""
    return ledger_cache.copy(varied_ledger, tmp_path_factory.mktemp("check") / "varied.duckdb").path


@pytest.fixture
def damaged(template, tmp_path):
    path = tmp_path / "damaged.duckdb"
    shutil.copyfile(template, path)
    con = raw_duckdb(path, write=True)
    for sql in DAMAGE:
        con.execute(sql)
    con.close()
    return path


def test_a_sound_ledger_passes(template, tmp_path, capsys):
    path = tmp_path / "sound.duckdb"
    shutil.copyfile(template, path)
    code, out, _ = run_cli("--db", str(path), "check")
    assert code == 0 and "every row keeps the ledger's rules" in out


def test_check_lists_every_broken_row_with_its_table_and_id(damaged, capsys):
    code, out, _ = run_cli("--db", str(damaged), "check", "--json")
    assert code == 1
    found = {(r["table"], r.get("id") or r.get("revision_id"), r["field"]) for r in json.loads(out)["broken"]}
    assert found == EXPECTED
    code, out, _ = run_cli("--db", str(damaged), "check")
    assert code == 1 and "forecasts id=bad-forecast" in out and "3 rows break the ledger's rules (6 problems)" in out


def test_hiding_makes_every_reader_work_again_and_deletes_nothing(damaged, tmp_path, capsys):
    assert run_cli("--db", str(damaged), "show", "cpi-june")[0] == 2  # what the damage did
    code, out, _ = run_cli("--db", str(damaged), "check", "--hide", "--reason", "written before the rules")
    assert code == 0 and "hid 3 broken rows with 3 corrections" in out
    assert run_cli("--db", str(damaged), "check")[0] == 0
    every_read_works(damaged, tmp_path / "out", capsys)
    con = raw_duckdb(damaged)
    try:  # the rows are still in the file, beside their corrections
        assert con.execute("SELECT count(*) FROM forecasts WHERE id = 'bad-forecast'").fetchone()[0] == 1
        assert con.execute("SELECT count(*) FROM row_corrections").fetchone()[0] == 3
    finally:
        con.close()
    # the item reads as its last sound revision; a correction is one more record in an export
    detail = Ledger(damaged, "ana").item("cpi-june")
    assert detail.item.deadline is not None and detail.item.deadline.precision == "day"


def test_an_export_of_a_corrected_ledger_imports_cleanly(damaged, tmp_path, capsys):
    run_cli("--db", str(damaged), "check", "--hide")
    out = tmp_path / "e.jsonl"
    assert run_cli("--db", str(damaged), "export", str(out))[0] == 0
    fresh = tmp_path / "fresh.duckdb"
    code, _, err = run_cli("--db", str(fresh), "import", str(out))
    assert code == 0, err
    assert run_cli("--db", str(fresh), "check")[0] == 0


def test_after_hiding_writes_work_on_the_corrected_items(damaged, capsys):
    run_cli("--db", str(damaged), "check", "--hide")
    for argv in (["forecast", "cpi-june", "0.3"], ["item", "edit", "cpi-june", "--title", "Inflation under 3%"],
                 ["scenario", "forecast", "tender", "0.3", "0.3", "0.4"]):  # fmt: skip
        code, _, err = run_cli("--db", str(damaged), "--analyst", "ana", *argv)
        assert code == 0, f"{argv}: {err}"
    detail = Ledger(damaged, "ana").item("cpi-june")
    assert detail.item.title == "Inflation under 3%" and detail.forecasts[-1].probability == 0.3
    assert run_cli("--db", str(damaged), "check")[0] == 0
