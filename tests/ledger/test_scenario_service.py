"""Scenario sets through the service: forecasts, resolutions, signposts, files and scores."""

from datetime import date

import pytest

from ledger.errors import Conflict, InvalidValue, NotFound
from ledger.scenarios.files import bundled_files, parse_scenarios
from ledger.scenarios.math import log_loss, multi_brier
from ledger.service import Ledger

SET = "ru-cn-ai-depth-2026"


def _count(ledger, table):
    with ledger._reading() as con:
        return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_new_ledger_loads_the_bundled_scenario_with_seed_signposts(seeded_ledger):
    (summary,) = seeded_ledger.scenarios()
    assert summary.key == SET and summary.n_signposts == 3
    d = seeded_ledger.scenario(SET)
    assert [o.key for o in d.set.outcomes] == ["deep-integration", "symbolic-cooperation", "stalled"]
    assert {v.item_key for v in d.signposts} == {
        "sber-china-ai-report",
        "sber-china-joint-rd",
        "brics-ai-network-launch",
    }
    assert d.set.closes.latest == date(2026, 12, 31)


def test_init_twice_adds_nothing(seeded_ledger):
    before = {t: _count(seeded_ledger, t) for t in ("scenario_set_revisions", "scenario_outcomes", "signpost_links")}
    report = seeded_ledger.init()
    assert report.scenarios_added == 0
    assert {t: _count(seeded_ledger, t) for t in before} == before


def test_bundled_file_round_trips_through_export(seeded_ledger, ticking_clock):
    ((name, text),) = bundled_files()
    original = parse_scenarios(name, text, seeded_ledger.now())
    exported = seeded_ledger.export_scenarios()
    again = parse_scenarios("export", exported, seeded_ledger.now())
    assert len(again) == len(original) == 1
    a, b = original[0], again[0]
    for field in ("id", "key", "question", "outcomes", "closes", "criteria", "tags"):
        assert getattr(a.set, field) == getattr(b.set, field), field
    assert sorted(a.signposts, key=lambda s: s.id) == sorted(b.signposts, key=lambda s: s.id)
    # loading the export back changes nothing
    report = seeded_ledger.load_scenarios(exported)
    assert (report.sets_added, report.sets_revised, report.signposts_added) == (0, 0, 0)


def test_loading_a_changed_file_writes_a_revision(seeded_ledger):
    text = seeded_ledger.export_scenarios().replace("How deep does", "How far does")
    report = seeded_ledger.load_scenarios(text)
    assert report.sets_revised == 1
    d = seeded_ledger.scenario(SET)
    assert d.set.question.startswith("How far does") and d.revisions == 2


def test_load_with_unknown_item_leaves_ledger_unchanged(empty_ledger):
    ((name, text),) = bundled_files()
    with pytest.raises(NotFound, match="sber-china"):
        empty_ledger.load_scenarios(text, name)
    assert _count(empty_ledger, "scenario_set_revisions") == 0


def test_add_scenario_validates_outcomes(empty_ledger):
    s = empty_ledger.add_scenario("Who wins?", ["a=Alpha", "Beta side"], closes="2026")
    assert [o.key for o in s.outcomes] == ["a", "beta-side"]
    with pytest.raises(InvalidValue, match="2-8"):
        empty_ledger.add_scenario("Only one?", ["One"])
    with pytest.raises(InvalidValue, match="outcome key"):
        empty_ledger.add_scenario("Twice?", ["x=One", "x=Two"])
    with pytest.raises(Conflict):
        empty_ledger.add_scenario("Again", ["A", "B"], key=s.key)


def test_forecast_by_position_and_by_key(seeded_ledger):
    r = seeded_ledger.forecast_scenario(SET, ["20%", "50", "0.3"])
    assert r.forecast.probabilities == pytest.approx((0.2, 0.5, 0.3)) and r.notice is None
    r = seeded_ledger.forecast_scenario(SET, ["stalled=0.3", "deep-integration=0.2", "symbolic-cooperation=0.502"])
    assert r.notice and sum(r.forecast.probabilities) == pytest.approx(1.0)
    assert r.previous is not None


@pytest.mark.parametrize(
    "values, match",
    [
        (["0.2", "0.5"], "3 values"),
        (["0.2", "0.5", "0.4"], "sum to 1.1"),
        (["deep-integration=0.5", "stalled=0.5"], "missing symbolic-cooperation"),
        (["nowhere=0.5", "stalled=0.5", "deep-integration=0"], "outcome"),
        (["0.5", "stalled=0.5", "0"], "all values by position"),
    ],
)
def test_bad_vectors_are_refused_and_nothing_is_written(seeded_ledger, values, match):
    with pytest.raises(InvalidValue, match=match):
        seeded_ledger.forecast_scenario(SET, values)
    assert _count(seeded_ledger, "scenario_forecasts") == 0


def test_resolve_and_correct(seeded_ledger):
    seeded_ledger.resolve_scenario(SET, "stalled", known_on=date(2025, 5, 1))
    with pytest.raises(Conflict, match="already resolved stalled"):
        seeded_ledger.resolve_scenario(SET, "deep-integration")
    r = seeded_ledger.resolve_scenario(SET, "annulled", correct=True)
    assert r.annulled and r.supersedes is not None
    assert seeded_ledger.scenario(SET).resolution.annulled


