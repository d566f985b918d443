"""An independent, plain-Python reading of the scoring contract (docs/scoring.md).

No duckdb, no SQL: it takes lists of plain records and follows each written
definition literally (time-weighted mode walks day by day), so the SQL can be
checked against it.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from statistics import median

Z = 1.959963984540054
CROWD = "crowd:median"


@dataclass
class OItem:
    id: str
    key: str
    tags: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    source_id: str | None = None
    deadline: date | None = None  # the last day of the deadline window


@dataclass
class OForecast:
    id: str
    item_id: str
    analyst: str
    p: float
    made_at: datetime
    recorded_at: datetime


@dataclass
class OResolution:
    item_id: str
    outcome: str
    known_on: date
    recorded_at: datetime
    id: str = ""


@dataclass
class ORetraction:
    target: str  # forecast | resolution
    target_id: str
    item_id: str
    analyst: str
    recorded_at: datetime


@dataclass
class OWithdrawal:
    forecast_id: str  # the forecast another tool says stopped standing
    withdrawn_at: datetime
    recorded_at: datetime


@dataclass
class OLedger:
    items: list[OItem] = field(default_factory=list)
    forecasts: list[OForecast] = field(default_factory=list)
    resolutions: list[OResolution] = field(default_factory=list)  # at most one per item here
    retractions: list[ORetraction] = field(default_factory=list)
    withdrawals: list[OWithdrawal] = field(default_factory=list)


def standing(ledger: OLedger, cutoff: datetime, as_of: date | None) -> tuple[list[OForecast], dict[str, OResolution]]:
    """The forecasts recorded before ``cutoff`` and the resolutions in force then, leaving out every record
    retracted before ``cutoff`` (a retraction counts from when it was recorded)."""
    taken = {x.target_id for x in ledger.retractions if x.recorded_at < cutoff}
    forecasts = [f for f in ledger.forecasts if f.recorded_at < cutoff and f.id not in taken]
    res = {
        r.item_id: r for r in ledger.resolutions
        if r.recorded_at < cutoff and (as_of is None or r.known_on <= as_of) and not (r.id and r.id in taken)
    }  # fmt: skip
    return forecasts, res


def withdrawn_at(ledger: OLedger, cutoff: datetime) -> dict[str, datetime]:
    """{forecast id: the moment it stopped standing}, from the withdrawals recorded before ``cutoff``.

    A withdrawal ends the analyst's forecast on the item made at the moment of the forecast it names
    (docs/scoring.md: withdrawals are matched on item, analyst and made_at); the earliest one counts.
    """
    by_id = {f.id: f for f in ledger.forecasts}
    ends: dict[tuple[str, str, datetime], datetime] = {}
    for w in ledger.withdrawals:
        named = by_id.get(w.forecast_id)
        if named is None or w.recorded_at >= cutoff:
            continue
        key = (named.item_id, named.analyst, named.made_at)
        ends[key] = min(ends.get(key, w.withdrawn_at), w.withdrawn_at)
    return {f.id: ends[(f.item_id, f.analyst, f.made_at)] for f in ledger.forecasts
            if (f.item_id, f.analyst, f.made_at) in ends}  # fmt: skip


def clip_q(p: float, o: int) -> float:
    q = p if o == 1 else 1 - p
    return min(0.999, max(0.001, q))


def _midnight(d: date) -> datetime:
    return datetime.combine(d, datetime.min.time())


def _latest(fs: list[OForecast]) -> OForecast:
    return max(fs, key=lambda f: (f.made_at, f.recorded_at, f.id))


def guarded(ledger: OLedger, due_before: date | None) -> OLedger:
    """The early-resolution guard: only items whose deadline ended before ``due_before`` (None: no guard)."""
    if due_before is None:
        return ledger
    kept = {i.id for i in ledger.items if i.deadline is not None and i.deadline < due_before}
    return OLedger(ledger.items, [f for f in ledger.forecasts if f.item_id in kept],
                   [r for r in ledger.resolutions if r.item_id in kept], ledger.retractions, ledger.withdrawals)  # fmt: skip


def pairs(ledger: OLedger, mode: str, as_of: date | None = None, crowd: bool = False,
          due_before: date | None = None) -> list[dict]:  # fmt: skip
    """Scored pairs: dicts with analyst, item, p, o, weight, rel_brier, peer, crowd."""
    ledger = guarded(ledger, due_before)
    cutoff = _midnight(as_of) + timedelta(days=1) if as_of else datetime.max
    items = {i.id: i for i in ledger.items}
    forecasts, res = standing(ledger, cutoff, as_of)
    by_pair: dict[tuple[str, str], list[OForecast]] = defaultdict(list)
    for f in forecasts:
        r = res.get(f.item_id)
        if r is None or r.outcome == "annulled":
            continue
        if f.made_at < _midnight(r.known_on):
            by_pair[(f.analyst, f.item_id)].append(f)

    def o_of(item_id: str) -> int:
        return 1 if res[item_id].outcome == "yes" else 0

    ended = withdrawn_at(ledger, cutoff)

    def stands_until(f: OForecast, moment: datetime) -> bool:
        """Whether ``f`` had not been withdrawn before ``moment``."""
        return f.id not in ended or ended[f.id] >= moment

    # last mode (and the crowd): the latest eligible forecast, unless it was withdrawn before
    # the outcome was known (an earlier one does not come back)
    last = {
        k: _latest(v) for k, v in by_pair.items()
        if stands_until(_latest(v), _midnight(res[k[1]].known_on))
    }  # fmt: skip
    per_item: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for (analyst, item_id), f in last.items():
        per_item[item_id].append((analyst, f.p))
    crowd_p = {}
    for item_id, entries in per_item.items():
        ps = sorted(p for _, p in entries)
        mid = len(ps) // 2
        crowd_p[item_id] = ps[mid] if len(ps) % 2 else (ps[mid - 1] + ps[mid]) / 2
        assert abs(crowd_p[item_id] - median(ps)) < 1e-15

    out = []
    for (analyst, item_id), fs in by_pair.items():
        o = o_of(item_id)
        base = {"analyst": analyst, "item": items[item_id], "o": o, "known_on": res[item_id].known_on, "crowd": False}
        if mode == "last":
            if (analyst, item_id) not in last:
                continue
            p = last[(analyst, item_id)].p
            others = [clip_q(q, o) for a, q in per_item[item_id] if a != analyst]
            peer = 100 * (math.log(clip_q(p, o)) - sum(math.log(x) for x in others) / len(others)) if others else None
            rel = (p - o) ** 2 - (crowd_p[item_id] - o) ** 2
            out.append({**base, "p": p, "weight": 1.0, "rel_brier": rel, "peer": peer})
        elif mode == "all":
            for f in fs:
                out.append({**base, "p": f.p, "weight": 1.0, "rel_brier": None, "peer": None})
        else:  # time-weighted, literally day by day
            known = res[item_id].known_on
            day = min(f.made_at.date() for f in fs)
            days: list[float] = []
            while day < known:
                # the forecast standing when the day ends: the latest made by then, unless it
                # was withdrawn before the next midnight (then the day has none and is skipped)
                latest = _latest([f for f in fs if f.made_at.date() <= day])
                if stands_until(latest, _midnight(day + timedelta(days=1))):
                    days.append(latest.p)
                day += timedelta(days=1)
            # one record per day, each weighing 1/len(days): the item's score is their mean
            for p in days:
                out.append({**base, "p": p, "weight": 1.0 / len(days), "rel_brier": None, "peer": None})
    if crowd:
        for item_id, p in crowd_p.items():
            out.append({"analyst": CROWD, "item": items[item_id], "o": o_of(item_id), "p": p, "weight": 1.0,
                        "known_on": res[item_id].known_on, "rel_brier": 0.0, "peer": None, "crowd": True})  # fmt: skip
    return out


def group_values(row: dict, by: str | None) -> list:
    item: OItem = row["item"]
    if by is None:
        return [None]
    if by == "analyst":
        return [row["analyst"]]
    if by == "tag":
        return list(item.tags) or [None]
    if by == "actor":
        return list(item.actors) or [None]
    if by == "source":
        return [item.source_id]
    k: date = row["known_on"]
    return [
        {"month": f"{k.year}-{k.month:02d}", "quarter": f"{k.year}-Q{(k.month - 1) // 3 + 1}", "year": str(k.year)}[by]
    ]


def metrics(rows: list[dict], bins: int, binned: bool) -> dict:
    """Every metric over one group's pairs (weights are 1 except in time-weighted mode)."""
    w = sum(r["weight"] for r in rows)

    def wmean(values):
        return sum(r["weight"] * v for r, v in zip(rows, values, strict=True)) / w

    brier = wmean([(r["p"] - r["o"]) ** 2 for r in rows])
    base = wmean([r["o"] for r in rows])
    unc = base * (1 - base)
    qs = [clip_q(r["p"], r["o"]) for r in rows]
    rel = [r["rel_brier"] for r in rows if r["rel_brier"] is not None]
    peers = [r["peer"] for r in rows if r["peer"] is not None]
    out = {
        "n_forecasts": len(rows), "n_items": len({r["item"].id for r in rows}),
        "brier": brier, "base_rate": base, "uncertainty": unc,
        "brier_skill": 1 - brier / unc if unc > 0 else None,
        "log_loss": wmean([-math.log(q) for q in qs]),
        "baseline_score": wmean([100 * (math.log2(q) + 1) for q in qs]),
        "relative_brier": sum(rel) / len(rel) if rel else None,
        "peer_score": sum(peers) / len(peers) if peers else None,
        "decomposition": None, "bins": None,
    }  # fmt: skip
    if not binned:
        return out
    n_total = len(rows)
    members: list[list[dict]] = [[] for _ in range(bins)]
    for r in rows:
        members[min(math.floor(r["p"] * bins), bins - 1)].append(r)
    rel_t = res_t = var_t = cov_t = 0.0
    bin_out = []
    for k, m in enumerate(members):
        n = len(m)
        if not n:
            bin_out.append({"lo": k / bins, "hi": (k + 1) / bins, "n": 0, "mean_forecast": None, "observed": None,
                            "ci_low": None, "ci_high": None})  # fmt: skip
            continue
        fbar = sum(r["p"] for r in m) / n
        obar = sum(r["o"] for r in m) / n
        rel_t += n * (fbar - obar) ** 2
        res_t += n * (obar - base) ** 2
        var_t += sum((r["p"] - fbar) ** 2 for r in m)
        cov_t += sum((r["p"] - fbar) * (r["o"] - obar) for r in m)
        denom = 1 + Z * Z / n
        centre = obar + Z * Z / (2 * n)
        half = Z * math.sqrt(obar * (1 - obar) / n + Z * Z / (4 * n * n))
        bin_out.append({"lo": k / bins, "hi": (k + 1) / bins, "n": n, "mean_forecast": fbar, "observed": obar,
                        "ci_low": max(0.0, (centre - half) / denom), "ci_high": min(1.0, (centre + half) / denom)})  # fmt: skip
    out["decomposition"] = {
        "reliability": rel_t / n_total, "resolution": res_t / n_total, "uncertainty": unc,
        "within_bin_variance": var_t / n_total, "within_bin_covariance": 2 * cov_t / n_total,
    }  # fmt: skip
    out["bins"] = bin_out
    return out


