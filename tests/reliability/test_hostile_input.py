"""Hostile input: whatever is typed or imported, no traceback, exit 2 with one clear line, ledger unchanged."""

from __future__ import annotations

import json
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledger.service import Ledger
from tests.ledger_builders import varied_ledger
from tests.support import run_cli

SQL = [
    "' OR 1=1 --",
    "'; DROP TABLE forecasts; --",
    'x" OR "1"="1',
    "%",
    "_",
    "$as_of",
    "?",
    "1); DELETE FROM sources;--",
]
FORMULAS = ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)", '=HYPERLINK("http://x")']
NASTY = [*SQL, *FORMULAS, "\x00", "a\x00b", "\udcff\udcfe", "\ufeff", "\u202ertl", "x" * 5000, "../../etc/passwd",
         "~/.ssh/id_rsa", "", " ", "\n", "35%%", "1e309", "nan", "-0", "0x1p-2", "٣٥", "2025-02-30", "9999-99-99",
         "by the end of the world", "Q5 2025", "2025-Q0"]  # fmt: skip
text = st.one_of(st.sampled_from(NASTY), st.text(max_size=40), st.text(st.characters(codec="utf-8"), max_size=200))

COMMANDS = {
    "forecast": lambda a, b: ["forecast", a, b],
    "forecast-known-key": lambda a, b: ["forecast", "someday", a, "--at", b],
    "resolve": lambda a, b: ["resolve", a, "yes", "--known-on", b],
    "resolve-known-key": lambda a, b: ["resolve", "someday", a, "--evidence", b],
    "item-add": lambda a, b: ["item", "add", a, "--deadline", b],
    "item-add-key": lambda a, b: ["item", "add", "Title", "--key", a, "--tag", b],
    "item-edit": lambda a, b: ["item", "edit", "someday", "--deadline", a, "--as-of", b],
    "show": lambda a, b: ["show", a],
    "source-show": lambda a, b: ["source", "show", a],
    "list": lambda a, b: ["list", a],
    "due": lambda a, b: ["due", "--within", a],
    "import": lambda a, b: ["import", a],
}
MUTATING = {"forecast", "forecast-known-key", "resolve", "resolve-known-key", "item-add", "item-add-key", "item-edit"}
FIGURES = {"runs": 0, "refused": 0, "accepted": 0}


@pytest.fixture(scope="module")
def template(tmp_path_factory, ledger_cache):
    return ledger_cache.copy(varied_ledger, tmp_path_factory.mktemp("hostile") / "varied.duckdb").path


@pytest.fixture
def db(template, tmp_path, monkeypatch):
    monkeypatch.setenv("FLEDGER_ANALYST", "ana")
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "ledger.duckdb"
    shutil.copyfile(template, path)
    return path


def check_refusal(code, err, before, after):
    assert code in (0, 2), f"exit {code}: {err}"
    assert "Traceback" not in err and "internal error" not in err, err
    if code == 2:
        lines = [line for line in err.splitlines() if not line.startswith("fledger: created")]
        assert len(lines) == 1 and lines[0].startswith("fledger"), err
        assert after == before, "a refused command changed the ledger"


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_fuzzed_arguments_never_crash_and_refusals_change_nothing(db, capsys, command):
    state = {"fp": Ledger(db).fingerprint()}

    @settings(max_examples=8, deadline=None, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])  # fmt: skip
    @given(a=text, b=text)
    def attempt(a, b):
        code, _, err = run_cli(*["--db", str(db), *COMMANDS[command](a, b)])
        after = Ledger(db).fingerprint() if command in MUTATING or code == 2 else state["fp"]
        check_refusal(code, err, state["fp"], after)
        FIGURES["runs"] += 1
        FIGURES["refused" if code == 2 else "accepted"] += 1
        state["fp"] = after

    attempt()


@pytest.mark.parametrize("value", NASTY)
def test_every_nasty_value_in_every_filter_is_bound_not_run(db, capsys, value):
    before = Ledger(db).fingerprint()
    for argv in (["show", value], ["source", "show", value], ["forecast", value, "0.5"], ["item", "edit", value,
                 "--title", "x"], ["resolve", value, "no"]):  # fmt: skip
        code, _, err = run_cli(*["--db", str(db), *argv])
        assert code == 2, (argv, err)
        check_refusal(code, err, before, before)
    assert Ledger(db).fingerprint() == before


