"""Lossless export/import: every record out, the same records back, nothing twice."""

from __future__ import annotations

import json
import shutil

import pytest

from ledger.errors import Conflict, InvalidValue
from ledger.service import Ledger
from ledger.service.exchange import is_exchange_file
from tests.ledger_builders import varied_ledger
from tests.support import new_ledger, raw_duckdb


@pytest.fixture(scope="module")
def template(tmp_path_factory, ledger_cache):
    return ledger_cache.copy(varied_ledger, tmp_path_factory.mktemp("template") / "varied.duckdb").path


@pytest.fixture(scope="module")
def exported(template, tmp_path_factory):
    """The varied ledger's export, made once; tests that only read it copy it."""
    out = tmp_path_factory.mktemp("exported") / "all.jsonl"
    Ledger(template, analyst="ana").export_jsonl(out)
    return out


@pytest.fixture
def source(template, tmp_path):
    """A fresh copy of the varied ledger (building one takes a second; copying it, a millisecond)."""
    path = tmp_path / "source.duckdb"
    shutil.copyfile(template, path)
    return Ledger(path, analyst="ana")


FILLED = {"forecasts": 6, "item_revisions": 4, "resolutions": 2, "sources": 1, "item_events": 1,
          "scenario_set_revisions": 1, "scenario_outcomes": 3, "scenario_forecasts": 6}  # fmt: skip


