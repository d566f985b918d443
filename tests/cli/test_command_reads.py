"""Each command opens the ledger as few times as it must: ``fledger show`` prints an item in full from one
read (``Ledger.item_view``); ``fledger source add`` records an article and reports what it added in one write."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
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


ARTICLE = Path(__file__).parent.parent / "ledger" / "articles" / "seed_like_story.txt"


def test_source_add_with_its_commitments_is_one_read_and_one_write(tmp_path, run, opened) -> None:
    db = tmp_path / "l.duckdb"
    assert run("--db", db, "init", "--empty").code == 0
    args = ("--db", db, "source", "add", "Story", "--published", "2024-12-30", "--text-file", ARTICLE, "--extract",
            "--accept-all", "--json")  # fmt: skip
    opened.clear()
    code, out, err = run(*args)
    assert (code, err) == (0, "")
    assert opened == ["reading", "writing"]  # is the text already recorded? then the source and its items
    added = json.loads(out)["items"]
    _, listed, _ = run("--db", db, "source", "show", json.loads(out)["source"]["id"], "--json")
    assert added and added == json.loads(listed)["items"]  # every item it made, in the source's list order
    opened.clear()
    code, out, err = run(*args)  # the same article again: kept, nothing new
    assert code == 0
    assert json.loads(out)["items"] == [] and json.loads(out)["existing"] is True
    assert opened == ["reading", "writing"]


def test_source_add_without_a_text_is_one_write(tmp_path, run, opened) -> None:
    db = tmp_path / "l.duckdb"
    assert run("--db", db, "init", "--empty").code == 0
    opened.clear()
    code, out, _ = run("--db", db, "source", "add", "Story", "--publisher", "Wire")
    assert code == 0 and out.startswith("recorded source ")
    assert opened == ["writing"]
