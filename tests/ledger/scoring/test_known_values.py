"""Published values and edge cases: the numbers a reader can check by hand."""

from __future__ import annotations

import math
from datetime import date, datetime

import pytest

from ledger.errors import InvalidValue
from tests.ledger.scoring.conftest import simple_spec
from tests.ledger.scoring.oracle import OForecast, OItem, OLedger, OResolution, OWithdrawal


def test_sklearn_brier_docstring_example(make_ledger) -> None:
    # scikit-learn's brier_score_loss docstring: y = [0, 1, 1, 0], p = [.1, .9, .8, .3] -> 0.0375
    ledger = make_ledger(simple_spec([0, 1, 1, 0], [0.1, 0.9, 0.8, 0.3]))
    (group,) = ledger.score().groups
    assert group.group == {"all": True}
    assert group.brier == pytest.approx(0.0375, abs=1e-15)
    assert group.n_forecasts == 4 and group.n_items == 4


def test_metaculus_baseline_score_of_a_090_yes(make_ledger) -> None:
    ledger = make_ledger(simple_spec([1], [0.9]))
    (group,) = ledger.score().groups
    assert group.baseline_score == pytest.approx(84.79969066, abs=1e-8)
    assert group.log_loss == pytest.approx(-math.log(0.9), abs=1e-15)


def test_one_forecast_has_no_skill_and_full_bins(make_ledger) -> None:
    ledger = make_ledger(simple_spec([1], [0.62]))
    report = ledger.score(bins=10)
    (g,) = report.groups
    assert g.uncertainty == 0 and g.brier_skill is None
    assert [b.n for b in g.bins] == [0] * 6 + [1] + [0] * 3
    empty = g.bins[0]
    assert (empty.mean_forecast, empty.observed, empty.ci_low, empty.ci_high) == (None, None, None, None)
    json = report.to_json()["groups"][0]
    assert json["brier_skill"] is None and json["relative_brier"] == pytest.approx(0.0)
    assert json["peer_score"] is None  # nobody else forecast the item


def test_all_yes_and_extreme_probabilities_are_clipped(make_ledger) -> None:
    ledger = make_ledger(simple_spec([1, 1, 1], [0.0, 1.0, 1.0]))
    (g,) = ledger.score(bins=4).groups
    assert g.brier == pytest.approx(1 / 3)
    assert g.base_rate == 1 and g.brier_skill is None
    assert g.log_loss == pytest.approx((-math.log(0.001) - 2 * math.log(0.999)) / 3)
    assert [b.n for b in g.bins] == [1, 0, 0, 2]  # p = 1 falls in the last bin


def test_wilson_interval_for_known_counts(make_ledger) -> None:
    ledger = make_ledger(simple_spec([1, 0, 1, 1], [0.55, 0.55, 0.55, 0.55]))
    (g,) = ledger.score(bins=2).groups
    b = g.bins[1]
    assert (b.n, b.observed) == (4, 0.75)
    assert b.ci_low == pytest.approx(0.3006, abs=1e-4) and b.ci_high == pytest.approx(0.9544, abs=1e-4)


def test_empty_ledger_gives_an_all_group_with_nulls(make_ledger) -> None:
    report = make_ledger(OLedger()).score(bins=3)
    assert report.is_empty
    (g,) = report.to_json()["groups"]
    assert g["group"] == {"all": True} and g["n_forecasts"] == 0 and g["brier"] is None
    assert g["decomposition"] is None and [b["n"] for b in g["bins"]] == [0, 0, 0]


def test_late_and_annulled_are_counted_not_scored(make_ledger) -> None:
    spec = simple_spec([1, 0], [0.8, 0.4])
    spec.items.append(OItem("00000000-0000-4000-8000-000000000099", "void"))
    spec.forecasts.append(OForecast("late", spec.items[0].id, "ann", 0.1, datetime(2025, 2, 1), datetime(2025, 2, 1)))
    spec.forecasts.append(OForecast("ann1", spec.items[2].id, "ann", 0.3, datetime(2025, 1, 1), datetime(2025, 1, 1)))
    spec.resolutions.append(OResolution(spec.items[2].id, "annulled", date(2025, 2, 1), datetime(2025, 2, 1)))
    (g,) = make_ledger(spec).score().groups
    assert (g.n_forecasts, g.n_items, g.n_late, g.n_annulled) == (2, 2, 1, 1)
    assert g.brier == pytest.approx((0.04 + 0.16) / 2)


def test_time_weighted_counts_days_from_first_forecast(make_ledger) -> None:
    # 0.2 held for 2 days, then 0.8 for 1 day before known_on; outcome yes
    spec = OLedger(
        [OItem("00000000-0000-4000-8000-000000000001", "a")],
        [OForecast("f1", "00000000-0000-4000-8000-000000000001", "ann", 0.2, datetime(2025, 1, 1, 9), datetime(2025, 1, 1, 9)),
         OForecast("f2", "00000000-0000-4000-8000-000000000001", "ann", 0.8, datetime(2025, 1, 3, 9), datetime(2025, 1, 3, 9))],
        [OResolution("00000000-0000-4000-8000-000000000001", "yes", date(2025, 1, 4), datetime(2025, 1, 4))],
    )  # fmt: skip
    report = make_ledger(spec).score(mode="time-weighted")
    (g,) = report.groups
    assert g.brier == pytest.approx((0.64 * 2 + 0.04) / 3, abs=1e-15)
    assert g.bins is None and g.decomposition is None and g.relative_brier is None
    assert report.to_json()["groups"][0]["bins"] is None


