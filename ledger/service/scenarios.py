"""Scenario sets: adding, forecasting probability vectors, resolving, signposts,
scenario files, and scenario scores."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import attrs
from attrs import frozen

from ledger.errors import Ambiguous, Conflict, InvalidValue, NotFound
from ledger.ids import new_id, slugify
from ledger.model import Deadline, Resolution
from ledger.parsing import parse_probability
from ledger.scenarios.files import ScenarioSpec, SignpostSpec, bundled_files, parse_scenarios, render_scenarios
from ledger.scenarios.math import bayes_update, normalise_vector, odds_multiplier
from ledger.scenarios.model import (
    DIRECTIONS,
    ScenarioForecast,
    ScenarioOutcome,
    ScenarioResolution,
    ScenarioSet,
    SignpostLink,
)
from ledger.service.base import LedgerBase
from ledger.storage import Connection, records
from ledger.storage import scenario_scores as scores_sql
from ledger.storage import scenarios as store

ANNULLED = "annulled"


@frozen
class ScenarioSummary:
    id: str
    key: str
    question: str
    close_latest: date | None
    resolved: bool
    resolved_outcome: str | None  # outcome key, or None (open or annulled)
    known_on: date | None
    n_forecasters: int
    n_signposts: int
    my_forecast: ScenarioForecast | None


@frozen
class SignpostView:
    """A signpost link with its item's state and the odds multiplier its resolution implies."""

    link: SignpostLink
    item_key: str
    item_title: str
    outcome_key: str
    resolution: Resolution | None
    multiplier: float | None  # None: unresolved, resolved no/annulled, or no likelihood ratio

    @property
    def state(self) -> str:
        return self.resolution.outcome if self.resolution else "open"


@frozen
class ImpliedUpdate:
    """What the signposts resolved since the analyst's latest forecast imply, for them to accept or ignore."""

    base: ScenarioForecast
    applied: list[SignpostView]
    probabilities: tuple[float, ...]


@frozen
class ScenarioDetail:
    set: ScenarioSet
    revisions: int
    forecasts: list[ScenarioForecast]
    resolutions: list[ScenarioResolution]
    resolution: ScenarioResolution | None
    signposts: list[SignpostView]
    my_forecast: ScenarioForecast | None
    implied: ImpliedUpdate | None

    def is_late(self, f: ScenarioForecast) -> bool:
        return self.resolution is not None and f.made_at >= datetime.combine(
            self.resolution.known_on, datetime.min.time()
        )

    def latest_by_analyst(self) -> dict[str, ScenarioForecast]:
        """analyst -> their latest forecast (by made_at, then recorded_at), in order of first appearance."""
        latest: dict[str, ScenarioForecast] = {}
        for f in self.forecasts:
            held = latest.get(f.analyst)
            if held is None or (f.made_at, f.recorded_at) >= (held.made_at, held.recorded_at):
                latest[f.analyst] = f
        return latest

    def crowd_mean(self) -> tuple[float, ...] | None:
        """The mean of each analyst's latest vector (a mean of vectors summing to 1 sums to 1; a median would not)."""
        return _mean_vector(list(self.latest_by_analyst().values()), self.set.outcomes)

    def crowd_history(self) -> list[tuple[datetime, tuple[float, ...]]]:
        """The crowd mean after each forecast, in time order: the crowd's path over time."""
        path = []
        latest: dict[str, ScenarioForecast] = {}
        for f in sorted(self.forecasts, key=lambda f: (f.made_at, f.recorded_at)):
            latest[f.analyst] = f
            path.append((f.made_at, _mean_vector(list(latest.values()), self.set.outcomes) or ()))
        return path


def _mean_vector(forecasts: list[ScenarioForecast], outcomes: Any) -> tuple[float, ...] | None:
    if not forecasts:
        return None
    return tuple(sum(f.probability(o.id) for f in forecasts) / len(forecasts) for o in outcomes)


@frozen
class ScenarioForecastResult:
    forecast: ScenarioForecast
    set: ScenarioSet
    notice: str | None
    late: bool
    previous: ScenarioForecast | None


@frozen
class ScenarioScore:
    """One analyst's scored forecast on one resolved set."""

    set_id: str
    set_key: str
    analyst: str
    forecast_id: str
    made_at: datetime
    known_on: date
    n_outcomes: int
    brier: float  # multi-category, 0 (perfect) .. 2 (certain and wrong)
    log_loss: float  # -ln p(realised), p clipped to [0.001, 0.999]
    p_realised: float


