"""What a score comes back as: frozen records with the ``--json`` shape built in.

``ScoreReport.to_json()`` is exactly the object ``fledger score --json`` prints
(docs/scoring.md).  Metrics that do not apply to a group or mode are None
(JSON null), never missing.
"""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

from attrs import field, frozen

SCALE = "brier 0-1"
SCENARIO_SCALE = "brier 0-2"


@frozen
class CalibrationBin:
    """One equal-width probability bin [lo, hi); the last bin includes 1."""

    lo: float
    hi: float
    n: int
    mean_forecast: float | None
    observed: float | None
    ci_low: float | None
    ci_high: float | None

    def to_json(self) -> dict[str, Any]:
        return {
            "lo": self.lo, "hi": self.hi, "n": self.n, "mean_forecast": self.mean_forecast,
            "observed": self.observed, "ci_low": self.ci_low, "ci_high": self.ci_high,
        }  # fmt: skip


@frozen
class Decomposition:
    """Murphy's decomposition over the bins, with the within-bin terms that make it exact:
    brier = reliability - resolution + uncertainty + within_bin_variance - within_bin_covariance."""

    reliability: float
    resolution: float
    uncertainty: float
    within_bin_variance: float
    within_bin_covariance: float

    def to_json(self) -> dict[str, Any]:
        return {
            "reliability": self.reliability, "resolution": self.resolution, "uncertainty": self.uncertainty,
            "within_bin_variance": self.within_bin_variance, "within_bin_covariance": self.within_bin_covariance,
        }  # fmt: skip


@frozen
class ScenarioFigures:
    """A scenario set's own scores (``--by scenario``): the mean over its scored scenario
    forecasts of the multi-category Brier, on the 0-2 scale, and of the log loss.
    Kept apart from the binary 0-1 Brier on purpose: the two scales never mix."""

    n_forecasts: int = 0
    brier: float | None = None
    log_loss: float | None = None

    def to_json(self) -> dict[str, Any]:
        return {"scenario_forecasts": self.n_forecasts, "scenario_brier": self.brier,
                "scenario_log_loss": self.log_loss, "scenario_scale": SCENARIO_SCALE}  # fmt: skip


@frozen
class GroupScore:
    """The scores of one group (an analyst, a tag, a month, ... or the whole ledger)."""

    group: dict[str, Any] = field(hash=False)
    n_forecasts: int
    n_items: int
    n_late: int
    n_annulled: int
    brier: float | None = None
    base_rate: float | None = None
    uncertainty: float | None = None
    brier_skill: float | None = None
    log_loss: float | None = None
    baseline_score: float | None = None
    relative_brier: float | None = None
    peer_score: float | None = None
    decomposition: Decomposition | None = None
    bins: tuple[CalibrationBin, ...] | None = None
    scenario: ScenarioFigures | None = None

    @property
    def label(self) -> str:
        """A short human name for the group: 'all', 'ann', 'crowd:median', 'tag=energy', ..."""
        if self.group.get("all"):
            return "all"
        parts = [f"{v}" if k == "analyst" else f"{k}={v if v is not None else '(none)'}"
                 for k, v in self.group.items() if k not in ("source_id", "set_id")]  # fmt: skip
        return " ".join(parts)

    def to_json(self) -> dict[str, Any]:
        """The group's JSON object; ``--by scenario`` groups also carry the ScenarioFigures keys."""
        out = {
            "group": dict(self.group), "n_forecasts": self.n_forecasts, "n_items": self.n_items,
            "n_late": self.n_late, "n_annulled": self.n_annulled, "brier": self.brier, "base_rate": self.base_rate,
            "uncertainty": self.uncertainty, "brier_skill": self.brier_skill, "log_loss": self.log_loss,
            "baseline_score": self.baseline_score, "relative_brier": self.relative_brier,
            "peer_score": self.peer_score,
            "decomposition": self.decomposition.to_json() if self.decomposition else None,
            "bins": [b.to_json() for b in self.bins] if self.bins is not None else None,
        }  # fmt: skip
        if self.scenario is not None:
            out.update(self.scenario.to_json())
        return out


@frozen
class ScoreReport:
    """A whole ``fledger score`` answer: the options it was asked with and one GroupScore per group."""

    mode: str
    as_of: date | None
    by: str | None
    bins: int
    groups: tuple[GroupScore, ...]
    sql: str = field(default="", repr=False, eq=False)

    @property
    def is_empty(self) -> bool:
        """True when nothing was scored and nothing was left out: no resolved item has a forecast."""
        return all(g.n_forecasts == 0 and g.n_late == 0 and g.n_annulled == 0
                   and (g.scenario is None or g.scenario.n_forecasts == 0) for g in self.groups)  # fmt: skip

    def to_json(self) -> dict[str, Any]:
        return {
            "mode": self.mode,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "scale": SCALE,
            "groups": [g.to_json() for g in self.groups],
        }


@frozen
class ScoredRows:
    """The scored pairs behind a score, for reports and reproducibility bundles.

    ``columns``: analyst, item_id, item_key, p, o, made_at, known_on, weight
    (weight is 1 except in time-weighted mode, where it is the share of the
    item's days the forecast held).  ``sql`` is the query that produced them.
    """

    columns: tuple[str, ...]
    rows: list[tuple[Any, ...]] = field(eq=False, hash=False)
    sql: str = field(repr=False)

    def to_csv(self) -> str:
        """The rows as CSV text (header first; timestamps ISO, UTC; floats with repr precision)."""
        import csv
        import io

        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(self.columns)
        for row in self.rows:
            writer.writerow(["" if v is None else v.isoformat() if hasattr(v, "isoformat") else repr(v)
                             if isinstance(v, float) else v for v in row])  # fmt: skip
        return out.getvalue()

    @property
    def fingerprint(self) -> str:
        """sha256 of ``to_csv()``: the same scored rows always give the same fingerprint."""
        return hashlib.sha256(self.to_csv().encode("utf-8")).hexdigest()
