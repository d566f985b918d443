"""Deadline phrases -> Deadline windows (pure; no IO).

``read_deadline(phrase, anchor)`` reads phrases such as "by April", "2025-Q2",
"within ten days" or "by the end of next year" as a window of days
(``earliest..latest``, inclusive) relative to ``anchor``, the day the phrase
was written.  The rules, with their precision and confidence, are listed in
``docs/deadlines.md``.

Three principles run through the module:

* A deadline names a period, and the window is that period: "by April" is
  April 1..April 30, because the text does not say which day of April.
  "The end of X" is the last day of X.
* Periods without a year are the next occurrence whose last day is on or after
  the anchor ("by April" written in May 2025 is April 2026).
* Anything that points backwards ("last month", "three weeks ago",
  "in April 2023" read in 2024, "34 months after") is refused, as are
  ambiguous numeric dates like 4/5/2025.

``read_deadline`` never raises: an unreadable phrase gives ``Reading(None, reason)``.
"""

from __future__ import annotations

import calendar
import math
import re
from collections.abc import Callable
from datetime import date, timedelta

from attrs import frozen
from dateutil.relativedelta import relativedelta

from ledger.errors import InvalidValue
from ledger.model import Deadline
from ledger.rules import DATE_RANGE_FORM

MAX_PHRASE = 200  # longer text is a sentence, not a phrase; refusing it keeps reading fast

MONTHS: dict[str, int] = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
MONTHS["sept"] = 9
WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}

# Northern-hemisphere meteorological seasons: (first month, number of months).
SEASONS = {"spring": (3, 3), "summer": (6, 3), "autumn": (9, 3), "fall": (9, 3), "winter": (12, 3)}

_SMALL_NUMBERS = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty",
)  # fmt: skip
_TENS = {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
NUMBER_WORDS: dict[str, int] = {word: i for i, word in enumerate(_SMALL_NUMBERS)}
NUMBER_WORDS.update(_TENS)
NUMBER_WORDS.update({"a": 1, "an": 1, "a hundred": 100, "one hundred": 100})
# Counts that say "some": read as a vague window of this many units.
VAGUE_COUNTS = {"a few": 3, "a couple of": 2, "a couple": 2, "several": 6, "few": 3}

ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}

# Words that introduce a deadline phrase; stripped before reading the period.
LEADS = (
    "at some point in", "some time in", "sometime in", "sometime", "no later than", "not later than",
    "at the latest by", "ahead of", "prior to", "by", "before", "until", "till", "up to", "through",
    "due", "in", "within", "during", "over", "on", "at", "for", "from", "starting", "around", "about",
    "as early as", "as soon as",
)  # fmt: skip
_LEAD_RE = re.compile(r"^(" + "|".join(re.escape(lead) for lead in LEADS) + r")\s+")

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_YEAR_REF = r"(?P<year>\d{4}|this year|next year|the year|the current year|the following year)"
_COUNT = r"(?P<count>\d{1,4}|a couple of|a few|several|[a-z]+(?:[- ][a-z]+)?)"
_UNIT = r"(?P<unit>(?:business |working )?days?|weeks?|fortnights?|months?|quarters?|years?|decades?)"


@frozen
class Reading:
    """The result of reading a phrase: a deadline, or None and the reason why not.

    ``refused`` is True when the phrase was understood as a time expression but
    deliberately not read as a deadline (it is in the past, ambiguous, or not a
    real date).  Extraction uses it to stop looking for a shorter phrase inside.
    """

    deadline: Deadline | None
    reason: str = ""
    refused: bool = False


@frozen
class Window:
    """A period read from a phrase, before it becomes a Deadline."""

    earliest: date
    latest: date
    precision: str
    rule: str
    confidence: float


class _Refusal(Exception):
    """Raised inside the readers when a phrase is understood but must not be read."""


# --------------------------------------------------------------------------- public API