@frozen
class LoadReport:
    sets_added: int
    sets_revised: int
    signposts_added: int
    signposts_skipped: list[str]  # item keys not in the ledger (bundled files only)


def _outcome_spec(text: str) -> tuple[str, str]:
    """'key=Label' or just 'Label' (the key is derived)."""
    if "=" in text:
        key, label = text.split("=", 1)
        return key.strip(), label.strip()
    return slugify(text, max_words=4), text.strip()


def _parse_vector(scenario: ScenarioSet, values: list[str] | tuple[str, ...]) -> list[float]:
    """Values in outcome order ('0.2 0.5 0.3') or by key ('stalled=30% deep-integration=20 ...')."""
    n = len(scenario.outcomes)
    named = [v for v in values if "=" in v]
    if named and len(named) != len(values):
        raise InvalidValue("probabilities", " ".join(values), "all values by position, or all as OUTCOME=PROB")
    if not named:
        if len(values) != n:
            keys = " ".join(o.key for o in scenario.outcomes)
            raise InvalidValue("probabilities", " ".join(values), f"{n} values, one per outcome in order: {keys}")
        return [parse_probability(v) for v in values]
    probs: dict[str, float] = {}
    for v in values:
        ref, raw = v.split("=", 1)
        outcome = scenario.outcome(ref)
        if outcome.id in probs:
            raise InvalidValue("probabilities", v, "each outcome once")
        probs[outcome.id] = parse_probability(raw)
    missing = [o.key for o in scenario.outcomes if o.id not in probs]
    if missing:
        raise InvalidValue(
            "probabilities", " ".join(values), "a value for every outcome; missing " + ", ".join(missing)
        )
    return [probs[o.id] for o in scenario.outcomes]


