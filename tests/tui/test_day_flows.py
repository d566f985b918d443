"""Pilot tests of the analyst's day: taking back a mistake, dialogs that record only what was chosen,
a list that fits its terminal and sorts, and the item form with every field."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import Checkbox, Input, Select, TextArea
from textual.widgets._footer import FooterKey

from tests.tui.conftest import keys, settle, table
from tests.tui.conftest import static_text as text
from tui.app import FledgerApp
from tui.screens.confirm import ConfirmScreen
from tui.screens.detail import DetailScreen
from tui.screens.forecast import ForecastScreen
from tui.screens.item_form import ItemFormScreen
from tui.screens.items import ItemsScreen
from tui.screens.resolve import ResolveScreen

SIZE = (120, 35)


async def open_detail(pilot: Any, key: str) -> None:
    app = pilot.app
    while table(app).current().key != key:
        await pilot.press("j")
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(app.screen, DetailScreen)


# --- taking back a mistake ----------------------------------------------------------------


async def test_retract_asks_first_then_strikes_the_forecast_through(ledger: Any) -> None:
    app = FledgerApp(ledger, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_detail(pilot, "trade-pact")
        await pilot.press("u")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen) and "40%" in app.screen.question
        await pilot.press("n")
        await settle(pilot)
        assert ledger.item("trade-pact").retractions == []
        await pilot.press("u")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        detail = ledger.item("trade-pact")
        assert [r.target for r in detail.retractions] == ["forecast"]
        assert detail.retraction_of(detail.forecasts[0]) is not None  # ann's 40%, kept
        assert "retracted" in text(app.screen, "#detail-forecasts")
        # nothing of mine stands now: a second u says so and writes nothing
        await pilot.press("u")
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen) and len(ledger.item("trade-pact").retractions) == 1
        await pilot.press("escape")
        await settle(pilot)
        row = table(app).get_row("trade-pact")
        assert row[4] == "–" and row[5] == "70%" and row[6] == "1"  # mine gone; crowd is bob's alone


async def test_unresolve_asks_first_and_reopens_the_item(ledger: Any) -> None:
    app = FledgerApp(ledger, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("3")  # resolved
        await settle(pilot)
        await open_detail(pilot, "old-promise")
        await pilot.press("U")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen) and "NO" in app.screen.question
        await pilot.press("y")
        await settle(pilot)
        detail = ledger.item("old-promise")
        assert detail.resolution is None and len(detail.resolutions) == 1
        assert "retracted" in text(app.screen, "#detail-resolutions")
        assert "unresolved" in text(app.screen, "#detail-head")


# --- dialogs that record only what was chosen ------------------------------------------


async def test_resolve_with_nothing_chosen_records_nothing(ledger: Any) -> None:
    app = FledgerApp(ledger, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("r")  # chip-fab
        await settle(pilot)
        assert isinstance(app.screen, ResolveScreen)
        await pilot.press("ctrl+s")  # straight away
        await settle(pilot)
        assert "choose yes, no or annulled" in text(app.screen, "#resolve-error")
        app.screen.query_one("#evidence", Input).focus()
        await pilot.press("enter")  # Enter in Evidence
        await settle(pilot)
        app.screen.query_one("#known-on", Input).focus()
        await pilot.press("enter")  # Enter in Known on
        await settle(pilot)
        assert isinstance(app.screen, ResolveScreen)
        assert ledger.item("chip-fab").resolutions == []
        await pilot.click("#outcome-no")
        await pilot.pause()
        assert text(app.screen, "#resolve-error") == ""  # the old error is gone once something changed
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert ledger.item("chip-fab").resolution.outcome == "no"


async def test_a_fixed_value_clears_the_old_error(ledger: Any) -> None:
    app = FledgerApp(ledger, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, ForecastScreen)
        await pilot.press(*"150", "enter")
        await settle(pilot)
        assert "'150' is not valid" in text(app.screen, "#forecast-error")
        await pilot.press("backspace", "backspace", "backspace", *"30")
        await pilot.pause()
        assert text(app.screen, "#forecast-error") == ""
        assert "30%" in text(app.screen, "#probability-reading")


async def test_certainty_needs_the_certain_box(ledger: Any) -> None:
    app = FledgerApp(ledger, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f")  # chip-fab
        await settle(pilot)
        await pilot.press("1")
        await pilot.pause()
        assert "certainty" in text(app.screen, "#probability-reading")
        await pilot.press("enter")
        await settle(pilot)
        assert "Certain box" in text(app.screen, "#forecast-error") and "--certain" not in text(
            app.screen, "#forecast-error"
        )
        assert ledger.item("chip-fab").forecasts == []
        app.screen.query_one("#certain", Checkbox).value = True
        app.screen.query_one("#probability", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert [f.probability for f in ledger.item("chip-fab").forecasts] == [1.0]


async def test_help_names_keys_as_typed(ledger: Any) -> None:
    app = FledgerApp(ledger, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        shown = text(app.screen, "#help-text")
        assert "question_mark" not in shown and "?  " in shown or "? " in shown
        assert "Retract mine" in shown and "Unresolve" in shown and "Sort" in shown


async def test_new_item_form_has_every_field_of_item_add(ledger: Any) -> None:
    app = FledgerApp(ledger, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, ItemFormScreen)
        screen = app.screen
        screen.query_one("#field-title", Input).value = "Grid upgrade done"
        screen.query_one("#field-deadline", Input).value = "by the end of June"
        screen.query_one("#field-as_of", Input).value = "2025-01-10"
        await pilot.pause()
        assert "2025-06-30" in text(screen, "#deadline-reading")
        screen.query_one("#field-kind", Select).value = "commitment"
        screen.query_one("#field-statement", TextArea).text = "The operator will finish\nthe upgrade."
        screen.query_one("#field-criteria", TextArea).text = "YES if the operator says so.\nNO otherwise."
        screen.query_one("#field-quote", TextArea).text = "“We will be done by June.”"
        screen.query_one("#field-criteria", TextArea).focus()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ItemsScreen)
        item = ledger.item("grid-upgrade-done").item
        assert item.kind == "commitment" and item.criteria == "YES if the operator says so.\nNO otherwise."
        assert item.statement == "The operator will finish\nthe upgrade." and item.quote.startswith("“We")
        assert str(item.deadline.latest) == "2025-06-30"
        # editing offers the same fields, filled in
        await pilot.press("e")
        await settle(pilot)
        assert app.screen.query_one("#field-criteria", TextArea).text == item.criteria
        assert app.screen.query_one("#field-kind", Select).value == "commitment"


# --- a list that fits, and sorts ------------------------------------------------------------


@pytest.mark.parametrize(("size", "columns"), [
    ((80, 24), ["key", "title", "deadline", "days", "mine", "crowd", "status"]),  # tags, then N left first
    ((120, 35), ["key", "title", "deadline", "days", "mine", "crowd", "n", "status", "tags"]),
])  # fmt: skip
async def test_columns_give_way_by_priority(ledger: Any, size: tuple[int, int], columns: list[str]) -> None:
    app = FledgerApp(ledger, watch=False)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        shown = table(app)
        assert [str(c.key.value) for c in shown.columns.values()] == columns
        widths = {str(c.key.value): c.width for c in shown.columns.values()}
        assert sum(w + 2 for w in widths.values()) + 2 <= size[0]  # nothing leaves the screen
        for summary in shown.summaries:  # key, deadline, status never cut
            assert widths["key"] >= len(summary.key) and widths["status"] >= len(summary.status)
            assert widths["deadline"] >= len(summary.deadline.label)
        if "tags" in widths:
            assert "diplomacy" in [str(shown.get_row(k)[-1]) for k in keys(app)]
        # an edit re-lays the table out; Status stays whole
        await pilot.press("e")
        await settle(pilot)
        app.screen.query_one("#field-title", Input).value = "A much longer title than any other in this list"
        await pilot.press("ctrl+s")
        await settle(pilot)
        after = {str(c.key.value): c.width for c in table(app).columns.values()}
        assert list(after) == columns and after["status"] >= len("Status")


def test_plan_gives_way_in_order_title_then_tags_n_crowd_days() -> None:
    from datetime import date
    from types import SimpleNamespace

    from ledger.model import Deadline
    from tui.widgets.item_table import TITLE_MIN, plan_columns

    window = Deadline(date(2025, 4, 1), date(2025, 6, 15), "vague")
    row = SimpleNamespace(key="a-rather-long-item-key-of-thirty-c", deadline=window, days_left=-610, n_forecasters=12,
                          status="annulled", tags=("russia", "ukraine"))  # fmt: skip
    seen = []
    for width in range(140, 40, -1):
        plan = plan_columns(width, [row])
        assert plan["key"] == len(row.key) and plan["deadline"] == len(window.label)  # never cut
        assert plan["status"] == len("annulled") and plan["mine"] == len("Mine ▲")
        seen.append(tuple(k for k in ("tags", "n", "crowd", "days") if k in plan))
        if len(seen) > 1 and seen[-1] != seen[-2]:
            assert plan["title"] >= TITLE_MIN  # a column leaves only once the title is down to its least
    order = [s for n, s in enumerate(seen) if n == 0 or s != seen[n - 1]]
    assert order == [("tags", "n", "crowd", "days"), ("n", "crowd", "days"), ("crowd", "days"), ("days",), ()]


@pytest.mark.parametrize("size", [(80, 24), (120, 35)])
async def test_footer_fits_every_key(ledger: Any, size: tuple[int, int]) -> None:
    app = FledgerApp(ledger, watch=False)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        footer_keys = {k.key: k for k in app.screen.query(FooterKey)}
        assert {"q", "question_mark", "c", "o", "f", "r"} <= set(footer_keys)
        for key in footer_keys.values():
            region = key.region
            assert region.width > 0 and region.right <= size[0] and region.bottom <= size[1], key.key


async def test_sort_key_cycles_fields_and_reverses(ledger: Any) -> None:
    app = FledgerApp(ledger, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        assert keys(app) == ["old-promise", "chip-fab", "trade-pact", "summit"]  # deadline
        await pilot.press("o")
        await settle(pilot)
        assert keys(app) == ["chip-fab", "old-promise", "summit", "trade-pact"]  # key
        assert "sorted by key ▲" in text(app.screen, "#status")
        key_column = next(c for c in table(app).columns.values() if str(c.key.value) == "key")
        assert str(key_column.label) == "Key ▲" and key_column.width >= len("Key ▲")  # the arrow is not cut off
        await pilot.press("O")
        await settle(pilot)
        assert keys(app) == ["trade-pact", "summit", "old-promise", "chip-fab"]
        await pilot.press("O", "o")  # mine: ann's 40% on trade-pact, none elsewhere (by key)
        await settle(pilot)
        assert keys(app)[0] == "trade-pact" and keys(app)[1:] == ["chip-fab", "old-promise", "summit"]
        await pilot.press("o")  # crowd
        await settle(pilot)
        assert keys(app)[:2] == ["old-promise", "trade-pact"]  # 20% (bob), 55%
        await pilot.press("o", "o")  # N, then status: due, open, then resolved
        await settle(pilot)
        assert "sorted by status" in text(app.screen, "#status")
        assert keys(app)[-1] == "old-promise"
        # the cursor stays on its item across a re-sort
        await pilot.press("g", "j")
        current = table(app).current().key
        await pilot.press("O")
        await settle(pilot)
        assert table(app).current().key == current
