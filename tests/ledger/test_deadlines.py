"""Reading deadline phrases: a table of phrases and windows, refusals, and properties."""

from __future__ import annotations

import time
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ledger.model import PRECISIONS
from ledger.reading.deadlines import Reading, parse_count, read_deadline

D = date(2024, 12, 30)  # a Monday, late in the year: "by April" must roll into next year
MAY = date(2025, 5, 15)  # a Thursday in spring
MAR1 = date(2025, 3, 1)


def d(text: str) -> date:
    return date.fromisoformat(text)


# (phrase, anchor, earliest, latest, precision)
READ = [
    # explicit days
    ("2025-04-30", D, "2025-04-30", "2025-04-30", "day"),
    ("on 2025-04-30", D, "2025-04-30", "2025-04-30", "day"),
    ("2025/04/30", D, "2025-04-30", "2025-04-30", "day"),
    ("30 April 2025", D, "2025-04-30", "2025-04-30", "day"),
    ("the 30th of April 2025", D, "2025-04-30", "2025-04-30", "day"),
    ("April 30", D, "2025-04-30", "2025-04-30", "day"),
    ("April 30, 2025", D, "2025-04-30", "2025-04-30", "day"),
    ("Apr. 30th", D, "2025-04-30", "2025-04-30", "day"),
    ("Friday, April 30, 2027", D, "2027-04-30", "2027-04-30", "day"),
    ("4/30/2025", D, "2025-04-30", "2025-04-30", "day"),
    ("30/4/2025", D, "2025-04-30", "2025-04-30", "day"),
    ("5/5/2025", D, "2025-05-05", "2025-05-05", "day"),
    ("no later than 1 May", D, "2025-05-01", "2025-05-01", "day"),
    ("not later than May 1st", D, "2025-05-01", "2025-05-01", "day"),
    ("before 1 May", D, "2025-04-30", "2025-04-30", "day"),
    ("by December 31", D, "2024-12-31", "2024-12-31", "day"),
    ("December 30", D, "2024-12-30", "2024-12-30", "day"),
    ("February 29", D, "2028-02-29", "2028-02-29", "day"),
    ("today", D, "2024-12-30", "2024-12-30", "day"),
    ("tomorrow", D, "2024-12-31", "2024-12-31", "day"),
    ("by Friday", D, "2025-01-03", "2025-01-03", "day"),
    ("by Monday", D, "2025-01-06", "2025-01-06", "day"),
    # months
    ("by April", D, "2025-04-01", "2025-04-30", "month"),
    ("in April", D, "2025-04-01", "2025-04-30", "month"),
    ("April", MAY, "2026-04-01", "2026-04-30", "month"),
    ("by May", MAY, "2025-05-01", "2025-05-31", "month"),
    ("in December", D, "2024-12-01", "2024-12-31", "month"),
    ("next April", MAR1, "2025-04-01", "2025-04-30", "month"),
    ("April 2025", D, "2025-04-01", "2025-04-30", "month"),
    ("in April of next year", MAY, "2026-04-01", "2026-04-30", "month"),
    ("2025-04", D, "2025-04-01", "2025-04-30", "month"),
    ("this month", D, "2024-12-01", "2024-12-31", "month"),
    ("next month", D, "2025-01-01", "2025-01-31", "month"),
    ("later this month", MAY, "2025-05-16", "2025-05-31", "month"),
    ("by the end of March", D, "2025-03-31", "2025-03-31", "day"),
    ("end of March", MAY, "2026-03-31", "2026-03-31", "day"),
    ("end-March 2025", D, "2025-03-31", "2025-03-31", "day"),
    ("by the end of the month", MAY, "2025-05-31", "2025-05-31", "day"),
    ("by the end of next month", D, "2025-01-31", "2025-01-31", "day"),
    ("early March", D, "2025-03-01", "2025-03-10", "month"),
    ("mid-March", D, "2025-03-11", "2025-03-20", "month"),
    ("late March", D, "2025-03-21", "2025-03-31", "month"),
    # quarters and halves
    ("2025-Q2", D, "2025-04-01", "2025-06-30", "quarter"),
    ("Q2 2025", D, "2025-04-01", "2025-06-30", "quarter"),
    ("2Q 2025", D, "2025-04-01", "2025-06-30", "quarter"),
    ("Q3", D, "2025-07-01", "2025-09-30", "quarter"),
    ("Q3", MAY, "2025-07-01", "2025-09-30", "quarter"),
    ("Q1", MAY, "2026-01-01", "2026-03-31", "quarter"),
    ("in the second quarter of 2025", D, "2025-04-01", "2025-06-30", "quarter"),
    ("the third quarter of next year", D, "2025-07-01", "2025-09-30", "quarter"),
    ("in the last quarter of 2025", D, "2025-10-01", "2025-12-31", "quarter"),
    ("next quarter", MAY, "2025-07-01", "2025-09-30", "quarter"),
    ("this quarter", MAY, "2025-04-01", "2025-06-30", "quarter"),
    ("by the end of the third quarter", D, "2025-09-30", "2025-09-30", "day"),
    ("H1 2026", D, "2026-01-01", "2026-06-30", "half"),
    ("2026-H2", D, "2026-07-01", "2026-12-31", "half"),
    ("the first half of next year", D, "2025-01-01", "2025-06-30", "half"),
    ("in the second half of the year", MAY, "2025-07-01", "2025-12-31", "half"),
    ("H1", MAY, "2025-01-01", "2025-06-30", "half"),
    # years, parts of years, decades
    ("2025", D, "2025-01-01", "2025-12-31", "year"),
    ("in 2026", D, "2026-01-01", "2026-12-31", "year"),
    ("this year", MAY, "2025-01-01", "2025-12-31", "year"),
    ("next year", D, "2025-01-01", "2025-12-31", "year"),
    ("later this year", MAY, "2025-05-16", "2025-12-31", "year"),
    ("by the end of 2025", D, "2025-12-31", "2025-12-31", "day"),
    ("until the end of this year", D, "2024-12-31", "2024-12-31", "day"),
    ("by the end of the year", MAY, "2025-12-31", "2025-12-31", "day"),
    ("by end-2025", D, "2025-12-31", "2025-12-31", "day"),
    ("by mid-2025", D, "2025-05-01", "2025-08-31", "year"),
    ("the middle of next year", D, "2025-05-01", "2025-08-31", "year"),
    ("early next year", D, "2025-01-01", "2025-04-30", "year"),
    ("late next year", D, "2025-09-01", "2025-12-31", "year"),
    ("at the start of 2026", D, "2026-01-01", "2026-04-30", "year"),
    ("late in the year", MAY, "2025-09-01", "2025-12-31", "year"),
    ("the middle of the year", MAY, "2025-05-01", "2025-08-31", "year"),
    ("early next month", D, "2025-01-01", "2025-01-10", "month"),
    ("end of the decade", D, "2029-01-01", "2029-12-31", "decade"),
    ("by the end of the decade", MAY, "2029-01-01", "2029-12-31", "decade"),
    ("in the 2030s", D, "2030-01-01", "2039-12-31", "decade"),
    ("next decade", D, "2030-01-01", "2039-12-31", "decade"),
    # seasons (northern hemisphere)
    ("by the summer", D, "2025-06-01", "2025-08-31", "season"),
    ("by the summer", date(2025, 7, 10), "2025-06-01", "2025-08-31", "season"),
    ("next spring", D, "2025-03-01", "2025-05-31", "season"),
    ("next spring", date(2025, 4, 1), "2026-03-01", "2026-05-31", "season"),
    ("in the autumn", D, "2025-09-01", "2025-11-30", "season"),
    ("this fall", MAY, "2025-09-01", "2025-11-30", "season"),
    ("this winter", D, "2024-12-01", "2025-02-28", "season"),
    ("winter 2025", D, "2025-12-01", "2026-02-28", "season"),
    ("the summer of 2026", D, "2026-06-01", "2026-08-31", "season"),
    # weeks
    ("next week", D, "2025-01-06", "2025-01-12", "week"),
    ("this week", D, "2024-12-30", "2025-01-05", "week"),
    ("by the end of next week", D, "2025-01-12", "2025-01-12", "day"),
    ("next week", date(2025, 1, 5), "2025-01-06", "2025-01-12", "week"),  # a Sunday
    # spans from the anchor
    ("within ten days", D, "2025-01-09", "2025-01-09", "day"),
    ("within 10 days", D, "2025-01-09", "2025-01-09", "day"),
    ("within four weeks", D, "2025-01-27", "2025-01-27", "day"),
    ("within a fortnight", D, "2025-01-13", "2025-01-13", "day"),
    ("in three months", D, "2025-03-30", "2025-03-30", "day"),
    ("in three months' time", D, "2025-03-30", "2025-03-30", "day"),
    ("within twenty-one days", D, "2025-01-20", "2025-01-20", "day"),
    ("within thirty days", D, "2025-01-29", "2025-01-29", "day"),
    ("over the next two years", D, "2026-12-30", "2026-12-30", "day"),
    ("within a year", MAY, "2026-05-15", "2026-05-15", "day"),
    ("within the next 6 months", MAY, "2025-11-15", "2025-11-15", "day"),
    ("within 5 business days", D, "2025-01-06", "2025-01-06", "day"),
    ("two weeks from now", D, "2025-01-13", "2025-01-13", "day"),
    # vague horizons
    ("over the coming weeks", D, "2024-12-30", "2025-02-24", "vague"),
    ("in the coming months", D, "2024-12-30", "2025-06-30", "vague"),
    ("in the coming days", D, "2024-12-30", "2025-01-13", "vague"),
    ("within a few weeks", D, "2024-12-30", "2025-01-20", "vague"),
    ("soon", D, "2024-12-30", "2025-06-30", "vague"),
    ("in the near future", D, "2024-12-30", "2025-06-30", "vague"),
    ("in due course", D, "2024-12-30", "2026-12-30", "vague"),
    ("in several months", D, "2024-12-30", "2025-06-30", "vague"),
    ("due by April", D, "2025-04-01", "2025-04-30", "month"),
    # families read by the temporal grammar
    ("before Christmas", MAY, "2025-12-24", "2025-12-24", "day"),
    ("by the festive season", MAY, "2025-12-15", "2026-01-06", "season"),
    ("within 72 hours", D, "2025-01-02", "2025-01-02", "day"),
    ("in seven to 10 days", D, "2025-01-06", "2025-01-09", "vague"),
    ("in the second or third quarter", D, "2025-04-01", "2025-09-30", "vague"),
    ("the second week of next month", D, "2025-01-08", "2025-01-14", "week"),
    ("by fiscal 2026", D, "2026-01-01", "2026-12-31", "year"),
    ("by the federal fiscal year 2026", D, "2025-10-01", "2026-09-30", "year"),
    ("before year-end", MAY, "2025-12-31", "2025-12-31", "day"),
    ("over the next year", D, "2025-12-30", "2025-12-30", "day"),
    ("in the back half of this year", MAY, "2025-07-01", "2025-12-31", "half"),
    ("later in 2025", MAY, "2025-05-16", "2025-12-31", "year"),
    ("in the week beginning April 18", D, "2025-04-18", "2025-04-24", "week"),
    ("before the June 23 poll", D, "2025-06-22", "2025-06-22", "day"),
    ("within ten days of this order", D, "2025-01-09", "2025-01-09", "day"),
    ("on or before 15 December", MAY, "2025-12-15", "2025-12-15", "day"),
    ("before April", D, "2025-03-31", "2025-03-31", "day"),
    ("before the end of the year", MAY, "2025-12-31", "2025-12-31", "day"),
    ("in the first half of December", MAY, "2025-12-01", "2025-12-15", "month"),
    ("within 45 days of the date of this order", date(2017, 4, 26), "2017-06-10", "2017-06-10", "day"),
    ("sometime in 2026", D, "2026-01-01", "2026-12-31", "year"),
]