@pytest.mark.parametrize(
    "target",
    ["no/such/folder/out.jsonl", "a\x00b.jsonl", ".", "y" * 300 + ".jsonl", "\udcff/x.jsonl"],
)
def test_export_targets_that_cannot_be_written_are_refused(db, capsys, target):
    before = Ledger(db).fingerprint()
    for argv in (["export", target], ["export", "--ics", target], ["export", "--parquet", target + "/deep/deeper"]):
        code, _, err = run_cli(*["--db", str(db), *argv])
        assert code == 2, (argv, err)
        check_refusal(code, err, before, Ledger(db).fingerprint())


def test_export_names_with_quotes_and_sql_are_just_names(db, tmp_path, capsys):
    name = tmp_path / "it's'); DROP TABLE forecasts; --.jsonl"
    code, _, err = run_cli(*["--db", str(db), "export", str(name), "--parquet", str(tmp_path / "p'q")])
    assert code == 0, err
    assert name.exists() and (tmp_path / "p'q" / "forecasts.parquet").exists()
    assert Ledger(db).items("all")


@pytest.mark.parametrize(
    "db_path", ["a\x00b.duckdb", "x" * 300 + ".duckdb", "\udcff.duckdb", "", ".", "../", "no/such/x.duckdb"]
)
def test_db_path_tricks_are_refused(tmp_path, monkeypatch, capsys, db_path):
    monkeypatch.chdir(tmp_path)
    code, _, err = run_cli(*["--db", db_path, "list"])
    assert code == 2, err
    check_refusal(code, err, None, None)
    assert list(tmp_path.iterdir()) == []


# --- hostile import files -------------------------------------------------------------


@pytest.fixture(scope="module")
def exchange_text(template, tmp_path_factory):
    """The export of the ledger every test starts from (each test's ledger is a copy of it), made once."""
    out = tmp_path_factory.mktemp("hostile-export") / "good.jsonl"
    Ledger(template).export_jsonl(out)
    return out.read_text()


def _forecast_with(lines, **changes):
    header, *records = lines
    first = next(i for i, r in enumerate(records) if r["kind"] == "forecasts")
    records[first] = {**records[first], "record": {**records[first]["record"], **changes, "id": "new-id"}}
    return [header, *records]


HOSTILE_FILES = {
    "empty": lambda lines: b"",
    "invalid utf-8": lambda lines: b"\xff\xfe\x00garbage\n",
    "nul bytes": lambda lines: json.dumps(lines[0]).encode() + b"\n\x00\x00\x00\n",
    "not json": lambda lines: json.dumps(lines[0]).encode() + b"\n{not json\n",
    "huge field": lambda lines: _dump(_forecast_with(lines, note="x" * 5_000_000)),
    "nul in text": lambda lines: _dump(_forecast_with(lines, note="a\u0000b")),
    "formula cell": lambda lines: _dump(_forecast_with(lines, probability="=1+1")),
    "sql in value": lambda lines: _dump(_forecast_with(lines, analyst="x'); DROP TABLE forecasts; --", probability=7)),
    "array instead of object": lambda lines: json.dumps(lines[0]).encode() + b"\n[1, 2, 3]\n",
    "header only, lying counts": lambda lines: json.dumps(lines[0]).encode() + b"\n",
}


def _dump(lines):
    return "".join(json.dumps(x) + "\n" for x in lines).encode()


@pytest.mark.parametrize("case", sorted(HOSTILE_FILES))
def test_hostile_exchange_files_are_refused_with_one_line(db, exchange_text, tmp_path, capsys, case):
    path = tmp_path / "hostile.jsonl"
    path.write_bytes(HOSTILE_FILES[case]([json.loads(line) for line in exchange_text.splitlines()]))
    before = Ledger(db).fingerprint()
    code, _, err = run_cli(*["--db", str(db), "import", str(path)])
    assert code == 2, err
    check_refusal(code, err, before, Ledger(db).fingerprint())
