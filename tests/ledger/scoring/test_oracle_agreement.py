"""The SQL scoring agrees with the plain-Python oracle on generated ledgers, for every mode and grouping."""

from __future__ import annotations

import math
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledger.scoring.sql import CROWD_ANALYST
from ledger.service import ScoreQuery
from tests.ledger.scoring import oracle
from tests.ledger.scoring.conftest import build
from tests.ledger.scoring.oracle import OForecast, OItem, OLedger, OResolution, ORetraction, OWithdrawal

TOL = 1e-12
GROUPINGS = (None, "analyst", "tag", "actor", "source", "month", "quarter", "year")
BASE_DAY = date(2025, 1, 1)

probabilities = st.one_of(
    st.sampled_from([0.0, 1.0, 0.5, 0.1, 0.9, 0.001, 0.999, 0.3, 0.7]),
    st.floats(min_value=0, max_value=1, allow_nan=False),
)


@st.composite
def ledgers(draw) -> OLedger:
    spec = OLedger()
    n_items = draw(st.integers(1, 6))
    analysts = draw(st.lists(st.sampled_from(["ann", "bob", "cy", "dee"]), min_size=1, max_size=4, unique=True))
    for n in range(n_items):
        item_id = f"00000000-0000-4000-8000-{n:012d}"
        tags = tuple(draw(st.lists(st.sampled_from(["x", "y", "z"]), max_size=2, unique=True)))
        actors = tuple(draw(st.lists(st.sampled_from(["A", "B"]), max_size=2, unique=True)))
        deadline = draw(st.one_of(st.none(), st.integers(-10, 400).map(lambda d: BASE_DAY + timedelta(days=d))))
        spec.items.append(OItem(item_id, f"item-{n}", tags, actors, draw(st.sampled_from([None, "s1", "s2"])),
                                deadline))  # fmt: skip
        known_on = BASE_DAY + timedelta(days=draw(st.integers(1, 120)))
        outcome = draw(st.sampled_from(["yes", "no", "yes", "no", "annulled", None]))
        if outcome:
            recorded = datetime.combine(known_on, datetime.min.time()) + timedelta(days=draw(st.integers(0, 20)))
            spec.resolutions.append(OResolution(item_id, outcome, known_on, recorded, f"r-{n:03d}"))
            if draw(st.integers(0, 5)) == 0:  # a resolution entered by mistake, taken back
                spec.retractions.append(
                    ORetraction(
                        "resolution",
                        f"r-{n:03d}",
                        item_id,
                        "tester",
                        recorded + timedelta(days=draw(st.integers(0, 30)), seconds=1),
                    )
                )
        for analyst in analysts:
            for k in range(draw(st.integers(0, 3))):
                made = datetime.combine(BASE_DAY, datetime.min.time()) + timedelta(
                    days=draw(st.integers(-5, 125)), hours=draw(st.sampled_from([0, 6, 23]))
                )
                # + k µs: fledger never records two forecasts of one analyst on one item
                # with the same made_at and recorded_at (docs/scoring.md)
                recorded = made + timedelta(days=draw(st.sampled_from([0, 0, 1, 40])), microseconds=k)
                spec.forecasts.append(
                    OForecast(f"f-{n:03d}-{analyst}-{k}", item_id, analyst, draw(probabilities), made, recorded)
                )
                if draw(st.integers(0, 3)) == 0:  # another tool says the forecast was withdrawn (or expired)
                    ended = made + timedelta(days=draw(st.integers(0, 60)), hours=draw(st.sampled_from([0, 5, 23])))
                    seen = max(ended, recorded) + timedelta(days=draw(st.sampled_from([0, 1, 30])))
                    spec.withdrawals.append(OWithdrawal(f"f-{n:03d}-{analyst}-{k}", ended, seen))
                if draw(st.integers(0, 4)) == 0:  # a forecast typed by mistake, taken back later
                    spec.retractions.append(ORetraction("forecast", f"f-{n:03d}-{analyst}-{k}", item_id, analyst,
                                                        recorded + timedelta(days=draw(st.sampled_from([0, 2, 60])),
                                                                             seconds=1)))  # fmt: skip
    return spec


def _close(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=TOL, abs_tol=TOL)


def _sql_groups(report) -> dict:
    out = {}
    for g in report.groups:
        key = g.group
        is_crowd = key.get("analyst") == CROWD_ANALYST
        if report.by is None:
            value = None
        elif report.by == "source":
            value = key["source_id"]
        else:
            value = key[report.by]
        out[(value, is_crowd)] = g
    return out


def assert_agrees(ledger, spec, **options) -> None:
    assert_report_agrees(ledger.score(**options), spec, options, ledger.today())


def assert_all_agree(ledger, spec, queries: list[dict]) -> None:
    """Every query scored from one read of the ledger (one connection per example), each checked."""
    for report, options in zip(ledger.score_many([ScoreQuery(**q) for q in queries]), queries, strict=True):
        assert_report_agrees(report, spec, options, ledger.today())


