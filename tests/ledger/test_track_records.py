"""Bringing a track record over from Fatebook, PredictionBook or Metaculus, from exports made as those tools make them.

The fixtures are written by tests/fixtures/make_track_records.py from the records
it holds; the oracle here scores those records by hand (no file is parsed), and
``score --by analyst`` on the imported ledger must agree per forecaster.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from ledger.interop.fatebook import NAMELESS
from ledger.service import Ledger
from tests.fixtures import make_track_records as src
from tests.support import raw_duckdb

FIXTURES = Path(__file__).parent.parent / "fixtures" / "track_records"


def brier_by_hand(pairs):
    """pairs: (analyst, item, made, p, outcome 1/0, known day, withdrawn_at or None).

    Per analyst and item the latest forecast made before the day the outcome became
    known counts, unless it was withdrawn before that day; Brier averaged per analyst.
    """
    latest = {}
    for analyst, item, made, p, o, known, withdrawn in sorted(pairs, key=lambda x: x[2]):
        midnight = datetime.combine(known, datetime.min.time())
        if made < midnight:
            latest[(analyst, item)] = None if withdrawn is not None and withdrawn < midnight else (p - o) ** 2
    by_analyst = defaultdict(list)
    for (analyst, _), sq in latest.items():
        if sq is not None:
            by_analyst[analyst].append(sq)
    return {a: sum(v) / len(v) for a, v in by_analyst.items()}


def time_weighted_by_hand(pairs):
    """Time-weighted Brier per analyst, walking day by day (docs/scoring.md).

    Each day from the analyst's first forecast on the item to the day before the outcome
    became known scores the forecast standing at the day's end: the latest made by then,
    unless it was withdrawn before the next midnight (then the day is left out).  An item's
    score is the mean over its days; an analyst's, the mean over their items.
    """
    by_pair = defaultdict(list)
    for analyst, item, made, p, o, known, withdrawn in pairs:
        if made < datetime.combine(known, datetime.min.time()):
            by_pair[(analyst, item)].append((made, p, o, known, withdrawn))
    per_analyst = defaultdict(list)
    for (analyst, _), forecasts in by_pair.items():
        known = forecasts[0][3]
        day = min(f[0] for f in forecasts).date()
        squares = []
        while day < known:
            made, p, o, _, withdrawn = max((f for f in forecasts if f[0].date() <= day), key=lambda f: f[0])
            if withdrawn is None or withdrawn >= datetime.combine(day + timedelta(days=1), datetime.min.time()):
                squares.append((p - o) ** 2)
            day += timedelta(days=1)
        if squares:
            per_analyst[analyst].append(sum(squares) / len(squares))
    return {a: sum(v) / len(v) for a, v in per_analyst.items()}


def naive(moment):
    return moment.replace(tzinfo=None) if moment else None


def fatebook_pairs(questions=src.FB_QUESTIONS, forecasts=src.FB_FORECASTS, *, tournament=False, old=False):
    pairs = []
    for f in forecasts:
        q = questions[f.question]
        if q.hidden and q.resolution is None and f.user != src.FB_EXPORTER:
            continue  # hidden from the exporter: no name, no value
        if (tournament and q.hidden) or (old and q.options):
            continue
        option = q.options[f.option] if f.option is not None else None
        resolution = (option.resolution if option else None) or q.resolution
        resolved = (option.resolved_at if option else None) or q.resolved_at
        if resolution in ("YES", "NO"):
            pairs.append((f.user or NAMELESS, (f.question, f.option), naive(f.created_at), float(f.value),
                          int(resolution == "YES"), resolved.date(), None))  # fmt: skip
    return pairs


def predictionbook_pairs(predictions=src.PB_PREDICTIONS):
    pairs = []
    for p in predictions:
        if p.withdrawn or not p.judgements or p.judgements[-1][1] is None:
            continue
        judged_at, outcome = p.judgements[-1]
        for r in p.responses:
            if r.confidence is not None:
                login, name = src.PB_USERS[r.user_id]
                pairs.append((name or login, p.id, naive(r.created_at), r.confidence / 100, int(outcome),
                              judged_at.date(), None))  # fmt: skip
    return pairs


def metaculus_pairs(questions=src.M_QUESTIONS, forecasts=src.M_FORECASTS):
    by_id = {q.id: q for q in questions}
    starts = {(f.question, f.user, f.start) for f in forecasts}
    pairs = []
    for f in forecasts:
        q = by_id[f.question]
        if q.resolution in (None, "annulled", "ambiguous") or q.type not in ("binary", "multiple_choice"):
            continue
        withdrawn = naive(f.end) if f.end and (f.question, f.user, f.end) not in starts else None
        name = src.M_USERS[f.user]
        if q.type == "binary":
            items = [(q.id, None, f.p_yes, int(q.resolution == "yes"))]
        elif len(f.per_category) != len(q.options):
            continue  # made before an option was added: no probability for it
        else:
            items = [(q.id, o, p, int(q.resolution == o)) for o, p in zip(q.options, f.per_category, strict=True)]
        for qid, option, p, o in items:
            pairs.append((name, (qid, option), naive(f.start), p, o, q.resolve_time.date(), withdrawn))
    return pairs


def scores_by_analyst(ledger):
    return {g.group["analyst"]: g.brier for g in ledger.score(by="analyst").groups if g.brier is not None}


def assert_scores_match(ledger, pairs):
    by_hand = brier_by_hand(pairs)
    scored = scores_by_analyst(ledger)
    assert by_hand and set(scored) == set(by_hand)
    for analyst, brier in scored.items():
        assert brier == pytest.approx(by_hand[analyst], abs=1e-6), analyst


CASES = [
    ("fatebook", "fatebook.csv", fatebook_pairs, {"hidden forecasts": 2}),
    ("predictionbook", "predictionbook.json", predictionbook_pairs,
     {"comments without a confidence": 1, "judgements of 'unknown' after an outcome (left unresolved)": 1}),
    ("metaculus", "metaculus_user_data.zip", metaculus_pairs,
     {"community aggregate forecasts (no forecaster)": 2, "forecasts on numeric, date or other questions that are not yes/no or multiple choice": 2,
      "numeric, date or other questions that are not yes/no or multiple choice": 1}),
]  # fmt: skip


@pytest.mark.parametrize(("kind", "name", "pairs", "skipped"), CASES, ids=[c[0] for c in CASES])
def test_each_tools_export_scores_as_by_hand(tmp_path, kind, name, pairs, skipped):
    ledger = Ledger(tmp_path / "ledger.duckdb", analyst="me")
    done = ledger.import_track_record(FIXTURES / name, kind)
    assert done.skipped == skipped
    assert_scores_match(ledger, pairs())
    assert all(kind in i.tags for i in ledger.items("all"))
    fp = ledger.fingerprint()  # the same export again adds nothing
    assert sum(ledger.import_track_record(FIXTURES / name, kind).added.values()) == 0
    assert ledger.fingerprint() == fp


def test_metaculus_withdrawals_in_time_weighted_mode_score_as_by_hand(tmp_path):
    ledger = Ledger(tmp_path / "ledger.duckdb", analyst="me")
    ledger.import_track_record(FIXTURES / "metaculus_user_data.zip", "metaculus")
    pairs = metaculus_pairs()
    assert any(w is not None for *_, w in pairs), "the fixture has withdrawals"
    by_hand = time_weighted_by_hand(pairs)
    report = ledger.score(mode="time-weighted", by="analyst")
    scored = {g.group["analyst"]: g.brier for g in report.groups if g.brier is not None}
    assert by_hand and set(scored) == set(by_hand)
    for analyst, brier in scored.items():
        assert brier == pytest.approx(by_hand[analyst], abs=1e-6), analyst
    # the withdrawals change the figures: the same forecasts with none withdrawn score differently
    kept = time_weighted_by_hand([(*p[:6], None) for p in pairs])
    assert any(abs(kept[a] - by_hand.get(a, -1)) > 1e-6 for a in kept)


def test_fatebook_older_and_tournament_exports(tmp_path):
    old = Ledger(tmp_path / "old.duckdb", analyst="me")
    old.import_track_record(FIXTURES / "fatebook_2024-03.csv", "fatebook")
    assert_scores_match(old, fatebook_pairs(old=True))
    cup = Ledger(tmp_path / "cup.duckdb", analyst="me")
    done = cup.import_track_record(FIXTURES / "fatebook_tournament.csv", "fatebook")
    assert done.skipped == {}  # the tournament export leaves hidden questions out altogether
    assert_scores_match(cup, fatebook_pairs(tournament=True))
    assert all("Spring forecasting cup" in i.tags for i in cup.items("all"))


def test_fatebook_mapping(tmp_path):
    ledger = Ledger(tmp_path / "ledger.duckdb", analyst="me")
    done = ledger.import_track_record(FIXTURES / "fatebook.csv", "fatebook")
    assert len(done.notes) == 1 and "Which supplier gets the contract?" in done.notes[0]
    items = {i.title: i for i in ledger.items("all")}
    council = next(i for t, i in items.items() if t.startswith('Will the council pass the "bike lanes" budget\nbefore'))
    assert set(council.tags) == {"fatebook", "local politics", "transport"}
    assert council.deadline_latest.isoformat() == "2025-03-31"
    assert "Which team wins the regional cup? — Harbor FC" in items
    detail = ledger.item(council.key)
    assert detail.resolution.analyst == "Ana Analyst"  # the question's author resolves it on Fatebook
    assert detail.resolution.known_on.isoformat() == "2025-03-20"
    mayor = ledger.item(items["Will the mayor announce a second term run?"].key)
    assert mayor.resolution.outcome == "annulled" and mayor.resolution.analyst == NAMELESS


def origins(path: Path) -> set[tuple[str, str]]:
    con = raw_duckdb(path)
    try:
        return set(con.execute("SELECT record_table, tool || ':' || tool_id FROM record_origins").fetchall())
    finally:
        con.close()


def test_records_keep_where_they_came_from(tmp_path):
    ledger = Ledger(tmp_path / "ledger.duckdb", analyst="me")
    ledger.import_track_record(FIXTURES / "predictionbook.json", "predictionbook")
    ledger.import_track_record(FIXTURES / "metaculus_user_data.zip", "metaculus")
    found = origins(tmp_path / "ledger.duckdb")
    assert ("item_revisions", "predictionbook:9003") in found
    assert ("forecasts", "predictionbook:response 8") in found
    assert ("item_revisions", "metaculus:question 31005, option Dublin, Ireland") in found
    assert ("resolutions", "metaculus:question 31001") in found


LATER = [
    ("fatebook", "fatebook.csv", "fatebook_later.csv", lambda: fatebook_pairs(*src.fatebook_later()),
     "Will the old bridge reopen to traffic by June 1?", "Will the mayor announce a second term run?", "no"),
    ("predictionbook", "predictionbook.json", "predictionbook_later.json",
     lambda: predictionbook_pairs(src.predictionbook_later()),
     "I finish the spring marathon under four hours", "The new stadium opens before the 2025 season", "no"),
    ("metaculus", "metaculus_user_data.zip", "metaculus_user_data_later.zip",
     lambda: metaculus_pairs(*src.metaculus_later()),
     "Will the harbour road tunnel open before 2025-07-01?", "Will the harbour road tunnel open before 2025-07-01?",
     "no"),
]  # fmt: skip


@pytest.mark.parametrize(("kind", "first", "later", "pairs", "edited", "re_resolved", "outcome"), LATER,
                         ids=[c[0] for c in LATER])  # fmt: skip
def test_a_later_export_corrects_without_duplicates(tmp_path, kind, first, later, pairs, edited, re_resolved, outcome):
    ledger = Ledger(tmp_path / "ledger.duckdb", analyst="me")
    ledger.import_track_record(FIXTURES / first, kind)
    before = {i.id: i.key for i in ledger.items("all")}
    ledger.import_track_record(FIXTURES / later, kind)
    after = {i.id: i for i in ledger.items("all")}
    assert set(after) == set(before), "no item added, none lost"
    assert all(after[i].key == k for i, k in before.items()), "keys stay"
    titles = {i.title: i for i in after.values()}
    assert edited in titles
    detail = ledger.item(titles[re_resolved].key)
    assert detail.resolution.outcome == outcome
    assert detail.resolution.supersedes is not None  # a correction of the earlier outcome
    assert_scores_match(ledger, pairs())


def test_metaculus_shapes_beyond_the_fixture(tmp_path):
    """A discrete question, a title longer than the ledger's, a vector from before an option was added."""
    long_title = "Will the regional transport authority " + "really " * 60 + "finish the line?"
    questions = [
        *src.M_QUESTIONS,
        src.MQuestion(
            31008,
            25008,
            "How many goals in the final?",
            "discrete",
            src.t("2025-01-01 00:00:00"),
            src.t("2025-03-01 00:00:00"),
            "3",
            src.t("2025-03-02 00:00:00"),
            range=(0, 10),
        ),
        src.MQuestion(
            31009,
            25009,
            long_title,
            "binary",
            src.t("2025-01-01 00:00:00"),
            src.t("2025-03-01 00:00:00"),
            "yes",
            src.t("2025-03-02 00:00:00"),
        ),
    ]
    forecasts = [
        *src.M_FORECASTS,
        src.MForecast(31008, 101, src.t("2025-01-02 00:00:00"), None, cdf_median=4.0),
        src.MForecast(31009, 102, src.t("2025-01-02 00:00:00"), None, p_yes=0.35),
        src.MForecast(31005, 103, src.t("2025-01-25 00:00:00"), None, per_category=[0.5, 0.3, 0.2]),
    ]
    path = tmp_path / "user_data.zip"
    src.metaculus_zip(path, questions, forecasts)
    ledger = Ledger(tmp_path / "ledger.duckdb", analyst="me")
    done = ledger.import_track_record(path, "metaculus")
    assert done.skipped == {
        "community aggregate forecasts (no forecaster)": 2,
        "forecasts on numeric, date or other questions that are not yes/no or multiple choice": 3,
        "multiple-choice forecasts without a probability for every option": 1,
        "numeric, date or other questions that are not yes/no or multiple choice": 2,
    }
    item = next(i for i in ledger.items("all") if i.title.startswith("Will the regional transport"))
    assert len(item.title) == 300 and ledger.item(item.key).item.statement == long_title
    assert_scores_match(ledger, metaculus_pairs(questions, forecasts))


