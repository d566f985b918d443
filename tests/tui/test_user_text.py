"""User text shows verbatim in the TUI: brackets are not markup, control characters never reach the terminal."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import Static

from ledger.service import Ledger
from tests.tui.conftest import fixed_clock, settle
from tui.app import FledgerApp
from tui.screens.detail import DetailScreen
from tui.screens.items import ItemsScreen
from tui.widgets.item_table import ItemTable

TITLES = {
    "closing-tag": "Budget vote [/] next week",
    "bracket-words": "Poll [update] due in [march]",
    "style-tag": "[bold red]Not bold[/] at all",
    "escapes": "Clip \x1b]52;c;aGk=\x07board \x1b[2Jwipe\rcr",
}


@pytest.fixture
def hostile(tmp_path) -> Ledger:
    path = tmp_path / "hostile.duckdb"
    led = Ledger(path, "ann", clock=fixed_clock)
    led.init(empty=True)
    for key, title in TITLES.items():
        led.add_item(title, key=key, deadline="2025-06-30", tags=["[link=x]tag"], actors=["[i]Actor"])
    led.forecast("closing-tag", "0.4", note="see [/] and [red]this[/red]")
    return Ledger(path, "ann", clock=fixed_clock)


def _visible(text: str) -> str:
    return "".join(c for c in text if c >= " " and not 0x7F <= ord(c) < 0xA0)


async def test_titles_with_brackets_and_escapes_show_verbatim(hostile: Any) -> None:
    app = FledgerApp(hostile, watch=False)
    async with app.run_test(size=(140, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ItemsScreen)
        table = app.screen.query_one(ItemTable)
        for key, title in TITLES.items():
            row = table.get_row(key)
            assert str(row[1]) == _visible(title)  # brackets kept, control characters gone
            assert str(row[8]) == "[link=x]tag"
        table.move_cursor(row=table.get_row_index("closing-tag"))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen)
        head = str(app.screen.query_one("#detail-head", Static).render())
        assert "Budget vote [/] next week" in head and "[i]Actor" in head
        forecasts = str(app.screen.query_one("#detail-forecasts", Static).render())
        assert "see [/] and [red]this[/red]" in forecasts


async def test_a_filter_with_brackets_is_shown_as_typed(hostile: Any) -> None:
    app = FledgerApp(hostile, watch=False)
    async with app.run_test(size=(140, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash", "left_square_bracket", "slash", "right_square_bracket")
        await settle(pilot)
        status = str(app.screen.query_one("#status", Static).render())
        assert "filter '[/]'" in status


async def test_a_ledger_path_and_analyst_with_brackets_start_the_app(tmp_path: Any) -> None:
    folder = tmp_path / "team [b] ledgers [i"
    folder.mkdir()
    led = Ledger(folder / "l.duckdb", "ann [/]", clock=fixed_clock)
    led.init(empty=True)
    led.add_item("Budget vote [/] next week", key="budget")
    app = FledgerApp(Ledger(folder / "l.duckdb", "ann [/]", clock=fixed_clock), watch=False)
    async with app.run_test(size=(140, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ItemsScreen)
        assert "ann [/]" in app.sub_title


async def test_the_first_screen_opens_on_whatever_an_import_accepted(tmp_path: Any) -> None:
    """Records at the edges of every rule, imported from an exchange file, then the TUI's first screen."""
    import json

    source = tmp_path / "source.duckdb"
    led = Ledger(source, "ann", clock=fixed_clock)
    led.init(empty=True)
    led.add_item("x" * 300, key="long-title", deadline="2199-12-31", tags=["t" * 100, "[/]"], actors=["\u202eRTL"])
    led.add_item("Old [red]edge", key="old-edge", deadline="1900-01-01")
    led.forecast("long-title", "0", note="[/] \x1b[31m", certain=True)
    led.forecast("old-edge", "1", certain=True)
    exported = tmp_path / "edges.jsonl"
    led.export_jsonl(exported)
    assert all(json.loads(line) for line in exported.read_text().splitlines())
    target = tmp_path / "target.duckdb"
    fresh = Ledger(target, "bob [/]", clock=fixed_clock)
    fresh.import_jsonl(exported)
    app = FledgerApp(Ledger(target, "bob [/]", clock=fixed_clock), watch=False)
    async with app.run_test(size=(140, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ItemsScreen)
        await pilot.press("4")  # every item
        await settle(pilot)
        keys = {s.key for s in app.screen.query_one(ItemTable).summaries}
        assert keys == {"long-title", "old-edge"}