def lines(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_export_writes_a_header_then_one_typed_record_a_line(source, tmp_path):
    out = tmp_path / "all.jsonl"
    counts = source.export_jsonl(out)
    assert {t: n for t, n in counts.items() if n} == FILLED
    assert set(counts) >= {"scenario_set_revisions", "scenario_outcomes", "scenario_forecasts", "item_events"}
    header, *records = lines(out)
    assert header["format"] == "fledger" and header["version"] == 1 and header["kind"] == "header"
    assert header["schema"] >= 1 and header["record"]["counts"] == counts
    assert len(records) == sum(counts.values())
    assert {r["kind"] for r in records} == set(FILLED)
    assert all(r["format"] == "fledger" and r["version"] == 1 and r["schema"] == header["schema"] for r in records)
    revision = next(r["record"] for r in records if r["kind"] == "item_revisions" and r["record"]["key"] == "port-done")
    assert revision["tags"] == ["ports", "capex"] and "revision_id" in revision
    assert is_exchange_file(out)


def test_import_into_an_empty_ledger_reproduces_it_exactly(source, tmp_path):
    out = tmp_path / "all.jsonl"
    source.export_jsonl(out)
    target = Ledger(tmp_path / "target.duckdb", analyst="zed")
    added = target.import_jsonl(out)
    assert added == FILLED
    assert target.fingerprint() == source.fingerprint()
    # and the copy behaves like the original
    assert [i.key for i in target.items("all")] == [i.key for i in source.items("all")]
    assert target.item("cpi-june").resolution.outcome == "no"
    assert [f.probabilities for f in target.scenario("tender").forecasts] == [
        f.probabilities for f in source.scenario("tender").forecasts
    ]


def test_importing_the_same_file_twice_adds_nothing(source, tmp_path):
    out = tmp_path / "all.jsonl"
    source.export_jsonl(out)
    target = Ledger(tmp_path / "target.duckdb")
    target.import_jsonl(out)
    before = target.fingerprint()
    assert sum(target.import_jsonl(out).values()) == 0
    assert target.fingerprint() == before
    # importing into the ledger it came from adds nothing either
    fp = source.fingerprint()
    assert sum(source.import_jsonl(out).values()) == 0
    assert source.fingerprint() == fp


def test_two_ledgers_merge_by_uuid(source, tmp_path):
    a = source
    b = new_ledger(tmp_path / "b.duckdb", "cy")
    b.add_item("Separate question", key="separate", deadline="2026")
    b.forecast("separate", "0.2")
    a.export_jsonl(tmp_path / "a.jsonl")
    b.import_jsonl(tmp_path / "a.jsonl")
    assert {i.key for i in b.items("all")} == {"port-done", "cpi-june", "someday", "separate"}


def test_exact_doubles_and_odd_text_survive(tmp_path):
    a = new_ledger(tmp_path / "a.duckdb", "ana")
    a.add_item("Ünïcødé “quotes” \\ back\\slash, tab\tand newline\n", key="odd", statement="emoji 🛰️")
    with a._writing() as con:  # values no parser produces, straight into the table
        con.execute("INSERT INTO forecasts SELECT 'f-odd', item_id, 'ana', 0.1::DOUBLE + 0.2::DOUBLE, "
                    "TIMESTAMP '2025-01-01 00:00:00.123456', TIMESTAMP '2025-01-01 00:00:00.123457', '' "
                    "FROM item_revisions")  # fmt: skip
    a.export_jsonl(tmp_path / "a.jsonl")
    b = Ledger(tmp_path / "b.duckdb")
    b.import_jsonl(tmp_path / "a.jsonl")
    assert b.fingerprint() == a.fingerprint()
    assert b.item("odd").forecasts[0].probability == 0.1 + 0.2


def test_tables_added_later_travel_without_code_changes(source, tmp_path):
    """A table another migration adds is exported, imported and fingerprinted like the others."""
    with source._writing() as con:
        con.execute('CREATE TABLE item_status_events (id VARCHAR, item_id VARCHAR, status VARCHAR, "at" TIMESTAMP)')
        con.execute("INSERT INTO item_status_events VALUES ('e1', 'x', 'paused', TIMESTAMP '2025-03-02 10:00:00')")
    out = tmp_path / "all.jsonl"
    counts = source.export_jsonl(out)
    assert counts["item_status_events"] == 1
    target = Ledger(tmp_path / "target.duckdb")
    with target._store.writing() as con:
        con.execute('CREATE TABLE item_status_events (id VARCHAR, item_id VARCHAR, status VARCHAR, "at" TIMESTAMP)')
    assert target.import_jsonl(out)["item_status_events"] == 1
    assert target.fingerprint() == source.fingerprint()


def test_fingerprint_changes_with_any_record(source):
    before = source.fingerprint()
    source.forecast("someday", "0.5")
    assert source.fingerprint() != before


def test_parquet_export_writes_one_file_per_table(source, tmp_path):
    folder = tmp_path / "pq"
    counts = source.export_parquet(folder)
    con = raw_duckdb()
    for table, n in counts.items():
        assert con.execute(f"SELECT count(*) FROM read_parquet('{folder / table}.parquet')").fetchone()[0] == n
    row = con.execute(f"SELECT probability FROM read_parquet('{folder}/forecasts.parquet') "
                      "WHERE analyst = 'bo' ORDER BY probability LIMIT 1").fetchone()  # fmt: skip
    assert row[0] == pytest.approx(0.123456789012)


def _first(records, kind, **changes):
    """The records with ``changes`` made to the first record of ``kind``."""
    at = next(n for n, x in enumerate(records) if x["kind"] == kind)
    first = {**records[at], "record": {**records[at]["record"], **changes}}
    return [*records[:at], first, *records[at + 1 :]]


def _rewrite(path, edit):
    header, *records = lines(path)
    header, records = edit(header, records)
    path.write_text("".join(json.dumps(x) + "\n" for x in [header, *records]), encoding="utf-8")


@pytest.mark.parametrize(
    ("case", "edit", "message"),
    [
        ("truncated", lambda h, r: (h, r[:-1]), "row counts differ"),
        ("unknown kind", lambda h, r: (h, [*r[:-1], {**r[-1], "kind": "passwords; DROP TABLE forecasts"}]),
         "unknown kind"),
        ("newer schema", lambda h, r: ({**h, "schema": 999}, r), "newer"),
        ("other version", lambda h, r: ({**h, "version": 2}, r), "format version"),
        ("bad probability", lambda h, r: (h, [
            {**x, "record": {**x["record"], "probability": 1.5}} if x["kind"] == "forecasts" else x for x in r]),
         "break the ledger's rules"),
        ("wrong type", lambda h, r: (h, [
            {**x, "record": {**x["record"], "made_at": "yesterday"}} if x["kind"] == "forecasts" else x for x in r]),
         "file:"),
        ("NUL in a text", lambda h, r: (h, _first(r, "forecasts", note="a\x00b")),
         "1 forecasts records hold text with NUL characters"),
        ("NUL in a list", lambda h, r: (h, _first(r, "item_revisions", tags=["ok", "a\x00b"])),
         "1 item_revisions records hold text with NUL characters"),
        ("text over 4 MB", lambda h, r: (h, _first(r, "sources", title="x" * (4 * 1024 * 1024 + 1))),
         "1 sources records hold text with NUL characters or over 4 MB"),
        ("missing identity", lambda h, r: (h, [
            {**x, "record": {k: v for k, v in x["record"].items() if k != "id"}} if x["kind"] == "forecasts" else x
            for x in r]), "lack id"),
    ],
)  # fmt: skip
def test_a_damaged_file_is_refused_and_changes_nothing(exported, tmp_path, case, edit, message):
    out = tmp_path / "all.jsonl"
    shutil.copyfile(exported, out)
    _rewrite(out, edit)
    target = new_ledger(tmp_path / "target.duckdb", None)
    target.add_item("Already here", key="already-here")
    before = target.fingerprint()
    with pytest.raises(InvalidValue, match=message):
        target.import_jsonl(out)
    assert target.fingerprint() == before


def test_an_import_that_would_give_two_items_one_key_is_refused(source, tmp_path):
    out = tmp_path / "all.jsonl"
    source.export_jsonl(out)
    other = new_ledger(tmp_path / "other.duckdb", None)
    other.add_item("Different item, same key", key="someday")
    before = other.fingerprint()
    with pytest.raises(Conflict, match="someday"):
        other.import_jsonl(out)
    assert other.fingerprint() == before