def test_a_metaculus_multiple_choice_question_is_also_a_scenario_set(tmp_path):
    ledger = Ledger(tmp_path / "ledger.duckdb", analyst="me")
    ledger.import_track_record(FIXTURES / "metaculus_user_data.zip", "metaculus")
    q = next(q for q in src.M_QUESTIONS if q.type == "multiple_choice")
    known = datetime.combine(q.resolve_time.date(), datetime.min.time())
    latest = {}
    for f in sorted((f for f in src.M_FORECASTS if f.question == q.id), key=lambda f: f.start):
        if naive(f.start) < known:
            latest[src.M_USERS[f.user]] = f.per_category
    by_hand = {a: sum((p - (o == q.resolution)) ** 2 for p, o in zip(v, q.options, strict=True))
               for a, v in latest.items()}  # fmt: skip
    assert len(by_hand) == 2
    for analyst, brier in by_hand.items():
        (group,) = ledger.score(by="scenario", analyst=analyst).groups
        assert group.scenario.brier == pytest.approx(brier, abs=1e-6), analyst
    (summary,) = ledger.scenarios()
    detail = ledger.scenario(summary.key)
    assert [o.label for o in detail.set.outcomes] == q.options
    assert [o.key for o in detail.set.outcomes] == ["lisbon", "oslo", "dublin-ireland", "other"]
    assert len(detail.signposts) == 4  # each option's yes/no item, linked to its outcome


