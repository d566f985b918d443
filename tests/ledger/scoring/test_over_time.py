"""Calibration over time (docs/scoring.md): per-quarter Brier and reliability are the engine's own, and the
rolling Brier over four quarters agrees with the oracle's pairs taken straight from its definition."""

from __future__ import annotations

import math
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings

from ledger.scoring.over_time import over_time
from ledger.service import ScoreQuery
from tests.ledger.scoring import oracle
from tests.ledger.scoring.conftest import build
from tests.ledger.scoring.test_oracle_agreement import ledgers


def _quarter_index(d) -> int:
    return d.year * 4 + (d.month - 1) // 3


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spec=ledgers())
def test_rolling_brier_matches_the_oracle(spec) -> None:
    with tempfile.TemporaryDirectory() as folder:
        ledger = build(Path(folder) / "time.duckdb", spec)
        modes = ("last", "all", "time-weighted")
        reports = dict(zip(modes, ledger.score_many([ScoreQuery(mode, "quarter") for mode in modes]), strict=True))
        for mode in ("last", "all"):
            rows = over_time(reports[mode].to_json())
            pairs = oracle.pairs(spec, mode)
            want_quarters = sorted({_quarter_index(p["known_on"]) for p in pairs})
            assert [_quarter_index_of(r.quarter) for r in rows] == want_quarters
            for r in rows:
                at = _quarter_index_of(r.quarter)
                inside = [p for p in pairs if at - 4 < _quarter_index(p["known_on"]) <= at]
                want = sum((p["p"] - p["o"]) ** 2 for p in inside) / len(inside)
                assert math.isclose(r.rolling_brier, want, rel_tol=1e-12, abs_tol=1e-12), (mode, r)
                own = [p for p in pairs if _quarter_index(p["known_on"]) == at]
                assert r.n_forecasts == len(own)
                expected = oracle.metrics(own, 10, True)
                assert math.isclose(r.brier, expected["brier"], rel_tol=1e-12, abs_tol=1e-12)
                assert math.isclose(r.reliability, expected["decomposition"]["reliability"], rel_tol=1e-9,
                                    abs_tol=1e-12)  # fmt: skip
        assert all(r.rolling_brier is None for r in over_time(reports["time-weighted"].to_json()))


def _quarter_index_of(label: str) -> int:
    year, q = label.split("-Q")
    return int(year) * 4 + int(q) - 1
