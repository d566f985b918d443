"""`fledger import FILE --kind fatebook|predictionbook|metaculus` as a user runs it: summaries, and bad input refused."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from ledger.service import Ledger

FIXTURES = Path(__file__).parent.parent / "fixtures" / "track_records"


@pytest.fixture
def db(tmp_path, run) -> Path:
    """A ledger holding the Fatebook history already."""
    path = tmp_path / "cli.duckdb"
    code, _, err = run("--db", path, "import", FIXTURES / "fatebook.csv", "--kind", "fatebook")
    assert code == 0, err
    return path


def test_the_summary_counts_what_was_skipped_and_flags_all_no_questions(tmp_path, run):
    code, out, _ = run("--db", tmp_path / "l.duckdb", "import", FIXTURES / "fatebook.csv", "--kind", "fatebook")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("imported 94 new records from ") and "forecasts 24" in lines[0]
    assert "skipped 2 hidden forecasts" in lines
    assert any(line.startswith("note: 1 multiple-choice question(s) have every option resolved NO") for line in lines)
    code, out, _ = run("--db", tmp_path / "l.duckdb", "import", FIXTURES / "metaculus_user_data.zip",
                       "--kind", "metaculus", "--json")  # fmt: skip
    shown = json.loads(out)
    assert code == 0 and shown["added"]["forecast_withdrawals"] == 3
    assert shown["skipped"]["numeric, date or other questions that are not yes/no or multiple choice"] == 1


def test_a_metaculus_export_unpacked_into_a_folder_imports_alike(tmp_path, run):
    folder = tmp_path / "user_data"
    with zipfile.ZipFile(FIXTURES / "metaculus_user_data.zip") as z:
        z.extractall(folder)
    code, out, err = run("--db", tmp_path / "l.duckdb", "import", folder, "--kind", "metaculus")
    assert code == 0, err
    assert "forecasts 24" in out


def _other_zip(tmp_path: Path) -> Path:
    path = tmp_path / "user_data.zip"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("report.csv", "Question,Answer\nA,1\n")
    return path


def _truncated_json(tmp_path: Path) -> Path:
    text = (FIXTURES / "predictionbook.json").read_text(encoding="utf-8")
    path = tmp_path / "my_predictions.json"
    path.write_text(text[: len(text) // 2], encoding="utf-8")
    return path


def _metaculus_csv(tmp_path: Path) -> Path:
    with zipfile.ZipFile(FIXTURES / "metaculus_user_data.zip") as z:
        z.extract("forecast_data.csv", tmp_path)
    return tmp_path / "forecast_data.csv"


def _bad_value_after_a_multiline_title(tmp_path: Path) -> Path:
    text = (FIXTURES / "fatebook.csv").read_text(encoding="utf-8")
    text = text.replace('"Bo Builder",0.7,', '"Bo Builder",1.7,', 1)
    path = tmp_path / "fatebook.csv"
    path.write_text(text, encoding="utf-8", newline="")
    return path


def _fatebook_edited(tmp_path: Path, old: str, new: str) -> Path:
    text = (FIXTURES / "fatebook.csv").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "fatebook.csv"
    path.write_text(text.replace(old, new, 1), encoding="utf-8", newline="")
    return path


def _metaculus_edited(tmp_path: Path, member: str, old: str, new: str) -> Path:
    """The Metaculus fixture with one edit in one of its files."""
    path = tmp_path / "user_data.zip"
    with zipfile.ZipFile(FIXTURES / "metaculus_user_data.zip") as src, zipfile.ZipFile(path, "w") as out:
        for name in src.namelist():
            data = src.read(name).decode("utf-8")
            if name == member:
                assert old in data
                data = data.replace(old, new, 1)
            out.writestr(name, data)
    return path


def _predictionbook_edited(tmp_path: Path, old: str, new: str) -> Path:
    text = (FIXTURES / "predictionbook.json").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "my_predictions.json"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def _metaculus_bad_after_a_multiline_title(tmp_path: Path) -> Path:
    first = _metaculus_edited(tmp_path, "question_data.csv", ",Will the harbour tunnel open before 2025-07-01?,",
                              ',"Will the harbour tunnel open\nbefore 2025-07-01?",')  # fmt: skip
    (tmp_path / "first").mkdir()
    moved = first.rename(tmp_path / "first" / first.name)
    with zipfile.ZipFile(moved) as src, zipfile.ZipFile(first, "w") as out:
        for name in src.namelist():
            data = src.read(name).decode("utf-8")
            out.writestr(name, data.replace(",ambiguous,", ",maybe,", 1) if name == "question_data.csv" else data)
    return first


LONG_TAG = "t" * 101

BAD = [
    ("zip-not-metaculus", _other_zip, "metaculus", "the zip lacks question_data.csv and forecast_data.csv"),
    ("truncated-json", _truncated_json, "predictionbook", "line 1: the JSON is broken"),
    ("metaculus-csv-as-fatebook", _metaculus_csv, "fatebook", "it lacks the columns Question title"),
    ("fatebook-csv-as-metaculus", lambda _: FIXTURES / "fatebook.csv", "metaculus", "it is not a zip file"),
    ("json-as-fatebook", lambda _: FIXTURES / "predictionbook.json", "fatebook", "a .csv file"),
    # the bad row is the 11th record but starts on the 13th line: two titles above it span two lines
    ("physical-line", _bad_value_after_a_multiline_title, "fatebook",
     "line 13: Forecast (scale = 0-1): '1.7' is not valid; expected a number from 0 to 1"),
    # the ledger's own value rules (ledger/rules.py) name the physical line too, not a record made from it
    ("rule-name-fatebook", lambda d: _fatebook_edited(d, '"Bo Builder",0.7,', '"Bo\x07Builder",0.7,'), "fatebook",
     r"line 13: Forecast created by: 'Bo\x07Builder' is not valid; expected a name of 1-100 characters"),
    ("rule-tags-fatebook", lambda d: _fatebook_edited(d, '"macro"', f'"{LONG_TAG}"'), "fatebook",
     "line 28: Question tags: 'tttt"),
    ("rule-name-metaculus", lambda d: _metaculus_edited(d, "forecast_data.csv", ",cy,", ",c\ty,"), "metaculus",
     r"forecast_data.csv line 6: Forecaster Username: 'c\ty' is not valid; expected a name of 1-100 characters"),
    # 31004 is the 4th record, on the 6th line: a title above it holds a newline
    ("bad-question-line-metaculus", _metaculus_bad_after_a_multiline_title, "metaculus",
     "question_data.csv line 6: Resolution: 'maybe' is not valid; expected yes, no, annulled or ambiguous"),
    ("rule-name-predictionbook", lambda d: _predictionbook_edited(d, '"user_label": "bo_builds"', '"user_label": "bo\\u0007builds"'),
     "predictionbook", r"): user_label: 'bo\x07builds' is not valid; expected in every response a name of 1-100"),
]  # fmt: skip


@pytest.mark.parametrize(("make", "kind", "message"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_input_is_one_line_exit_2_and_changes_nothing(tmp_path, run, db, make, kind, message):
    before = Ledger(db).fingerprint()
    code, out, err = run("--db", db, "import", make(tmp_path), "--kind", kind)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and message in err, err
    assert "Traceback" not in err
    assert Ledger(db).fingerprint() == before


@pytest.mark.parametrize("kind", ["fatebook", "predictionbook", "metaculus"])
def test_fledger_score_by_analyst_equals_the_hand_computation(tmp_path, run, kind):
    from tests.ledger.test_track_records import CASES, brier_by_hand

    ((_, name, pairs, _),) = [c for c in CASES if c[0] == kind]
    db = tmp_path / "l.duckdb"
    assert run("--db", db, "import", FIXTURES / name, "--kind", kind)[0] == 0
    code, out, _ = run("--db", db, "score", "--by", "analyst", "--json")
    shown = {g["group"]["analyst"]: g["brier"] for g in json.loads(out)["groups"] if g["brier"] is not None}
    by_hand = brier_by_hand(pairs())
    assert code == 0 and set(shown) == set(by_hand)
    for analyst, brier in by_hand.items():
        assert shown[analyst] == pytest.approx(brier, abs=1e-6), analyst


def test_predictionbook_pages_one_per_line(tmp_path, run):
    """Several API pages (at most 1,000 predictions each) saved one per line import as one history."""
    page = json.loads((FIXTURES / "predictionbook.json").read_text(encoding="utf-8"))
    half = len(page["predictions"]) // 2
    pages = [dict(page, predictions=page["predictions"][:half]), dict(page, predictions=page["predictions"][half:])]
    path = tmp_path / "pages.json"
    path.write_text("\n".join(json.dumps(p) for p in pages), encoding="utf-8")
    whole = tmp_path / "whole.duckdb"
    split = tmp_path / "split.duckdb"
    assert run("--db", whole, "import", FIXTURES / "predictionbook.json", "--kind", "predictionbook")[0] == 0
    assert run("--db", split, "import", path, "--kind", "predictionbook")[0] == 0
    assert len(Ledger(split).items("all")) == len(Ledger(whole).items("all")) == 6


def test_show_names_where_an_imported_item_came_from(tmp_path, run):
    db = tmp_path / "l.duckdb"
    assert run("--db", db, "import", FIXTURES / "metaculus_user_data.zip", "--kind", "metaculus")[0] == 0
    key = next(i.key for i in Ledger(db).items("all") if i.title.startswith("Will the harbour tunnel open"))
    code, out, _ = run("--db", db, "show", key)
    assert code == 0 and "  origin     from Metaculus question 31001" in out.splitlines()
    assert sum("withdrawn 20" in line for line in out.splitlines()) == 2
    code, out, _ = run("--db", db, "show", key, "--json")
    shown = json.loads(out)
    assert shown["origin"] == {"tool": "metaculus", "tool_id": "question 31001", "label": "Metaculus question 31001"}
    assert sorted(w["withdrawn_at"] for w in shown["withdrawals"]) == ["2025-01-10T00:00:00Z", "2025-05-01T00:00:00Z"]
    code, out, _ = run("--db", db, "item", "add", "Made here", "--key", "here", "--json")
    assert code == 0
    code, out, _ = run("--db", db, "show", "here", "--json")
    assert json.loads(out)["origin"] is None and json.loads(out)["withdrawals"] == []


def test_fledger_score_time_weighted_honours_metaculus_withdrawals(tmp_path, run):
    from tests.ledger.test_track_records import metaculus_pairs, time_weighted_by_hand

    db = tmp_path / "l.duckdb"
    assert run("--db", db, "import", FIXTURES / "metaculus_user_data.zip", "--kind", "metaculus")[0] == 0
    code, out, _ = run("--db", db, "score", "--by", "analyst", "--mode", "time-weighted", "--json")
    shown = {g["group"]["analyst"]: g["brier"] for g in json.loads(out)["groups"] if g["brier"] is not None}
    by_hand = time_weighted_by_hand(metaculus_pairs())
    assert code == 0 and set(shown) == set(by_hand)
    for analyst, brier in by_hand.items():
        assert shown[analyst] == pytest.approx(brier, abs=1e-6), analyst


def test_the_readme_tour_shows_the_real_output_of_bringing_fatebook_history(tmp_path, run, monkeypatch):
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    block = readme.split("$ fledger import fatebook-forecasts.csv --kind fatebook\n", 1)[1].split("\n...\n", 1)[0]
    shown_import, shown_score = block.split("$ fledger score --by analyst\n")
    (tmp_path / "fatebook-forecasts.csv").write_bytes((FIXTURES / "fatebook.csv").read_bytes())
    monkeypatch.chdir(tmp_path)
    code, out, _ = run("--db", tmp_path / "tour.duckdb", "import", "fatebook-forecasts.csv", "--kind", "fatebook")
    assert code == 0 and out == shown_import
    code, out, _ = run("--db", tmp_path / "tour.duckdb", "score", "--by", "analyst")
    assert code == 0 and out.startswith(shown_score)
