"""The calibration screen shows exactly what ``fledger score --json`` prints, on a real ledger."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable, Input, Select, Static

from ledger.cli import main
from ledger.service import Ledger
from tests.tui.conftest import fixed_clock, settle, stepping_clock
from tui.app import FledgerApp
from tui.screens.calibration import DECOMPOSITION, HEADLINE, CalibrationScreen, number

SIZE = (120, 40)
# (outcome, ann's two forecasts, bob's forecast) per item; "all" mode scores both of ann's
QUESTIONS = [
    ("yes", "70", "80", "60"), ("no", "30", "20", "45"), ("yes", "55", "65", "90"), ("no", "60", "40", "10"),
    ("yes", "85", "90", "70"), ("no", "15", "5", "35"), ("yes", "40", "35", "55"), ("annulled", "50", "50", "50"),
]  # fmt: skip


def build_scored_ledger(path: Path) -> Ledger:
    """Eight items forecast in January by ann (twice) and bob, resolved on 1 March (one annulled)."""
    clock = stepping_clock(datetime(2025, 1, 1, tzinfo=UTC))
    ann, bob = Ledger(path, "ann", clock=clock), Ledger(path, "bob", clock=clock)
    ann.init(empty=True)
    for n, (_outcome, first, second, theirs) in enumerate(QUESTIONS):
        ann.add_item(f"Question {n}", key=f"q{n}", deadline="2025-02", tags="even" if n % 2 == 0 else "odd")
        ann.forecast(f"q{n}", first)
        bob.forecast(f"q{n}", theirs)
        ann.forecast(f"q{n}", second)
    resolver = Ledger(path, "ann", clock=fixed_clock)
    for n, (outcome, *_rest) in enumerate(QUESTIONS):
        resolver.resolve(f"q{n}", outcome, known_on=date(2025, 3, 1))
    return resolver


def cli_score(capsys: Any, path: Path, *options: str) -> dict[str, Any]:
    capsys.readouterr()
    assert main(["--db", str(path), "--analyst", "ann", "score", "--json", *options]) == 0
    return json.loads(capsys.readouterr().out)


def rows(table: DataTable[Any]) -> list[list[Any]]:
    return [[c if isinstance(c, str) else str(c) for c in table.get_row_at(n)] for n in range(table.row_count)]


def expected_group_rows(report: dict[str, Any]) -> list[list[str]]:
    return [
        [", ".join(str(v) for v in g["group"].values()),
         *(number(g[m]) for m in ("n_forecasts", "n_items", "brier", "brier_skill", "log_loss"))]
        for g in report["groups"]
    ]  # fmt: skip


def cli_reports(capsys: Any, path: Path, *options: str, whose: tuple[str, ...] = ("--analyst", "ann")
                ) -> dict[str, dict[str, Any]]:  # fmt: skip
    """What fledger score --json prints for the screen's three questions (asked before the app runs:
    Textual takes over stdout while it does).  ``whose``: the scope shown (by default ann's own
    forecasts; () for the team pooled); the analyst table always compares everyone."""
    return {
        "all": cli_score(capsys, path, *options, *whose),
        "analyst": cli_score(capsys, path, *options, "--by", "analyst", "--crowd", "median"),
        "tag": cli_score(capsys, path, *options, "--by", "tag", *whose),
    }


def assert_screen_matches(screen: CalibrationScreen, expected: dict[str, dict[str, Any]]) -> None:
    overall = expected["all"]
    group = overall["groups"][0]
    assert group["n_forecasts"] > 0
    headline = str(screen.query_one("#headline", Static).render())
    for label, key in HEADLINE:
        assert f"{label:<28}{number(group[key]):>9}" in headline, (label, group[key])
    assert f"{number(group['n_forecasts'])} forecasts on {number(group['n_items'])} items" in headline
    decomposition = group["decomposition"]
    for key in DECOMPOSITION:
        shown = "–" if decomposition is None else number(decomposition[key], 4)
        assert f"{key.replace('_', ' '):<26}{shown:>9}" in headline
    bins = rows(screen.query_one("#bins", DataTable))
    if group["bins"] is None:
        assert bins[0][2] == "no bins in time-weighted mode"
    else:
        assert [row[:4] for row in bins] == [
            [f"{b['lo']:.1f}–{b['hi']:.1f}", number(b["n"]), number(b["mean_forecast"]), number(b["observed"])]
            for b in group["bins"]
        ]
    by_analyst = expected["analyst"]
    assert rows(screen.query_one("#by-analyst", DataTable)) == expected_group_rows(by_analyst)
    assert len(by_analyst["groups"]) == 3  # ann, bob and crowd:median
    by_tag = expected["tag"]
    assert rows(screen.query_one("#by-tag", DataTable)) == expected_group_rows(by_tag)


@pytest.fixture
def scored(built: Any) -> Ledger:
    return built(build_scored_ledger, "scored.duckdb")


async def test_calibration_numbers_equal_fledger_score_json_in_every_mode(scored: Ledger, capsys: Any) -> None:
    modes = ("last", "all", "time-weighted")
    expected = {mode: cli_reports(capsys, scored.path, "--mode", mode) for mode in modes}
    app = FledgerApp(scored, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CalibrationScreen)
        for mode in modes:
            assert screen.query_one("#mode", Select).value == mode
            assert_screen_matches(screen, expected[mode])
            await pilot.press("m")
            await settle(pilot)
        assert screen.query_one("#mode", Select).value == "last"


async def test_calibration_as_of_replays_the_ledger(scored: Ledger, capsys: Any) -> None:
    expected = cli_reports(capsys, scored.path, "--as-of", "2025-03-20")
    app = FledgerApp(scored, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        screen = app.screen
        box = screen.query_one("#as-of", Input)
        box.value = "2025-02-15"  # before anything resolved: nothing to score
        box.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert "No scored forecasts yet" in str(screen.query_one("#headline", Static).render())
        box.value = "2025-03-20"  # the day the resolutions were recorded
        await pilot.press("enter")
        await settle(pilot)
        assert "as of 2025-03-20" in str(screen.query_one("#headline", Static).render())
        assert_screen_matches(screen, expected)
        box.value = "January"
        await pilot.press("enter")
        await pilot.pause()
        assert "as-of" in str(screen.query_one("#calibration-error", Static).render())


async def test_calibration_on_a_ledger_with_nothing_resolved_says_so(tmp_path: Path) -> None:
    empty = Ledger(tmp_path / "empty.duckdb", "ann", clock=fixed_clock)
    empty.init(empty=True)
    empty.add_item("Open question", key="open-q", deadline="2025-12")
    empty.forecast("open-q", "30%")
    app = FledgerApp(empty, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert "No scored forecasts yet" in str(app.screen.query_one("#headline", Static).render())
        assert str(app.screen.query_one("#calibration-error", Static).render()) == ""


async def test_export_report_from_the_calibration_screen(scored: Ledger, tmp_path: Path) -> None:
    from tui.screens.report_export import ReportExportScreen

    app = FledgerApp(scored, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Export report" in titles  # the command palette offers it too
        await pilot.press("m", "x")  # mode "all"
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ReportExportScreen) and dialog.mode == "all"
        box = dialog.query_one("#report-path", Input)
        assert box.value == str(Path.cwd() / "fledger-report-2025-03-20.html")
        box.value = str(tmp_path / "report.txt")
        await pilot.press("enter")
        await settle(pilot)
        error = str(dialog.query_one("#report-error", Static).render())
        assert app.screen is dialog and "output" in error and ".html" in error and "--format" not in error
        box.value = str(tmp_path / "report.html")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CalibrationScreen)
        written = (tmp_path / "report.html").read_text(encoding="utf-8")
        assert "<html" in written.lower() and not (tmp_path / "report.txt").exists()


async def test_calibration_scope_starts_with_me_and_switches_to_team_and_each_analyst(
    scored: Ledger, capsys: Any, tmp_path: Path
) -> None:
    expected = {
        "me": cli_reports(capsys, scored.path),
        "team": cli_reports(capsys, scored.path, whose=()),
        "bob": cli_reports(capsys, scored.path, whose=("--analyst", "bob")),
    }
    # ann's and bob's Brier sums are equal by construction (0.7975 each), so the scopes differ in their counts
    assert expected["me"]["all"]["groups"][0]["n_forecasts"] == 7
    assert expected["team"]["all"]["groups"][0]["n_forecasts"] == 14
    app = FledgerApp(scored, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        screen = app.screen
        for whose, title in (("me", "ann (you)"), ("team", "the team (every analyst pooled)"), ("bob", "bob")):
            assert screen.sub_title == f"calibration of {title}", whose
            assert title in str(screen.query_one("#calibration-scope", Static).render())
            assert_screen_matches(screen, expected[whose])
            await pilot.press("w")
            await settle(pilot)
        assert screen.sub_title == "calibration of ann (you)"  # round again to me
        await pilot.press("w", "x")  # the team's report, titled so
        await settle(pilot)
        box = app.screen.query_one("#report-path", Input)
        box.value = str(tmp_path / "team.json")
        await pilot.press("enter")
        await settle(pilot)
    written = json.loads((tmp_path / "team.json").read_text(encoding="utf-8"))
    assert written["report"]["scope"] == "the team (every analyst pooled)"
    assert written["groups"][0]["brier"] == expected["team"]["all"]["groups"][0]["brier"]
