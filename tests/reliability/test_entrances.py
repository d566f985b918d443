"""Every entrance applies the ledger's rules: what would make the ledger unreadable is refused at the door.

One table of hostile values per entrance (the command line, CSV/JSONL import, exchange import,
Fatebook and PredictionBook imports, scenario files, the config file).  Each is refused with
exit 2 and one line and the ledger keeps its fingerprint (so every read command works as
before; ``test_exchange_property`` checks the reads after whatever an import accepts).
"""

from __future__ import annotations

import json
import shutil

import pytest

from ledger.cli import main
from ledger.service import Ledger
from tests.ledger_builders import varied_ledger


@pytest.fixture(scope="module")
def template(tmp_path_factory, ledger_cache):
    """The varied ledger (built once per test process, shared with other modules) and its export; tests copy them."""
    folder = tmp_path_factory.mktemp("entrances")
    ledger_cache.copy(varied_ledger, folder / "varied.duckdb").export_jsonl(folder / "varied.jsonl")
    return folder


@pytest.fixture
def db(template, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "ledger.duckdb"
    shutil.copyfile(template / "varied.duckdb", path)
    return path


def refused(capsys, db, argv, *, field=None):
    before = Ledger(db, "checker").fingerprint()
    code = main(["--db", str(db), *argv])
    _, err = capsys.readouterr()
    assert code == 2, f"exit {code}: {err}"
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err and "internal error" not in err, err
    if field:
        assert field in err, err
    assert Ledger(db, "checker").fingerprint() == before, "a refused command changed the ledger"
    return err


# --- the command line ---------------------------------------------------------------

CLI = {
    "year 0001 --at with an offset": (["forecast", "someday", "0.3", "--at", "0001-01-01T00:00:00+01:00"], "at"),
    "year 9999 --at": (["forecast", "someday", "0.3", "--at", "9999-12-31T23:59:59-01:00"], "at"),
    "year 1800 deadline": (["item", "add", "Old", "--deadline", "1800-01-01"], "deadline"),
    "year 9999 deadline": (["item", "add", "Far", "--deadline", "9999-12-31"], "deadline"),
    "year 0000 known-on": (["resolve", "someday", "yes", "--known-on", "0000-01-01"], "known-on"),
    "tag with the separator": (["item", "add", "Tagged", "--tag", "a;b"], "tag"),
    "blank analyst": (["--analyst", "   ", "forecast", "someday", "0.3"], None),
    "5000-character analyst": (["--analyst", "a" * 5000, "forecast", "someday", "0.3"], "analyst"),
    "analyst with an escape": (["--analyst", "x\x1b]52;c;aGk=\x07", "forecast", "someday", "0.3"], "analyst"),
}


@pytest.mark.parametrize("case", sorted(CLI))
def test_command_line(db, capsys, case):
    argv, field = CLI[case]
    if case == "blank analyst":  # a blank flag falls back to the configured name, as before
        code = main(["--db", str(db), *argv])
        capsys.readouterr()
        assert code == 0
        return
    refused(capsys, db, argv, field=field)


# --- CSV and JSONL imports ---------------------------------------------------------

CSV = {
    "year 0000 deadline": ("items", "key,title,deadline\nzero,Zero,0000-01-01\n", "deadline"),
    "year 2500 deadline": ("items", "key,title,deadline\nfar,Far,2500-01-01\n", "deadline"),
    "NUL in a title": ("items", 'key,title,deadline\nnul,"Nu\x00l",2026-01-01\n', "title"),
    "year 0001 made_at": ("forecasts", "item,analyst,probability,made_at\nsomeday,x,0.4,0001-01-01\n", "made_at"),
    "blank analyst": ("forecasts", 'item,analyst,probability,made_at\nsomeday,"  ",0.4,2025-01-01\n', "analyst"),
    "5000-character analyst": (
        "forecasts", f"item,analyst,probability,made_at\nsomeday,{'a' * 5000},0.4,2025-01-01\n", "analyst"),
    "control characters in an analyst": (
        "forecasts", "item,analyst,probability,made_at\nsomeday,a\x1b[2Jb,0.4,2025-01-01\n", "analyst"),
    "year 1899 known_on": ("resolutions", "item,outcome,known_on\nsomeday,yes,1899-12-31\n", "known_on"),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(CSV))
def test_csv_import(db, tmp_path, capsys, case):
    kind, text, field = CSV[case]
    path = tmp_path / "hostile.csv"
    path.write_text(text, encoding="utf-8")
    refused(capsys, db, ["import", str(path), "--kind", kind], field=field)


def test_jsonl_import_takes_the_same_rules(db, tmp_path, capsys):
    path = tmp_path / "hostile.jsonl"
    path.write_text(json.dumps({"item": "someday", "analyst": "x", "probability": 0.4, "made_at": "0001-01-01"}) + "\n")
    refused(capsys, db, ["import", str(path), "--kind", "forecasts"], field="made_at")


# --- exchange files ------------------------------------------------------------------


def _records(template):
    return [json.loads(line) for line in (template / "varied.jsonl").read_text().splitlines()]


def _changed(lines, kind, changes, *, all_of_first_id=False):
    """The export with one record of ``kind`` copied under a new id and changed (or every row of its id)."""
    header, *records = lines
    first = next(r for r in records if r["kind"] == kind)
    key = next((k for k in ("revision_id", "id") if k in first["record"]), None)  # outcomes have none
    group = [r for r in records if r["kind"] == kind and key and r["record"][key] == first["record"][key]]
    chosen = group if all_of_first_id else [first]
    new = []
    for n, r in enumerate(chosen):
        fresh = {key: "new-record-id"} if key else {}
        record = {**r["record"], **fresh, **(changes(n) if callable(changes) else changes)}
        new.append({**r, "record": record})
    counts = dict(header["record"]["counts"])
    counts[kind] = counts.get(kind, 0) + len(new)
    header = {**header, "record": {**header["record"], "counts": counts}}
    return [header, *records, *new]


EXCHANGE = {
    "year 0001 made_at": ("forecasts", {"made_at": "0001-01-01 00:00:00"}, False),
    "year 9999 deadline": ("item_revisions", {"deadline_latest": "9999-12-31", "key": "far"}, False),
    "window earliest after latest": (
        "item_revisions", {"deadline_earliest": "2025-12-31", "deadline_latest": "2025-01-01", "key": "w"}, False),
    "precision outside the enumeration": ("item_revisions", {"deadline_precision": "fortnight", "key": "p"}, False),
    "tag holding the separator": ("item_revisions", {"tags": ["a;b"], "key": "t"}, False),
    "blank analyst": ("forecasts", {"analyst": "   "}, False),
    "5000-character analyst": ("forecasts", {"analyst": "a" * 5000}, False),
    "scenario probability 5": ("scenario_forecasts", lambda n: {"probability": 5.0 if n == 0 else 0.0}, True),
    "scenario vector summing to 2.7": ("scenario_forecasts", lambda n: {"probability": 0.9}, True),
    "likelihood ratio 0": ("signpost_links", {"likelihood_ratio": 0.0}, False),
    "likelihood ratio below 0": ("signpost_links", {"likelihood_ratio": -2.0}, False),
    "one-outcome scenario": ("scenario_outcomes", {"set_revision_id": "lonely-revision"}, False),
    "year 1850 resolution": ("resolutions", {"known_on": "1850-01-01"}, False),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(EXCHANGE))
def test_exchange_import(db, template, tmp_path, capsys, case):
    kind, changes, whole = EXCHANGE[case]
    lines = _records(template)
    if kind == "signpost_links" and not any(r["kind"] == kind for r in lines[1:]):
        Ledger(db, "ana").link_signpost("tender", "a", "port-done", "supports", likelihood_ratio=2.0)
        out = tmp_path / "with-link.jsonl"
        Ledger(db).export_jsonl(out)
        lines = [json.loads(x) for x in out.read_text().splitlines()]
    path = tmp_path / "hostile.jsonl"
    path.write_text("".join(json.dumps(x) + "\n" for x in _changed(lines, kind, changes, all_of_first_id=whole)))
    refused(capsys, db, ["import", str(path)], field="break the ledger's rules")


# --- other tools' track records -----------------------------------------------------


def test_fatebook_year_0000_is_refused(db, tmp_path, capsys):
    from tests.ledger.test_track_records import FIXTURES  # the real exports the importers are tested on

    text = (FIXTURES / "fatebook.csv").read_text(encoding="utf-8")
    assert "2025-01-10 09:15:0," in text
    path = tmp_path / "fatebook.csv"
    path.write_text(text.replace("2025-01-10 09:15:0,", "0000-01-10 09:15:0,", 1), encoding="utf-8")
    refused(capsys, db, ["import", str(path), "--kind", "fatebook"])


def test_predictionbook_year_0001_deadline_is_refused(db, tmp_path, capsys):
    from tests.ledger.test_track_records import FIXTURES

    text = (FIXTURES / "predictionbook.json").read_text(encoding="utf-8")
    assert '"deadline": "2025-06-30T00:00:00.000Z"' in text
    path = tmp_path / "pb.json"
    path.write_text(text.replace('"deadline": "2025-06-30T00:00:00.000Z"', '"deadline": "0001-09-01T00:00:00.000Z"'))
    refused(capsys, db, ["import", str(path), "--kind", "predictionbook"])


# --- scenario files ---------------------------------------------------------------------

SCENARIO = """
[[scenario]]
id = "5f1b2c3d-0000-4000-8000-000000000001"
key = "vote"
question = "How does the vote go?"
{extra}
[[scenario.outcomes]]
id = "5f1b2c3d-0000-4000-8000-0000000000a1"
key = "yes"
label = "Passes"
{outcome_extra}
[[scenario.outcomes]]
id = "5f1b2c3d-0000-4000-8000-0000000000a2"
key = "no"
label = "Fails"
{signposts}
"""
SIGNPOST = """
[[scenario.signposts]]
id = "5f1b2c3d-0000-4000-8000-0000000000c1"
item = "port-done"
outcome = "yes"
direction = "supports"
likelihood_ratio = {ratio}
"""
SCENARIOS = {
    "description as a number": {"outcome_extra": "description = 5"},
    "tags as a number": {"extra": "tags = 3"},
    "tags with the separator": {"extra": 'tags = ["a;b"]'},
    "likelihood ratio as text": {"signposts": SIGNPOST.format(ratio='"x"')},
    "likelihood ratio below 0": {"signposts": SIGNPOST.format(ratio="-1.0")},
    "likelihood ratio 0": {"signposts": SIGNPOST.format(ratio="0")},
    "close window reversed": {"extra": "close_earliest = 2025-12-31\nclose_latest = 2025-01-01"},
    "close precision outside the enumeration": {
        "extra": 'close_earliest = 2025-01-01\nclose_latest = 2025-12-31\nclose_precision = "fortnight"'},
    "close in 1850": {"extra": "close_earliest = 1850-01-01\nclose_latest = 1850-12-31"},
    "close confidence as text": {
        "extra": 'close_earliest = 2025-01-01\nclose_latest = 2025-12-31\nclose_confidence = "high"'},
    "key as a number": {"extra": ""},
    "outcomes as a list of numbers": {"extra": ""},
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(SCENARIOS))
def test_scenario_file(db, tmp_path, capsys, case):
    parts = {"extra": "", "outcome_extra": "", "signposts": "", **SCENARIOS[case]}
    text = SCENARIO.format(**parts)
    if case == "key as a number":
        text = text.replace('key = "vote"', "key = 7")
    if case == "outcomes as a list of numbers":
        text = text.split("[[scenario.outcomes]]")[0] + "outcomes = [1, 2]\n"
    path = tmp_path / "hostile.toml"
    path.write_text(text, encoding="utf-8")
    refused(capsys, db, ["scenario", "load", str(path)])


# --- the config file -----------------------------------------------------------------------

CONFIGS = {
    "analyst as a list": 'analyst = ["x", 1]\n',
    "analyst as a number": "analyst = 5\n",
    "db as a table": "[db]\npath = 'x'\n",
    "blank-looking analyst with an escape": 'analyst = "\\u001b[31mred"\n',
    "5000-character analyst": f'analyst = "{"a" * 5000}"\n',
}


@pytest.mark.parametrize("case", sorted(CONFIGS))
def test_config_file(db, tmp_path, capsys, monkeypatch, case):
    config = tmp_path / "config.toml"
    config.write_text(CONFIGS[case], encoding="utf-8")
    monkeypatch.setenv("FLEDGER_CONFIG", str(config))
    monkeypatch.delenv("FLEDGER_ANALYST")
    if case == "db as a table":
        code = main(["list"])
        _, err = capsys.readouterr()
        assert code == 2 and len(err.strip().splitlines()) == 1 and "db" in err, err
        return
    refused(capsys, db, ["forecast", "someday", "0.3"], field="analyst")


def test_a_folder_as_the_config_file_is_refused(db, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("FLEDGER_CONFIG", str(tmp_path))
    monkeypatch.delenv("FLEDGER_ANALYST")
    err = refused(capsys, db, ["forecast", "someday", "0.3"])
    assert "not a file" in err