class ScenarioOps(LedgerBase):
    # --- lookups --------------------------------------------------------------
    def _set(self, con: Connection, ref: str) -> ScenarioSet:
        ref = ref.strip()
        matches = store.find_set_ids(con, ref)
        if not matches:
            raise NotFound(f"scenario: no scenario set has key or id {ref!r}; see 'fledger scenario list'")
        if len(matches) > 1:
            raise Ambiguous(f"scenario: {ref!r} matches {len(matches)} sets; type more of the key or id")
        found = store.current_set(con, matches[0][0])
        assert found is not None
        return found

    # --- sets -----------------------------------------------------------------
    def add_scenario(
        self,
        question: str,
        outcomes: list[str],
        *,
        key: str | None = None,
        closes: str | Deadline | None = None,
        as_of: date | None = None,
        criteria: str = "",
        tags: tuple[str, ...] | list[str] = (),
    ) -> ScenarioSet:
        """A new scenario set.  ``outcomes``: labels, or 'key=Label' strings (2-8 of them)."""
        now = self.now()
        window = self.read_deadline(closes, as_of or self.today()) if isinstance(closes, str) else closes  # type: ignore[attr-defined]
        built = [ScenarioOutcome(key=k, label=label) for k, label in map(_outcome_spec, outcomes)]
        scenario = ScenarioSet(
            key=key or slugify(question), question=question, outcomes=built, recorded_at=now, created_at=now,
            closes=window, criteria=criteria, tags=tags, recorded_by=self.analyst,
        )  # fmt: skip
        with self._writing() as con:
            if store.set_key_taken(con, scenario.key):
                raise Conflict(f"key: {scenario.key!r} is already used by another scenario set; choose another --key")
            store.insert_set_revisions(con, [scenario])
        return scenario

    def scenarios(self) -> list[ScenarioSummary]:
        with self._reading() as con:
            rows = store.set_summaries(con, self.analyst)
            sets = {s.id: s for s in store.current_sets(con)}
            mine = {}
            for r in rows:
                if r["my_forecast_id"]:
                    mine[r["set_id"]] = next(
                        f for f in store.set_forecasts(con, r["set_id"]) if f.id == r["my_forecast_id"]
                    )
        out = []
        for r in rows:
            s = sets[r["set_id"]]
            realised = r["resolved_outcome_id"]
            out.append(ScenarioSummary(
                id=s.id, key=s.key, question=s.question, close_latest=r["close_latest"], resolved=r["resolved"],
                resolved_outcome=s.outcome_key(realised) if realised else None, known_on=r["known_on"],
                n_forecasters=r["n_forecasters"], n_signposts=r["n_signposts"], my_forecast=mine.get(s.id),
            ))  # fmt: skip
        return out

    def scenario(self, ref: str) -> ScenarioDetail:
        with self._reading() as con:
            s = self._set(con, ref)
            revisions = store.count_set_revisions(con, s.id)
            forecasts = store.set_forecasts(con, s.id)
            resolutions = store.set_resolutions(con, s.id)
            resolution = store.current_set_resolution(con, s.id)
            signposts = self._signpost_views(con, s)
        mine = [f for f in forecasts if f.analyst == self.analyst]
        latest = max(mine, key=lambda f: (f.made_at, f.recorded_at, f.id)) if mine else None
        return ScenarioDetail(
            set=s, revisions=revisions or 1, forecasts=forecasts, resolutions=resolutions,
            resolution=resolution, signposts=signposts, my_forecast=latest,
            implied=_implied(s, latest, signposts) if latest else None,
        )  # fmt: skip

    def _signpost_views(self, con: Connection, s: ScenarioSet) -> list[SignpostView]:
        views = []
        for link in store.active_signposts(con, set_id=s.id):
            item = records.current_item(con, link.item_id)
            res = records.current_resolution(con, link.item_id)
            mult = None
            if res is not None and link.likelihood_ratio is not None:
                mult = odds_multiplier(link.direction, link.likelihood_ratio, res.outcome)
            outcome_key = s.outcome_key(link.outcome_id)
            views.append(SignpostView(link, item.key, item.title, outcome_key, res, mult))
        return views

    # --- forecasts ------------------------------------------------------------
    def forecast_scenario(
        self, ref: str, values: list[str] | tuple[str, ...], *, made_at: datetime | None = None, note: str = ""
    ) -> ScenarioForecastResult:
        """Record a probability vector: values by position or as OUTCOME=PROB; must sum to 1 (±0.005 rescaled)."""
        now = self.now()
        if made_at is not None and made_at > now:
            raise InvalidValue("at", made_at.isoformat(sep=" "), "a time that is not in the future")
        with self._writing() as con:
            s = self._set(con, ref)
            vector, notice = normalise_vector(_parse_vector(s, list(values)))
            previous = [f for f in store.set_forecasts(con, s.id) if f.analyst == self.analyst]
            forecast = ScenarioForecast(
                set_id=s.id, outcome_ids=[o.id for o in s.outcomes], probabilities=vector, analyst=self.analyst,
                made_at=made_at or now, recorded_at=now, note=note,
            )  # fmt: skip
            store.insert_scenario_forecast(con, forecast)
            res = store.current_set_resolution(con, s.id)
        late = res is not None and forecast.made_at >= datetime.combine(res.known_on, datetime.min.time())
        return ScenarioForecastResult(forecast, s, notice, late, previous[-1] if previous else None)

    def accept_implied_update(self, ref: str) -> ScenarioForecastResult:
        """Record the update the resolved signposts imply as a new forecast (the analyst's choice)."""
        detail = self.scenario(ref)
        if detail.implied is None or not detail.implied.applied:
            raise Conflict(
                f"scenario: {detail.set.key!r} has no signpost update to accept (no forecast of yours, or no signpost "
                "with a likelihood ratio resolved since it)"
            )
        values = [f"{o.key}={p!r}" for o, p in zip(detail.set.outcomes, detail.implied.probabilities, strict=True)]
        keys = ", ".join(v.item_key for v in detail.implied.applied)
        return self.forecast_scenario(detail.set.key, values, note=f"accepted signpost update ({keys})")

    # --- resolutions ----------------------------------------------------------
    def resolve_scenario(
        self, ref: str, outcome: str, *, known_on: date | None = None, evidence: str = "", correct: bool = False
    ) -> ScenarioResolution:
        """Resolve to one outcome (key, label or position), or 'annulled'."""
        known = known_on or self.today()
        if known > self.today():
            raise InvalidValue("known-on", known.isoformat(), "a date that is not in the future")
        with self._writing() as con:
            s = self._set(con, ref)
            outcome_id = None if outcome.strip().lower() == ANNULLED else s.outcome(outcome).id
            current = store.current_set_resolution(con, s.id)
            if current and not correct:
                shown = s.resolved_as(current)
                raise Conflict(
                    f"resolve: {s.key!r} is already resolved {shown} (known on {current.known_on}); "
                    "add --correct to record a correction"
                )
            if correct and not current:
                raise Conflict(f"resolve: {s.key!r} has no resolution to correct; leave out --correct")
            resolution = ScenarioResolution(
                s.id,
                outcome_id,
                known,
                self.now_after(current.recorded_at) if current else self.now(),
                self.analyst,
                evidence,
                current.id if current else None,
            )
            store.insert_scenario_resolution(con, resolution)
        return resolution

    # --- signposts ------------------------------------------------------------
    def link_signpost(
        self,
        set_ref: str,
        outcome: str,
        item_ref: str,
        direction: str,
        *,
        likelihood_ratio: float | None = None,
        note: str = "",
    ) -> SignpostLink:
        """Watch an item as evidence for (supports) or against (undermines) one outcome."""
        if direction not in DIRECTIONS:
            raise InvalidValue("direction", direction, " | ".join(DIRECTIONS))
        with self._writing() as con:
            s = self._set(con, set_ref)
            link = SignpostLink(
                item_id=self._item_id(con, item_ref), set_id=s.id, outcome_id=s.outcome(outcome).id,
                direction=direction, recorded_at=self.now(), likelihood_ratio=likelihood_ratio, note=note,
                recorded_by=self.analyst,
            )  # fmt: skip
            store.insert_signposts(con, [link])
        return link

    def unlink_signpost(self, set_ref: str, outcome: str, item_ref: str) -> SignpostLink:
        with self._writing() as con:
            s = self._set(con, set_ref)
            item_id, outcome_id = self._item_id(con, item_ref), s.outcome(outcome).id
            current = [
                link
                for link in store.active_signposts(con, set_id=s.id, item_id=item_id)
                if link.outcome_id == outcome_id
            ]
            if not current:
                raise NotFound(f"signpost: {item_ref!r} is not a signpost of {s.key} / {outcome}")
            off = attrs.evolve(current[0], active=False, recorded_at=self.now_after(current[0].recorded_at),
                               recorded_by=self.analyst, id=new_id())  # fmt: skip
            store.insert_signposts(con, [off])
        return off

    def item_signposts(self, item_ref: str) -> list[tuple[str, str, SignpostLink]]:
        """(set key, outcome key, link) for every scenario outcome an item is a signpost of."""
        with self._reading() as con:
            return item_signposts(con, self._item_id(con, item_ref))

    # --- files ----------------------------------------------------------------
    def load_scenarios(self, text: str, name: str = "scenario file") -> LoadReport:
        """Load a scenario file (all or nothing).  Sets already present with the same content add nothing."""
        specs = parse_scenarios(name, text, self.now(), self.analyst)
        with self._writing() as con:
            return self._load_specs(con, specs, skip_missing_items=False)

    def _load_specs(self, con: Connection, specs: list[ScenarioSpec], *, skip_missing_items: bool) -> LoadReport:
        added = revised = links = 0
        skipped: list[str] = []
        for spec in specs:
            new = spec.set
            current = store.current_set(con, new.id)
            if current is None:
                if store.set_key_taken(con, new.key):
                    raise Conflict(f"key: scenario key {new.key!r} is already used by another set")
                store.insert_set_revisions(con, [new])
                added += 1
            elif _content(current) != _content(new):
                if [o.id for o in current.outcomes] != [o.id for o in new.outcomes]:
                    raise Conflict(
                        f"scenario: {new.key!r} in the file lists different outcomes from the ledger's; "
                        "outcomes cannot be added or removed once a set exists"
                    )
                if store.set_key_taken(con, new.key, except_set=new.id):
                    raise Conflict(f"key: scenario key {new.key!r} is already used by another set")
                at = max(new.recorded_at, self.now_after(current.recorded_at))
                store.insert_set_revisions(con, [current.revise(at, new.recorded_by, **_content(new))])
                revised += 1
            fresh = []
            for p in spec.signposts:
                if store.signpost_by_id(con, p.id) is not None:
                    continue
                matches = records.find_item_ids(con, p.item)
                if len(matches) != 1:
                    if skip_missing_items:
                        skipped.append(p.item)
                        continue
                    raise NotFound(f"signpost: no single item has key {p.item!r} (scenario {new.key}); add it first")
                fresh.append(SignpostLink(
                    item_id=matches[0][0], set_id=new.id, outcome_id=new.outcome(p.outcome).id, direction=p.direction,
                    recorded_at=new.recorded_at, likelihood_ratio=p.likelihood_ratio, note=p.note,
                    recorded_by=new.recorded_by, id=p.id,
                ))  # fmt: skip
            store.insert_signposts(con, fresh)
            links += len(fresh)
        return LoadReport(added, revised, links, skipped)

    def _load_bundled_scenarios(self, con: Connection) -> LoadReport:
        specs = [spec for name, text in bundled_files() for spec in parse_scenarios(name, text, self.now(), "seed")]
        return self._load_specs(con, specs, skip_missing_items=True)

    def export_scenarios(self, refs: list[str] | None = None) -> str:
        """Scenario sets (all, or those named) as a scenario file that 'scenario load' reads back."""
        with self._reading() as con:
            sets = [self._set(con, r) for r in refs] if refs else store.current_sets(con)
            specs = []
            for s in sets:
                signposts = []
                for link in store.active_signposts(con, set_id=s.id):
                    signposts.append(SignpostSpec(
                        item=records.current_item(con, link.item_id).key,
                        outcome=s.outcome_key(link.outcome_id), direction=link.direction,
                        likelihood_ratio=link.likelihood_ratio, note=link.note, id=link.id,
                    ))  # fmt: skip
                specs.append(ScenarioSpec(s, signposts))
        return render_scenarios(specs)

    def write_scenario_file(self, path: str | Path, refs: list[str] | None = None) -> Path:
        """``export_scenarios`` written to ``path`` (replaced atomically; never over the ledger's own files)."""
        from ledger.reports import atomic

        target = atomic.check_target(Path(path))
        self.refuse_own_files([target], "output")
        text = self.export_scenarios(refs)
        try:
            atomic.write_text(target, text)
        except OSError as exc:
            raise InvalidValue("output", str(path), f"a writable file path ({exc.strerror})") from None
        return target

    # --- scores -----------------------------------------------------------------
    def scenario_scores(self, as_of: datetime | None = None, analyst: str | None = None) -> list[ScenarioScore]:
        """Multi-category Brier (0-2) and log loss per analyst per resolved set (latest forecast before known_on)."""
        with self._reading() as con:
            rows = scores_sql.scenario_scores(con, as_of, analyst)
        return [ScenarioScore(**r) for r in rows]

    def scenario_binary_pairs(self, as_of: datetime | None = None, analyst: str | None = None) -> list[dict[str, Any]]:
        """The (p, o) pairs scored scenario forecasts add to calibration (``--include-scenarios``)."""
        with self._reading() as con:
            return scores_sql.scenario_binary_pairs(con, as_of, analyst)


