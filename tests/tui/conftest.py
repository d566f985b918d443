"""A small fixed ledger and a fixed clock, so pilot and snapshot tests are deterministic."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from ledger.service import Ledger

NOW = datetime(2025, 3, 20, 12, 0, tzinfo=UTC)


def fixed_clock() -> datetime:
    return NOW


def build_ledger(path: Path) -> Ledger:
    ledger = Ledger(path, "ann", clock=fixed_clock)
    ledger.init(empty=True)
    src = ledger.add_source("Leaders agree on trade pact", publisher="Wire", published_on=datetime(2025, 1, 10).date())
    ledger.add_item("Trade pact signed", key="trade-pact", deadline="2025-03", actors="EU; China", tags="trade",
                    source=src.id)  # fmt: skip
    ledger.add_item("Chip fab opens", key="chip-fab", deadline="2025-03-25", actors="TSMC", tags="chips")
    ledger.add_item("Summit held", key="summit", deadline="2025-Q4", actors="BRICS", tags="diplomacy")
    ledger.add_item("Old promise kept", key="old-promise", deadline="2024-12", actors="Kremlin", tags="russia")
    ledger.forecast("trade-pact", "40%")
    Ledger(path, "bob", clock=fixed_clock).forecast("trade-pact", "0.7")
    Ledger(path, "bob", clock=fixed_clock).forecast("old-promise", "20")
    ledger.resolve("old-promise", "no", evidence="no report published")
    return ledger


@pytest.fixture
def ledger(tmp_path: Path) -> Ledger:
    return build_ledger(tmp_path / "tui.duckdb")


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