# (phrase, anchor, whether the refusal is a deliberate one about a time expression)
REFUSED = [
    ("4/5/2025", D, True),  # April 5 or May 4: ambiguous
    ("13/14/2025", D, True),
    ("February 30, 2025", D, True),
    ("2025-02-30", D, True),
    ("2025-13", D, True),
    ("in April 2023", D, True),
    ("in September 2022", D, True),
    ("before the end of 2022", D, True),
    ("in the second quarter of 2024", D, True),
    ("last month", D, True),
    ("last year", D, True),
    ("three weeks ago", D, True),
    ("34 months after", D, True),
    ("three weeks later", D, True),
    ("since 2022", D, True),
    ("over the past two years", D, True),
    ("earlier this year", D, True),
    ("yesterday", D, True),
    ("for three years", D, True),
    ("earlier this month", D, True),
    ("early this year", D, True),
    ("", D, False),
    ("   ", D, False),
    ("banana", D, False),
    ("by someday", D, False),
    ("in AI development", D, False),
    ("within zero days", D, False),
    ("within 500 years", D, False),
    ("2025-Q5", D, False),
    ("x" * 100_000, D, False),
    ("by April\x00", D, False),
]


@pytest.mark.parametrize(("phrase", "anchor", "earliest", "latest", "precision"), READ)
def test_reads_phrase_as_window(phrase: str, anchor: date, earliest: str, latest: str, precision: str) -> None:
    reading = read_deadline(phrase, anchor)
    assert reading.deadline is not None, reading.reason
    deadline = reading.deadline
    assert (deadline.earliest, deadline.latest, deadline.precision) == (d(earliest), d(latest), precision)
    assert deadline.phrase == phrase.strip()
    assert deadline.rule
    assert 0.0 < deadline.confidence <= 1.0


