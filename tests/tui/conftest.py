"""A small fixed ledger and a fixed clock, so pilot and snapshot tests are deterministic."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from ledger.service import Ledger
from tests.support import Clock

NOW = datetime(2025, 3, 20, 12, 0, tzinfo=UTC)


fixed_clock = Clock(NOW)  # stands still: a clock for reading


def stepping_clock(start: datetime) -> Clock:
    """Each reading is an hour after the last, ending at NOW: the fixture's records get distinct times."""
    return Clock(start, step=timedelta(hours=1), until=NOW)


def build_ledger(path: Path) -> Ledger:
    """Four items, three forecasts and a resolution, written over the days before NOW; read with a fixed clock."""
    clock = stepping_clock(NOW - timedelta(days=2))
    ledger = Ledger(path, "ann", clock=clock)
    ledger.init(empty=True)
    src = ledger.add_source("Leaders agree on trade pact", publisher="Wire", published_on=datetime(2025, 1, 10).date())
    ledger.add_item("Trade pact signed", key="trade-pact", deadline="2025-03", actors="EU; China", tags="trade",
                    source=src.id)  # fmt: skip
    ledger.add_item("Chip fab opens", key="chip-fab", deadline="2025-03-25", actors="TSMC", tags="chips")
    ledger.add_item("Summit held", key="summit", deadline="2025-Q4", actors="BRICS", tags="diplomacy")
    ledger.add_item("Old promise kept", key="old-promise", deadline="2024-12", actors="Kremlin", tags="russia")
    ledger.forecast("trade-pact", "40%")
    Ledger(path, "bob", clock=clock).forecast("trade-pact", "0.7")
    Ledger(path, "bob", clock=clock).forecast("old-promise", "20")
    ledger.resolve("old-promise", "no", evidence="no report published")
    return Ledger(path, "ann", clock=fixed_clock)


def paint_pending(app: Any) -> bool:
    """True while Textual still owes the screen a measurement, a layout or a repaint.

    A DataTable measures new rows' column widths on its next idle, then asks for a
    layout, which the screen runs on its next refresh tick; a screenshot taken in
    between shows stale columns.  Textual keeps this state private: a test may
    look at it, the app never does.
    """
    from textual.widgets import DataTable

    screen = app.screen
    if screen._layout_required or screen._scroll_required or screen._repaint_required or screen._dirty_widgets:
        return True
    for widget in screen.walk_children(with_self=False):
        if widget._layout_required or widget._repaint_required or widget._scroll_required:
            return True
        if isinstance(widget, DataTable) and (widget._require_update_dimensions or widget._updated_cells):
            return True
    return False


async def settle(pilot: Any, timeout: float = 30.0, *, repaint: bool = False) -> None:
    """Wait until every screen on the stack shows the answer to its latest load, and nothing is running.

    Deterministic: it waits on the screens' load tickets (``tui.loading``), not on timing,
    and needs two quiet rounds in a row so a result that starts another load is caught.
    ``repaint`` (for screenshots) then repaints everything once and waits again, so no strip
    drawn before the last measurement survives; tests that read widgets need no repaint.
    """
    app = pilot.app
    give_up = time.monotonic() + timeout
    quiet = 0
    repainted = not repaint
    from textual.worker import WorkerCancelled, WorkerFailed

    while quiet < 2:
        for worker in list(app.workers):
            try:
                await worker.wait()
            except (WorkerCancelled, WorkerFailed):
                # replaced by a newer exclusive worker, or failed after telling the screen (tui.calls):
                # either way it is done, which is all this waits for
                pass
        await pilot.pause()
        busy = (
            any(not w.is_finished for w in app.workers)
            or not all(getattr(screen, "settled", True) for screen in app.screen_stack)
            or paint_pending(app)
        )
        quiet = 0 if busy else quiet + 1
        if quiet == 2 and not repainted:
            # everything is loaded and measured: repaint it all once, so no strip drawn before
            # the last measurement survives into a screenshot
            repainted, quiet = True, 0
            from textual.widgets import DataTable

            for widget in app.screen.walk_children(with_self=True):
                # a DataTable keeps rendered rows keyed by its own update counter; this drops them
                widget.notify_style_update() if isinstance(widget, DataTable) else widget.refresh(layout=True)
        if busy:
            if time.monotonic() > give_up:
                raise AssertionError(f"the app did not settle within {timeout} s")
            await pilot.pause(0.02)


@pytest.fixture(autouse=True)
def still_screens(monkeypatch: pytest.MonkeyPatch) -> None:
    """Apps under test do not animate, and their text cursors do not blink.

    Both are motion only: the tab underline sliding to a new view repaints the screen at 60 frames
    a second for a third of a second, and a blinking cursor repaints its field twice a second for as
    long as a test runs; a screenshot could catch either midway.  What every widget holds and does is
    unchanged, and so is the last picture of each change.  (``TEXTUAL_ANIMATIONS=none`` does the first
    for a user who wants it; the app reads it when it starts.)"""
    from textual import constants
    from textual.widgets import Input, TextArea

    monkeypatch.setattr(constants, "TEXTUAL_ANIMATIONS", "none")
    for field in (Input, TextArea):
        monkeypatch.setattr(field.cursor_blink, "_default", False)


@pytest.fixture(autouse=True)
def paint_when_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    """Screens under test repaint on their own once a second instead of 60 times; ``pilot.pause()`` (which
    ``settle`` calls every round) repaints at once whatever is pending.

    A test looks at the screen only after waiting, and every wait paints; the frames in between, which
    a machine's speed decides, mostly went unseen.  Each one costs a full layout or render."""
    from textual import screen

    monkeypatch.setattr(screen, "UPDATE_PERIOD", 1.0)


@pytest.fixture
def ledger(built: Any) -> Ledger:
    return built(build_ledger, "tui.duckdb")


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run ``async def`` tests on a fresh event loop (no asyncio plugin needed)."""
    import asyncio
    import inspect

    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    names = pyfuncitem._fixtureinfo.argnames
    asyncio.run(pyfuncitem.obj(**{name: pyfuncitem.funcargs[name] for name in names}))
    return True


# --- reading what a screen shows -------------------------------------------------------------------


def table(app: Any) -> Any:
    """The item list's table on the current screen."""
    from tui.widgets.item_table import ItemTable

    return app.screen.query_one(ItemTable)


def keys(app: Any) -> list[str]:
    """The item keys the list shows, in order."""
    return [s.key for s in table(app).summaries]


def static_text(screen: Any, selector: str) -> str:
    """What the Static widget ``selector`` on ``screen`` shows."""
    from textual.widgets import Static

    return str(screen.query_one(selector, Static).render())
