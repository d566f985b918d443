"""`fledger source add --text-file F --extract`: an article and its commitments in one step."""

import json
from pathlib import Path

from ledger.cli import main

ARTICLES = Path(__file__).parent.parent / "ledger" / "articles"


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


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


def test_on_a_terminal_a_candidate_can_be_edited_before_it_is_added(tmp_path, capsys, monkeypatch):
    """y / n / e / q per candidate; 'e' asks title, key, deadline and actor, each checked as typed."""
    import io

    import ledger.cli.items as items_cli

    db = str(tmp_path / "l.duckdb")
    run(capsys, "--db", db, "init", "--empty")
    monkeypatch.setattr(items_cli, "interactive", lambda: True)
    answers = [
        "e",  # the first candidate, edited:
        "Sberbank AI report to the Kremlin",  # title
        "Bad Key!", "sber-ai-report",  # a key refused, then a good one
        "whenever", "end of May",  # a deadline that cannot be read, then one that can
        "Sberbank",  # actor
        "q",
    ]
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(answers) + "\n"))
    code, out, err = run(
        capsys, "--db", db, "source", "add", "Seed-like story", "--published", "2024-12-30",
        "--text-file", str(ARTICLES / "seed_like_story.txt"), "--extract",
    )  # fmt: skip
    assert code == 0, err
    assert "[e]dit" in out and "key: 'Bad Key!' is not valid" in err and "deadline: 'whenever' is not valid" in err
    _, out, _ = run(capsys, "--db", db, "show", "sber-ai-report", "--json")
    item = json.loads(out)["item"]
    assert item["title"] == "Sberbank AI report to the Kremlin" and item["actors"] == ["Sberbank"]
    assert item["deadline"]["latest"] == "2025-05-31" and item["kind"] == "commitment"
    assert item["quote"] and item["source_id"]
    _, out, _ = run(capsys, "--db", db, "list", "--all", "--json")
    assert [i["key"] for i in json.loads(out)] == ["sber-ai-report"]  # q stopped before the rest