@pytest.mark.parametrize(("phrase", "anchor", "refused"), REFUSED)
def test_refuses_non_deadlines_with_a_reason(phrase: str, anchor: date, refused: bool) -> None:
    reading = read_deadline(phrase, anchor)
    assert reading.deadline is None
    assert reading.reason
    assert reading.refused is refused


def test_phrase_table_is_large() -> None:
    assert len(READ) + len(REFUSED) >= 80


def test_by_april_is_the_whole_month_of_the_next_april() -> None:
    deadline = read_deadline("by April", D).deadline
    assert deadline is not None
    assert deadline.label == "Apr 2025"
    assert "next April" in deadline.rule


def test_ambiguous_slash_date_says_why() -> None:
    reason = read_deadline("4/5/2025", D).reason
    assert "ambiguous" in reason and "YYYY-MM-DD" in reason


def test_past_reference_names_the_past() -> None:
    assert "past" in read_deadline("in April 2023", D).reason
    assert "another event" in read_deadline("34 months after", D).reason


def test_vague_phrases_have_low_confidence_and_exact_dates_high() -> None:
    vague = read_deadline("over the coming weeks", D).deadline
    exact = read_deadline("2025-04-30", D).deadline
    assert vague is not None and exact is not None
    assert vague.confidence <= 0.4
    assert exact.confidence >= 0.9


