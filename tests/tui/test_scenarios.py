"""Pilot tests: the Scenarios screen, its forecast dialog, accepting an implied update."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable, Input, Static

from ledger.service import Ledger
from tests.support import Clock
from tests.tui.conftest import NOW, build_ledger, fixed_clock, settle
from tui.app import FledgerApp
from tui.screens.scenario_forecast import ScenarioForecastScreen, read_vector
from tui.screens.scenarios import ScenariosScreen

SIZE = (120, 40)


def build_scenario_ledger(path: Path) -> Ledger:
    """The fixture ledger plus one set forecast by ann and bob, and a signpost (trade-pact) resolved since."""
    ann = build_ledger(path)
    ann.add_scenario("Where do trade talks go?", ["deal=Deal signed", "stall=Talks stall", "collapse=Collapse"],
                     key="trade-talks", closes="2025-12", criteria="Judged on 31 Dec")  # fmt: skip
    ann.add_scenario("Second question", ["a=Alpha", "b=Beta"], key="second")
    ann.forecast_scenario("trade-talks", ["50%", "30%", "20%"])
    Ledger(path, "bob", clock=fixed_clock).forecast_scenario("trade-talks", ["0.2", "0.5", "0.3"])
    ann.link_signpost("trade-talks", "deal", "trade-pact", "supports", likelihood_ratio=3.0)
    ann.link_signpost("trade-talks", "collapse", "chip-fab", "undermines")
    ann.resolve("trade-pact", "yes", evidence="signed")
    # the app runs a day later: a signpost resolved on the day of a forecast counts as news for it,
    # so an update accepted that same day would be offered again
    return Ledger(path, "ann", clock=Clock(NOW + timedelta(days=1)))


@pytest.fixture
def scenario_ledger(built: Any) -> Ledger:
    return built(build_scenario_ledger, "scen.duckdb")


def rows(table: DataTable[Any]) -> list[list[str]]:
    return [[str(c) for c in table.get_row_at(n)] for n in range(table.row_count)]


async def open_scenarios(app: FledgerApp, pilot: Any) -> ScenariosScreen:
    await settle(pilot)
    await pilot.press("s")
    await settle(pilot)
    assert isinstance(app.screen, ScenariosScreen)
    return app.screen


async def test_scenarios_screen_shows_sets_probabilities_signposts_and_the_implied_update(
    scenario_ledger: Ledger,
) -> None:
    app = FledgerApp(scenario_ledger, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_scenarios(app, pilot)
        sets = rows(screen.query_one("#scenario-sets", DataTable))
        assert [r[0] for r in sets] == ["trade-talks", "second"] or [r[0] for r in sets] == ["second", "trade-talks"]
        if screen.selected != "trade-talks":
            await pilot.press("j" if sets[1][0] == "trade-talks" else "k")
            await settle(pilot)
        probs = rows(screen.query_one("#scenario-probs", DataTable))
        columns = [str(c.label) for c in screen.query_one("#scenario-probs", DataTable).columns.values()]
        assert columns == ["Outcome", "ann (me)", "bob", "Crowd mean", "Implied"]
        # ann 50/30/20, bob 20/50/30 -> crowd 35/40/25; deal supported with LR 3 resolved yes: odds ×3 on deal
        assert probs[0][:4] == ["Deal signed (deal)", "50%", "20%", "35%"]
        assert probs[1][1:4] == ["30%", "50%", "40%"] and probs[2][1:4] == ["20%", "30%", "25%"]
        assert probs[0][4] == "75%" and probs[1][4] == "15%" and probs[2][4] == "10%"
        posts = rows(screen.query_one("#scenario-signposts", DataTable))
        by_item = {r[0]: r for r in posts}
        assert by_item["trade-pact"][2:] == ["deal", "supports", "3", "yes", "3.00"]
        assert by_item["chip-fab"][2:] == ["collapse", "undermines", "–", "open", "–"]
        implied = str(screen.query_one("#scenario-implied", Static).render())
        assert "Pending implied update" in implied and "trade-pact" in implied and "deal 50%→75%" in implied


async def test_accepting_the_implied_update_records_it_as_my_forecast(scenario_ledger: Ledger) -> None:
    app = FledgerApp(scenario_ledger, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_scenarios(app, pilot)
        if screen.selected != "trade-talks":
            await pilot.press("j")
            await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        mine = scenario_ledger.scenario("trade-talks").my_forecast
        assert mine is not None and [round(p, 4) for p in mine.probabilities] == [0.75, 0.15, 0.1]
        assert "accepted signpost update" in mine.note
        assert rows(screen.query_one("#scenario-probs", DataTable))[0][1] == "75%"
        assert "no signpost has resolved since" in str(screen.query_one("#scenario-implied", Static).render())
        await pilot.press("a")  # nothing left to accept: a warning, no new forecast
        await settle(pilot)
        assert len(scenario_ledger.scenario("trade-talks").forecasts) == 3


async def test_scenario_forecast_dialog_checks_the_sum_inline_and_saves(scenario_ledger: Ledger) -> None:
    app = FledgerApp(scenario_ledger, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_scenarios(app, pilot)
        if screen.selected != "trade-talks":
            await pilot.press("j")
            await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ScenarioForecastScreen)
        assert "deal 50%" in str(dialog.query_one("#scenario-forecast-context", Static).render())
        # the boxes start from my previous vector, already checked
        assert [dialog.query_one(f"#p-{n}", Input).value for n in range(3)] == ["50%", "30%", "20%"]
        assert "sum 100% ✓" in str(dialog.query_one("#scenario-sum", Static).render())
        for n, value in enumerate(["40%", "40%", "30%"]):
            dialog.query_one(f"#p-{n}", Input).value = value
        await pilot.pause()
        assert "sum to 1.1" in str(dialog.query_one("#scenario-sum", Static).render())
        await pilot.click("#save")
        await settle(pilot)
        assert app.screen is dialog and "nothing was saved" in str(dialog.query_one("#scenario-forecast-error",
                                                                                      Static).render())  # fmt: skip
        assert len(scenario_ledger.scenario("trade-talks").forecasts) == 2
        dialog.query_one("#p-2", Input).value = "20.3%"  # 100.3%: within tolerance, rescaled with a notice
        await pilot.pause()
        assert "rescaled" in str(dialog.query_one("#scenario-sum", Static).render())
        dialog.query_one("#scenario-note", Input).value = "talks resumed"
        await pilot.click("#save")
        await settle(pilot)
        assert isinstance(app.screen, ScenariosScreen)
        mine = scenario_ledger.scenario("trade-talks").my_forecast
        assert mine is not None and mine.note == "talks resumed" and abs(sum(mine.probabilities) - 1) < 1e-9
        assert rows(screen.query_one("#scenario-probs", DataTable))[0][1] == "39.9%"


def test_read_vector_uses_the_ledger_rules() -> None:
    assert read_vector(["50", "50"], ["a", "b"]) == ("[green]sum 100% ✓[/green]", True)
    line, ok = read_vector(["50", "x"], ["a", "b"])
    assert not ok and "b:" in line
    line, ok = read_vector(["50", ""], ["a", "b"])
    assert not ok and "type a probability" in line


async def test_scenarios_screen_without_sets_says_how_to_add_one(ledger: Ledger) -> None:
    app = FledgerApp(ledger, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_scenarios(app, pilot)
        assert "No scenario sets yet" in str(screen.query_one("#scenario-head", Static).render())
