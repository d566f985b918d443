"""The Ledger facade: the one API that the CLI and the TUI call.

Each capability lives in its own module as a set of operations; ``Ledger``
puts them together.  No method holds a connection after it returns.
"""

from __future__ import annotations

from ledger.service.articles import ArticleOps, ArticleReading
from ledger.service.base import LedgerBase
from ledger.service.browse import BrowseOps, ItemPage
from ledger.service.checks import CheckOps
from ledger.service.commitments import CommitmentOps
from ledger.service.exchange import ExchangeOps
from ledger.service.imports import ImportOps, ImportReport
from ledger.service.items import ForecastResult, ItemDetail, ItemOps, ItemSummary, is_late
from ledger.service.reminders import DueItem, ReminderOps
from ledger.service.reports import ReportOps, ReportResult
from ledger.service.retractions import RetractionOps
from ledger.service.scenarios import ScenarioOps
from ledger.service.scoring import ScoreQuery, ScoringOps
from ledger.service.setup import InitReport, SetupOps
from ledger.service.team import TeamOps
from ledger.service.views import ForecastContext, ItemFormView, ItemView, Signpost, ViewOps


class Ledger(ViewOps, TeamOps, SetupOps, ArticleOps, ScenarioOps, CommitmentOps, ItemOps, RetractionOps, BrowseOps, ScoringOps,
             ImportOps, ReportOps, ExchangeOps, ReminderOps, CheckOps, LedgerBase):  # fmt: skip
    """A forecasting ledger: one DuckDB file, or a team's PostgreSQL database."""


__all__ = [
    "ArticleReading", "DueItem", "ForecastContext", "ForecastResult", "ImportReport", "InitReport", "ItemDetail",
    "ItemFormView", "ItemPage", "ItemSummary", "ItemView", "Ledger", "ReportResult", "ScoreQuery", "Signpost", "is_late",
]  # fmt: skip
