"""Scores and calibration: ``score`` for the numbers, ``scored_rows`` / ``scored_csv`` for the rows behind them.

All take the same filters.  Other parts of fledger (the TUI calibration
screen, reports, reproducibility bundles) call exactly these methods.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from attrs import evolve, frozen

from ledger.errors import InvalidValue
from ledger.scoring import groups as store_scoring
from ledger.scoring import scored_csv as store_scored_csv
from ledger.scoring import sql as scoring_sql
from ledger.scoring.results import ScoredCsv, ScoredRows, ScoreReport
from ledger.service.base import LedgerBase
from ledger.storage import Connection
from ledger.storage.records import FAR_FUTURE


def as_of_timestamp(as_of: date | None) -> datetime:
    """``--as-of DATE`` means the end of that day: records written before the next midnight (UTC)."""
    if as_of is None:
        return FAR_FUTURE
    if isinstance(as_of, datetime) or not isinstance(as_of, date):
        raise InvalidValue("as-of", as_of, "a date YYYY-MM-DD")
    return datetime.combine(as_of, time.max)


@frozen
class ScoreQuery:
    """One ``score`` call's options, so several can be answered from one read (``Ledger.score_many``)."""

    mode: str = "last"
    by: str | None = None
    bins: int = 10
    as_of: date | None = None
    analyst: str | None = None
    tag: str | None = None
    crowd: str | None = None
    include_scenarios: bool = False
    after_deadline: bool = False  # the early-resolution guard (``ScoringOps.score``)

    def check(self) -> None:
        scoring_sql.check_options(
            self.mode, self.by, self.bins, self.crowd, self.include_scenarios, self.after_deadline
        )


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
        after_deadline: bool = False,
    ) -> ScoreReport:
        """Score the ledger.

        ``mode``: last | all | time-weighted.  ``by``: None (one group, ``{"all": true}``) or one of
        analyst, tag, actor, source, scenario, month, quarter, year.  ``bins``: calibration bins K.
        ``as_of``: replay the ledger as it stood at the end of that day.  ``analyst``/``tag``: filters.
        ``crowd``: "median" adds the ``crowd:median`` pseudo-analyst.  ``include_scenarios``: add each
        scored scenario forecast's (p_k, o_k) pairs to the binary pairs (last and all modes).
        ``by="scenario"``: one group per scenario set, scored on its signpost items, with the set's
        own 0-2 Brier and log loss in ``GroupScore.scenario``.  ``after_deadline``: the early-resolution
        guard — an item counts only once its deadline window has ended (before the as-of day, else today).

        Returns a ``ScoreReport`` whose ``to_json()`` is the ``fledger score --json`` object and whose
        ``sql`` is the query text used.  Raises ``InvalidValue`` for a bad option.
        """
        query = ScoreQuery(mode, by, bins, as_of, analyst, tag, crowd, include_scenarios, after_deadline)
        return self.score_many([query])[0]

    def score_many(self, queries: Sequence[ScoreQuery]) -> tuple[ScoreReport, ...]:
        """``score`` for each query, all read in ONE transaction: the reports describe one state of the ledger.

        Every query is checked before the ledger is opened; the first bad option raises ``InvalidValue``.
        """
        for query in queries:
            query.check()
        usable: dict[datetime, bool] = {}  # whether latest_forecasts answers, asked once per as-of time
        with self._reading() as con:
            return tuple(
                score_report(
                    con,
                    q.mode,
                    q.by,
                    q.bins,
                    q.as_of,
                    q.analyst,
                    q.tag,
                    q.crowd,
                    q.include_scenarios,
                    self._due_before(q.as_of, q.after_deadline),
                    usable,
                )
                for q in queries
            )

    def _due_before(self, as_of: date | None, after_deadline: bool) -> date | None:
        """The day an item's deadline must have ended before, under the early-resolution guard (else None)."""
        return (as_of or self.today()) if after_deadline else None

    def score_snapshot(
        self,
        bys: Sequence[str | None] = (None,),
        rows_to: str | Path | None = None,
        *,
        mode: str = "last",
        bins: int = 10,
        as_of: date | None = None,
        analyst: str | None = None,
        tag: str | None = None,
        crowd: str | None = None,
        after_deadline: bool = False,
    ) -> tuple[tuple[ScoreReport, ...], ScoredCsv]:
        """``score(by=b)`` for each ``b`` in ``bys`` and ``scored_csv(rows_to)``, read in ONE transaction.

        What a report needs: the numbers and the fingerprint of the rows behind them describe the
        same state of the ledger even while others write to it.  Same options and errors as ``score``
        and ``scored_csv``; nothing is written when an option is bad.
        """
        from ledger.reports import atomic

        for by in bys:
            scoring_sql.check_options(mode, by, bins, crowd)
        target = atomic.check_target(Path(rows_to)) if rows_to is not None else None
        if target is not None:
            self.refuse_own_files([target], "output")
        due_before = self._due_before(as_of, after_deadline)
        usable: dict[datetime, bool] = {}
        with self._reading() as con:
            reports = tuple(score_report(con, mode, by, bins, as_of, analyst, tag, crowd, False, due_before, usable)
                            for by in bys)  # fmt: skip
            written = copy_scored_csv(con, target, _filters(mode, as_of, analyst, tag, crowd, due_before))
        return reports, written

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
        ``sql`` (the query text) and ``fingerprint`` (sha256 of the same rows as ``scored_csv`` writes them).
        Fetches every row into Python: for a file or a fingerprint, ``scored_csv`` is much faster.
        """
        scoring_sql.check_options(mode, None, 10, crowd)
        filters = _filters(mode, as_of, analyst, tag, crowd)
        with self._reading() as con:
            rows = store_scoring.scored_rows(con, **filters)
            written = copy_scored_csv(con, None, filters)
        return evolve(rows, fingerprint=written.fingerprint)

    def scored_csv(
        self,
        path: str | Path | None = None,
        *,
        mode: str = "last",
        as_of: date | None = None,
        analyst: str | None = None,
        tag: str | None = None,
        crowd: str | None = None,
    ) -> ScoredCsv:
        """The scored pairs written as CSV by the engine to ``path`` (replaced atomically) and hashed.

        With ``path`` None the file is temporary and only its ``fingerprint`` (sha256) and row count
        come back.  No row passes through Python.  Raises ``InvalidValue`` for a bad option or a
        path whose folder does not exist.
        """
        from ledger.reports import atomic

        scoring_sql.check_options(mode, None, 10, crowd)
        target = atomic.check_target(Path(path)) if path is not None else None
        if target is not None:
            self.refuse_own_files([target], "output")
        with self._reading() as con:
            return copy_scored_csv(con, target, _filters(mode, as_of, analyst, tag, crowd))


def score_report(
    con: Connection, mode: str, by: str | None, bins: int, as_of: date | None, analyst: str | None, tag: str | None,
    crowd: str | None, include_scenarios: bool = False, due_before: date | None = None,
    usable: dict[datetime, bool] | None = None,
) -> ScoreReport:  # fmt: skip
    groups, text = store_scoring.score_groups(
        con, mode=mode, by=by, bins=bins, as_of=as_of_timestamp(as_of), analyst=analyst, tag=tag, crowd=crowd,
        include_scenarios=include_scenarios, due_before=due_before, usable=usable,
    )  # fmt: skip
    return ScoreReport(mode, as_of, by, bins, tuple(groups), text)


def _filters(mode: str, as_of: date | None, analyst: str | None, tag: str | None, crowd: str | None,
             due_before: date | None = None) -> dict[str, Any]:  # fmt: skip
    return {"mode": mode, "as_of": as_of_timestamp(as_of), "analyst": analyst, "tag": tag, "crowd": crowd,
            "due_before": due_before}  # fmt: skip


def copy_scored_csv(con: Connection, target: Path | None, filters: dict[str, Any]) -> ScoredCsv:
    """COPY the scored rows to ``target`` (atomically) or to a temporary file, and hash the file in chunks."""
    from ledger.reports import atomic

    if target is None:
        fd, name = tempfile.mkstemp(prefix="fledger-scored-", suffix=".csv")
        os.close(fd)
        try:
            n_rows, text = store_scored_csv.copy_scored_rows(con, Path(name), **filters)
            return ScoredCsv(None, atomic.sha256_of(Path(name)), n_rows, text)
        finally:
            os.unlink(name)
    with atomic.replacing_path(target) as tmp:
        n_rows, text = store_scored_csv.copy_scored_rows(con, tmp, **filters)
        fingerprint = atomic.sha256_of(tmp)
    return ScoredCsv(target, fingerprint, n_rows, text)
