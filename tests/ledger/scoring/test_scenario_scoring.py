"""Scenario sets in ``score``: ``--by scenario`` groups and ``--include-scenarios`` pairs,
checked against hand-built expectations, ``ledger.scenarios.math`` and the oracle."""

from __future__ import annotations

import itertools
import math
from datetime import UTC, date, datetime, timedelta

import pytest

from ledger.scenarios.math import log_loss, multi_brier
from ledger.service import Ledger
from tests.ledger.scoring import oracle
from tests.support import Clock

MADE = datetime(2025, 5, 1, 9, 0)
KNOWN = date(2025, 5, 20)


@pytest.fixture(scope="module")
def ledger(tmp_path_factory):
    """Items k1, k2 (signposts of set s1; k1 linked to two outcomes) and k3 (not linked);
    ann and bob forecast items and the set; everything resolves on KNOWN."""
    path = tmp_path_factory.mktemp("scenario-scoring") / "ledger.duckdb"
    ticks = itertools.count()

    def clock() -> datetime:
        return datetime(2025, 6, 1, 12, 0, tzinfo=UTC) + timedelta(seconds=next(ticks))

    ann, bob = Ledger(path, "ann", clock=clock), Ledger(path, "bob", clock=clock)
    ann.init(empty=True)
    ann.add_scenario("Which way?", ["a=Alpha", "b=Beta", "c=Gamma"], key="s1", tags=["x"])
    for key in ("k1", "k2", "k3"):
        ann.add_item(f"Item {key}", key=key, tags=["x"] if key != "k3" else ["y"])
    ann.link_signpost("s1", "a", "k1", "supports")
    ann.link_signpost("s1", "b", "k1", "undermines")
    ann.link_signpost("s1", "c", "k2", "supports")
    for who, key, p in ((ann, "k1", 0.8), (bob, "k1", 0.6), (ann, "k2", 0.3), (ann, "k3", 0.6)):
        who.forecast(key, p, made_at=MADE)
    ann.forecast_scenario("s1", ["0.5", "0.3", "0.2"], made_at=MADE)
    bob.forecast_scenario("s1", ["0.2", "0.2", "0.6"], made_at=MADE)
    for key, outcome in (("k1", "yes"), ("k2", "no"), ("k3", "yes")):
        ann.resolve(key, outcome, known_on=KNOWN)
    ann.resolve_scenario("s1", "a", known_on=KNOWN)
    return ann


def test_by_scenario_scores_signpost_items_and_keeps_the_0_2_brier_apart(ledger) -> None:
    (group,) = ledger.score(by="scenario").groups
    assert group.group == {"scenario": "s1", "set_id": group.group["set_id"]}
    # binary pairs: k1 by ann (0.8) and bob (0.6), k2 by ann (0.3); k1 counts once though linked twice
    assert (group.n_forecasts, group.n_items) == (3, 2)
    assert math.isclose(group.brier, (0.2**2 + 0.4**2 + 0.3**2) / 3, rel_tol=1e-12)
    s = group.scenario
    assert s.n_forecasts == 2
    assert math.isclose(s.brier, (multi_brier([0.5, 0.3, 0.2], 0) + multi_brier([0.2, 0.2, 0.6], 0)) / 2, rel_tol=1e-12)
    assert math.isclose(s.brier, (0.38 + 1.04) / 2, rel_tol=1e-12)
    assert math.isclose(s.log_loss, (log_loss(0.5) + log_loss(0.2)) / 2, rel_tol=1e-12)
    out = group.to_json()
    assert out["scenario_scale"] == "brier 0-2" and out["scenario_brier"] == s.brier
    assert out["brier"] == group.brier  # the binary Brier stays on its own (0-1) key

    (only_bob,) = ledger.score(by="scenario", analyst="bob").groups
    assert only_bob.n_forecasts == 1 and math.isclose(only_bob.scenario.brier, 1.04, rel_tol=1e-12)


def _oracle_row(analyst: str, item: str, p: float, o: int) -> dict:
    return {"analyst": analyst, "item": oracle.OItem(item, item), "p": p, "o": o, "weight": 1.0,
            "rel_brier": None, "peer": None}  # fmt: skip


def test_include_scenarios_adds_one_binary_pair_per_outcome(ledger) -> None:
    plain = ledger.score(bins=5).groups[0]
    both = ledger.score(bins=5, include_scenarios=True).groups[0]
    items = [("ann", "k1", 0.8, 1), ("bob", "k1", 0.6, 1), ("ann", "k2", 0.3, 0), ("ann", "k3", 0.6, 1)]
    vectors = [("ann", "s1", 0.5, 1), ("ann", "s1", 0.3, 0), ("ann", "s1", 0.2, 0),
               ("bob", "s1", 0.2, 1), ("bob", "s1", 0.2, 0), ("bob", "s1", 0.6, 0)]  # fmt: skip
    for group, rows in ((plain, items), (both, items + vectors)):
        want = oracle.metrics([_oracle_row(*r) for r in rows], 5, True)
        assert (group.n_forecasts, group.n_items) == (want["n_forecasts"], want["n_items"])
        for name in ("brier", "base_rate", "log_loss", "baseline_score"):
            assert math.isclose(getattr(group, name), want[name], rel_tol=1e-12), name
        for name, value in want["decomposition"].items():
            assert math.isclose(getattr(group.decomposition, name), value, rel_tol=1e-12, abs_tol=1e-15), name
        assert [b.n for b in group.bins] == [b["n"] for b in want["bins"]]
    # relative Brier and peer score stay over items only: the scenario pairs add nothing to them
    assert both.relative_brier == plain.relative_brier and both.peer_score == plain.peer_score
    by_analyst = {g.group["analyst"]: g for g in ledger.score(by="analyst", include_scenarios=True).groups}
    assert (by_analyst["bob"].n_forecasts, by_analyst["bob"].n_items) == (4, 2)
    tagged = ledger.score(tag="x", include_scenarios=True).groups[0]
    assert (tagged.n_forecasts, tagged.n_items) == (9, 3)  # k3 (tag y) is left out, the set (tag x) stays


def test_a_set_without_signposts_still_gets_its_group(tmp_path) -> None:
    ledger = Ledger(tmp_path / "bare.duckdb", "ann", clock=Clock(datetime(2025, 6, 1, 12, tzinfo=UTC)))
    ledger.init(empty=True)
    ledger.add_scenario("Bare?", ["Yes", "No"], key="bare")
    ledger.forecast_scenario("bare", ["0.7", "0.3"], made_at=MADE)
    ledger.resolve_scenario("bare", "2", known_on=KNOWN)
    (group,) = ledger.score(by="scenario").groups
    assert group.group["scenario"] == "bare" and group.n_forecasts == 0 and group.brier is None
    assert math.isclose(group.scenario.brier, 0.98, rel_tol=1e-12) and len(group.bins) == 10