def test_withdrawals_and_origins_travel_in_a_fledger_export(tmp_path):
    first = Ledger(tmp_path / "first.duckdb", analyst="me")
    first.import_track_record(FIXTURES / "metaculus_user_data.zip", "metaculus")
    first.export_jsonl(tmp_path / "all.jsonl")
    second = Ledger(tmp_path / "second.duckdb", analyst="me")
    second.import_jsonl(tmp_path / "all.jsonl")
    assert second.fingerprint() == first.fingerprint()
    assert_scores_match(second, metaculus_pairs())


def test_the_item_list_leaves_out_a_withdrawn_latest_forecast(tmp_path):
    # 31002: Ana 0.3 stands, Bo's 0.65 was withdrawn, Cy's 0.05 came on the day it became known
    ledger = Ledger(tmp_path / "ledger.duckdb", analyst="bo.builder")
    ledger.import_track_record(FIXTURES / "metaculus_user_data.zip", "metaculus")
    title = next(q.title for q in src.M_QUESTIONS if q.id == 31002)
    for sort in ("deadline", "crowd"):  # the page's own rows, and the figures the list sorts on
        (row,) = [r for r in ledger.item_page("all", limit=500, sort=sort).rows if r.title == title]
        assert row.n_forecasters == 2 and row.crowd_median == pytest.approx(0.175)
        assert row.my_probability is None  # Bo's latest forecast no longer stands