def read_deadline(phrase: str, anchor: date, *, allow_past: bool = False) -> Reading:
    """Read ``phrase`` as a deadline window relative to ``anchor``; never raises.

    In an article a window that ended before the anchor is a reference to the past, not a deadline,
    so it is refused; ``allow_past`` accepts it, for deadlines an analyst types on purpose
    (recording an item whose deadline has already gone by).
    """
    try:
        return _read(phrase, anchor, allow_past)
    except _Refusal as refusal:
        return Reading(None, str(refusal), refused=True)
    except (ValueError, OverflowError):
        return Reading(None, f"{_shown(phrase)} falls outside the calendar", refused=True)
    except InvalidValue:  # a window past the dates a ledger keeps (ledger.rules)
        return Reading(None, f"{_shown(phrase)} falls outside the ledger's dates ({DATE_RANGE_FORM})", refused=True)


def _read(phrase: str, anchor: date, allow_past: bool) -> Reading:
    if not isinstance(anchor, date):
        return Reading(None, "the anchor is not a date")
    problem = _unreadable_input(phrase)
    if problem:
        return Reading(None, problem)
    text = normalise(phrase)
    if not text:
        return Reading(None, "the phrase is empty")
    _refuse_backward_references(text)
    lead, core = split_lead(text)
    if lead == "for" and re.fullmatch(r"(?:the next |another )?" + _COUNT + r"\s+" + _UNIT, core):
        raise _Refusal(f"{_shown(phrase)} is a duration, not a deadline")
    window = read_period_phrase(core, anchor, lead)
    if window is None:
        return Reading(None, f"no deadline form matches {_shown(phrase)}")
    if lead == "before" and window.precision == "day" and not _END_OF.match(core):
        window = _day_before(window)
    if window.latest < anchor and not allow_past:
        raise _Refusal(f"{_shown(phrase)} refers to the past: it ended on {window.latest}, before {anchor}")
    deadline = Deadline(
        earliest=window.earliest,
        latest=window.latest,
        precision=window.precision,
        phrase=phrase.strip()[:500],
        rule=window.rule[:500],
        confidence=window.confidence,
    )
    return Reading(deadline, "")


def _unreadable_input(phrase: object) -> str:
    if not isinstance(phrase, str):
        return f"a phrase must be text, not {type(phrase).__name__}"
    if len(phrase) > MAX_PHRASE:
        return f"the phrase is too long to be a deadline ({len(phrase)} characters; at most {MAX_PHRASE})"
    if "\x00" in phrase:
        return "the phrase contains NUL characters"
    return ""


def normalise(phrase: str) -> str:
    """Lower-case, plain dashes and quotes, single spaces, no surrounding punctuation."""
    text = phrase.lower().translate(str.maketrans({"\u2013": "-", "\u2014": "-", "\u2019": "'", "\u00a0": " "}))
    text = re.sub(r"\bend-(?=[a-z0-9])", "end of ", text)  # "end-2025", "end-March" (finance style)
    text = re.sub(r"\bmid-(?=[a-z0-9])", "mid ", text)
    return " ".join(text.split()).strip(" .,;:!?\"'()[]")


def split_lead(text: str) -> tuple[str, str]:
    """Strip the introducing words ("by", "no later than", "in") and return (lead, rest)."""
    lead = ""
    while (match := _LEAD_RE.match(text)) and text != "due course":  # "in due course" keeps its "due"
        lead = lead or match[1]  # the first word carries the meaning ("by" in "by no later than")
        text = text[match.end() :]
    return lead, text


# --------------------------------------------------------------------------- refusals


