"""Pilot tests: every flow, with assertions on the ledger and on the screen."""

from __future__ import annotations

from typing import Any

from textual.widgets import Input

from tests.tui.conftest import keys, settle, static_text, table
from tui.app import FledgerApp
from tui.screens.detail import DetailScreen
from tui.screens.forecast import ForecastScreen
from tui.screens.item_form import ItemFormScreen
from tui.screens.items import ItemsScreen
from tui.screens.resolve import ResolveScreen

SIZE = (120, 40)


async def test_home_lists_open_items_by_deadline(ledger: Any) -> None:
    app = FledgerApp(ledger, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ItemsScreen)
        assert keys(app) == ["chip-fab", "trade-pact", "summit"]  # by end of deadline window
        row = table(app).get_row("trade-pact")
        assert row[2] == "Mar 2025" and str(row[3]) == "11" and row[4] == "40%" and row[5] == "55%" and row[6] == "2"
        assert str(table(app).get_row("chip-fab")[3]) == "5"  # due within a week
        assert "Open: 3 items" in static_text(app.screen, "#status")


async def test_views_switch_with_number_keys(ledger: Any) -> None:
    app = FledgerApp(ledger, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        assert keys(app) == ["old-promise"]
        await pilot.press("4")
        await settle(pilot)
        assert len(keys(app)) == 4
        await pilot.press("2")
        await settle(pilot)
        assert keys(app) == []  # nothing unresolved is past its deadline on 2025-03-20


async def test_filter_narrows_live_and_escape_clears(ledger: Any) -> None:
    app = FledgerApp(ledger, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", "c", "h")
        await settle(pilot)
        assert set(keys(app)) == {"trade-pact", "chip-fab"}  # actor China, key chip-fab
        await pilot.press("i", "p")
        await settle(pilot)
        assert keys(app) == ["chip-fab"]
        assert "filter 'chip'" in static_text(app.screen, "#status")
        await pilot.press("enter")  # back to the table
        assert app.focused is table(app)
        await pilot.press("escape")
        await settle(pilot)
        assert len(keys(app)) == 3


async def test_vim_keys_and_detail(ledger: Any) -> None:
    app = FledgerApp(ledger, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "j")
        assert table(app).current().key == "summit"
        await pilot.press("k", "enter")
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen)
        head = static_text(app.screen, "#detail-head")
        assert "Trade pact signed" in head and "Mar 2025" in head and "EU, China" in head
        assert "Leaders agree on trade pact" in static_text(app.screen, "#detail-source")
        assert "bob" in static_text(app.screen, "#detail-forecasts")
        await pilot.press("escape")
        assert isinstance(app.screen, ItemsScreen)


async def test_forecast_rejects_bad_input_inline_then_saves(ledger: Any) -> None:
    app = FledgerApp(ledger, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "f")
        await settle(pilot)
        assert isinstance(app.screen, ForecastScreen)
        assert "Your previous: 40%" in static_text(app.screen, "#forecast-context")
        assert "crowd median: 55% of 2" in static_text(app.screen, "#forecast-context")
        await pilot.press(*"150%", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ForecastScreen)
        assert "probability" in static_text(app.screen, "#forecast-error")
        app.screen.query_one("#probability", Input).value = "0.35"
        app.screen.query_one("#note", Input).value = "talks stalled"
        await pilot.click("#save")
        await settle(pilot)
        assert isinstance(app.screen, ItemsScreen)
        mine = [f for f in ledger.item("trade-pact").forecasts if f.analyst == "ann"]
        assert [f.probability for f in mine] == [0.4, 0.35] and mine[-1].note == "talks stalled"
        assert table(app).get_row("trade-pact")[4] == "35%"
        assert table(app).current().key == "trade-pact"


async def test_resolve_then_correct_with_confirmation(ledger: Any) -> None:
    app = FledgerApp(ledger, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        await pilot.press("j")  # chip-fab
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, ResolveScreen)
        assert app.screen.query_one("#known-on", Input).value == "2025-03-20"
        app.screen.query_one("#evidence", Input).value = "opening ceremony"
        await pilot.click("#outcome-yes")
        await pilot.click("#save")
        await settle(pilot)
        assert ledger.item("chip-fab").resolution.outcome == "yes"
        assert table(app).get_row("chip-fab")[7] == "yes"
        # correcting asks first, and declining changes nothing
        await pilot.press("r")
        await settle(pilot)
        assert "Already resolved YES" in static_text(app.screen, "#resolve-context")
        await pilot.click("#outcome-no")
        await pilot.click("#save")
        await pilot.pause()
        await pilot.press("n")
        await settle(pilot)
        assert len(ledger.item("chip-fab").resolutions) == 1
        await pilot.click("#save")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        detail = ledger.item("chip-fab")
        assert [r.outcome for r in detail.resolutions] == ["yes", "no"]
        assert detail.resolution.supersedes == detail.resolutions[0].id
        assert isinstance(app.screen, ItemsScreen)


async def test_resolve_rejects_a_future_known_on_date(ledger: Any) -> None:
    app = FledgerApp(ledger, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        app.screen.query_one("#known-on", Input).value = "2030-01-01"
        await pilot.click("#outcome-yes")
        await pilot.click("#save")
        await settle(pilot)
        assert isinstance(app.screen, ResolveScreen)
        assert "known-on" in static_text(app.screen, "#resolve-error")
        assert ledger.item("chip-fab").resolution is None


async def test_new_item_reads_deadline_live_and_saves(ledger: Any) -> None:
    app = FledgerApp(ledger, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, ItemFormScreen)
        await pilot.press(*"Grid upgrade done")
        app.screen.query_one("#field-deadline", Input).value = "2025-Q3"
        await pilot.pause()
        assert "2025-Q3: 2025-07-01 … 2025-09-30" in static_text(app.screen, "#deadline-reading")
        app.screen.query_one("#field-deadline", Input).value = "someday maybe"
        await pilot.pause()
        assert "deadline" in static_text(app.screen, "#deadline-reading")
        app.screen.query_one("#field-deadline", Input).value = "2025-Q3"
        app.screen.query_one("#field-tags", Input).value = "energy; grid"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ItemsScreen)
        item = ledger.item("grid-upgrade-done").item
        assert item.tags == ("energy", "grid") and item.deadline.label == "2025-Q3"
        assert table(app).current().key == "grid-upgrade-done"


async def test_new_item_with_taken_key_shows_error_inline(ledger: Any) -> None:
    app = FledgerApp(ledger, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        app.screen.query_one("#field-title", Input).value = "Another"
        app.screen.query_one("#field-key", Input).value = "summit"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ItemFormScreen)
        assert "already used" in static_text(app.screen, "#form-error")
        assert len(ledger.items("all")) == 4


async def test_edit_item_records_a_revision(ledger: Any) -> None:
    app = FledgerApp(ledger, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "j", "e")  # summit
        await settle(pilot)
        assert app.screen.query_one("#field-title", Input).value == "Summit held"
        app.screen.query_one("#field-title", Input).value = "Summit held in Kazan"
        await pilot.press("ctrl+s")
        await settle(pilot)
        detail = ledger.item("summit")
        assert detail.item.title == "Summit held in Kazan" and len(detail.revisions) == 2
        assert str(table(app).get_row("summit")[1]) == "Summit held in Kazan"


async def test_change_by_another_process_reloads_and_keeps_cursor(ledger: Any) -> None:
    from ledger.service import Ledger

    app = FledgerApp(ledger, poll_seconds=0.1)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "j")
        assert table(app).current().key == "summit"
        Ledger(ledger.path, "carol", clock=ledger._clock).forecast("summit", "80%")
        for _ in range(30):
            await pilot.pause(0.1)
            if table(app).get_row("summit")[6] == "1":
                break
        assert table(app).get_row("summit")[6] == "1"
        assert table(app).current().key == "summit"