def test_explicit_year_is_more_confident_than_inferred_year() -> None:
    stated = read_deadline("April 2025", D).deadline
    inferred = read_deadline("April", D).deadline
    assert stated is not None and inferred is not None
    assert stated.confidence > inferred.confidence


def test_labels_are_compact() -> None:
    def label(phrase: str) -> str:
        deadline = read_deadline(phrase, D).deadline
        assert deadline is not None
        return deadline.label

    labels = {p: label(p) for p in ("2025-Q2", "H1 2026", "2025", "2025-04-30")}
    assert labels == {"2025-Q2": "2025-Q2", "H1 2026": "2026-H1", "2025": "2025", "2025-04-30": "2025-04-30"}


@pytest.mark.parametrize(
    ("text", "number"),
    [("7", 7), ("seven", 7), ("twenty", 20), ("twenty-one", 21), ("thirty five", 35), ("a", 1), ("an", 1)],
)
def test_parse_count(text: str, number: int) -> None:
    assert parse_count(text) == number


def test_parse_count_rejects_words() -> None:
    assert parse_count("many") is None
    assert parse_count("twenty-twenty") is None


def test_non_text_and_bad_anchor_do_not_raise() -> None:
    assert read_deadline(None, D).deadline is None  # type: ignore[arg-type]
    assert read_deadline(b"by April", D).deadline is None  # type: ignore[arg-type]
    assert read_deadline("by April", "2024-12-30").deadline is None  # type: ignore[arg-type]


def test_extreme_years_are_refused_not_raised() -> None:
    far = read_deadline("by the end of the decade", date(9995, 1, 1))
    assert far.deadline is None and far.refused and "from 1900 to 2199" in far.reason
    assert read_deadline("next year", date(9999, 6, 1)).deadline is None
    assert read_deadline("0000", D).deadline is None


def test_huge_input_is_fast() -> None:
    # a guard against pathological patterns; CPU time, so other processes on the machine cannot fail it
    started = time.process_time()
    for text in ("x" * 100_000, "by " * 50_000, "\x00" * 100_000):
        assert read_deadline(text, D).deadline is None
    assert time.process_time() - started < 0.5


# --------------------------------------------------------------------------- properties

