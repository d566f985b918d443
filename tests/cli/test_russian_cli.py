"""Russian through the CLI: deadline, dates, extract and source add; bad input refused in one line."""

from __future__ import annotations

import json
from pathlib import Path

from tests.support import run_cli

ARTICLE = Path(__file__).parent.parent / "ledger" / "articles" / "ru_m24_instructions.txt"


def test_deadline_reads_an_instruction_list_deadline() -> None:
    code, out, _ = run_cli("deadline", "Срок – до 1 июля 2025 г.", "--as-of", "2024-12-31", "--json")
    assert code == 0
    reading = json.loads(out)
    assert (reading["earliest"], reading["latest"], reading["direction"]) == ("2025-07-01", "2025-07-01", "future")


def test_dates_in_a_russian_article_with_offsets() -> None:
    code, out, _ = run_cli("dates", str(ARTICLE), "--published", "2021-05-03", "--json")
    assert code == 0
    found = json.loads(out)
    text = ARTICLE.read_text(encoding="utf-8")
    assert all(text[d["start"] : d["end"]] == d["text"] for d in found)
    windows = {d["text"]: (d["earliest"], d["latest"]) for d in found}
    assert windows["до конца 2021 года"] == ("2021-12-31", "2021-12-31")
    assert ("2021-06-01", "2021-06-01") in windows.values()
    assert not [t for t in windows if t.strip() == "квартал"]  # "раз в квартал" says how often, not when


def test_extract_russian_actors_and_keys_in_latin_script() -> None:
    code, out, _ = run_cli("extract", str(ARTICLE), "--published", "2021-05-03", "--json")
    assert code == 0
    found = json.loads(out)
    government = next(c for c in found if c["sentence"].lstrip('"').startswith("Правительству России"))
    assert government["actor"] == "Pravitelstvu Rossii"  # the addressee of the instruction
    assert government["deadline"]["earliest"] == "2021-06-01"  # "Доклад – до 1 июня 2021 года", the next line
    assert all(c["actor"].isascii() and c["key"].isascii() and c["key"] for c in found)
    assert any(c["deadline"] and c["deadline"]["latest"] == "2021-12-31" for c in found)


def test_source_add_extracts_russian_commitments(tmp_path: Path) -> None:
    db = str(tmp_path / "l.duckdb")
    run_cli("--db", db, "init", "--empty")
    code, out, err = run_cli("--db", db, "source", "add", "Поручения по итогам послания", "--published", "2021-05-03",
                         "--text-file", str(ARTICLE), "--extract", "--accept-all", "--json")  # fmt: skip
    assert code == 0, err
    items = json.loads(out)["items"]
    assert items and all(i["key"].isascii() for i in items)


def _refused(tmp_path: Path, content: bytes, word: str) -> None:
    db = str(tmp_path / "l.duckdb")
    run_cli("--db", db, "init", "--empty")
    path = tmp_path / "article.txt"
    path.write_bytes(content)
    for args in (
        ("extract", str(path), "--published", "2025-01-01"),
        ("dates", str(path), "--published", "2025-01-01"),
        ("--db", db, "source", "add", "X", "--text-file", str(path), "--extract", "--accept-all"),
    ):
        code, out, err = run_cli(*args)
        assert code == 2, (args, out, err)
        assert err.count("\n") == 1 and word in err, err
        assert "Traceback" not in err
    _, out, _ = run_cli("--db", db, "source", "list", "--json")
    assert json.loads(out) == []


def test_unknown_language_is_refused(tmp_path: Path) -> None:
    _refused(tmp_path, "国务院要求在2025年底前完成改革。".encode(), "language")


def test_mixed_scripts_are_refused(tmp_path: Path) -> None:
    text = "The ministry will report by June. Министерство представит доклад до 1 июня. " * 3
    _refused(tmp_path, text.encode(), "mixes scripts")


def test_a_binary_file_is_refused(tmp_path: Path) -> None:
    _refused(tmp_path, bytes(range(256)) * 40, "binary")
