"""How often the screens reach the ledger: one read per screen, one write per save, one reload after it."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from tests.tui.conftest import settle, static_text, table
from tui.app import FledgerApp
from tui.screens.detail import DetailScreen
from tui.screens.forecast import ForecastScreen

SIZE = (120, 40)


def count_calls(ledger: Any, counts: Counter[str], *names: str) -> None:
    """Count the calls of ledger methods ``names`` and the connections its store opens."""

    def counted(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            counts[name] += 1
            return fn(*args, **kwargs)

        return wrapper

    def counted_connection(name: str, fn: Callable[[], Any]) -> Callable[[], Any]:
        @contextmanager
        def wrapper() -> Iterator[Any]:
            counts[name] += 1
            with fn() as con:
                yield con

        return wrapper

    for name in names:
        setattr(ledger, name, counted(name, getattr(ledger, name)))
    store = ledger._store
    store.reading = counted_connection("read", store.reading)
    store.writing = counted_connection("write", store.writing)


async def test_a_forecast_from_the_detail_is_one_read_one_write_and_one_reload_per_screen(ledger: Any) -> None:
    counts: Counter[str] = Counter()
    app = FledgerApp(ledger, poll_seconds=0.05)  # the watcher runs, and often
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # the detail of the first item
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen)
        key = app.screen.key
        count_calls(ledger, counts, "item_view", "item_page", "forecast_context", "forecast")
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, ForecastScreen)
        assert counts == {"forecast_context": 1, "read": 1}  # the dialog's context: one read
        await pilot.press(*"35%", "enter")
        await settle(pilot)
        await asyncio.sleep(0.3)  # several polls of the watcher: the app's own write is not news to it
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen)
        assert counts["forecast"] == 1 and counts["write"] == 1
        assert (counts["item_view"], counts["item_page"]) == (1, 1)  # the detail and the list below it, once each
        assert "35%" in static_text(app.screen, "#detail-forecasts")
        await pilot.press("escape")
        await settle(pilot)
        assert table(app).get_row(key)[4] == "35%"
