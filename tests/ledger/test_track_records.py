"""Bringing a whole track record over from Fatebook or PredictionBook: same forecasts, same Brier score."""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from ledger.errors import InvalidValue
from ledger.service import Ledger

FIXTURES = Path(__file__).parent.parent / "fixtures"
FATEBOOK = FIXTURES / "fatebook_sample.csv"
PREDICTIONBOOK = FIXTURES / "predictionbook_sample.json"


def brier_by_hand(pairs):
    """pairs: (analyst, question, made_at, p, outcome 0/1, known_on).  Last eligible forecast per analyst and question."""
    latest = {}
    for analyst, question, made, p, o, known in sorted(pairs, key=lambda x: x[2]):
        if made < datetime.combine(known, datetime.min.time()):
            latest[(analyst, question)] = (p - o) ** 2
    by_analyst = defaultdict(list)
    for (analyst, _), sq in latest.items():
        by_analyst[analyst].append(sq)
    return {a: sum(v) / len(v) for a, v in by_analyst.items()}


def fatebook_pairs():
    pairs = []
    with open(FATEBOOK, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["Resolution"] not in ("YES", "NO"):
                continue
            question = (row["Question title"], row["Multiple choice option"])
            made = datetime.fromisoformat(row["Forecast created at"])
            known = datetime.fromisoformat(row["Resolved at"]).date()
            o = 1 if row["Resolution"] == "YES" else 0
            pairs.append((row["Forecast created by"], question, made, float(row["Forecast (scale = 0-1)"]), o, known))
    return pairs


def predictionbook_pairs():
    pairs = []
    for pred in json.loads(PREDICTIONBOOK.read_text(encoding="utf-8")):
        if pred["outcome"] is None:
            continue
        known = datetime.fromisoformat(pred["updated_at"]).astimezone(UTC).date()
        for r in pred["responses"]:
            if r["confidence"] is None:
                continue
            made = datetime.fromisoformat(r["created_at"]).astimezone(UTC).replace(tzinfo=None)
            pairs.append((r["user_label"], pred["uuid"], made, r["confidence"] / 100, int(pred["outcome"]), known))
    return pairs


def scores_by_analyst(ledger):
    return {g.group["analyst"]: g.brier for g in ledger.score(by="analyst").groups if g.brier is not None}


@pytest.mark.parametrize(
    ("kind", "path", "pairs", "expected"),
    [
        ("fatebook", FATEBOOK, fatebook_pairs, {"forecasts": 10, "item_revisions": 6, "resolutions": 5}),
        (
            "predictionbook",
            PREDICTIONBOOK,
            predictionbook_pairs,
            {"forecasts": 7, "item_revisions": 4, "resolutions": 3},
        ),
    ],
)
def test_a_track_record_comes_over_with_the_same_brier_score(tmp_path, kind, path, pairs, expected):
    ledger = Ledger(tmp_path / "ledger.duckdb", analyst="me")
    assert ledger.import_track_record(path, kind) == expected
    by_hand = brier_by_hand(pairs())
    assert by_hand and set(scores_by_analyst(ledger)) == set(by_hand)
    for analyst, brier in scores_by_analyst(ledger).items():
        assert brier == pytest.approx(by_hand[analyst], abs=1e-12), analyst
    # a second import of the same export adds nothing
    fp = ledger.fingerprint()
    assert sum(ledger.import_track_record(path, kind).values()) == 0
    assert ledger.fingerprint() == fp
    assert all(kind in i.tags for i in ledger.items("all"))


def test_fatebook_mapping_details(tmp_path):
    ledger = Ledger(tmp_path / "ledger.duckdb", analyst="me")
    ledger.import_track_record(FATEBOOK, "fatebook")
    items = {i.title: i for i in ledger.items("all")}
    bike = items["Will the city council approve the new bike lanes by March?"]
    assert bike.deadline_latest == date(2025, 3, 31) and bike.outcome == "yes" and bike.known_on == date(2025, 3, 20)
    assert items["Which team wins the regional cup? — Valley United"].outcome == "yes"
    assert items["Does the ferry restart before summer?"].outcome == "annulled"
    assert items["Will the stadium roof be finished in 2026?"].outcome is None
    detail = ledger.item(bike.key)
    assert [f.probability for f in detail.forecasts if f.analyst == "Bo Builder"] == [0.3, 0.9]
    assert detail.is_late(detail.forecasts[-1])  # made after the outcome was known: never scored
    assert detail.resolution.analyst == "Ana Analyst"


def test_a_newer_export_adds_only_what_is_new(tmp_path):
    ledger = Ledger(tmp_path / "ledger.duckdb", analyst="me")
    first = tmp_path / "first.csv"
    rows = FATEBOOK.read_text(encoding="utf-8").splitlines()
    first.write_text("\n".join(rows[:-1]) + "\n", encoding="utf-8")
    ledger.import_track_record(first, "fatebook")
    assert ledger.import_track_record(FATEBOOK, "fatebook") == {"forecasts": 1, "item_revisions": 1, "resolutions": 0}


HEADER = FATEBOOK.read_text(encoding="utf-8").splitlines()[0]
GOOD = FATEBOOK.read_text(encoding="utf-8").splitlines()[5]


@pytest.mark.parametrize(
    ("case", "content", "message"),
    [
        ("missing columns", b"Question title,Forecast created by\nx,y\n", "missing columns"),
        ("bad probability", (HEADER + "\n" + GOOD.replace(",0.25,", ",1.7,") + "\n").encode(), "line 2: Forecast"),
        ("formula probability", (HEADER + "\n" + GOOD.replace(",0.25,", ",=1+1,") + "\n").encode(), "line 2"),
        ("bad time", (HEADER + "\n" + GOOD.replace("2025-02-01 12:00:00", "yesterday") + "\n").encode(), "line 2"),
        ("bad resolution", (HEADER + "\n" + GOOD.replace('"NO"', '"MAYBE"') + "\n").encode(), "Resolution"),
        ("invalid utf-8", HEADER.encode() + b"\n\xff\xfe\xfa,\x00,\n", "file"),
        ("nul bytes", b"\x00" * 64, "file"),
        ("huge field", (HEADER + "\n" + GOOD.replace("Will inflation", "W" * 400) + "\n").encode(), "line 2"),
    ],
)
def test_hostile_fatebook_files_are_refused_and_change_nothing(tmp_path, case, content, message):
    ledger = Ledger(tmp_path / "ledger.duckdb", analyst="me")
    ledger.init(empty=True)
    before = ledger.fingerprint()
    path = tmp_path / "hostile.csv"
    path.write_bytes(content)
    with pytest.raises(InvalidValue, match=message):
        ledger.import_track_record(path, "fatebook")
    assert ledger.fingerprint() == before


def test_formulas_and_sql_in_cells_are_kept_as_plain_text(tmp_path):
    path = tmp_path / "odd.csv"
    odd = GOOD.replace(
        "Will inflation print above 3% in February?", '=HYPERLINK(""http://x""); DROP TABLE forecasts;--'
    )
    path.write_text(
        HEADER + "\n" + odd.replace('"Ana Analyst",0.25', '"\'); DELETE FROM items;--",0.25') + "\n", encoding="utf-8"
    )
    ledger = Ledger(tmp_path / "ledger.duckdb", analyst="me")
    assert ledger.import_track_record(path, "fatebook")["forecasts"] == 1
    (item,) = ledger.items("all")
    assert item.title == '=HYPERLINK("http://x"); DROP TABLE forecasts;--'
    assert ledger.item(item.key).forecasts[0].analyst == "'); DELETE FROM items;--"


def test_hostile_predictionbook_files_are_refused(tmp_path):
    ledger = Ledger(tmp_path / "ledger.duckdb", analyst="me")
    ledger.init(empty=True)
    before = ledger.fingerprint()
    data = json.loads(PREDICTIONBOOK.read_text(encoding="utf-8"))
    data[1]["responses"][0]["confidence"] = 140
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InvalidValue, match="confidence is from 0 to 100"):
        ledger.import_track_record(bad, "predictionbook")
    broken = tmp_path / "broken.json"
    broken.write_bytes(b'[{"id": 1, "description": "x"')
    with pytest.raises(InvalidValue, match="PredictionBook"):
        ledger.import_track_record(broken, "predictionbook")
    assert ledger.fingerprint() == before
