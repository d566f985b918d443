"""The same oracle that checks a file ledger's scores checks a team ledger's, and both give equal scores."""

from __future__ import annotations

import tempfile
from datetime import timedelta
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from ledger.service import Ledger, ScoreQuery
from tests.ledger.scoring.conftest import CLOCK_NOW, build, write_spec
from tests.ledger.scoring.oracle import OLedger
from tests.ledger.scoring.test_oracle_agreement import BASE_DAY, GROUPINGS, assert_all_agree, ledgers
from tests.support import Clock
from tests.team.pg import new_database

TOL = 1e-12
FIGURES = ("brier", "base_rate", "uncertainty", "brier_skill", "log_loss", "baseline_score", "relative_brier",
           "peer_score")  # fmt: skip


def build_team(admin_uri: str, spec: OLedger) -> Ledger:
    """The spec in a fresh team ledger, written by its administrator (who may write any analyst's records)."""
    ledger = Ledger(new_database(admin_uri), "tester", clock=Clock(CLOCK_NOW.astimezone()))
    ledger.team_init(empty=True)
    write_spec(ledger, spec)
    return ledger


def assert_same_scores(team: Ledger, home: Ledger, queries: list[dict]) -> None:  # type: ignore[type-arg]
    """Each query scored on both ledgers (one read of each) gives the same groups and figures."""
    on_team = team.score_many([ScoreQuery(**q) for q in queries])
    at_home = home.score_many([ScoreQuery(**q) for q in queries])
    for options, a, b in zip(queries, on_team, at_home, strict=True):
        assert [g.group for g in a.groups] == [g.group for g in b.groups], options
        for x, y in zip(a.groups, b.groups, strict=True):
            assert (x.n_forecasts, x.n_items, x.n_late, x.n_annulled) == (
                y.n_forecasts, y.n_items, y.n_late, y.n_annulled
            )  # fmt: skip
            for name in FIGURES:
                u, v = getattr(x, name), getattr(y, name)
                assert (u is None and v is None) or abs(u - v) <= TOL, (options, x.group, name, u, v)


@settings(
    max_examples=3,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(spec=ledgers(), bins=st.sampled_from([1, 3, 10]), as_of_days=st.integers(0, 150))
def test_team_scores_match_the_oracle_and_the_file_ledger(pg_admin, spec, bins, as_of_days) -> None:  # type: ignore[no-untyped-def]
    team = build_team(pg_admin, spec)
    with tempfile.TemporaryDirectory() as folder:
        home = build(Path(folder) / "home.duckdb", spec)
        # every question of the example asked in one read of each ledger (score is score_many of one query)
        as_of = BASE_DAY + timedelta(days=as_of_days)
        queries, shared = [], []
        for mode in ("last", "all", "time-weighted"):
            queries += [{"mode": mode, "by": by, "bins": bins} for by in GROUPINGS]
            queries.append({"mode": mode, "by": "analyst", "bins": bins, "crowd": "median"})
            queries.append({"mode": mode, "by": "analyst", "as_of": as_of, "analyst": "ann", "crowd": "median"})
            shared.append({"mode": mode, "by": "analyst", "bins": bins, "crowd": "median"})
        assert_all_agree(team, spec, queries)
        assert_same_scores(team, home, shared)
