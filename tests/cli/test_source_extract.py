"""`fledger source add --text-file F --extract`: an article and its commitments in one step."""

import json
from pathlib import Path

from tests.support import run_cli

ARTICLES = Path(__file__).parent.parent / "ledger" / "articles"


def run(capsys, *args):
    return run_cli(*args)


def test_accept_all_records_the_article_and_its_dated_commitment(tmp_path, capsys):
    db = str(tmp_path / "l.duckdb")
    run(capsys, "--db", db, "init", "--empty")
    code, out, err = run(
        capsys, "--db", db, "source", "add", "Seed-like story", "--published", "2024-12-30",
        "--text-file", str(ARTICLES / "seed_like_story.txt"), "--extract", "--accept-all", "--json",
    )  # fmt: skip
    assert code == 0, err
    result = json.loads(out)
    windows = [(i["deadline"]["earliest"], i["deadline"]["latest"]) for i in result["items"] if i["deadline"]]
    assert ("2025-04-01", "2025-04-30") in windows
    assert all(i["source_id"] == result["source"]["id"] for i in result["items"])
    code, out, _ = run(capsys, "--db", db, "list", "--all", "--json")
    assert len(json.loads(out)) == len(result["items"])


def test_without_a_terminal_candidates_are_only_reported(tmp_path, capsys):
    db = str(tmp_path / "l.duckdb")
    run(capsys, "--db", db, "init", "--empty")
    code, out, err = run(
        capsys, "--db", db, "source", "add", "Story", "--published", "2024-12-30",
        "--text-file", str(ARTICLES / "seed_like_story.txt"), "--extract",
    )  # fmt: skip
    assert code == 0
    assert "none added" in err
    _, out, _ = run(capsys, "--db", db, "list", "--all", "--json")
    assert json.loads(out) == []


def test_extract_needs_a_text_file(tmp_path, capsys):
    db = str(tmp_path / "l.duckdb")
    run(capsys, "--db", db, "init", "--empty")
    code, _, err = run(capsys, "--db", db, "source", "add", "Story", "--extract")
    assert code == 2
    assert err.count("\n") == 1 and "--text-file" in err
    _, out, _ = run(capsys, "--db", db, "source", "list", "--json")
    assert json.loads(out) == []