def left_out(ledger: OLedger, *, by: str | None = None, as_of: date | None = None, analyst: str | None = None,
             tag: str | None = None, due_before: date | None = None) -> dict:  # fmt: skip
    """{group value: (n_late, n_annulled)}: late forecasts on yes/no items, and annulled items forecast on."""
    ledger = guarded(ledger, due_before)
    cutoff = _midnight(as_of) + timedelta(days=1) if as_of else datetime.max
    items = {i.id: i for i in ledger.items}
    forecasts, res = standing(ledger, cutoff, as_of)
    late: dict = defaultdict(int)
    annulled: dict = defaultdict(set)
    for f in forecasts:
        r = res.get(f.item_id)
        item = items[f.item_id]
        if r is None or (analyst is not None and f.analyst != analyst):
            continue
        if tag is not None and tag not in item.tags:
            continue
        for g in group_values({"analyst": f.analyst, "item": item, "known_on": r.known_on}, by):
            if r.outcome == "annulled":
                annulled[g].add(item.id)
            elif f.made_at >= _midnight(r.known_on):
                late[g] += 1
    return {g: (late[g], len(annulled[g])) for g in set(late) | set(annulled)}


def score(ledger: OLedger, *, mode: str = "last", by: str | None = None, bins: int = 10, as_of: date | None = None,
          analyst: str | None = None, tag: str | None = None, crowd: bool = False,
          due_before: date | None = None) -> dict:  # fmt: skip
    """{(group value, is_crowd): metrics} for the scored groups (the left-out counts are ``left_out``'s)."""
    rows = pairs(ledger, mode, as_of, crowd, due_before)
    if tag is not None:
        rows = [r for r in rows if tag in r["item"].tags]
    if analyst is not None:
        rows = [r for r in rows if r["analyst"] == analyst or r["crowd"]]
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for r in rows:
        for g in group_values(r, by):
            groups[(g, r["crowd"])].append(r)
    return {k: metrics(v, bins, mode != "time-weighted") for k, v in groups.items()}
