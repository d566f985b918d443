"""Pilot test: an item brought in from another tool says where it came from, and marks withdrawn forecasts."""

from __future__ import annotations

from pathlib import Path

from ledger.service import Ledger
from tests.tui.conftest import fixed_clock, settle
from tests.tui.conftest import static_text as text
from tui.app import FledgerApp
from tui.screens.detail import DetailScreen

FIXTURES = Path(__file__).parent.parent / "fixtures" / "track_records"


async def test_detail_names_the_origin_and_the_withdrawals(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path / "imported.duckdb", "ana_analyst", clock=fixed_clock)
    ledger.import_track_record(FIXTURES / "metaculus_user_data.zip", "metaculus")
    key = next(i.key for i in ledger.items("all") if i.title.startswith("Will the harbour tunnel open"))
    app = FledgerApp(ledger, watch=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.push_screen(DetailScreen(ledger, key))
        await settle(pilot)
        assert "from Metaculus question 31001" in text(app.screen, "#detail-head")
        forecasts = text(app.screen, "#detail-forecasts")
        # on the fixed day (2025-03-20) Bo's first forecast had been withdrawn; Cy's ends on 2025-05-01, later
        assert "(withdrawn 2025-01-10 00:00)" in forecasts and forecasts.count("withdrawn") == 1
