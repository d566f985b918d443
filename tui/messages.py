"""Messages that carry ledger results from thread workers back to the widgets that show them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.message import Message

if TYPE_CHECKING:
    from ledger.service import ArticleReading, ForecastContext, ItemDetail, ItemFormView, ItemPage, ItemView
    from ledger.service.scenarios import ScenarioDetail, ScenarioSummary


class LedgerChanged(Message):
    """Something (this app or another process) committed to the ledger file; ``keep_key`` is the item a
    list keeps its cursor on (the one just added or re-keyed), None for wherever it is."""

    def __init__(self, keep_key: str | None = None) -> None:
        super().__init__()
        self.keep_key = keep_key


class PageLoaded(Message):
    def __init__(self, page: ItemPage, keep_key: str | None, append: bool, ticket: int | None = None) -> None:
        super().__init__()
        self.ticket = ticket
        self.page = page
        self.keep_key = keep_key
        self.append = append


class DetailLoaded(Message):
    """An item's detail and history (for a dialog that edits or resolves it)."""

    def __init__(self, detail: ItemDetail, ticket: int | None = None) -> None:
        super().__init__()
        self.ticket = ticket
        self.detail = detail


class ItemViewLoaded(Message):
    """Everything the detail screen shows about an item, from one read (``Ledger.item_view``)."""

    def __init__(self, view: ItemView, ticket: int | None = None) -> None:
        super().__init__()
        self.ticket = ticket
        self.view = view


class ForecastContextLoaded(Message):
    """What the forecast dialog shows before a forecast, from one read (``Ledger.forecast_context``)."""

    def __init__(self, context: ForecastContext, ticket: int | None = None) -> None:
        super().__init__()
        self.ticket = ticket
        self.context = context


class Saved(Message):
    """A write succeeded; ``result`` is what the service returned."""

    def __init__(self, result: Any) -> None:
        super().__init__()
        self.result = result


class Failed(Message):
    """A ledger call failed with a message meant for the user."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class ScoresLoaded(Message):
    def __init__(self, reports: dict[str, Any], ticket: int | None = None) -> None:
        super().__init__()
        self.ticket = ticket
        self.reports = reports


class FormLoaded(Message):
    """What the item form offers (its sources) and the item it edits, from one read."""

    def __init__(self, view: ItemFormView) -> None:
        super().__init__()
        self.view = view


class ScenariosLoaded(Message):
    def __init__(self, sets: list[ScenarioSummary], ticket: int | None = None) -> None:
        super().__init__()
        self.sets = sets
        self.ticket = ticket


class ScenarioLoaded(Message):
    def __init__(self, detail: ScenarioDetail, ticket: int | None = None) -> None:
        super().__init__()
        self.detail = detail
        self.ticket = ticket


class ArticleLoaded(Message):
    """An article read for review; ``existed`` when its text was already a recorded source."""

    def __init__(self, reading: ArticleReading, existed: bool, ticket: int | None = None) -> None:
        super().__init__()
        self.reading = reading
        self.existed = existed
        self.ticket = ticket
