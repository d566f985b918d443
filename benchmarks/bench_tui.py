"""TUI responsiveness on a large ledger (100k items, 1M forecasts by default), driven headless by Pilot.

Usage: python benchmarks/bench_tui.py [PATH] [ITEMS] [FORECASTS]
Builds the ledger at PATH if it is not there, then prints:
  start -> first painted table, filter keystroke -> updated table (rows painted from the in-memory index)
  and -> forecast columns filled in, calibration open.
"""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.big_ledger import build
from ledger.service import Ledger
from tui.app import FledgerApp
from tui.screens.items import ItemsScreen
from tui.widgets.item_table import ItemTable


async def until(pilot: object, condition: object, timeout: float = 30.0) -> float:
    start = time.perf_counter()
    while not condition():  # type: ignore[operator]
        if time.perf_counter() - start > timeout:
            raise TimeoutError
        await pilot.pause(0.005)  # type: ignore[attr-defined]
    return time.perf_counter() - start


def stamp_paints_from_memory() -> list[float]:
    """Times at which a page painted from the in-memory index reached the screen (the refresh after the paint)."""
    stamps: list[float] = []
    paint = ItemsScreen._paint_cached

    def stamped(screen: ItemsScreen, *args: object) -> None:
        before = screen.painted
        paint(screen, *args)  # type: ignore[arg-type]
        if screen.painted != before:
            screen.call_after_refresh(lambda: stamps.append(time.perf_counter()))

    ItemsScreen._paint_cached = stamped  # type: ignore[method-assign]
    return stamps


async def measure(path: Path) -> dict[str, float | str]:
    figures: dict[str, float | str] = {}
    stamps = stamp_paints_from_memory()
    start = time.perf_counter()
    app = FledgerApp(Ledger(path, "analyst3"), watch=False)
    async with app.run_test(size=(120, 36)) as pilot:
        table = app.screen.query_one(ItemTable)
        await until(pilot, lambda: table.row_count > 0)
        figures["start to first painted table"] = time.perf_counter() - start
        figures["rows in widgets"] = f"{table.row_count} of {app.screen.total:,}"
        await pilot.press("slash")
        painted, filled = [], []
        typed = ""
        for char in "beijing":
            typed += char
            seen = len(stamps)
            t0 = time.perf_counter()
            await pilot.press(char)
            # the filtered rows reached the screen (painted from the in-memory index, forecast columns pending)
            await until(pilot, lambda n=seen: len(stamps) > n)
            painted.append(stamps[seen] - t0)
            # settled: the answer to the newest keystroke, forecasts included, is painted (tui.loading tickets)
            await until(pilot, lambda t=typed: app.screen.query_text == t and app.screen.settled)
            filled.append(time.perf_counter() - t0)
        # typed one key at a time, waiting for each full answer, so no keystroke waits for the debounce
        figures["filter keystroke to updated table (median of 7)"] = sorted(painted)[len(painted) // 2]
        figures["filter keystroke to updated table (worst)"] = max(painted)
        figures["filter keystroke to forecasts filled in (median of 7)"] = sorted(filled)[len(filled) // 2]
        figures["filter keystroke to forecasts filled in (worst)"] = max(filled)
        await pilot.press("escape", "escape")
        await app.workers.wait_for_complete()
        from textual.widgets import Static

        from tui.screens.calibration import CalibrationScreen

        for attempt in ("calibration open (cold)", "calibration open (again)"):
            t0 = time.perf_counter()
            await pilot.press("c")
            await until(pilot, lambda: isinstance(app.screen, CalibrationScreen) and app.screen.settled, 120)
            figures[attempt] = time.perf_counter() - t0
            headline = str(app.screen.query_one("#headline", Static).render())
            figures["calibration shows"] = headline.splitlines()[2] if headline.count("\n") > 2 else headline
            await pilot.press("escape")
            await pilot.pause()
    return figures


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/tmp/bench-tui.duckdb")
    n_items, n_forecasts = (int(a) for a in (sys.argv[2:4] or ["100000", "1000000"]))
    if not path.exists():
        t0 = time.perf_counter()
        build(path, n_items, n_forecasts)
        print(f"built {path}: {n_items:,} items, {n_forecasts:,} forecasts in {time.perf_counter() - t0:.1f} s")
    for name, value in asyncio.run(measure(path)).items():
        print(f"{name:<50} {value:.3f} s" if isinstance(value, float) else f"{name:<50} {value}")


if __name__ == "__main__":
    main()
