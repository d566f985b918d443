"""The calibration screen shows exactly what the score report says."""

from __future__ import annotations

from datetime import date
from typing import Any

from textual.widgets import DataTable, Input, Select, Static

from tests.tui.conftest import fixed_clock
from tests.tui.stub_scores import ScoringLedger
from tests.tui.test_flows import SIZE, settle
from tui.app import FledgerApp
from tui.screens.calibration import CalibrationScreen


def scoring_ledger(ledger: Any) -> ScoringLedger:
    return ScoringLedger(ledger.path, "ann", clock=fixed_clock)


async def test_calibration_renders_report_and_switches_mode(ledger: Any) -> None:
    stub = scoring_ledger(ledger)
    app = FledgerApp(stub, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CalibrationScreen)
        headline = str(screen.query_one("#headline", Static).render())
        assert "0.188" in headline and "0.219" in headline  # brier, skill = 1 - 0.1875/0.24
        assert "12 forecasts on 11 items" in headline and "0.0123" in headline
        bins = screen.query_one("#bins", DataTable)
        assert bins.row_count == 3 and bins.get_row_at(2)[1] == "5" and bins.get_row_at(2)[4] == "0.38 – 0.96"
        analysts = screen.query_one("#by-analyst", DataTable)
        assert [analysts.get_row_at(n)[0] for n in range(analysts.row_count)] == ["ann", "bob"]
        await pilot.press("m")
        await settle(pilot)
        assert screen.query_one("#mode", Select).value == "all"
        assert stub.calls[-1]["mode"] == "all"
        assert "0.200" in str(screen.query_one("#headline", Static).render())
        box = screen.query_one("#as-of", Input)
        box.value = "2025-01-31"
        box.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert stub.calls[-1]["as_of"] == date(2025, 1, 31)
        box.value = "January"
        await pilot.press("enter")
        await pilot.pause()
        assert "as-of" in str(screen.query_one("#calibration-error", Static).render())


async def test_calibration_without_scoring_says_so(ledger: Any) -> None:
    app = FledgerApp(ledger, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        if not hasattr(ledger, "score"):
            assert "scoring is not available" in str(app.screen.query_one("#calibration-error", Static).render())