def test_signpost_update_is_shown_not_applied(seeded_ledger):
    seeded_ledger.forecast_scenario(SET, ["0.2", "0.5", "0.3"])
    seeded_ledger.resolve("sber-china-ai-report", "yes")
    d = seeded_ledger.scenario(SET)
    (view,) = [v for v in d.signposts if v.item_key == "sber-china-ai-report"]
    assert view.multiplier == pytest.approx(1 / 1.5)
    assert [v.item_key for v in d.implied.applied] == ["sber-china-ai-report"]
    assert d.implied.probabilities[2] == pytest.approx(2 / 9)
    assert d.my_forecast.probabilities == pytest.approx((0.2, 0.5, 0.3))  # nothing changed by itself
    accepted = seeded_ledger.accept_implied_update(SET)
    assert accepted.forecast.probabilities == pytest.approx(d.implied.probabilities)
    assert accepted.forecast.note.startswith("accepted signpost update")
    # the accepted forecast already knows this signpost: it is not offered (and applied) again
    assert seeded_ledger.scenario(SET).implied.applied == []
    with pytest.raises(Conflict, match="no signpost update"):
        seeded_ledger.accept_implied_update(SET)


def test_no_resolution_implies_no_update(seeded_ledger):
    seeded_ledger.forecast_scenario(SET, ["0.2", "0.5", "0.3"])
    seeded_ledger.resolve("sber-china-joint-rd", "no")
    d = seeded_ledger.scenario(SET)
    assert d.implied.applied == []
    with pytest.raises(Conflict, match="no signpost update"):
        seeded_ledger.accept_implied_update(SET)


def test_link_and_unlink_are_append_only(seeded_ledger):
    seeded_ledger.add_item("A summit communique mentions AI", key="summit-ai")
    seeded_ledger.link_signpost(SET, "symbolic-cooperation", "summit-ai", "supports", likelihood_ratio=1.2)
    assert len(seeded_ledger.scenario(SET).signposts) == 4
    seeded_ledger.unlink_signpost(SET, "symbolic-cooperation", "summit-ai")
    assert len(seeded_ledger.scenario(SET).signposts) == 3
    assert _count(seeded_ledger, "signpost_links") == 5
    with pytest.raises(InvalidValue, match="at least 1"):
        seeded_ledger.link_signpost(SET, "stalled", "summit-ai", "undermines", likelihood_ratio=0.5)
    with pytest.raises(InvalidValue, match="supports | undermines"):
        seeded_ledger.link_signpost(SET, "stalled", "summit-ai", "sideways")


def test_scenario_scores_match_the_python_oracle(tmp_path, ticking_clock):

    ana = Ledger(tmp_path / "l.duckdb", "ana", clock=ticking_clock)
    ana.init()
    bob = Ledger(tmp_path / "l.duckdb", "bob", clock=ticking_clock)
    ana.forecast_scenario(SET, ["0.1", "0.3", "0.6"], made_at=ticking_clock.start.replace(tzinfo=None, month=1))
    ana.forecast_scenario(SET, ["0.2", "0.5", "0.3"], made_at=ticking_clock.start.replace(tzinfo=None, month=2))
    bob.forecast_scenario(SET, ["0.0", "0.0", "1.0"], made_at=ticking_clock.start.replace(tzinfo=None, month=3))
    # made on the day the outcome became known: late, never scored
    ana.forecast_scenario(SET, ["0", "1", "0"], made_at=ticking_clock.start.replace(tzinfo=None, month=5))
    ana.resolve_scenario(SET, "symbolic-cooperation", known_on=date(2025, 5, 1))
    scores = {s.analyst: s for s in ana.scenario_scores()}
    assert scores["ana"].brier == pytest.approx(multi_brier([0.2, 0.5, 0.3], 1))
    assert scores["ana"].log_loss == pytest.approx(log_loss(0.5))
    assert scores["bob"].brier == pytest.approx(2.0)
    assert scores["bob"].log_loss == pytest.approx(log_loss(0.0))
    assert [s.analyst for s in ana.scenario_scores(analyst="bob")] == ["bob"]
    pairs = ana.scenario_binary_pairs(analyst="ana")
    assert sorted((p["p"], p["o"]) for p in pairs) == sorted([(0.2, 0), (0.5, 1), (0.3, 0)])
    # before the resolution was recorded nothing is scored
    assert ana.scenario_scores(as_of=ticking_clock.start.replace(tzinfo=None)) == []


def test_annulled_sets_are_not_scored(seeded_ledger):
    seeded_ledger.forecast_scenario(SET, ["0.2", "0.5", "0.3"], made_at=seeded_ledger.now().replace(month=1))
    seeded_ledger.resolve_scenario(SET, "annulled", known_on=date(2025, 5, 1))
    assert seeded_ledger.scenario_scores() == []
    assert seeded_ledger.scenario_binary_pairs() == []


def test_scenario_crowd_is_the_mean_of_latest_vectors(tmp_path, ticking_clock):
    path = tmp_path / "l.duckdb"
    ana = Ledger(path, "ana", clock=ticking_clock)
    ana.init()
    ana.forecast_scenario(SET, ["0.6", "0.3", "0.1"])
    ana.forecast_scenario(SET, ["0.2", "0.5", "0.3"])  # replaces ana's first vector
    Ledger(path, "bob", clock=ticking_clock).forecast_scenario(SET, ["0.4", "0.4", "0.2"])
    d = ana.scenario(SET)
    assert d.crowd_mean() == pytest.approx((0.3, 0.45, 0.25))
    assert sum(d.crowd_mean()) == pytest.approx(1.0)
    history = d.crowd_history()
    assert [h[1] for h in history] == [pytest.approx(v) for v in [(0.6, 0.3, 0.1), (0.2, 0.5, 0.3), (0.3, 0.45, 0.25)]]
