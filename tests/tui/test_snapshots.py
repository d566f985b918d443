"""Snapshots of the main screens at 80x24 and 120x36, on a fixed ledger with a fixed clock."""

from __future__ import annotations

from typing import Any

import pytest

from tests.tui.conftest import settle
from tests.tui.test_calibration import build_scored_ledger
from tui.app import FledgerApp


def make_app(ledger: Any, theme: str = "textual-dark") -> FledgerApp:
    app = FledgerApp(ledger, watch=False)
    app.sub_title = "ann · tui.duckdb"  # the real path differs per test run
    app.theme = theme
    app.animation_level = "none"  # the tab underline slides; a snapshot must not catch it midway
    return app


async def wait(pilot: Any) -> None:
    await settle(pilot, repaint=True)


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
def test_items_screen(snap_compare: Any, ledger: Any, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(ledger), terminal_size=size, run_before=wait)


def test_items_screen_light(snap_compare: Any, ledger: Any) -> None:
    assert snap_compare(make_app(ledger, "textual-light"), terminal_size=(120, 36), run_before=wait)


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
def test_detail_screen(snap_compare: Any, ledger: Any, size: tuple[int, int]) -> None:
    async def open_detail(pilot: Any) -> None:
        await wait(pilot)
        await pilot.press("j", "enter")
        await wait(pilot)

    assert snap_compare(make_app(ledger), terminal_size=size, run_before=open_detail)


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
def test_all_items_sorted_by_crowd(snap_compare: Any, ledger: Any, size: tuple[int, int]) -> None:
    async def sort_by_crowd(pilot: Any) -> None:
        await wait(pilot)
        await pilot.press("4", "o", "o", "o")
        await wait(pilot)

    assert snap_compare(make_app(ledger), terminal_size=size, run_before=sort_by_crowd)


def test_detail_after_retracting(snap_compare: Any, ledger: Any) -> None:
    ledger.retract("trade-pact", reason="meant 4%")

    async def open_detail(pilot: Any) -> None:
        await wait(pilot)
        await pilot.press("j", "enter")
        await wait(pilot)

    assert snap_compare(make_app(ledger), terminal_size=(120, 36), run_before=open_detail)


def test_resolve_dialog_starts_with_nothing_chosen(snap_compare: Any, ledger: Any) -> None:
    async def open_dialog(pilot: Any) -> None:
        await wait(pilot)
        await pilot.press("r")
        await wait(pilot)

    assert snap_compare(make_app(ledger), terminal_size=(80, 24), run_before=open_dialog)


def test_forecast_dialog(snap_compare: Any, ledger: Any) -> None:
    async def open_dialog(pilot: Any) -> None:
        await wait(pilot)
        await pilot.press("j", "f")
        await wait(pilot)
        await pilot.press("4", "5", "%")

    assert snap_compare(make_app(ledger), terminal_size=(80, 24), run_before=open_dialog)


def test_calibration_screen(snap_compare: Any, built: Any) -> None:
    async def open_calibration(pilot: Any) -> None:
        await wait(pilot)
        await pilot.press("c")
        await wait(pilot)

    scored = built(build_scored_ledger, "scored.duckdb")
    assert snap_compare(make_app(scored), terminal_size=(120, 36), run_before=open_calibration)


def test_scenarios_screen(snap_compare: Any, built: Any) -> None:
    from tests.tui.test_scenarios import build_scenario_ledger

    async def open_scenarios(pilot: Any) -> None:
        await wait(pilot)
        await pilot.press("s")
        await wait(pilot)

    scenario_ledger = built(build_scenario_ledger, "scen.duckdb")
    assert snap_compare(make_app(scenario_ledger), terminal_size=(120, 36), run_before=open_scenarios)
