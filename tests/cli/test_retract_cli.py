"""Taking back a mistaken forecast or resolution: append-only, left out of every score, kept in exports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support import raw_duckdb


@pytest.fixture
def db(tmp_path: Path, run) -> str:
    """The mistake from the report: 'forecast X 1' meant 1%, recorded as certainty, on an item that resolved no."""
    path = str(tmp_path / "r.duckdb")
    for args in (
        ["init", "--empty"],
        ["item", "add", "Will the talks resume?", "--key", "talks", "--deadline", "2025-03-31"],
        ["forecast", "talks", "1%", "--at", "2025-01-05T09:00Z"],
        ["forecast", "talks", "1", "--certain", "--at", "2025-01-06T09:00Z"],
        ["--analyst", "bob", "forecast", "talks", "20%", "--at", "2025-01-07T09:00Z"],
        ["resolve", "talks", "no", "--known-on", "2025-04-01"],
    ):
        code, _, err = (
            run("--db", path, "--analyst", "ann", *args) if args[0] != "--analyst" else run("--db", path, *args)
        )
        assert code == 0, (args, err)
    return path


def _score(run, db: str, *extra: str) -> dict:
    code, out, err = run("--db", db, "score", "--json", *extra)
    assert code == 0, err
    return json.loads(out)


def _brier(report: dict, analyst: str | None = None) -> float:
    for g in report["groups"]:
        if analyst is None or g["group"].get("analyst") == analyst:
            return g["brier"]
    raise AssertionError(report)


def _rows(db: str, table: str) -> int:
    con = raw_duckdb(db)
    try:
        return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        con.close()


def test_retracting_the_mistake_takes_it_out_of_every_score(run, db) -> None:
    before = _score(run, db, "--mode", "all", "--analyst", "ann")
    assert _brier(before) == pytest.approx((0.01**2 + 1.0) / 2)  # the mistake counts for good: 0.50005
    code, out, err = run("--db", db, "--analyst", "ann", "retract", "talks", "--reason", "meant 1%")
    assert code == 0, err
    assert "100%" in out
    after_all = _score(run, db, "--mode", "all", "--analyst", "ann")
    assert _brier(after_all) == pytest.approx(0.01**2)
    after_last = _score(run, db, "--by", "analyst")
    assert _brier(after_last, "ann") == pytest.approx(0.01**2)
    assert _brier(_score(run, db, "--mode", "time-weighted", "--analyst", "ann")) == pytest.approx(0.01**2)
    # nothing erased: both forecasts are still there, and the retraction is a record of its own
    assert _rows(db, "forecasts") == 3 and _rows(db, "retractions") == 1
    code, out, _ = run("--db", db, "show", "talks")
    line = next(x for x in out.splitlines() if "100%" in x)
    assert "RETRACTED" in line and "meant 1%" in out


def test_retract_takes_the_latest_standing_forecast_then_the_one_before(run, db) -> None:
    assert run("--db", db, "--analyst", "ann", "retract", "talks")[0] == 0
    code, out, _ = run("--db", db, "--analyst", "ann", "retract", "talks")
    assert code == 0 and "1%" in out
    code, _, err = run("--db", db, "--analyst", "ann", "retract", "talks")
    assert code == 2 and "no forecast" in err
    # with none standing, ann is no longer in the list's crowd or her own column
    code, out, _ = run("--db", db, "--analyst", "ann", "list", "--all", "--json")
    row = json.loads(out)[0]
    assert row["my_probability"] is None and row["n_forecasters"] == 1 and row["crowd_median"] == pytest.approx(0.2)


def test_retract_by_id_only_my_own(run, db) -> None:
    code, out, _ = run("--db", db, "show", "talks", "--json")
    forecasts = json.loads(out)["forecasts"]
    bobs = next(f["id"] for f in forecasts if f["analyst"] == "bob")
    first = next(f["id"] for f in forecasts if f["probability"] == pytest.approx(0.01))
    code, _, err = run("--db", db, "--analyst", "ann", "retract", "talks", "--id", bobs[:8])
    assert code == 2 and "only your own" in err
    assert _rows(db, "retractions") == 0
    assert run("--db", db, "--analyst", "ann", "retract", "talks", "--id", first[:8])[0] == 0
    code, _, err = run("--db", db, "--analyst", "ann", "retract", "talks", "--id", first[:8])
    assert code == 2 and "already retracted" in err
    code, out, _ = run("--db", db, "show", "talks", "--json")
    shown = json.loads(out)
    assert [r["target_id"] for r in shown["retractions"]] == [first]


def test_unresolve_reopens_without_erasing_and_a_new_resolution_counts(run, db) -> None:
    code, out, err = run("--db", db, "--analyst", "ann", "unresolve", "talks", "--reason", "wrong item")
    assert code == 0, err
    assert "took back no" in out
    code, out, _ = run("--db", db, "list", "--json")  # open items
    assert [r["key"] for r in json.loads(out)] == ["talks"]
    report = _score(run, db)
    assert all(g["n_forecasts"] == 0 for g in report["groups"])
    assert _rows(db, "resolutions") == 1
    code, _, err = run("--db", db, "unresolve", "talks")
    assert code == 2 and "not resolved" in err
    assert run("--db", db, "resolve", "talks", "yes", "--known-on", "2025-04-02")[0] == 0
    assert _brier(_score(run, db, "--by", "analyst"), "bob") == pytest.approx(0.8**2)
    code, out, _ = run("--db", db, "show", "talks")
    assert "RETRACTED" in next(x for x in out.splitlines() if "known on 2025-04-01" in x)


def test_retractions_survive_export_and_import(run, db, tmp_path) -> None:
    run("--db", db, "--analyst", "ann", "retract", "talks")
    run("--db", db, "unresolve", "talks")
    dump = tmp_path / "x.jsonl"
    assert run("--db", db, "export", str(dump))[0] == 0
    kinds = [json.loads(line)["kind"] for line in dump.read_text().splitlines()]
    assert kinds.count("retractions") == 2
    other = str(tmp_path / "copy.duckdb")
    code, _, err = run("--db", other, "import", str(dump))
    assert code == 0, err
    assert _score(run, other, "--mode", "all") == _score(run, db, "--mode", "all")
    code, out, _ = run("--db", other, "show", "talks", "--json")
    assert len(json.loads(out)["retractions"]) == 2 and json.loads(out)["resolution"] is None


def test_a_bare_number_that_looks_like_a_slip_is_echoed_and_confirmed(run, db, monkeypatch) -> None:
    import ledger.cli.forecasts as forecasts_cli

    monkeypatch.setattr(forecasts_cli, "interactive", lambda: True)
    code, out, err = run("--db", db, "--analyst", "cy", "forecast", "talks", "1.5", stdin="n\n")
    assert code == 1 and "'1.5' read as 1.5%" in out and "not recorded" in err
    assert _rows(db, "forecasts") == 3
    code, out, _ = run("--db", db, "--analyst", "cy", "forecast", "talks", "1.5", stdin="y\n")
    assert code == 0 and "cy 1.5%" in out
    code, out, _ = run("--db", db, "--analyst", "cy", "forecast", "talks", "35")  # the everyday form: no question
    assert code == 0 and "read as" not in out
    code, _, err = run("--db", db, "--analyst", "cy", "forecast", "talks", "1")
    assert code == 2 and "--certain" in err
    code, out, _ = run("forecast", "--help")
    assert "--certain" in out and "1%" in out and "percentage" in out
