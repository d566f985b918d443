"""Messages that carry ledger results from thread workers back to the widgets that show them."""

from __future__ import annotations

from typing import Any

from textual.message import Message


class LedgerChanged(Message):
    """Something (this app or another process) committed to the ledger file."""


class PageLoaded(Message):
    def __init__(self, page: Any, keep_key: str | None, append: bool, ticket: int | None = None) -> None:
        super().__init__()
        self.ticket = ticket
        self.page = page
        self.keep_key = keep_key
        self.append = append


class DetailLoaded(Message):
    """An item's detail; ``track`` (its commitment status track) and ``base_rates`` (of its actors) when asked for."""

    def __init__(self, detail: Any, ticket: int | None = None, track: Any = None, base_rates: Any = ()) -> None:
        super().__init__()
        self.ticket = ticket
        self.track = track
        self.base_rates = list(base_rates)
        self.detail = detail


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


class SourcesLoaded(Message):
    def __init__(self, sources: list[Any]) -> None:
        super().__init__()
        self.sources = sources


class ScenariosLoaded(Message):
    def __init__(self, sets: list[Any], ticket: int | None = None) -> None:
        super().__init__()
        self.sets = sets
        self.ticket = ticket


class ScenarioLoaded(Message):
    def __init__(self, detail: Any, ticket: int | None = None) -> None:
        super().__init__()
        self.detail = detail
        self.ticket = ticket


class ArticleLoaded(Message):
    """An article read for review; ``existed`` when its text was already a recorded source."""

    def __init__(self, reading: Any, existed: bool, ticket: int | None = None) -> None:
        super().__init__()
        self.reading = reading
        self.existed = existed
        self.ticket = ticket