def item_signposts(con: Connection, item_id: str) -> list[tuple[str, str, SignpostLink]]:
    """(set key, outcome key, link) for every scenario outcome the item is a signpost of."""
    out = []
    for link in store.active_signposts(con, item_id=item_id):
        s = store.current_set(con, link.set_id)
        if s is not None:
            out.append((s.key, s.outcome_key(link.outcome_id), link))
    return out


def _content(s: ScenarioSet) -> dict[str, Any]:
    """What a revision may change (everything but ids and timestamps)."""
    return {
        "key": s.key, "question": s.question, "outcomes": s.outcomes, "closes": s.closes,
        "criteria": s.criteria, "tags": s.tags,
    }  # fmt: skip


def _implied(s: ScenarioSet, base: ScenarioForecast, signposts: list[SignpostView]) -> ImpliedUpdate:
    """Apply, in the order they became known, the signposts that are news to the forecast.

    News: resolved on or after the forecast's day (else the analyst already knew) and recorded after the
    forecast was (else it was already taken into account — e.g. by accepting this very update).
    """
    since = [
        v for v in signposts
        if v.multiplier is not None and v.resolution is not None
        and v.resolution.known_on >= base.made_at.date() and v.resolution.recorded_at > base.recorded_at
    ]  # fmt: skip
    since.sort(key=lambda v: (v.resolution.known_on, v.resolution.recorded_at))  # type: ignore[union-attr]
    probs = tuple(base.probability(o.id) for o in s.outcomes)
    for v in since:
        probs = bayes_update(probs, s.index(v.link.outcome_id), v.multiplier)  # type: ignore[arg-type]
    return ImpliedUpdate(base, since, probs)
