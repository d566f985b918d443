"""The temporal reader: families of real expressions, the tagger on real sentences, and properties."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ledger.reading.expression import read_expression
from ledger.reading.grammar import direction_of
from ledger.reading.lang import LANGUAGES, words_for
from ledger.reading.tagger import find_dates
from ledger.reading.words import LanguageWords

CORPUS = Path(__file__).parent.parent.parent / "benchmarks" / "data" / "tbaq_dates.jsonl"

# (phrase, reference, lean, earliest, latest, direction): one or two per family the issue names.
READ = [
    ("before Christmas", date(2025, 11, 3), "future", "2025-12-24", "2025-12-24", "future"),
    ("by the festive season", date(2025, 11, 3), "future", "2025-12-15", "2026-01-06", "future"),
    ("Thanksgiving", date(2025, 11, 3), "future", "2025-11-27", "2025-11-27", "future"),
    ("Easter", date(2026, 1, 10), "future", "2026-04-05", "2026-04-05", "future"),
    ("within 72 hours", date(2025, 3, 1), "future", "2025-03-01", "2025-03-04", "current"),
    ("in seven to 10 days", date(2025, 3, 1), "future", "2025-03-08", "2025-03-11", "future"),
    ("within the next couple of days", date(2025, 3, 1), "future", "2025-03-01", "2025-03-03", "current"),
    ("in the second or third quarter", date(2025, 3, 1), "future", "2025-04-01", "2025-09-30", "future"),
    ("Q3/Q4", date(2025, 3, 1), "future", "2025-07-01", "2025-12-31", "future"),
    ("the last week of December or the first week of January", date(2025, 11, 3), "future", "2025-12-25",
     "2026-01-07", "future"),
    ("the second week of this month", date(2025, 3, 1), "future", "2025-03-08", "2025-03-14", "future"),
    ("federal fiscal 2026", date(2025, 3, 1), "future", "2025-10-01", "2026-09-30", "future"),
    ("earlier this year", date(2021, 7, 20), "past", "2021-01-01", "2021-07-19", "past"),
    ("later in 2021", date(2021, 5, 5), "future", "2021-05-06", "2021-12-31", "future"),
    ("the back half of the year", date(2021, 5, 4), "future", "2021-07-01", "2021-12-31", "future"),
    ("the week beginning April 18", date(2016, 4, 14), "future", "2016-04-18", "2016-04-24", "future"),
    ("fiscal 2026", date(2025, 3, 1), "future", "2026-01-01", "2026-12-31", "future"),
    ("as of March 31", date(2025, 5, 2), "past", "2025-03-31", "2025-03-31", "past"),
    ("on or before 30 April 2025", date(2025, 3, 1), "future", "2025-04-30", "2025-04-30", "future"),
    ("this coming Sunday", date(2025, 3, 5), "future", "2025-03-09", "2025-03-09", "future"),
    ("by year-end", date(2025, 3, 5), "future", "2025-12-31", "2025-12-31", "future"),
    ("in the course of this year", date(2025, 3, 5), "future", "2025-01-01", "2025-12-31", "current"),
    ("before April", date(2025, 1, 15), "future", "2025-03-31", "2025-03-31", "future"),
    ("this week", date(2025, 3, 9), "future", "2025-03-03", "2025-03-09", "current"),  # a Sunday
    ("yesterday", date(2025, 3, 9), "future", "2025-03-08", "2025-03-08", "past"),
    ("last year", date(2025, 3, 9), "future", "2024-01-01", "2024-12-31", "past"),
    ("a year ago", date(2025, 3, 9), "future", "2024-01-01", "2024-12-31", "past"),
    ("in April 2023", date(2025, 3, 9), "future", "2023-04-01", "2023-04-30", "past"),
    ("Thursday", date(2025, 3, 7), "past", "2025-03-06", "2025-03-06", "past"),
    ("Thursday", date(2025, 3, 7), "future", "2025-03-13", "2025-03-13", "future"),
    ("August", date(1998, 3, 2), "past", "1997-08-01", "1997-08-31", "past"),
    ("the third quarter", date(1989, 11, 2), "past", "1989-07-01", "1989-09-30", "past"),
    ("within 135 days of Saturday's signing", date(2025, 3, 3), "future", "2025-03-01", "2025-07-14", "current"),
    ("seven to nine months after the November vote", date(2025, 3, 3), "future", "2025-06-01", "2025-08-30",
     "future"),
    ("the 1990s", date(1998, 3, 3), "past", "1990-01-01", "1999-12-31", "current"),
    ("nineteen ninety-six", date(1998, 3, 3), "past", "1996-01-01", "1996-12-31", "past"),
]  # fmt: skip


@pytest.mark.parametrize(("phrase", "reference", "lean", "earliest", "latest", "direction"), READ)
def test_reads_each_family(phrase: str, reference: date, lean: str, earliest: str, latest: str,
                           direction: str) -> None:  # fmt: skip
    reading = read_expression(phrase, reference, lean)
    assert reading is not None, phrase
    assert (reading.earliest.isoformat(), reading.latest.isoformat(), reading.direction) == (
        earliest, latest, direction), reading.rule  # fmt: skip
    assert reading.rule


def test_lowercase_may_is_a_verb_and_capital_may_a_month() -> None:
    assert read_expression("may", date(2025, 1, 1)) is None
    assert read_expression("May", date(2025, 1, 1)) is not None


def test_every_language_module_fills_the_interface() -> None:
    for code in LANGUAGES:
        words = words_for(code)
        assert isinstance(words, LanguageWords) and words.code == code
        assert all(" " not in token.split(":", 1)[0] for token in words.lexicon.values())
        assert all(f"holiday:{key}" in words.lexicon.values() for key in words.holidays)


def test_unknown_language_is_named() -> None:
    with pytest.raises(ValueError, match="known: en"):
        words_for("xx")


# --------------------------------------------------------------------------- the tagger on real sentences


def _corpus_rows(count: int) -> list[dict]:
    rows = []
    with CORPUS.open(encoding="utf-8") as handle:
        for line in handle:
            rows.append(json.loads(line))
            if len(rows) == count:
                break
    return rows


def test_tagger_offsets_are_exact_and_most_gold_dates_are_found() -> None:
    found = gold = 0
    for row in _corpus_rows(150):
        sentence = row["context"]
        mentions = find_dates(sentence, date.fromisoformat(row["dct"]))
        for mention in mentions:
            assert sentence[mention.start : mention.end] == mention.text
        for timex in row["timexes"]:
            if timex["type"] == "DATE" and timex["value"][:1].isdigit() and "X" not in timex["value"]:
                gold += 1
                found += any(m.start < timex["end"] and timex["start"] < m.end for m in mentions)
    assert gold > 100
    assert found / gold >= 0.9


def test_tagger_takes_the_direction_of_a_bare_weekday_from_the_sentence() -> None:
    # TimeBank (APW19980807.0261), written on Friday 1998-08-07.
    sentence = "Suspected bombs exploded outside the U.S. embassies in the Kenyan and Tanzanian capitals Friday."
    (mention,) = find_dates(sentence, date(1998, 8, 7))
    assert mention.text == "Friday" and mention.reading.earliest == date(1998, 8, 7)
    ahead = find_dates("The monarch will meet Bush on Thursday in Kennebunkport, Maine.", date(1990, 8, 15))
    assert ahead[0].reading.earliest == date(1990, 8, 16) and ahead[0].reading.direction == "future"


def test_quantities_are_not_years() -> None:
    assert find_dates("The company cut 2000 jobs and paid $1999 each.", date(2020, 1, 1)) == []


# --------------------------------------------------------------------------- properties


references = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))
date_words = st.sampled_from((
    "by", "in", "within", "before", "until", "on or before", "as of", "the", "end", "of", "next", "this", "last",
    "early", "mid", "late", "Q1", "Q3/Q4", "H2", "first", "second", "or", "to", "and", "half", "quarter", "April",
    "May", "December", "Friday", "Sunday", "spring", "winter", "week", "month", "year", "decade", "days", "hours",
    "three", "seven", "10", "2025", "1998", "30", "coming", "ago", "yesterday", "tomorrow", "Christmas", "Easter",
    "fiscal", "year-end", "'s", "signing", "after", "-", "/", ",", ".", "roughly", "the festive season",
    "earlier", "later", "back half", "the week beginning", "federal", "over", "days of this order", "poll",
))  # fmt: skip
phrases = st.lists(date_words, min_size=1, max_size=8).map(" ".join)
leans = st.sampled_from(("future", "past", "nearest"))


def _sound(reading: object, reference: date) -> None:
    if reading is None:
        return
    assert reading.earliest <= reading.latest
    assert reading.direction == direction_of(reading.earliest, reading.latest, reference)
    if reading.direction == "past":
        assert reading.latest < reference
    elif reading.direction == "future":
        assert reading.earliest > reference
    else:
        assert reading.earliest <= reference <= reading.latest
    assert 0.0 < reading.confidence <= 1.0


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200), references, leans)
def test_reader_never_raises_on_any_text(text: str, reference: date, lean: str) -> None:
    _sound(read_expression(text, reference, lean), reference)


@settings(max_examples=600, deadline=None)
@given(phrases, references, leans)
def test_date_like_phrases_give_sound_windows(phrase: str, reference: date, lean: str) -> None:
    _sound(read_expression(phrase, reference, lean), reference)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(date_words, st.text(max_size=12)), max_size=40).map(" ".join), references)
def test_tagger_never_raises_and_offsets_hold(text: str, reference: date) -> None:
    for mention in find_dates(text, reference):
        assert text[mention.start : mention.end] == mention.text
        _sound(mention.reading, reference)


def test_extreme_references_do_not_raise() -> None:
    for reference in (date(1, 1, 1), date(9999, 12, 31), date(9999, 12, 31) - timedelta(days=40)):
        for phrase in ("next year", "by the end of the decade", "Christmas", "in 500 years", "Q4", "August"):
            _sound(read_expression(phrase, reference), reference)


def test_news_conventions_in_context() -> None:
    # TimeBank wsj_0124 (1989-11-02): "a year earlier" in a quarterly report is the quarter a year back.
    sentence = (
        "Separately, Citadel posted a third-quarter net loss of $2.3 million, or 68 cents a share, versus "
        "net income of $5.3 million, or $1.61 a share, a year earlier."
    )
    values = [m.reading.value for m in find_dates(sentence, date(1989, 11, 2))]
    assert values == ["1989-Q3", "1988-Q3"]
    # TimeBank (1998-02-27, a Friday): "signed ... Friday" on a Friday is that day.
    (friday,) = find_dates(
        "Presidents Leonid Kuchma of Ukraine and Boris Yeltsin of Russia signed an economic cooperation plan Friday.",
        date(1998, 2, 27),
    )
    assert friday.reading.earliest == date(1998, 2, 27)
    (quarters,) = [m for m in find_dates("through at least the first two quarters of 1990", date(1989, 10, 26))]
    assert (quarters.reading.earliest, quarters.reading.latest) == (date(1990, 1, 1), date(1990, 6, 30))


def test_benchmark_scoring_against_hand_counts() -> None:
    """The benchmark's definitions, checked on numbers worked out by hand."""
    from collections import Counter

    from benchmarks.bench_reading import CONCRETE, f1, gold_window

    # 8 right values among 10 found matching concrete dates plus 2 false positives; 16 gold dates.
    precision, recall, score = f1(Counter(value=8, found=10, false_positive=2, gold=16))
    assert (round(precision, 4), recall, round(score, 4)) == (
        round(8 / 12, 4),
        0.5,
        round(2 * (8 / 12) * 0.5 / (8 / 12 + 0.5), 4),
    )
    assert gold_window("1998-W32") == (date(1998, 8, 3), date(1998, 8, 9))
    assert gold_window("1989-Q3") == (date(1989, 7, 1), date(1989, 9, 30))
    assert gold_window("199") == (date(1990, 1, 1), date(1999, 12, 31))
    assert gold_window("1998-WI") == (date(1998, 12, 1), date(1999, 2, 28))
    assert gold_window("PAST_REF") is None
    assert CONCRETE.fullmatch("1998-08-07") and not CONCRETE.fullmatch("1998-XX") and not CONCRETE.fullmatch("PAST_REF")


def test_anaphora_counts_from_the_date_the_text_last_gave() -> None:
    text = "The plant opened in March 1987. That year it made 2,000 cars, and the following year twice as many."
    found = {
        m.text: (m.reading.earliest, m.reading.latest, m.reading.direction) for m in find_dates(text, date(1998, 2, 1))
    }
    assert found["That year"] == (date(1987, 1, 1), date(1987, 12, 31), "past")
    assert found["following year"] == (date(1988, 1, 1), date(1988, 12, 31), "past")
    # Without a date given first, "the following year" counts from the day of writing.
    (alone,) = find_dates("Output will double the following year.", date(1998, 2, 1))
    assert alone.reading.earliest == date(1999, 1, 1)