def test_a_multiple_choice_question_longer_than_a_scenario_set_holds_is_kept_whole(tmp_path):
    import zipfile

    title = "Which city hosts the 2026 summit?"
    long_title, long_option = title + " " + "x" * 320, "Oslo " + "y" * 250
    edited = tmp_path / "user_data.zip"
    with zipfile.ZipFile(FIXTURES / "metaculus_user_data.zip") as z, zipfile.ZipFile(edited, "w") as out:
        for name in z.namelist():
            data = z.read(name).decode("utf-8")
            if name == "question_data.csv":
                data = data.replace(title, long_title, 1).replace("'Oslo'", f"'{long_option}'", 1)
            out.writestr(name, data)
    ledger = Ledger(tmp_path / "ledger.duckdb", analyst="me")
    ledger.import_track_record(edited, "metaculus")
    (summary,) = ledger.scenarios()
    detail = ledger.scenario(summary.key)
    assert detail.set.question == long_title[:300]
    oslo = next(o for o in detail.set.outcomes if o.label.startswith("Oslo"))
    assert oslo.label == long_option[:200] and oslo.description == long_option


def test_a_forecast_set_to_expire_later_still_stands_until_then(tmp_path):
    # on 2025-04-01, Cy's 0.9 on 31001 (End Time 2025-05-01) still stands; Bo's first one ended 2025-01-10
    from datetime import UTC

    ledger = Ledger(tmp_path / "ledger.duckdb", analyst="cy", clock=lambda: datetime(2025, 4, 1, 12, tzinfo=UTC))
    ledger.import_track_record(FIXTURES / "metaculus_user_data.zip", "metaculus")
    title = next(q.title for q in src.M_QUESTIONS if q.id == 31001)
    (row,) = [r for r in ledger.item_page("all", limit=500).rows if r.title == title]
    assert row.n_forecasters == 3 and row.crowd_median == pytest.approx(0.8) and row.my_probability == 0.9
    detail = ledger.item(row.key)
    assert [w.isoformat() for w in detail.withdrawals.values()] == ["2025-01-10T00:00:00"]
    assert set(detail.latest_by_analyst()) == {"ana_analyst", "bo.builder", "cy"}
