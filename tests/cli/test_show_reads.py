"""``fledger show`` prints an item in full from one read of the ledger (``Ledger.item_view``)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from ledger.service import Ledger
from ledger.storage import Store


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The connections any ledger file opens from now on, by kind."""
    kinds: list[str] = []
    for kind in ("reading", "writing"):
        plain = getattr(Store, kind)

        def counted(self: Store, *args: Any, _plain: Any = plain, _kind: str = kind, **kwargs: Any) -> Any:
            @contextmanager
            def wrapper() -> Iterator[Any]:
                kinds.append(_kind)
                with _plain(self, *args, **kwargs) as con:
                    yield con

            return wrapper()

        monkeypatch.setattr(Store, kind, counted)
    return kinds


def test_show_of_a_commitment_with_a_track_signpost_and_base_rate_is_one_read(tmp_path, run, clock, opened) -> None:
    db = tmp_path / "l.duckdb"
    ledger = Ledger(db, "ann", clock=clock)
    ledger.init(empty=True)
    ledger.add_item("Bank opens a branch", key="branch", deadline="2025-06-30", kind="commitment", actors="Sberbank")
    ledger.set_status("branch", "in-progress", evidence="press release")
    ledger.forecast("branch", "0.6")
    ledger.add_scenario("Who leads?", ["bank", "state"], key="lead")
    ledger.link_signpost("lead", "bank", "branch", "supports")
    opened.clear()
    code, out, err = run("--db", db, "show", "branch")
    assert (code, err) == (0, "")
    assert "track      in-progress" in out and "signpost   supports lead / bank" in out and "base rate  Sberbank" in out
    assert opened == ["reading"]
    opened.clear()
    code, out, _ = run("--db", db, "show", "branch", "--json")
    assert code == 0 and json.loads(out)["status_track"]["status"] == "in-progress"
    assert opened == ["reading"]
