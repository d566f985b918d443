"""A small real ledger with resolved and open items, on a fixed clock (shared by report and CLI tests)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from ledger.service import Ledger
from tests.support import Clock

NOW = datetime(2025, 6, 15, 12, 0, tzinfo=UTC)
EVIL_TITLE = "<script>alert(1)</script> Mine reopens](javascript:alert(1))"


def make_ledger(path, analyst: str = "ann") -> Ledger:
    return Ledger(path, analyst, clock=Clock(NOW))


def build_team_ledger(path) -> Ledger:
    """Six resolved items forecast by ann and bob over three months, one late forecast, two open items."""
    ann, bob = make_ledger(path, "ann"), make_ledger(path, "bob")
    ann.init(empty=True)
    plan = [  # key, title, ann p, bob p, outcome, known_on
        ("grid-deal", "Grid deal signed", 0.8, 0.6, "yes", date(2025, 3, 10)),
        ("port-opens", "Port opens on time", 0.3, 0.45, "no", date(2025, 3, 28)),
        ("tariff-cut", "Tariff cut announced", 0.65, 0.7, "yes", date(2025, 4, 5)),
        ("summit", "Summit communique agreed", 0.1, 0.2, "no", date(2025, 4, 20)),
        ("bond-issue", "Bond issue completed", 0.9, 0.55, "yes", date(2025, 5, 2)),
        ("strike-ends", "Strike ends by May", 0.4, 0.35, "no", date(2025, 5, 30)),
    ]
    for key, title, pa, pb, outcome, known in plan:
        ann.add_item(
            title,
            key=key,
            deadline="2025-05",
            as_of=date(2025, 1, 15),
            tags=["energy"] if key != "summit" else ["politics"],
        )
        ann.forecast(key, pa, made_at=datetime(2025, 2, 1, 9))
        bob.forecast(key, pb, made_at=datetime(2025, 2, 2, 9))
        ann.resolve(key, outcome, known_on=known)
    ann.forecast("grid-deal", 0.99, made_at=datetime(2025, 3, 11, 9))  # late: after the outcome was known
    ann.add_item("Rail link approved", key="rail-link", deadline="2025-06-01", as_of=date(2025, 1, 15))
    ann.forecast("rail-link", 0.5, made_at=datetime(2025, 2, 3, 9))
    ann.add_item(EVIL_TITLE, key="mine-reopens", deadline="2025-12", as_of=date(2025, 1, 15))
    return ann


def same_numbers(a, b, rel: float = 1e-12) -> bool:
    """JSON values equal, floats up to rounding: the engine's parallel sums may differ in the last bit between runs."""
    if isinstance(a, float) or isinstance(b, float):
        return isinstance(a, int | float) and isinstance(b, int | float) and a == pytest.approx(b, rel=rel, abs=1e-15)
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(same_numbers(a[k], b[k], rel) for k in a)
    if isinstance(a, list):
        return isinstance(b, list) and len(a) == len(b) and all(same_numbers(x, y, rel) for x, y in zip(a, b))
    return a == b
