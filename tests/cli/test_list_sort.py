"""`fledger list --sort FIELD [--reverse] --tag TAG --actor NAME`, and late forecasts marked in ME."""

from __future__ import annotations

import json
from pathlib import Path

import pytest


@pytest.fixture
def db(tmp_path: Path, run) -> str:
    path = str(tmp_path / "s.duckdb")
    for args in (
        ["init", "--empty"],
        ["item", "add", "Alpha", "--key", "b-alpha", "--deadline", "2099-03-31", "--tag", "Trade", "--actor", "EU"],
        ["item", "add", "Beta", "--key", "a-beta", "--deadline", "2099-01-31", "--tag", "chips"],
        ["item", "add", "Gamma", "--key", "c-gamma", "--tag", "trade", "--actor", "China"],
        ["forecast", "b-alpha", "20%"],
        ["--analyst", "bob", "forecast", "b-alpha", "60%"],
        ["forecast", "c-gamma", "70%"],
    ):
        code, _, err = (
            run("--db", path, "--analyst", "ann", *args) if args[0] != "--analyst" else run("--db", path, *args)
        )
        assert code == 0, (args, err)
    return path


def keys(run, db: str, *args: str) -> list[str]:
    code, out, err = run("--db", db, "--analyst", "ann", "list", "--json", *args)
    assert code == 0, err
    return [r["key"] for r in json.loads(out)]


def test_sort_fields_and_reverse(run, db) -> None:
    assert keys(run, db) == ["a-beta", "b-alpha", "c-gamma"]  # deadline, none last
    assert keys(run, db, "--sort", "days") == keys(run, db)
    assert keys(run, db, "--sort", "deadline", "--reverse") == ["b-alpha", "a-beta", "c-gamma"]  # none still last
    assert keys(run, db, "--sort", "key") == ["a-beta", "b-alpha", "c-gamma"]
    assert keys(run, db, "--sort", "mine") == ["b-alpha", "c-gamma", "a-beta"]  # 20%, 70%, none
    assert keys(run, db, "--sort", "mine", "--reverse") == ["c-gamma", "b-alpha", "a-beta"]
    assert keys(run, db, "--sort", "crowd") == ["b-alpha", "c-gamma", "a-beta"]  # 40%, 70%, none
    assert keys(run, db, "--sort", "n", "--reverse") == ["b-alpha", "c-gamma", "a-beta"]  # 2, 1, none


def test_filters_by_tag_and_actor_ignoring_case(run, db) -> None:
    assert keys(run, db, "--tag", "trade") == ["b-alpha", "c-gamma"]
    assert keys(run, db, "--tag", "CHIPS", "--tag", "nothing") == ["a-beta"]
    assert keys(run, db, "--actor", "china") == ["c-gamma"]
    assert keys(run, db, "--tag", "trade", "--actor", "eu", "--sort", "key", "--reverse") == ["b-alpha"]


def test_bad_sort_field_is_one_line_exit_2(run, db) -> None:
    code, _, err = run("--db", db, "list", "--sort", "priority")
    assert code == 2 and err.strip().endswith("expected deadline | key | mine | crowd | n | status (days is deadline)")


def test_late_forecast_is_marked_in_list_all(run, db) -> None:
    assert run("--db", db, "resolve", "a-beta", "no", "--known-on", "2025-01-01")[0] == 0
    assert run("--db", db, "--analyst", "ann", "forecast", "a-beta", "30%")[0] == 0  # after the outcome: late
    _code, out, _ = run("--db", db, "--analyst", "ann", "list", "--all")
    row = next(line for line in out.splitlines() if line.startswith("a-beta"))
    assert "30% late" in row and "30% (1 late)" in row  # in ME and in the crowd it is part of
    assert "late: made on or after the day the outcome became known" in out
    other = next(line for line in out.splitlines() if line.startswith("b-alpha"))
    assert "late" not in other
