"""Find every date expression in a text, with offsets, read relative to the publication day.

``find_dates(text, published)`` tokenises the whole text once, then at each token
that can open a date expression reads the longest run of date-like tokens that
the grammar accepts.  A bare name ("Thursday", "August", "the third quarter")
takes its lean from the words around it in its sentence: past-tense and
reporting verbs lean back, future and modal forms lean forward; with no cue the
nearest occurrence is taken.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from datetime import date, timedelta

from attrs import frozen

from ledger.reading.grammar import (
    FEDERAL_FISCAL_START,
    TimeReading,
    direction_of,
    fiscal_year_start,
    quarter_years_back,
    read_tokens,
)
from ledger.reading.lang import words_for
from ledger.reading.tokens import Token, tokenize
from ledger.reading.words import LanguageWords

MAX_TOKENS = 14  # the longest expression read, in tokens
_CUE_REACH = 80  # characters either side of an expression searched for tense cues

# Tokens that may appear inside an expression, besides lexicon tokens ("month:4").
_JOINERS = frozenset({"ago", "earlier", "hence", "later", "fiscal", "yearword", "or", "to", "and", "of", "year_end",
                      "week_of", "week_from", ",", "'s"})  # fmt: skip
_CODE = re.compile(
    r"\d{1,4}(?:st|nd|rd|th|s)?|\d{4}-\d{1,2}(?:-\d{1,2})?|\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{4}/\d{2}|'\d0s"
    r"|[qh][1-4](?:\d{2})?|\d[qh](?:\d{2})?|\d{4}[qh][1-4]|fy-?\d{2,4}"
)
# Tokens that can end an expression: the thing named, never a lead or a joiner.
_ENDERS = re.compile(
    r"(?:month|weekday|season|holiday|day|unit|horizon|ref|decade|num|rel):\S+|ago|earlier|hence|later|year_end|'s"
    r"|yearword"  # "до 1 июня 2025 года": the year word after a year ends the expression
)
# Tokens that can open one.
_OPENERS = re.compile(r"(?:lead|rel|edge|month|weekday|season|holiday|day|ord|num|unit|horizon|ref|count|decade):\S+"
                      r"|later|earlier|fiscal|year_end|week_of|week_from")  # fmt: skip
# Leads that say nothing about the window; left out of the expression's text.
_NEUTRAL_LEADS = frozenset({"lead:in", "lead:on", "lead:at", "lead:during", "lead:for", "lead:over", "lead:of"})
_FORWARD_LEADS = frozenset({"lead:by", "lead:until", "lead:through", "lead:no_later_than", "lead:on_or_before",
                            "lead:within", "lead:before"})  # fmt: skip
_SENTENCE_END = re.compile(r"[.!?](?=[\"'\u201d\u2019)]*\s+[\"'\u201c\u2018(]*[A-Z0-9])|\n\s*\n")


@frozen
class DateMention:
    """One date expression found in a text: where it is and what window it names."""

    text: str
    start: int
    end: int
    reading: TimeReading


def find_dates(
    text: str, published: date, language: str = "en", *, fiscal_year_start_month: int | None = None
) -> list[DateMention]:
    """Every date expression in ``text`` (plain text), in order; never raises on text.

    Fiscal years and quarters start in ``fiscal_year_start_month`` when it is given; otherwise
    in October in a sentence about the US federal government, and in January (the calendar
    year) elsewhere.
    """
    if not isinstance(text, str) or not isinstance(published, date):
        return []
    if fiscal_year_start_month is not None and not 1 <= fiscal_year_start_month <= 12:
        return []
    words = words_for(language)
    tokens = tokenize(text, words)
    sentence_starts = [0] + [m.end() for m in _SENTENCE_END.finditer(text)]
    cues = _Cues(text, words)
    mentions: list[DateMention] = []
    focus: date | None = None  # the last date the text itself gave with its year: what "that year" means
    index = 0
    while index < len(tokens):
        if not _can_open(tokens[index]):
            index += 1
            continue
        found = _longest(text, tokens, index, published, words, sentence_starts, cues, focus, fiscal_year_start_month)
        if found is None:
            index += 1
            continue
        length, mention = found
        mentions.append(mention)
        if _YEAR_GIVEN.search(mention.text) and mention.reading.precision in ("day", "month", "quarter", "year"):
            focus = mention.reading.earliest
        index += length
    return mentions


_YEAR_GIVEN = re.compile(r"\b(?:1[5-9]|20)\d\d\b")
_ANAPHORA = re.compile(r"rel:(?P<rel>same|following|previous) unit:(?P<unit>day|week|month|quarter|year)")


def _anaphoric(canon: tuple[str, ...], focus: date | None, published: date, words: LanguageWords) -> TimeReading | None:
    """'that year', 'the following month', 'the previous year': counted from the date the text last gave."""
    core = " ".join(t for t in canon if not t.startswith("lead:"))
    match = _ANAPHORA.fullmatch(core)
    if focus is None or not match:
        return None
    relation = {"same": "rel:this", "following": "rel:next", "previous": "rel:last"}[match["rel"]]
    unit = match["unit"]
    tokens = (relation, f"unit:{unit}") if unit != "day" else ("day:" + {"rel:this": "today", "rel:next": "tomorrow",
                                                                          "rel:last": "yesterday"}[relation],)  # fmt: skip
    reading = read_tokens(tokens, focus, "nearest", words)
    if reading is None:
        return None
    return TimeReading(reading.earliest, reading.latest, reading.precision,
                       direction_of(reading.earliest, reading.latest, published),
                       f"{reading.rule.replace(str(focus), f'{focus}, the date the text last gave')}",
                       round(reading.confidence * 0.8, 2), reading.value)  # fmt: skip


def _can_open(token: Token) -> bool:
    return bool(_OPENERS.fullmatch(token.canon.split(" ", 1)[0]) or _CODE.fullmatch(token.canon))


def _date_like(token: Token) -> bool:
    first = token.canon.split(" ", 1)[0]
    return ":" in first or first in _JOINERS or bool(_CODE.fullmatch(first))


def _run(text: str, tokens: list[Token], index: int, fillers: frozenset[str]) -> int:
    """How many tokens from ``index`` are date-like and adjacent (only spaces and fillers between)."""
    end = index
    while end < len(tokens) and end - index < MAX_TOKENS and _date_like(tokens[end]):
        if end > index:
            gap = text[tokens[end - 1].end : tokens[end].start].strip()
            if gap not in ("", "-") and not all(word.lower() in fillers for word in gap.split()):
                break  # punctuation or a word that is not a token ends the run
        end += 1
    if end < len(tokens) and end > index and tokens[end - 1].canon == "'s":
        end += 1  # the event after a possessive: "Saturday's signing"
    return end - index


def _longest(text: str, tokens: list[Token], index: int, published: date, words: LanguageWords,
             sentence_starts: list[int], cues: _Cues, focus: date | None = None,
             fiscal_start: int | None = None) -> tuple[int, DateMention] | None:  # fmt: skip
    run = _run(text, tokens, index, words.fillers)
    if any("fiscal" in t.canon for t in tokens[index : index + run]):
        if fiscal_start is None and cues.governmental(tokens[index].start, sentence_starts):
            fiscal_start = FEDERAL_FISCAL_START
        with fiscal_year_start(fiscal_start):
            return _longest_read(text, tokens, index, run, published, words, sentence_starts, cues, focus)
    return _longest_read(text, tokens, index, run, published, words, sentence_starts, cues, focus)


def _longest_read(text: str, tokens: list[Token], index: int, run: int, published: date, words: LanguageWords,
                  sentence_starts: list[int], cues: _Cues, focus: date | None) -> tuple[int, DateMention] | None:  # fmt: skip
    lean = ""
    for length in range(run, 0, -1):
        last = tokens[index + length - 1]
        if not (_ENDERS.fullmatch(last.canon.split(" ")[-1]) or _CODE.fullmatch(last.canon)) and not (
            length == run and length > 1 and tokens[index + length - 2].canon == "'s"
        ):
            continue
        span = tokens[index : index + length]
        canon = tuple(" ".join(t.canon for t in span).split())
        if not _plausible(canon, text, span):
            continue
        lean = lean or cues.lean(span[0].start, span[-1].end, sentence_starts)
        if canon[0] in _FORWARD_LEADS and lean != "past":
            lean = "future"  # "by May", "until January": a deadline or an end, unless the verb reports the past
        elif canon[0] == "lead:since":
            lean = "past"
        reading = _anaphoric(canon, focus, published, words) or read_tokens(canon, published, lean, words)
        if reading is None:
            continue
        reading = _not_a_year_off(reading, canon, published, lean, words)
        parts = _two_dates(canon, span, published, lean, words)  # ranges give both ends, as TimeML does
        if parts:
            length, span = parts, span[:parts]  # "1990 and 1991", "Friday to December's": two dates
            reading = read_tokens(tuple(" ".join(t.canon for t in span).split()), published, lean, words)
            if reading is None:
                continue
        reading = _periodic_comparison(reading, canon, text, span, sentence_starts, published)
        reading = _same_weekday(reading, canon, published)
        first = 0
        while first < len(span) - 1 and span[first].canon in _NEUTRAL_LEADS:
            first += 1
        start, end = span[first].start, span[-1].end
        return length, DateMention(text[start:end], start, end, reading)
    return None


_YEARS_BACK = re.compile(r"(?:num:(\d+)|(\d{1,2})) unit:year (?:ago|earlier)|rel:year_ago")
_QUARTERLY = re.compile(r"\bquarter|\bperiod\b", re.IGNORECASE)


def _periodic_comparison(reading: TimeReading, canon: tuple[str, ...], text: str, span: list[Token],
                         sentence_starts: list[int], published: date) -> TimeReading:  # fmt: skip
    """'A year ago' in a sentence about a quarter compares with that quarter a year back."""
    match = _YEARS_BACK.fullmatch(" ".join(t for t in canon if not t.startswith("lead:")))
    if not match:
        return reading
    at = bisect_right(sentence_starts, span[0].start) - 1
    sentence_end = sentence_starts[at + 1] if at + 1 < len(sentence_starts) else len(text)
    if not _QUARTERLY.search(text[sentence_starts[max(at, 0)] : sentence_end]):
        return reading
    return quarter_years_back(int(match[1] or match[2] or 1), published, reading.rule)


_FAR, _NEAR = timedelta(days=183), timedelta(days=92)


def _not_a_year_off(reading: TimeReading, canon: tuple[str, ...], published: date, lean: str,
                    words: LanguageWords) -> TimeReading:  # fmt: skip
    """A name placed most of a year away by the lean, when the other way it is within three months.

    "Third-quarter results" written in late October is the quarter just ended, even in a sentence
    that looks ahead; "Nov. 6" written on 30 October in a past-tense sentence is still next week.
    """
    if lean == "future" and reading.earliest - published > _FAR:
        other = read_tokens(canon, published, "past", words)
        if other is not None and other.latest < published and published - other.latest <= _NEAR:
            return other
    if lean == "past" and published - reading.latest > _FAR:
        other = read_tokens(canon, published, "future", words)
        if other is not None and other.earliest > published and other.earliest - published <= _NEAR:
            return other
    return reading


def _same_weekday(reading: TimeReading, canon: tuple[str, ...], published: date) -> TimeReading:
    """A bare weekday written on that weekday is the day of writing ("on Friday", written on a Friday)."""
    bare = [t for t in canon if not t.startswith("lead:")]
    if len(bare) != 1 or not bare[0].startswith("weekday:") or reading.earliest != published + timedelta(days=7):
        return reading
    return TimeReading(published, published, "day", "current", f"the day of writing, a {published:%A}",
                       reading.confidence, published.isoformat(), reading.lead)  # fmt: skip


def _two_dates(canon: tuple[str, ...], span: list[Token], published: date, lean: str,
               words: LanguageWords) -> int | None:  # fmt: skip
    """When a joined run is two complete dates, how many tokens the first one takes."""
    for cut, token in enumerate(span):
        if token.canon not in ("and", "to") or cut == 0:
            continue
        left = tuple(" ".join(t.canon for t in span[:cut]).split())
        right = tuple(" ".join(t.canon for t in span[cut + 1 :]).split())
        if left and right and read_tokens(left, published, lean, words) and read_tokens(right, published, lean, words):
            return cut
    return None


def _plausible(canon: tuple[str, ...], text: str, span: list[Token]) -> bool:
    """Refuse lone numbers that are quantities, not years: '2000 people', '$1999'."""
    if len(canon) == 1 and re.fullmatch(r"\d{1,4}", canon[0]):
        number = int(canon[0])
        if not (len(canon[0]) == 4 and 1900 <= number <= 2100):
            return False
        before = text[max(0, span[0].start - 2) : span[0].start]
        after = text[span[0].end : span[0].end + 12]
        if (
            "$" in before
            or re.match(r"\s*(?:%|percent|[a-z]+s\b|to\b|-)|[.,]\d", after)
            or re.search(r"[\d.,]$", before)
        ):
            return False
    if len(canon) == 1 and canon[0].startswith(("num:", "ord:", "count:", "rel:")) and canon[0] != "rel:year_ago":
        return False
    core = [t for t in span if not t.canon.startswith("lead:")]
    if len(core) == len(span) == 1 and core[0].canon.startswith("ref:"):
        return False  # a bare "now", "recently", "future earnings": an aside, not a date ("until now" is one)
    if len(span) == 1 and core[0].canon == "horizon:near" and "term" in text[core[0].start : core[0].end].lower():
        return False  # "short-term bank lines": an adjective
    if len(core) == 1 and core[0].canon.startswith("unit:"):  # "the year" is a date; "years", "in half" are not
        return bool(
            re.search(r"\b(?:the|this|that)\s+$", text[max(0, core[0].start - 6) : core[0].start], re.IGNORECASE)
        )
    # "Jan" alone is more often a name (Jan Kavan) than January
    short_month = len(core) == 1 and core[0].canon.startswith("month:") and text[core[0].start : core[0].end] != "May"
    return not (short_month and re.fullmatch(r"[A-Z][a-z]{2}", text[core[0].start : core[0].end]))


class _Cues:
    """Where the past and future cue words of a text are, found once for the whole text."""

    def __init__(self, text: str, words: LanguageWords) -> None:
        self.past = [(m.start(), m.end()) for m in re.finditer(words.past_cues, text, re.IGNORECASE)]
        self.future = [(m.start(), m.end()) for m in re.finditer(words.future_cues, text, re.IGNORECASE)]
        self.text = text
        self.government = words.government_cues

    def governmental(self, start: int, sentence_starts: list[int]) -> bool:
        """Whether the sentence holding ``start`` is about the US federal government (its fiscal year)."""
        if not self.government:
            return False
        at = bisect_right(sentence_starts, start) - 1
        sentence_start = sentence_starts[at] if at >= 0 else 0
        sentence_end = sentence_starts[at + 1] if at + 1 < len(sentence_starts) else len(self.text)
        return re.search(self.government, self.text[sentence_start:sentence_end], re.IGNORECASE) is not None

    def lean(self, start: int, end: int, sentence_starts: list[int]) -> str:
        """future, past or nearest, from the cue words nearest the expression in its sentence."""
        at = bisect_right(sentence_starts, start) - 1
        sentence_start = sentence_starts[at] if at >= 0 else 0
        sentence_end = sentence_starts[at + 1] if at + 1 < len(sentence_starts) else 1 << 62
        low, high = max(sentence_start, start - _CUE_REACH), min(sentence_end, end + _CUE_REACH)
        past = _nearest(self.past, start, end, low, high)
        future = _nearest(self.future, start, end, low, high)
        if past is not None and past[1] and not (future is not None and future[1]):
            return "past"  # a cue right before the expression decides: "said Friday", "met on Monday"
        if past is None and future is None:
            return "nearest"
        if future is None:
            return "past"
        if past is None:
            return "future"
        return "future" if future[0] <= past[0] else "past"


def _nearest(spans: list[tuple[int, int]], start: int, end: int, low: int, high: int) -> tuple[int, bool] | None:
    """(distance, whether it is within 20 characters before) of the nearest cue inside low..high."""
    nearest: int | None = None
    close = False
    for cue_start, cue_end in spans[bisect_right(spans, (low, -1)) :]:
        if cue_start >= high:
            break
        if cue_end <= start:
            distance = start - cue_end
            close = close or start - cue_start <= 20
        elif cue_start >= end:
            distance = cue_start - end + 30  # a cue after the expression counts less
        else:
            continue
        nearest = distance if nearest is None else min(nearest, distance)
    return None if nearest is None else (nearest, close)
