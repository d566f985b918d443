"""Scores and calibration: ``score`` for the numbers, ``scored_rows`` for the rows behind them.

Both take the same filters.  Other parts of fledger (the TUI calibration
screen, reports, reproducibility bundles) call exactly these two methods.
"""

from __future__ import annotations

from datetime import date, datetime, time

from ledger.errors import InvalidValue
from ledger.scoring import sql as scoring_sql
from ledger.scoring.results import ScoredRows, ScoreReport
from ledger.service.base import LedgerBase
from ledger.storage import scoring as store_scoring
from ledger.storage.records import FAR_FUTURE


def as_of_timestamp(as_of: date | None) -> datetime:
    """``--as-of DATE`` means the end of that day: records written before the next midnight (UTC)."""
    if as_of is None:
        return FAR_FUTURE
    if isinstance(as_of, datetime) or not isinstance(as_of, date):
        raise InvalidValue("as-of", as_of, "a date YYYY-MM-DD")
    return datetime.combine(as_of, time.max)


class ScoringOps(LedgerBase):
    def score(
        self,
        *,
        mode: str = "last",
        by: str | None = None,
        bins: int = 10,
        as_of: date | None = None,
        analyst: str | None = None,
        tag: str | None = None,
        crowd: str | None = None,
        include_scenarios: bool = False,
    ) -> ScoreReport:
        """Score the ledger.

        ``mode``: last | all | time-weighted.  ``by``: None (one group, ``{"all": true}``) or one of
        analyst, tag, actor, source, scenario, month, quarter, year.  ``bins``: calibration bins K.
        ``as_of``: replay the ledger as it stood at the end of that day.  ``analyst``/``tag``: filters.
        ``crowd``: "median" adds the ``crowd:median`` pseudo-analyst.  ``include_scenarios``: add each
        scored scenario forecast's (p_k, o_k) pairs to the binary pairs (last and all modes).
        ``by="scenario"``: one group per scenario set, scored on its signpost items, with the set's
        own 0-2 Brier and log loss in ``GroupScore.scenario``.

        Returns a ``ScoreReport`` whose ``to_json()`` is the ``fledger score --json`` object and whose
        ``sql`` is the query text used.  Raises ``InvalidValue`` for a bad option.
        """
        scoring_sql.check_options(mode, by, bins, crowd, include_scenarios)
        with self.reading() as con:
            groups, text = store_scoring.score_groups(
                con, mode=mode, by=by, bins=bins, as_of=as_of_timestamp(as_of), analyst=analyst, tag=tag, crowd=crowd,
                include_scenarios=include_scenarios,
            )
        return ScoreReport(mode, as_of, by, bins, tuple(groups), text)

    def scored_rows(
        self,
        *,
        mode: str = "last",
        as_of: date | None = None,
        analyst: str | None = None,
        tag: str | None = None,
        crowd: str | None = None,
    ) -> ScoredRows:
        """The scored pairs behind ``score`` with the same filters.

        Returns ``ScoredRows``: ``rows`` of (analyst, item_id, item_key, p, o, made_at, known_on, weight),
        ``sql`` (the query text), ``to_csv()`` and ``fingerprint`` (sha256 of the CSV).
        """
        scoring_sql.check_options(mode, None, 10, crowd)
        with self.reading() as con:
            return store_scoring.scored_rows(
                con, mode=mode, as_of=as_of_timestamp(as_of), analyst=analyst, tag=tag, crowd=crowd
            )
