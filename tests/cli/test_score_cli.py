"""``fledger score`` and ``fledger import`` as a user runs them."""

from __future__ import annotations

import json

from ledger.cli import main
from tests.support import Clock


def _setup(tmp_path) -> str:
    db = str(tmp_path / "scoring-cli.duckdb")
    (tmp_path / "i.csv").write_text("key,title,deadline,tags\nk1,First,2025-03-01,energy\nk2,Second,2025-03-01,\n")
    (tmp_path / "f.csv").write_text("item,analyst,probability,made_at\nk1,ann,0.1,2025-01-01\nk2,ann,0.9,2025-01-01\n"
                                    "k1,bob,0.3,2025-01-01\n")  # fmt: skip
    (tmp_path / "r.csv").write_text("item,outcome,known_on\nk1,no,2025-02-01\nk2,yes,2025-02-01\n")
    assert main(["--db", db, "init", "--empty"]) == 0
    for name, kind in (("i.csv", "items"), ("f.csv", "forecasts"), ("r.csv", "resolutions")):
        assert main(["import", str(tmp_path / name), "--kind", kind, "--db", db]) == 0
    return db


def test_score_json_has_the_documented_shape(tmp_path, capsys) -> None:
    db = _setup(tmp_path)
    capsys.readouterr()
    assert main(["--db", db, "score", "--by", "analyst", "--crowd", "median", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["mode"], out["as_of"], out["scale"]) == ("last", None, "brier 0-1")
    assert [g["group"] for g in out["groups"]] == [{"analyst": "ann"}, {"analyst": "bob"}, {"analyst": "crowd:median"}]
    ann = out["groups"][0]
    assert set(ann) == {"group", "n_forecasts", "n_items", "n_late", "n_annulled", "brier", "base_rate", "uncertainty",
                        "brier_skill", "log_loss", "baseline_score", "relative_brier", "peer_score", "decomposition",
                        "bins"}  # fmt: skip
    assert abs(ann["brier"] - 0.01) < 1e-12 and len(ann["bins"]) == 10


def test_score_table_and_empty_ledger(tmp_path, capsys) -> None:
    db = _setup(tmp_path)
    capsys.readouterr()
    assert main(["--db", db, "score", "--analyst", "ann", "--bins", "4"]) == 0
    out = capsys.readouterr().out
    assert "BRIER" in out and "reliability diagram: all" in out and "0.010" in out
    empty = str(tmp_path / "scoring-empty.duckdb")
    assert main(["--db", empty, "init", "--empty"]) == 0
    capsys.readouterr()
    assert main(["--db", empty, "score"]) == 0
    assert "nothing to score yet" in capsys.readouterr().out


def test_user_errors_exit_2_with_one_line(tmp_path, capsys) -> None:
    db = _setup(tmp_path)
    capsys.readouterr()
    assert main(["--db", db, "score", "--mode", "time-weighted", "--include-scenarios"]) == 2
    assert "include-scenarios" in capsys.readouterr().err
    (tmp_path / "bad.csv").write_text("item,outcome,known_on\nk1,maybe,2025-02-01\n")
    assert main(["--db", db, "import", str(tmp_path / "bad.csv"), "--kind", "resolutions"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "line 2: item" in err and "unresolved item" in err


def test_by_scenario_table_and_a_diagram_inside_80_columns(tmp_path, capsys) -> None:
    from datetime import UTC, date, datetime

    from ledger.service import Ledger

    db = _setup(tmp_path)
    ledger = Ledger(db, "ann", clock=Clock(datetime(2025, 6, 1, 12, tzinfo=UTC)))
    ledger.add_scenario("Which?", ["a=Alpha", "b=Beta"], key="s1")
    ledger.link_signpost("s1", "a", "k1", "supports")
    ledger.forecast_scenario("s1", ["0.9", "0.1"], made_at=datetime(2025, 1, 1))
    ledger.resolve_scenario("s1", "b", known_on=date(2025, 2, 1))
    capsys.readouterr()
    assert main(["--db", db, "score", "--by", "scenario"]) == 0
    out = capsys.readouterr().out
    assert "scenario=s1" in out and "BRIER 0-2" in out and "1.620" in out  # (0.9-0)^2 + (0.1-1)^2
    diagram = out[out.index("reliability diagram") :].splitlines()
    assert len(diagram) == 3 + 10 and max(len(line) for line in diagram) <= 80
    assert main(["--db", db, "score", "--by", "scenario", "--json"]) == 0
    (group,) = json.loads(capsys.readouterr().out)["groups"]
    assert group["scenario_scale"] == "brier 0-2" and abs(group["scenario_brier"] - 1.62) < 1e-12
    assert group["n_forecasts"] == 2 and group["n_items"] == 1  # k1 by ann and bob