_BACKWARD = [
    (re.compile(r"\bago\b"), "points back in time ('ago')"),
    (re.compile(r"\byesterday\b"), "points back in time ('yesterday')"),
    (re.compile(r"(?<!no )(?<!not )\b(?:earlier|previously|recently|formerly)\b"), "points back in time"),
    (re.compile(r"\b(?:the )?(?:past|previous|preceding) (?:\S+ )?(?:days?|weeks?|months?|years?|decades?)\b"),
     "points back in time ('past'/'previous')"),
    (re.compile(r"(?<!the )\blast (?:week|month|quarter|year|decade|spring|summer|autumn|fall|winter|night|time|"
                r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|" + "|".join(MONTHS) + r")\b(?! of\b)"),
     "points back in time ('last')"),
    (re.compile(r"\bsince\b"), "says since when, not by when"),
    (re.compile(r"\b(?:days?|weeks?|months?|years?|decades?) (?:after|following|later|before|earlier|prior to)$"),
     "is measured from another event, not from the date of writing"),
]  # fmt: skip


def _refuse_backward_references(text: str) -> None:
    for pattern, why in _BACKWARD:
        if pattern.search(text):
            raise _Refusal(f"{_shown(text)} {why}, so it is not a deadline")


# --------------------------------------------------------------------------- the grammar


_END_OF = re.compile(r"(?:the )?(?:very )?(?:end|close) of (.+)")
_PART_OF = re.compile(r"(?:the )?(early|mid|late|middle of|beginning of|start of|first part of) (?:in )?(.+)")


def read_period_phrase(core: str, anchor: date, lead: str = "") -> Window | None:
    """Read the phrase after its lead words: end-of, parts, periods, spans, vague forms."""
    if match := _END_OF.fullmatch(core):
        return _end_of(match[1], anchor)
    if match := _PART_OF.fullmatch(core):
        return _part_of(match[1], match[2], anchor)
    return read_period(core, anchor) or _read_span(core, anchor, lead) or _read_vague(core, anchor)


def read_period(text: str, anchor: date) -> Window | None:
    """A named period: a date, month, quarter, half, season, year, week or decade."""
    for reader in _PERIOD_READERS:
        window = reader(text, anchor)
        if window is not None:
            return window
    return None


def _end_of(inner: str, anchor: date) -> Window | None:
    if re.fullmatch(r"(?:this |the |the current )?decade", inner):
        return _decade_end(anchor)
    period = read_period(inner, anchor)
    if period is None:
        return None
    last = period.latest
    return Window(last, last, "day", f"the last day of {period.rule}", min(period.confidence, 0.9))


def _decade_end(anchor: date) -> Window:
    # "By the end of the decade" is used both for the decade's last year and for the
    # round year after it; the window covers both.
    last_year = anchor.year - anchor.year % 10 + 9
    return Window(date(last_year, 1, 1), date(last_year + 1, 12, 31), "decade",
                  f"the end of the {last_year - 9}s: the years {last_year} and {last_year + 1}", 0.4)  # fmt: skip


_PART_NAMES = {"early": 0, "beginning of": 0, "start of": 0, "first part of": 0, "mid": 1, "middle of": 1, "late": 2}


def _part_of(part: str, inner: str, anchor: date) -> Window | None:
    """Early, mid and late X are X's first, middle and last thirds."""
    period = read_period(inner, anchor)
    if period is None:
        return None
    third = _PART_NAMES[part]
    earliest, latest = _third(period.earliest, period.latest, third)
    word = ("the early part", "the middle", "the late part")[third]
    return Window(earliest, latest, period.precision, f"{word} of {period.rule} (a third of it)",
                  round(min(period.confidence, 0.85) * 0.75, 2))  # fmt: skip