def test_scored_rows_csv_and_fingerprint(make_ledger) -> None:
    ledger = make_ledger(simple_spec([0, 1], [0.1, 0.9]))
    rows = ledger.scored_rows()
    assert rows.columns == ("analyst", "item_id", "item_key", "p", "o", "made_at", "known_on", "weight")
    assert [(r[0], r[2], r[3], r[4]) for r in rows.rows] == [("ann", "item-0", 0.1, 0.0), ("ann", "item-1", 0.9, 1.0)]
    assert rows.fingerprint == ledger.scored_rows().fingerprint and len(rows.fingerprint) == 64
    assert "FROM forecasts" in rows.sql


def test_scored_csv_is_the_engines_file_and_its_sha256(make_ledger, tmp_path) -> None:
    import hashlib

    ledger = make_ledger(simple_spec([0, 1], [0.1, 0.9]))
    written = ledger.scored_csv(tmp_path / "rows.csv")
    lines = (tmp_path / "rows.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "analyst,item_id,item_key,p,o,made_at,known_on,weight"
    assert lines[1].startswith("ann,00000000-0000-4000-8000-000000000000,item-0,0.1,0.0,")
    assert written.n_rows == 2 and written.path == tmp_path / "rows.csv"
    assert written.fingerprint == hashlib.sha256((tmp_path / "rows.csv").read_bytes()).hexdigest()
    assert written.fingerprint == ledger.scored_csv().fingerprint == ledger.scored_rows().fingerprint
    assert "FROM forecasts" in written.sql


def test_bad_options_are_user_errors(make_ledger) -> None:
    ledger = make_ledger(OLedger())
    with pytest.raises(InvalidValue, match="mode"):
        ledger.score(mode="best")
    with pytest.raises(InvalidValue, match="by"):
        ledger.score(by="colour")
    with pytest.raises(InvalidValue, match="bins"):
        ledger.score(bins=0)
    with pytest.raises(InvalidValue, match="include-scenarios"):
        ledger.score(mode="time-weighted", include_scenarios=True)
    assert ledger.score(by="scenario").groups == ()  # no sets yet: no groups, no error


def test_time_weighted_mode_stops_a_withdrawn_forecast_and_skips_the_gap(make_ledger) -> None:
    # known 2025-01-11 (yes).  Ann: 0.8 made 01-01, withdrawn 01-04 10:00 (stood at the end of
    # 01-01..01-03: 3 days), nothing standing 01-04..01-05, then 0.6 made 01-06 (01-06..01-10: 5 days).
    # Her window is the 8 days with a standing forecast: (3·0.04 + 5·0.16) / 8 = 0.115.
    # Bo: 0.3 made 01-02 and withdrawn 01-02 23:00 (never stood at a day's end): not scored at all.
    item = "00000000-0000-4000-8000-000000000001"
    spec = OLedger(items=[OItem(item, "one")])
    spec.forecasts += [
        OForecast("f-ann-1", item, "ann", 0.8, datetime(2025, 1, 1, 9), datetime(2025, 1, 1, 9)),
        OForecast("f-ann-2", item, "ann", 0.6, datetime(2025, 1, 6, 9), datetime(2025, 1, 6, 9)),
        OForecast("f-bo-1", item, "bo", 0.3, datetime(2025, 1, 2, 9), datetime(2025, 1, 2, 9)),
    ]
    spec.withdrawals += [
        OWithdrawal("f-ann-1", datetime(2025, 1, 4, 10), datetime(2025, 1, 12)),
        OWithdrawal("f-bo-1", datetime(2025, 1, 2, 23), datetime(2025, 1, 12)),
    ]
    spec.resolutions.append(OResolution(item, "yes", date(2025, 1, 11), datetime(2025, 1, 11)))
    ledger = make_ledger(spec)
    groups = {g.group["analyst"]: g for g in ledger.score(mode="time-weighted", by="analyst").groups}
    assert set(groups) == {"ann"}
    assert groups["ann"].brier == pytest.approx(0.115, abs=1e-12)
    assert groups["ann"].n_forecasts == 2 and groups["ann"].n_items == 1
    weights = sorted(r[-1] for r in ledger.scored_rows(mode="time-weighted").rows)
    assert weights == pytest.approx([3 / 8, 5 / 8])
    # last mode: Ann's latest (0.6) stands; all mode: every forecast made counts, withdrawn or not
    assert {g.group["analyst"] for g in ledger.score(by="analyst").groups if g.n_forecasts} == {"ann"}
    all_mode = {g.group["analyst"]: g.n_forecasts for g in ledger.score(mode="all", by="analyst").groups}
    assert all_mode == {"ann": 2, "bo": 1}
    # before the withdrawals were recorded (as of 2025-01-11), Ann's 0.8 held 01-01..01-05
    early = ledger.score(mode="time-weighted", by="analyst", as_of=date(2025, 1, 11)).groups
    ann = next(g for g in early if g.group["analyst"] == "ann")
    assert ann.brier == pytest.approx((5 * 0.04 + 5 * 0.16) / 10, abs=1e-12)