def assert_report_agrees(report, spec, options: dict, today) -> None:
    # the guard's day: the as-of day, else the ledger's today
    due_before = (options.get("as_of") or today) if options.get("after_deadline") else None
    expected = oracle.score(spec, crowd=options.get("crowd") is not None, due_before=due_before,
                            **{k: v for k, v in options.items() if k not in ("crowd", "after_deadline")})  # fmt: skip
    got = _sql_groups(report)
    counts = oracle.left_out(
        spec, due_before=due_before, **{k: options[k] for k in ("by", "as_of", "analyst", "tag") if k in options}
    )
    for (value, is_crowd), g in got.items():
        want_counts = (0, 0) if is_crowd else counts.get(value, (0, 0))
        assert (g.n_late, g.n_annulled) == want_counts, (options, value, is_crowd)
    assert {v for v, c in counts.items() if c != (0, 0)} <= {v for v, crowd in got if not crowd}, options
    scored = {k: g for k, g in got.items() if g.n_forecasts > 0}
    assert set(scored) == set(expected), (options, set(scored), set(expected))
    for key, want in expected.items():
        g = scored[key]
        ctx = (options, key)
        if options.get("mode") != "time-weighted":
            assert g.n_forecasts == want["n_forecasts"], ctx
        assert g.n_items == want["n_items"], ctx
        for name in ("brier", "base_rate", "uncertainty", "brier_skill", "log_loss", "baseline_score",
                     "relative_brier", "peer_score"):  # fmt: skip
            assert _close(getattr(g, name), want[name]), (ctx, name, getattr(g, name), want[name])
        if want["decomposition"] is None:
            assert g.decomposition is None and g.bins is None, ctx
            continue
        for name, value in want["decomposition"].items():
            assert _close(getattr(g.decomposition, name), value), (ctx, name)
        assert len(g.bins) == len(want["bins"]), ctx
        for b, wb in zip(g.bins, want["bins"], strict=True):
            for name, value in wb.items():
                assert _close(getattr(b, name), value), (ctx, b, name, value)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spec=ledgers(), bins=st.sampled_from([1, 3, 10]))
def test_sql_matches_oracle_for_every_mode_and_grouping(spec, bins) -> None:
    with tempfile.TemporaryDirectory() as folder:
        ledger = build(Path(folder) / "scoring-oracle.duckdb", spec)
        queries = []
        for mode in ("last", "all", "time-weighted"):
            queries += [{"mode": mode, "by": by, "bins": bins} for by in GROUPINGS]
            queries.append({"mode": mode, "by": "analyst", "bins": bins, "crowd": "median"})
        queries.append({"mode": "last", "by": "tag", "bins": bins, "crowd": "median"})
        assert_all_agree(ledger, spec, queries)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spec=ledgers(), as_of_days=st.integers(0, 150), analyst=st.sampled_from(["ann", "bob"]),
       tag=st.sampled_from(["x", "y"]))  # fmt: skip
def test_sql_matches_oracle_with_as_of_and_filters(spec, as_of_days, analyst, tag) -> None:
    as_of = BASE_DAY + timedelta(days=as_of_days)
    with tempfile.TemporaryDirectory() as folder:
        ledger = build(Path(folder) / "scoring-oracle.duckdb", spec)
        queries = []
        for mode in ("last", "all", "time-weighted"):
            queries.append({"mode": mode, "as_of": as_of})
            queries.append({"mode": mode, "by": "analyst", "as_of": as_of, "analyst": analyst, "crowd": "median"})
            queries.append({"mode": mode, "by": "month", "tag": tag})
        assert_all_agree(ledger, spec, queries)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spec=ledgers(), bins=st.integers(1, 12))
def test_decomposition_identity_holds(spec, bins) -> None:
    with tempfile.TemporaryDirectory() as folder:
        ledger = build(Path(folder) / "scoring-identity.duckdb", spec)
        queries = [ScoreQuery(mode=mode, by="analyst", bins=bins, crowd="median") for mode in ("last", "all")]
        for report in ledger.score_many(queries):
            for g in report.groups:
                if g.n_forecasts == 0:
                    continue
                d = g.decomposition
                rebuilt = d.reliability - d.resolution + d.uncertainty + d.within_bin_variance - d.within_bin_covariance
                assert abs(rebuilt - g.brier) <= 1e-9


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spec=ledgers(), as_of_days=st.one_of(st.none(), st.integers(0, 400)), tag=st.sampled_from([None, "x"]))
def test_sql_matches_oracle_with_the_early_resolution_guard(spec, as_of_days, tag) -> None:
    as_of = BASE_DAY + timedelta(days=as_of_days) if as_of_days is not None else None
    with tempfile.TemporaryDirectory() as folder:
        ledger = build(Path(folder) / "scoring-guard.duckdb", spec)
        queries = []
        for mode in ("last", "all", "time-weighted"):
            queries.append({"mode": mode, "as_of": as_of, "tag": tag, "after_deadline": True})
            queries.append({"mode": mode, "by": "analyst", "as_of": as_of, "after_deadline": True, "crowd": "median"})
        assert_all_agree(ledger, spec, queries)
