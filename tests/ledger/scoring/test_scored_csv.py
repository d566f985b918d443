"""``Ledger.scored_csv``: the scored rows written by DuckDB, exact enough to recompute every score."""

from __future__ import annotations

import csv
import hashlib
import random
from datetime import date, datetime, timedelta

import pytest

from ledger.errors import InvalidValue
from tests.ledger.reports.team_ledger import same_numbers
from tests.ledger.scoring.oracle import OForecast, OItem, OLedger, OResolution


def varied_spec(analysts: list[str], n_items: int = 30, seed: int = 3) -> OLedger:
    """Full-precision probabilities, several forecasts per analyst and item, microsecond timestamps."""
    rng = random.Random(seed)
    spec = OLedger()
    for n in range(n_items):
        item_id = f"00000000-0000-4000-8000-{n:012d}"
        spec.items.append(OItem(item_id, f"item-{n}"))
        known = date(2025, 3, 1) + timedelta(days=n)
        for a, analyst in enumerate(analysts):
            for k in range(2):
                made = datetime(2025, 1, 1, 9) + timedelta(days=k * 20 + a, microseconds=rng.randrange(0, 2) * 123450)
                spec.forecasts.append(OForecast(f"f{n}-{a}-{k}", item_id, analyst, rng.random(), made, made))
        spec.resolutions.append(OResolution(item_id, rng.choice(["yes", "no"]), known, datetime(2025, 6, 1)))
    return spec


def read(path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("mode", ["last", "all", "time-weighted"])
def test_the_csv_recomputes_the_brier_score_and_keeps_every_double_exact(make_ledger, tmp_path, mode):
    ledger = make_ledger(varied_spec(["ann", "bob", "cy"]))
    written = ledger.scored_csv(tmp_path / "rows.csv", mode=mode)
    rows = read(tmp_path / "rows.csv")
    assert written.n_rows == len(rows) > 0
    weights = [float(r["weight"]) for r in rows]
    brier = sum(w * (float(r["p"]) - float(r["o"])) ** 2 for w, r in zip(weights, rows)) / sum(weights)
    assert brier == pytest.approx(ledger.score(mode=mode).groups[0].brier, abs=1e-12)
    engine = ledger.scored_rows(mode=mode).rows
    assert sorted(float(r["p"]) for r in rows) == sorted(r[3] for r in engine)  # exact, not approximate
    assert sorted(r["made_at"] for r in rows) == sorted(r[5].isoformat() for r in engine)
    assert {r["known_on"] for r in rows} == {r[6].isoformat() for r in engine}


def test_the_fingerprint_is_the_sha256_of_the_file_and_stable(make_ledger, tmp_path):
    ledger = make_ledger(varied_spec(["ann", "bob"]))
    first = ledger.scored_csv(tmp_path / "a.csv")
    second = ledger.scored_csv(tmp_path / "b.csv")
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()
    assert first.fingerprint == second.fingerprint == hashlib.sha256((tmp_path / "a.csv").read_bytes()).hexdigest()
    assert ledger.scored_csv().fingerprint == first.fingerprint and ledger.scored_csv().path is None
    assert ledger.scored_csv(analyst="bob").fingerprint != first.fingerprint


def test_formula_like_text_gets_an_apostrophe_in_the_file_that_is_hashed(make_ledger, tmp_path):
    names = ["=cmd", "+1", "-2", "@sum", "ann", "b=c"]  # a tab-led name no longer enters a ledger (rules.NAME_FORM)
    written = make_ledger(varied_spec(names, n_items=2)).scored_csv(tmp_path / "rows.csv")
    seen = {r["analyst"] for r in read(tmp_path / "rows.csv")}
    assert seen == {"'=cmd", "'+1", "'-2", "'@sum", "ann", "b=c"}
    assert written.fingerprint == hashlib.sha256((tmp_path / "rows.csv").read_bytes()).hexdigest()
    assert "\t" not in written.sql and "\r" not in written.sql


def test_the_file_is_replaced_whole_and_bad_paths_are_refused(make_ledger, tmp_path):
    ledger = make_ledger(varied_spec(["ann"], n_items=3))
    target = tmp_path / "rows.csv"
    target.write_text("old")
    ledger.scored_csv(target)
    assert target.read_text().startswith("analyst,item_id,")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".rows.csv")] == []
    with pytest.raises(InvalidValue, match="output"):
        ledger.scored_csv(tmp_path / "missing" / "rows.csv")
    with pytest.raises(InvalidValue, match="mode"):
        ledger.scored_csv(target, mode="best")


def test_a_snapshot_gives_the_same_scores_and_fingerprint_as_separate_calls(make_ledger, tmp_path):
    ledger = make_ledger(varied_spec(["ann", "bob"]))
    reports, written = ledger.score_snapshot((None, "month", "analyst"), tmp_path / "rows.csv", mode="all", bins=5)
    for report, by in zip(reports, (None, "month", "analyst"), strict=True):
        assert same_numbers(report.to_json(), ledger.score(by=by, mode="all", bins=5).to_json())
    assert written.fingerprint == ledger.scored_csv(mode="all").fingerprint
    assert written.path == tmp_path / "rows.csv" and written.n_rows == reports[0].groups[0].n_forecasts
    with pytest.raises(InvalidValue, match="bins"):
        ledger.score_snapshot((None,), tmp_path / "other.csv", bins=0)
    assert not (tmp_path / "other.csv").exists()
