"""`fledger source add --text-file F --extract`: an article and its commitments in one step."""

import json
from pathlib import Path

from tests.support import run_cli

ARTICLES = Path(__file__).parent.parent / "ledger" / "articles"


def test_accept_all_records_the_article_and_its_dated_commitment(tmp_path, capsys):
    db = str(tmp_path / "l.duckdb")
    run_cli("--db", db, "init", "--empty")
    code, out, err = run_cli("--db", db, "source", "add", "Seed-like story", "--published", "2024-12-30",
        "--text-file", str(ARTICLES / "seed_like_story.txt"), "--extract", "--accept-all", "--json",
    )  # fmt: skip
    assert code == 0, err
    result = json.loads(out)
    windows = [(i["deadline"]["earliest"], i["deadline"]["latest"]) for i in result["items"] if i["deadline"]]
    assert ("2025-04-01", "2025-04-30") in windows
    assert all(i["source_id"] == result["source"]["id"] for i in result["items"])
    code, out, _ = run_cli("--db", db, "list", "--all", "--json")
    assert len(json.loads(out)) == len(result["items"])


def test_without_a_terminal_candidates_are_only_reported(tmp_path, capsys):
    db = str(tmp_path / "l.duckdb")
    run_cli("--db", db, "init", "--empty")
    code, out, err = run_cli("--db", db, "source", "add", "Story", "--published", "2024-12-30",
        "--text-file", str(ARTICLES / "seed_like_story.txt"), "--extract",
    )  # fmt: skip
    assert code == 0
    assert "none added" in err
    _, out, _ = run_cli("--db", db, "list", "--all", "--json")
    assert json.loads(out) == []


def test_extract_needs_a_text_file(tmp_path, capsys):
    db = str(tmp_path / "l.duckdb")
    run_cli("--db", db, "init", "--empty")
    code, _, err = run_cli("--db", db, "source", "add", "Story", "--extract")
    assert code == 2
    assert err.count("\n") == 1 and "--text-file" in err
    _, out, _ = run_cli("--db", db, "source", "list", "--json")
    assert json.loads(out) == []


def test_re_adding_the_same_article_keeps_one_source_and_no_numbered_copies(tmp_path, capsys):
    db = str(tmp_path / "l.duckdb")
    run_cli("--db", db, "init", "--empty")
    args = ["--db", db, "source", "add", "Story", "--published", "2024-12-30",
            "--text-file", str(ARTICLES / "seed_like_story.txt"), "--extract", "--accept-all"]  # fmt: skip
    code, first, _ = run_cli(*args, "--json")
    assert code == 0
    code, out, err = run_cli(*args[:4], "Story again", *args[5:])
    assert code == 0
    assert "already recorded as source" in err and "kept source" in out
    _, out, _ = run_cli("--db", db, "source", "list", "--json")
    assert len(json.loads(out)) == 1
    _, out, _ = run_cli("--db", db, "list", "--all", "--json")
    keys = [i["key"] for i in json.loads(out)]
    assert len(keys) == len(json.loads(first)["items"])
    assert not [k for k in keys if k.endswith("-2")]


def test_interactive_extract_offers_editing(tmp_path, capsys, monkeypatch):
    import click

    import ledger.cli.sources as sources_cli

    db = str(tmp_path / "l.duckdb")
    run_cli("--db", db, "init", "--empty")
    monkeypatch.setattr(sources_cli, "interactive", lambda: True)
    answers = iter(["e", "Kazakhstan progress report on satellites", "kz-sat-report", "by the end of May",
                    "Kassym-Jomart Tokayev", "y", "q"])  # fmt: skip
    monkeypatch.setattr(click, "prompt", lambda *a, **k: next(answers))
    code, out, err = run_cli("--db", db, "source", "add", "Story", "--published", "2024-12-30",
        "--text-file", str(ARTICLES / "seed_like_story.txt"), "--extract",
    )  # fmt: skip
    assert code == 0, err
    _, out, _ = run_cli("--db", db, "show", "kz-sat-report", "--json")
    item = json.loads(out)["item"]
    assert item["title"] == "Kazakhstan progress report on satellites"
    assert item["actors"] == ["Kassym-Jomart Tokayev"]
    assert item["deadline"]["latest"] == "2025-05-31"
