"""A stand-in for ``Ledger.score`` that returns a fixed report in the agreed ``to_json()`` shape."""

from __future__ import annotations

from typing import Any

from ledger.service import Ledger


def group(label: dict[str, str], brier: float, n: int) -> dict[str, Any]:
    return {
        "group": label, "n_forecasts": n, "n_items": n - 1, "n_late": 1, "n_annulled": 0,
        "brier": brier, "base_rate": 0.4, "uncertainty": 0.24, "brier_skill": 1 - brier / 0.24,
        "log_loss": 0.5123, "baseline_score": 0.24, "relative_brier": None, "peer_score": None,
        "decomposition": {"reliability": 0.0123, "resolution": 0.0456, "uncertainty": 0.24,
                          "within_bin_variance": 0.001, "within_bin_covariance": -0.0005},
        "bins": [
            {"lo": 0.0, "hi": 0.1, "n": 3, "mean_forecast": 0.05, "observed": 0.0, "ci_low": 0.0, "ci_high": 0.56},
            {"lo": 0.3, "hi": 0.4, "n": 4, "mean_forecast": 0.35, "observed": 0.25, "ci_low": 0.05, "ci_high": 0.7},
            {"lo": 0.7, "hi": 0.8, "n": 5, "mean_forecast": 0.72, "observed": 0.8, "ci_low": 0.38, "ci_high": 0.96},
        ],
    }  # fmt: skip


class StubReport:
    def __init__(self, mode: str, by: str | None, as_of: Any) -> None:
        self.mode, self.by, self.as_of = mode, by, as_of

    def to_json(self) -> dict[str, Any]:
        if self.by == "analyst":
            groups = [group({"analyst": "ann"}, 0.18, 7), group({"analyst": "bob"}, 0.21, 5)]
        elif self.by == "tag":
            groups = [group({"tag": "trade"}, 0.15, 4)]
        else:
            groups = [group({}, 0.1875 if self.mode == "last" else 0.2, 12)]
        as_of = self.as_of.isoformat() if self.as_of else "2025-03-20"
        return {"mode": self.mode, "as_of": as_of, "scale": "brier 0-1", "groups": groups}


class ScoringLedger(Ledger):
    calls: list[dict[str, Any]]

    def score(self, *, mode: str = "last", by: str | None = None, as_of: Any = None, **_: Any) -> StubReport:
        self.calls = [*getattr(self, "calls", []), {"mode": mode, "by": by, "as_of": as_of}]
        return StubReport(mode, by, as_of)
