"""The CLI on bad input (one line, exit 2, ledger unchanged), its --json shapes and analyst precedence."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ledger.service import Ledger
from tests.support import raw_duckdb, run_cli

TABLES = ("schema_migrations", "sources", "item_revisions", "forecasts", "resolutions")


def fingerprint(path: Path) -> str:
    """Every row of every table, hashed: equal fingerprints mean an unchanged ledger."""
    con = raw_duckdb(path)
    try:
        digest = hashlib.sha256()
        for table in TABLES:
            rows = sorted(map(repr, con.execute(f"SELECT * FROM {table}").fetchall()))
            digest.update(f"{table}:{len(rows)}:{rows}".encode())
        return digest.hexdigest()
    finally:
        con.close()


Run = Callable[..., tuple[int, str, str]]


def _small_ledger(path: Path) -> Ledger:
    """An open item, a resolved one, an annulled one, two with look-alike ids: written through the CLI."""
    for args in (
        ["init", "--empty"],
        ["source", "add", "An article", "--published", "2025-01-10", "--publisher", "Paper"],
        ["item", "add", "Will X sign the deal?", "--deadline", "2099-12-31", "--tag", "trade", "--actor", "X"],
        ["forecast", "x-sign-deal", "35%", "--at", "2025-01-11T09:00Z"],
        ["item", "add", "Done already", "--key", "done", "--deadline", "2025-01-31"],
        ["resolve", "done", "yes", "--known-on", "2025-02-01"],
        ["item", "add", "Called off", "--key", "void"],
        ["resolve", "void", "annulled", "--known-on", "2025-02-01"],
    ):
        code, _, err = run_cli("--db", str(path), *args)
        assert code == 0, err
    return Ledger(path, "alice")


@pytest.fixture
def db(built) -> str:
    """The small ledger, built once per test run and copied for each test."""
    return str(built(_small_ledger, "cli.duckdb").path)


def assert_refused(run: Run, db: str, args: list[str], field: str, accepted: str = "") -> str:
    before = fingerprint(Path(db))
    code, out, err = run("--db", db, *args)
    lines = err.strip().splitlines()
    assert code == 2, err
    assert len(lines) == 1, err
    assert field in lines[0], lines[0]
    assert accepted in lines[0], lines[0]
    assert "Traceback" not in err and out == ""
    assert fingerprint(Path(db)) == before
    return lines[0]


# --- bad input -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "prob", ["101", "1e400", "150%", "-0.1", "-5%", "NaN", "nan", "inf", "thirty", "35%%", "0,35", ""]
)
def test_bad_probability(run: Run, db: str, prob: str) -> None:
    assert_refused(run, db, ["forecast", "x-sign-deal", prob], "probability", "35%")


def test_unknown_item_key(run: Run, db: str) -> None:
    line = assert_refused(run, db, ["forecast", "no-such-item", "0.3"], "item", "fledger list --all")
    assert "no-such-item" in line


def test_ambiguous_item_prefix(run: Run, db: str) -> None:
    # Ids are random, so make two that share a prefix on purpose.
    from datetime import datetime

    from ledger.model import Item
    from ledger.storage import Store, records

    now = datetime(2025, 1, 1)
    twins = [Item(key=f"twin-{n}", title=f"Twin {n}", recorded_at=now, created_at=now,
                  id=f"abcd{n}000-0000-4000-8000-000000000000") for n in (1, 2)]  # fmt: skip
    with Store(Path(db)).writing() as con:
        records.insert_item_revisions(con, twins)
    prefix = "abcd"
    assert_refused(run, db, ["forecast", prefix, "0.3"], "item", "type more")
    assert_refused(run, db, ["show", prefix], "item", "type more")


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["resolve", "x-sign-deal", "yes", "--known-on", "2025-13-01"], "known-on"),
        (["resolve", "x-sign-deal", "yes", "--known-on", "yesterday"], "known-on"),
        (["resolve", "x-sign-deal", "yes", "--known-on", "2025-02-30"], "known-on"),
        (["forecast", "x-sign-deal", "0.3", "--at", "noon"], "at"),
        (["forecast", "x-sign-deal", "0.3", "--at", "2025-01-01T25:00"], "at"),
        (["source", "add", "Another", "--published", "2025/01/01"], "published"),
        (["item", "add", "New", "--as-of", "01-01-2025", "--deadline", "by April"], "as-of"),
    ],
)
def test_malformed_dates(run: Run, db: str, args: list[str], field: str) -> None:
    assert_refused(run, db, args, field, "YYYY-MM-DD")


@pytest.mark.parametrize("key", ["done", "void"])
def test_resolving_a_resolved_or_annulled_item_needs_correct(run: Run, db: str, key: str) -> None:
    assert_refused(run, db, ["resolve", key, "no"], "resolve", "--correct")


def test_other_bad_values(run: Run, db: str) -> None:
    assert_refused(run, db, ["resolve", "x-sign-deal", "maybe"], "yes|no|annulled", "'yes', 'no', 'annulled'")
    assert_refused(run, db, ["resolve", "x-sign-deal", "yes", "--correct"], "resolve", "leave out --correct")
    assert_refused(run, db, ["item", "add", "Will X sign the deal?", "--key", "x-sign-deal"], "key", "--key")
    assert_refused(run, db, ["item", "add", "Bad key", "--key", "Bad Key"], "key", "lowercase")
    assert_refused(run, db, ["item", "add", "   "], "title", "non-empty")
    assert_refused(run, db, ["item", "add", "Vague", "--deadline", "someday"], "deadline", "2025-Q2")
    assert_refused(run, db, ["item", "edit", "x-sign-deal"], "edit", "at least one field")
    assert_refused(run, db, ["source", "show", "nothing"], "source", "source list")


def test_a_file_that_is_not_duckdb(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("plain notes\n" * 100)
    before = path.read_bytes()
    for args in (["forecast", "x", "0.3"], ["list"], ["init"]):
        code, out, err = run("--db", str(path), *args)
        assert (code, out, len(err.strip().splitlines())) == (2, "", 1)
        assert "not a DuckDB ledger file" in err and "--db" in err
    assert path.read_bytes() == before


def test_a_db_folder_that_does_not_exist(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "nowhere" / "ledger.duckdb"
    code, out, err = run("--db", str(path), "init")
    assert (code, out, len(err.strip().splitlines())) == (2, "", 1)
    assert "db: folder" in err and "does not exist" in err
    assert not path.parent.exists()


def test_a_read_only_ledger_file(run: Run, db: str) -> None:
    os.chmod(db, 0o444)
    try:
        assert_refused(run, db, ["forecast", "x-sign-deal", "0.3"], "db", "writable")
        code, out, _ = run("--db", db, "list", "--all")
        assert code == 0 and "x-sign-deal" in out
    finally:
        os.chmod(db, 0o644)


def test_a_read_only_folder(run: Run, tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    os.chmod(folder, 0o555)
    try:
        code, out, err = run("--db", str(folder / "ledger.duckdb"), "init")
        assert (code, out, len(err.strip().splitlines())) == (2, "", 1)
        assert "read-only" in err
        assert list(folder.iterdir()) == []
    finally:
        os.chmod(folder, 0o755)


def test_a_late_forecast_is_recorded_with_a_warning(run: Run, db: str) -> None:
    code, out, err = run("--db", db, "forecast", "done", "90%", "--json")
    assert code == 0
    assert json.loads(out)["late"] is True
    assert err.startswith("warning: done was already resolved") and "never scored" in err
    code, out, _ = run("--db", db, "show", "done", "--json")
    assert [f["late"] for f in json.loads(out)["forecasts"]] == [True]


# --- --json shapes ---------------------------------------------------------------------------------

ITEM_KEYS = {"id", "revision_id", "key", "title", "kind", "statement", "actors", "quote", "criteria", "tags",
             "source_id", "deadline", "created_at", "recorded_at", "recorded_by"}  # fmt: skip
SUMMARY_KEYS = {"id", "key", "title", "kind", "actors", "tags", "deadline", "days_left", "status", "outcome",
                "known_on", "my_probability", "crowd_median", "n_forecasters", "n_late", "source_id"}  # fmt: skip
SOURCE_KEYS = {"id", "title", "publisher", "url", "published_on", "published_note", "text_sha256", "recorded_at"}
FORECAST_KEYS = {"id", "item_id", "analyst", "probability", "made_at", "recorded_at", "note", "late"}
RESOLUTION_KEYS = {"id", "item_id", "outcome", "known_on", "recorded_at", "analyst", "evidence", "supersedes"}
DEADLINE_KEYS = {"phrase", "earliest", "latest", "precision", "rule", "confidence", "label"}


def json_of(run: Run, db: str, *args: str) -> Any:
    code, out, err = run("--db", db, *args, "--json")
    assert code == 0, err
    return json.loads(out)


def test_list_json(run: Run, db: str) -> None:
    rows = json_of(run, db, "list", "--all")
    assert {r["key"] for r in rows} == {"x-sign-deal", "done", "void"}
    for row in rows:
        assert set(row) == SUMMARY_KEYS
    sign = next(r for r in rows if r["key"] == "x-sign-deal")
    assert sign["my_probability"] == 0.35 and sign["status"] == "open" and sign["tags"] == ["trade"]
    assert set(sign["deadline"]) == {"earliest", "latest", "precision", "phrase", "label"}
    assert sign["deadline"]["latest"] == "2099-12-31"
    assert [r["key"] for r in json_of(run, db, "list", "--resolved")] == ["done", "void"]
    assert json_of(run, db, "list", "--due") == []
    assert json_of(run, db, "item", "list") == json_of(run, db, "list")


def test_show_json(run: Run, db: str) -> None:
    shown = json_of(run, db, "show", "x-sign-deal")
    assert set(shown) == {"item", "source", "revisions", "forecasts", "resolutions", "resolution", "retractions",
                          "status_track", "origin", "withdrawals",
                          "base_rates"}  # fmt: skip
    assert shown["origin"] is None and shown["withdrawals"] == []  # made here, not imported
    assert set(shown["item"]) == ITEM_KEYS and set(shown["item"]["deadline"]) == DEADLINE_KEYS
    assert shown["item"]["actors"] == ["X"]
    assert [set(f) for f in shown["forecasts"]] == [FORECAST_KEYS]
    assert shown["forecasts"][0]["made_at"] == "2025-01-11T09:00:00Z"
    assert shown["resolution"] is None and shown["source"] is None
    done = json_of(run, db, "item", "show", "done")
    assert set(done["resolution"]) == RESOLUTION_KEYS and done["resolution"]["outcome"] == "yes"


def test_source_json(run: Run, db: str) -> None:
    (listed,) = json_of(run, db, "source", "list")
    assert set(listed) == SOURCE_KEYS and listed["published_on"] == "2025-01-10"
    shown = json_of(run, db, "source", "show", listed["id"][:13])
    assert set(shown) == {"source", "items"} and shown["source"] == listed and shown["items"] == []


def test_write_commands_json(run: Run, db: str) -> None:
    forecast = json_of(run, db, "forecast", "x-sign-deal", "0.4", "--note", "why")
    assert set(forecast) == FORECAST_KEYS
    assert (forecast["probability"], forecast["note"], forecast["late"]) == (0.4, "why", False)
    first = json_of(run, db, "resolve", "x-sign-deal", "no", "--known-on", "2025-02-01", "--evidence", "link")
    assert set(first) == RESOLUTION_KEYS and first["supersedes"] is None
    fix = json_of(run, db, "resolve", "x-sign-deal", "yes", "--correct")
    assert fix["supersedes"] == first["id"]
    item = json_of(run, db, "item", "add", "Another one", "--deadline", "2099-01")
    assert set(item) == ITEM_KEYS and item["deadline"]["label"] == "Jan 2099"
    edited = json_of(run, db, "item", "edit", "another-one", "--title", "Another, edited")
    assert edited["id"] == item["id"] and edited["revision_id"] != item["revision_id"]
    added = json_of(run, db, "source", "add", "Second article")
    assert set(added) == {"source", "items", "existing"} and added["items"] == [] and added["existing"] is False
    source = added["source"]
    assert set(source) == SOURCE_KEYS


# --- analyst identity -----------------------------------------------------------------------------


def forecaster(run: Run, db: str, *flags: str) -> str:
    return json_of(run, db, *flags, "forecast", "x-sign-deal", "0.5")["analyst"]


def test_analyst_precedence(run: Run, db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("LOGNAME", "USER", "LNAME", "USERNAME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LOGNAME", "login-name")
    monkeypatch.delenv("FLEDGER_ANALYST")
    assert forecaster(run, db) == "login-name"
    config = tmp_path / "config.toml"
    config.write_text('analyst = "from-config"\n')
    monkeypatch.setenv("FLEDGER_CONFIG", str(config))
    assert forecaster(run, db) == "from-config"
    monkeypatch.setenv("FLEDGER_ANALYST", "from-env")
    assert forecaster(run, db) == "from-env"
    assert forecaster(run, db, "--analyst", "from-flag") == "from-flag"
    code, out, _ = run("--db", db, "forecast", "x-sign-deal", "0.5", "--analyst", "after-command", "--json")
    assert code == 0 and json.loads(out)["analyst"] == "after-command"


def test_a_broken_config_file_is_one_clear_line(run: Run, db: str, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    config = tmp_path / "config.toml"
    config.write_text("analyst = \n")
    monkeypatch.setenv("FLEDGER_CONFIG", str(config))
    monkeypatch.delenv("FLEDGER_ANALYST")
    assert_refused(run, db, ["forecast", "x-sign-deal", "0.5"], "config", "TOML")


def test_the_config_file_can_name_the_ledger(run: Run, db: str, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    config = tmp_path / "config.toml"
    config.write_text(f"db = {json.dumps(db)}\n")
    monkeypatch.setenv("FLEDGER_CONFIG", str(config))
    code, out, _ = run("list", "--all", "--json")
    assert code == 0 and len(json.loads(out)) == 3