anchors = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))
time_words = st.sampled_from((
    "by", "in", "within", "before", "until", "no", "later", "than", "the", "end", "of", "next", "this", "early",
    "mid", "late", "Q1", "Q3", "H2", "first", "second", "half", "quarter", "April", "May", "December", "spring",
    "winter", "week", "month", "year", "decade", "days", "weeks", "months", "three", "ten", "2025", "2031", "30",
    "1", "coming", "over", "soon", "ago", "last", "after", "-", "/", ",", ".",
))  # fmt: skip
phrases = st.lists(time_words, min_size=1, max_size=7).map(" ".join)


def _check(reading: Reading, anchor: date) -> None:
    assert isinstance(reading, Reading)
    assert isinstance(reading.reason, str)
    if reading.deadline is None:
        assert reading.reason
        return
    deadline = reading.deadline
    assert deadline.earliest <= deadline.latest
    assert deadline.latest >= anchor  # only future (or current) windows are deadlines
    assert deadline.precision in PRECISIONS
    assert 0.0 <= deadline.confidence <= 1.0
    assert deadline.rule


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=300), anchors)
def test_never_raises_on_arbitrary_text(text: str, anchor: date) -> None:
    _check(read_deadline(text, anchor), anchor)


@settings(max_examples=800, deadline=None)
@given(phrases, anchors)
def test_time_like_phrases_give_sound_windows(phrase: str, anchor: date) -> None:
    _check(read_deadline(phrase, anchor), anchor)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from([row[0] for row in READ]), anchors)
def test_known_phrases_at_any_anchor(phrase: str, anchor: date) -> None:
    _check(read_deadline(phrase, anchor), anchor)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(READ))
def test_reading_is_case_and_space_insensitive(row: tuple[str, date, str, str, str]) -> None:
    phrase, anchor = row[0], row[1]
    plain = read_deadline(phrase, anchor).deadline
    shouted = read_deadline("  " + phrase.upper().replace(" ", "   ") + " ", anchor).deadline
    assert plain is not None and shouted is not None
    assert (plain.earliest, plain.latest, plain.precision) == (shouted.earliest, shouted.latest, shouted.precision)


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["fiscal 2026", "the third quarter of fiscal 2025", "FY26", "by the end of the fiscal year",
                     "next fiscal year", "the first fiscal quarter", "the federal fiscal year 2026"]),
    st.dates(min_value=date(1950, 1, 1), max_value=date(2100, 12, 31)),  # a ledger keeps 1900-2199
    st.integers(min_value=1, max_value=12),
)  # fmt: skip
def test_any_fiscal_calendar_gives_sound_windows(phrase: str, anchor: date, month: int) -> None:
    _check(read_deadline(phrase, anchor, fiscal_year_start_month=month), anchor)
    reading = read_deadline(phrase, anchor, allow_past=True, fiscal_year_start_month=month)
    assert reading.deadline is not None, phrase
    earliest, latest = reading.deadline.earliest, reading.deadline.latest
    assert earliest <= latest
    assert reading.direction == ("past" if latest < anchor else "future" if earliest > anchor else "current")


def test_a_fiscal_year_starting_in_june_ends_in_may() -> None:
    reading = read_deadline("fiscal 2025", date(2024, 9, 1), fiscal_year_start_month=6)
    assert reading.deadline is not None
    assert (reading.deadline.earliest, reading.deadline.latest) == (date(2024, 6, 1), date(2025, 5, 31))
    assert read_deadline("fiscal 2025", date(2024, 9, 1), fiscal_year_start_month=13).deadline is None


@pytest.mark.parametrize(
    ("phrase", "earliest", "latest"),
    [
        ("late early April", date(2026, 4, 7), date(2026, 4, 10)),  # a part of a part stays inside it
        ("early late April", date(2026, 4, 21), date(2026, 4, 23)),
        ("mid early 2027", date(2027, 2, 10), date(2027, 3, 21)),  # early 2027: January to April
        ("the end of early May", date(2026, 5, 10), date(2026, 5, 10)),
    ],
)
def test_a_part_of_a_part_is_a_part_of_the_inner_window(phrase: str, earliest: date, latest: date) -> None:
    deadline = read_deadline(phrase, date(2026, 1, 1)).deadline
    assert deadline is not None
    assert (deadline.earliest, deadline.latest) == (earliest, latest)