def _third(earliest: date, latest: date, index: int) -> tuple[date, date]:
    months = (latest.year - earliest.year) * 12 + latest.month - earliest.month + 1
    if earliest.day == 1 and months % 3 == 0 and months >= 3:
        step = months // 3  # whole months: a year splits Jan-Apr, May-Aug, Sep-Dec
        start = earliest + relativedelta(months=step * index)
        return start, start + relativedelta(months=step) - timedelta(days=1)
    if earliest.day == 1 and months == 1:
        cuts = ((1, 10), (11, 20), (21, latest.day))  # a month splits 1-10, 11-20, 21-end
        first, last = cuts[index]
        return earliest.replace(day=first), earliest.replace(day=last)
    days = (latest - earliest).days + 1
    start = earliest + timedelta(days=days * index // 3)
    end = earliest + timedelta(days=days * (index + 1) // 3 - 1)
    return start, max(start, end)


# ---- explicit dates


def _iso_date(text: str, anchor: date) -> Window | None:
    match = re.fullmatch(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})", text)
    if not match:
        return None
    day = _real_date(int(match[1]), int(match[2]), int(match[3]), text)
    return Window(day, day, "day", f"the date {day.isoformat()}", 1.0)


def _numeric_date(text: str, anchor: date) -> Window | None:
    """Slashed day/month/year: read only when one of the first two numbers exceeds 12."""
    match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
    if not match:
        return None
    first, second, year = int(match[1]), int(match[2]), int(match[3])
    if first > 12 and second > 12:
        raise _Refusal(f"{_shown(text)} is not a date: neither {first} nor {second} is a month")
    if first <= 12 and second <= 12 and first != second:
        raise _Refusal(f"{_shown(text)} is ambiguous: it could be month/day or day/month; write it as YYYY-MM-DD")
    month, day = (first, second) if second > 12 or first == second else (second, first)
    when = _real_date(year, month, day, text)
    order = "month/day/year" if (month, day) == (first, second) and first != second else "day/month/year"
    return Window(when, when, "day", f"the date {when.isoformat()} ({order}, the only order that fits)", 0.9)


def _day_month(text: str, anchor: date) -> Window | None:
    text = re.sub(r"^(?:" + "|".join(WEEKDAYS) + r"),?\s+", "", text)
    match = re.fullmatch(r"(?:the )?(?P<day>\d{1,2})(?:st|nd|rd|th)?(?: of)? " + _MONTH + r"(?:,? (?P<y>\d{4}))?", text)
    match = match or re.fullmatch(_MONTH + r" (?P<day>\d{1,2})(?:st|nd|rd|th)?(?:,? (?P<y>\d{4}))?", text)
    if not match:
        return None
    month, day = MONTHS[match["month"]], int(match["day"])
    if match["y"]:
        when = _real_date(int(match["y"]), month, day, text)
        return Window(when, when, "day", f"the date {when.isoformat()}", 1.0)
    when = _next_day_of_year(month, day, anchor, text)
    return Window(when, when, "day", f"the next {calendar.month_name[month]} {day} on or after {anchor}", 0.9)


def _next_day_of_year(month: int, day: int, anchor: date, text: str) -> date:
    for year in range(anchor.year, anchor.year + 9):  # 9 years always include a leap year
        try:
            when = date(year, month, day)
        except ValueError:
            continue
        if when >= anchor:
            return when
    raise _Refusal(f"{_shown(text)} is not a real calendar date")


def _real_date(year: int, month: int, day: int, text: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise _Refusal(f"{_shown(text)} is not a real calendar date") from None


def _weekday(text: str, anchor: date) -> Window | None:
    match = re.fullmatch(r"(?:(this|next|the coming) )?(" + "|".join(WEEKDAYS) + ")", text)
    if not match:
        return None
    target = WEEKDAYS[match[2]]
    ahead = (target - anchor.weekday() - 1) % 7 + 1  # strictly after the anchor
    when = anchor + timedelta(days=ahead)
    name = calendar.day_name[target]
    return Window(when, when, "day", f"the first {name} after {anchor}", 0.6 if match[1] == "next" else 0.8)


# ---- months, quarters, halves, seasons, years


_MONTH_RE = re.compile(
    r"(?:(?P<rel>this|next|the month of|the coming) )?" + _MONTH + r"(?: (?:of )?" + _YEAR_REF + ")?"
)


def _month(text: str, anchor: date) -> Window | None:
    match = _MONTH_RE.fullmatch(text)
    if not match:
        return None
    month = MONTHS[match["month"]]
    name = calendar.month_name[month]
    return _occurrence(lambda year: _month_bounds(year, month), match["year"], match["rel"], anchor, "month", name)


def _iso_month(text: str, anchor: date) -> Window | None:
    match = re.fullmatch(r"(\d{4})-(\d{1,2})", text)
    if not match:
        return None
    year, month = int(match[1]), int(match[2])
    if not 1 <= month <= 12:
        raise _Refusal(f"{_shown(text)} has no month {month}")
    earliest, latest = _month_bounds(year, month)
    return Window(earliest, latest, "month", f"the month {year}-{month:02d}", 1.0)


def _quarter(text: str, anchor: date) -> Window | None:
    year_tail = r"(?:(?: of)? " + _YEAR_REF + ")?"
    patterns = (
        r"(?:the )?(?P<ord>first|second|third|fourth|last|final|1st|2nd|3rd|4th) quarter" + year_tail,
        r"q(?P<q>[1-4])(?:[ -]?(?:of )?" + _YEAR_REF + ")?",
        r"(?P<year>\d{4})[ -]?q(?P<q>[1-4])",
        r"(?P<q>[1-4])q[ -]?(?P<year>\d{4})",
    )
    match = _first_match(patterns, text)
    if not match:
        return None
    groups = match.groupdict()
    q = int(groups["q"]) if groups.get("q") else ORDINALS.get(groups["ord"], 4)
    return _occurrence(lambda year: _quarter_bounds(year, q), match["year"], None, anchor, "quarter", f"quarter {q}")


def _half(text: str, anchor: date) -> Window | None:
    year_tail = r"(?:(?: of)? " + _YEAR_REF + ")?"
    patterns = (
        r"(?:the )?(?P<ord>first|second|latter|last|final|1st|2nd) half" + year_tail,
        r"h(?P<h>[12])(?:[ -]?(?:of )?" + _YEAR_REF + ")?",
        r"(?P<year>\d{4})[ -]?h(?P<h>[12])",
        r"(?P<h>[12])h[ -]?(?P<year>\d{4})",
    )
    match = _first_match(patterns, text)
    if not match:
        return None
    groups = match.groupdict()
    half = int(groups["h"]) if groups.get("h") else (1 if groups["ord"] in ("first", "1st") else 2)
    bounds = (lambda year: (date(year, 1, 1), date(year, 6, 30))) if half == 1 else (
        lambda year: (date(year, 7, 1), date(year, 12, 31)))  # fmt: skip
    return _occurrence(bounds, match["year"], None, anchor, "half", f"half {half}")


def _season(text: str, anchor: date) -> Window | None:
    match = re.fullmatch(r"(?:(?P<rel>this|next|the coming|the) )?(?P<season>spring|summer|autumn|fall|winter)"
                         r"(?: (?:of )?" + _YEAR_REF + ")?", text)  # fmt: skip
    if not match:
        return None
    first, count = SEASONS[match["season"]]

    def bounds(year: int) -> tuple[date, date]:
        start = date(year, first, 1)
        return start, start + relativedelta(months=count) - timedelta(days=1)

    rel = None if match["rel"] == "the" else match["rel"]
    window = _occurrence(bounds, match["year"], rel, anchor, "season", match["season"])
    # Seasons are loose in everyday use, and winter straddles two years.
    return Window(window.earliest, window.latest, "season", window.rule + " (northern hemisphere)",
                  round(window.confidence * 0.8, 2))  # fmt: skip


def _year(text: str, anchor: date) -> Window | None:
    match = re.fullmatch(r"(?:the (?:calendar )?year )?(\d{4})|(this|next|the|the current|the following) year",
                         text)  # fmt: skip
    if not match:
        return None
    year = int(match[1]) if match[1] else _relative_year(match[2] + " year", anchor)
    confidence = 0.95 if match[1] else 0.9
    return Window(date(year, 1, 1), date(year, 12, 31), "year", f"the year {year}", confidence)


def _decade(text: str, anchor: date) -> Window | None:
    match = re.fullmatch(r"(?:the )?(\d{3}0)s|(this|next|the|the current|the coming) decade", text)
    if not match:
        return None
    if match[1]:
        start = int(match[1])
    else:
        start = anchor.year - anchor.year % 10 + (10 if match[2] in ("next", "the coming") else 0)
    return Window(date(start, 1, 1), date(start + 9, 12, 31), "decade", f"the {start}s", 0.6)


# ---- named relative periods


def _named_period(text: str, anchor: date) -> Window | None:
    if text in ("today", "tonight", "the end of the day", "close of business"):
        return Window(anchor, anchor, "day", f"the day of writing, {anchor}", 0.95)
    if text == "tomorrow":
        day = anchor + timedelta(days=1)
        return Window(day, day, "day", f"the day after {anchor}", 0.95)
    match = re.fullmatch(r"(this|next|the|the current|the next|the coming|the following) (week|month|quarter)", text)
    if not match:
        return None
    step = 0 if match[1] in ("this", "the", "the current") else 1
    unit = match[2]
    earliest, latest = _unit_bounds(unit, anchor, step)
    kind = "ISO week (Monday to Sunday)" if unit == "week" else f"calendar {unit}"
    where = "after the one containing" if step else "containing"
    return Window(earliest, latest, unit, f"the {kind} {where} {anchor}", 0.9)


def _unit_bounds(unit: str, anchor: date, step: int) -> tuple[date, date]:
    if unit == "week":
        monday = anchor - timedelta(days=anchor.weekday()) + timedelta(weeks=step)
        return monday, monday + timedelta(days=6)
    if unit == "month":
        first = anchor.replace(day=1) + relativedelta(months=step)
        return _month_bounds(first.year, first.month)
    if unit == "quarter":
        first = date(anchor.year, 3 * ((anchor.month - 1) // 3) + 1, 1) + relativedelta(months=3 * step)
        return _quarter_bounds(first.year, (first.month - 1) // 3 + 1)
    return date(anchor.year + step, 1, 1), date(anchor.year + step, 12, 31)


def _later_this(text: str, anchor: date) -> Window | None:
    match = re.fullmatch(r"later (?:this|in the) (week|month|quarter|year)", text)
    if not match:
        return None
    _, latest = _unit_bounds(match[1], anchor, 0)
    earliest = min(anchor + timedelta(days=1), latest)
    return Window(earliest, latest, match[1], f"after {anchor} and before the end of its {match[1]}", 0.8)


_PERIOD_READERS: tuple[Callable[[str, date], Window | None], ...] = (
    _iso_date, _numeric_date, _iso_month, _day_month, _month, _quarter, _half, _season, _year,
    _decade, _named_period, _later_this, _weekday,
)  # fmt: skip


# ---- spans of time from the anchor


def _read_span(text: str, anchor: date, lead: str) -> Window | None:
    """'ten days', 'the next four weeks', 'three months from now' -> the day the span ends."""
    match = re.fullmatch(r"(?:the )?(?:next |coming |following )?" + _COUNT + r" " + _UNIT
                         + r"(?:'s? time| time| from now| from today| ahead| hence)?", text)  # fmt: skip
    if not match:
        return None
    count_text, unit = match["count"], match["unit"]
    vague = count_text in VAGUE_COUNTS
    count = VAGUE_COUNTS[count_text] if vague else parse_count(count_text)
    if count is None or count <= 0 or count > 100:
        return None
    latest = anchor + _span_delta(count, unit)
    if vague:
        return Window(anchor, latest, "vague", f"a vague span: up to {count} {unit} after {anchor}", 0.4)
    # A counted span names one day, like "the end of March" does: the day it runs out.
    how = "within" if lead == "within" else f"'{lead or 'in'}' read as within"
    confidence = 0.9 if lead == "within" else 0.7
    return Window(latest, latest, "day", f"{how} {count_text} {unit} of {anchor}, so by {latest}", confidence)


def _span_delta(count: int, unit: str) -> timedelta | relativedelta:
    word = unit.split()[-1].rstrip("s")
    if unit.startswith(("business", "working")):
        return timedelta(days=math.ceil(count * 7 / 5))  # five working days to a calendar week
    return {
        "day": timedelta(days=count),
        "week": timedelta(weeks=count),
        "fortnight": timedelta(weeks=2 * count),
        "month": relativedelta(months=count),
        "quarter": relativedelta(months=3 * count),
        "year": relativedelta(years=count),
        "decade": relativedelta(years=10 * count),
    }[word]


def parse_count(text: str) -> int | None:
    """'7', 'seven', 'twenty-one', 'a' -> the number; anything else -> None."""
    if text.isdigit():
        return int(text)
    text = text.replace("-", " ")
    if text in NUMBER_WORDS:
        return NUMBER_WORDS[text]
    parts = text.split()
    if len(parts) == 2 and parts[0] in ("twenty", *_TENS) and 0 < NUMBER_WORDS.get(parts[1], 0) < 10:
        return NUMBER_WORDS[parts[0]] + NUMBER_WORDS[parts[1]]
    return None


# Vague horizons: (pattern, how far ahead, confidence).
_VAGUE = (
    (r"(?:the )?(?:coming|next few) days|the days ahead", timedelta(days=14), 0.4),
    (r"(?:the )?(?:coming|next few) weeks|the weeks ahead", timedelta(weeks=8), 0.3),
    (r"(?:the )?(?:coming|next few) months|the months ahead", relativedelta(months=6), 0.3),
    (r"(?:the )?(?:coming|next few) years|the years ahead", relativedelta(years=5), 0.2),
    (r"(?:the )?(?:coming|next) (?:12|twelve) months|the coming year|the year ahead", relativedelta(years=1), 0.5),
    (r"soon|shortly|the near future|the near term|the short term", relativedelta(months=6), 0.2),
    (r"due course|the medium term", relativedelta(years=2), 0.1),
)


def _read_vague(text: str, anchor: date) -> Window | None:
    for pattern, ahead, confidence in _VAGUE:
        if re.fullmatch(pattern, text):
            latest = anchor + ahead
            return Window(anchor, latest, "vague", f"a vague horizon: {anchor} to {latest}", confidence)
    return None


# --------------------------------------------------------------------------- helpers


def _occurrence(
    bounds: Callable[[int], tuple[date, date]],
    year_text: str | None,
    relation: str | None,
    anchor: date,
    precision: str,
    name: str,
) -> Window:
    """The period in the stated year, or else the next one ("next": the next one starting after the anchor)."""
    if year_text:
        year = _relative_year(year_text, anchor)
        earliest, latest = bounds(year)
        return Window(earliest, latest, precision, f"{name} of {year}", 0.95)
    for year in range(anchor.year - 1, anchor.year + 3):
        earliest, latest = bounds(year)
        if relation in ("next", "the coming"):
            if earliest > anchor:
                return Window(earliest, latest, precision, f"the first {name} starting after {anchor}", 0.75)
        elif latest >= anchor:
            return Window(earliest, latest, precision, f"the next {name} ending on or after {anchor}", 0.85)
    raise _Refusal(f"no {name} follows {anchor}")  # unreachable for real calendars


def _relative_year(text: str, anchor: date) -> int:
    if text.isdigit():
        return int(text)
    return anchor.year + (1 if text in ("next year", "the following year") else 0)


def _month_bounds(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    return date(year, 3 * quarter - 2, 1), _month_bounds(year, 3 * quarter)[1]


def _day_before(window: Window) -> Window:
    day = window.earliest - timedelta(days=1)
    return Window(day, day, "day", f"the day before {window.earliest.isoformat()}", window.confidence)


def _first_match(patterns: tuple[str, ...], text: str) -> re.Match[str] | None:
    for pattern in patterns:
        if match := re.fullmatch(pattern, text):
            return match
    return None


def _shown(text: str) -> str:
    return repr(text if len(text) <= 60 else text[:59] + "…")