async def test_help_lists_bindings(ledger: Any) -> None:
    app = FledgerApp(ledger, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        text = static_text(app.screen, "#help-text")
        for expected in (
            "Forecast",
            "Resolve",
            "Calibration",
            "Filter",
            "New",
            "Edit",
            "Mode",
            "Scenarios",
            "Accept implied update",
            "Export report",
            "Forecast set",
        ):
            assert expected in text


async def test_a_page_painted_from_the_index_shows_pending_forecasts_then_fills_them(ledger: Any) -> None:
    app = FledgerApp(ledger, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        cached = ledger.cached_item_page("open")
        assert cached is not None and cached.forecasts_pending  # the list's first load read the index
        items = table(app)
        items.show(cached.rows, pending=True)
        items.move_cursor(row=1)
        row = items.get_row("trade-pact")
        assert row[2] == "Mar 2025" and str(row[3]) == "11" and row[4:7] == ["…", "…", "…"]
        assert items.fill(ledger.item_page("open").rows)
        await pilot.pause()
        assert items.current().key == "trade-pact" and not items.pending
        assert items.get_row("trade-pact")[4:7] == ["40%", "55%", "2"]
        assert not items.fill(ledger.item_page("all").rows)  # other items: not a fill


async def test_typing_a_filter_ends_with_the_forecasts_filled_in(ledger: Any) -> None:
    app = FledgerApp(ledger, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", "t", "r")
        assert keys(app) == ["trade-pact"]  # painted from memory before any file read answers
        await settle(pilot)
        assert not table(app).pending
        assert table(app).get_row("trade-pact")[4:7] == ["40%", "55%", "2"]
