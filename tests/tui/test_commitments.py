"""Pilot tests: a commitment's status track and its actors' base rates on the detail and in the forecast dialog."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Static

from ledger.service import Ledger
from tests.tui.conftest import fixed_clock, settle, stepping_clock
from tests.tui.conftest import static_text as text
from tui.app import FledgerApp
from tui.screens.detail import DetailScreen
from tui.screens.forecast import ForecastScreen

SIZE = (120, 40)


def build_commitment_ledger(path: Path) -> Ledger:
    """Acme made three commitments: two kept (one after a slip), one still open, stalled and slipped."""
    clock = stepping_clock(datetime(2024, 1, 1, tzinfo=UTC))
    ann = Ledger(path, "ann", clock=clock)
    ann.init(empty=True)
    for key, deadline in (("plant", "2024-03"), ("port", "2024-04"), ("bridge", "2025-06")):
        ann.add_item(f"Acme builds the {key}", key=key, deadline=deadline, actors="Acme", kind="commitment")
    ann.set_status("plant", "in-progress", on=date(2024, 1, 1), evidence="ground broken")
    ann.close_commitment("plant", "kept", on=date(2024, 1, 1), evidence="opened")
    ann.slip_deadline("port", "2024-05", on=date(2024, 1, 1), evidence="weather")
    ann.close_commitment("port", "kept", on=date(2024, 1, 1))
    today = Ledger(path, "ann", clock=fixed_clock)
    today.set_status("bridge", "stalled", on=date(2025, 3, 1), evidence="funding frozen")
    today.slip_deadline("bridge", "2025-12", on=date(2025, 3, 10), evidence="minister says December")
    return today


@pytest.fixture
def commitments(built: Any) -> Ledger:
    return built(build_commitment_ledger, "commit.duckdb")


async def test_detail_shows_the_status_track_slips_and_the_actor_base_rate(commitments: Ledger) -> None:
    rate = commitments.item_base_rates("bridge")[0].summary
    app = FledgerApp(commitments, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(DetailScreen(commitments, "bridge"))
        await settle(pilot)
        track = text(app.screen, "#detail-track")
        assert "Status track  now: stalled" in track
        assert "originally due Jun 2025 (2025-06-30); slipped 1×" in track
        assert "2025-03-01  status → stalled" in track and "funding frozen" in track
        assert "2025-03-10  deadline slipped to Dec 2025 (2025-12-31)" in track
        assert "Actor base rates" in track and rate in track
        assert rate.startswith("Acme: kept 2 of 2 on time") and rate.endswith("1 open")


async def test_a_question_without_events_has_no_track_section(ledger: Ledger) -> None:
    app = FledgerApp(ledger, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(DetailScreen(ledger, "trade-pact"))
        await settle(pilot)
        assert not app.screen.query_one("#detail-track", Static).display


async def test_forecast_dialog_shows_the_actor_base_rate_next_to_my_forecast(commitments: Ledger) -> None:
    rate = commitments.item_base_rates("bridge")[0].summary
    app = FledgerApp(commitments, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(DetailScreen(commitments, "bridge"))
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, ForecastScreen)
        context = text(app.screen, "#forecast-context")
        assert "Your previous: none" in context and f"Base rate {rate}" in context
