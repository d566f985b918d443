"""One temporal grammar: canonical tokens + a reference date -> a window with a direction.

``read_tokens(tokens, reference, lean, words)`` reads a whole expression that has
already been rewritten into canonical tokens (``ledger.reading.tokens``).  The
grammar is a list of patterns over the space-joined token string; a pattern never
mentions a word of any language, only tokens such as ``month:4`` or ``unit:week``.

``lean`` says where an expression that does not fix its own place in time
("August", "Thursday", "the third quarter") goes: ``future`` (the next one, as a
deadline means), ``past`` (the last one, as a report means) or ``nearest``.

Windows are inclusive ranges of days; the direction compares the window with the
reference day: ``past`` ends before it, ``future`` starts after it, ``current``
contains it.  Nothing here raises on odd input: a pattern that cannot be read
returns None.
"""

from __future__ import annotations

import calendar
import math
import re
import string
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, timedelta
from functools import lru_cache

from attrs import evolve, frozen
from dateutil.relativedelta import relativedelta

from ledger.reading.words import LanguageWords

LEANS = ("future", "past", "nearest")
MIN_YEAR, MAX_YEAR = 1000, 2999


@frozen
class TimeReading:
    """A date expression read relative to a reference day."""

    earliest: date
    latest: date
    precision: str  # day, week, month, quarter, half, season, year, decade, century, vague
    direction: str  # past, current, future
    rule: str  # how it was read, in words
    confidence: float
    value: str  # TimeML TIMEX3 value of the period named ("1998-08-07", "1998-Q3", "PAST_REF")
    lead: str = ""  # the introducing word's meaning ("by", "before", "within"), if any


def direction_of(earliest: date, latest: date, reference: date) -> str:
    if latest < reference:
        return "past"
    if earliest > reference:
        return "future"
    return "current"


# --------------------------------------------------------------------------- periods


@frozen
class _Period:
    earliest: date
    latest: date
    precision: str
    value: str
    rule: str
    confidence: float


def _month_bounds(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _month(year: int, month: int) -> _Period:
    first, last = _month_bounds(year, month)
    return _Period(first, last, "month", f"{year}-{month:02d}", f"{calendar.month_name[month]} {year}", 0.9)


def _quarter(year: int, q: int) -> _Period:
    first = date(year, 3 * q - 2, 1)
    return _Period(first, _month_bounds(year, 3 * q)[1], "quarter", f"{year}-Q{q}", f"quarter {q} of {year}", 0.9)


def _half(year: int, h: int) -> _Period:
    first, last = (date(year, 1, 1), date(year, 6, 30)) if h == 1 else (date(year, 7, 1), date(year, 12, 31))
    return _Period(first, last, "half", f"{year}-H{h}", f"half {h} of {year}", 0.9)


def _year(year: int) -> _Period:
    return _Period(date(year, 1, 1), date(year, 12, 31), "year", f"{year:04d}", f"the year {year}", 0.95)


def _decade(start: int) -> _Period:
    return _Period(date(start, 1, 1), date(start + 9, 12, 31), "decade", f"{start // 10:03d}", f"the {start}s", 0.8)


def _century(start: int) -> _Period:
    return _Period(date(start, 1, 1), date(start + 99, 12, 31), "century", f"{start // 100:02d}",
                   f"the {start}s century", 0.7)  # fmt: skip


def _day(day: date, rule: str = "", confidence: float = 0.95) -> _Period:
    return _Period(day, day, "day", day.isoformat(), rule or f"the day {day.isoformat()}", confidence)


def _week(monday: date) -> _Period:
    iso = monday.isocalendar()
    return _Period(monday, monday + timedelta(days=6), "week", f"{iso[0]}-W{iso[1]:02d}",
                   f"the week of Monday {monday.isoformat()}", 0.9)  # fmt: skip


_SEASON_START = {"spring": 3, "summer": 6, "autumn": 9, "winter": 12}
_SEASON_CODE = {"spring": "SP", "summer": "SU", "autumn": "FA", "winter": "WI"}


def _season(year: int, season: str) -> _Period:
    first = date(year, _SEASON_START[season], 1)
    last = first + relativedelta(months=3) - timedelta(days=1)
    return _Period(first, last, "season", f"{year}-{_SEASON_CODE[season]}",
                   f"{season} {year} (northern hemisphere, meteorological)", 0.7)  # fmt: skip


# The month a fiscal year starts in. A fiscal year is named by the calendar year in which it ends:
# with a start in October (the US federal government), fiscal 2026 runs from 1 October 2025 to
# 30 September 2026; with the default, January, a fiscal year is the calendar year.
_FISCAL_START: ContextVar[int] = ContextVar("fiscal_year_start", default=1)
FEDERAL_FISCAL_START = 10


@contextmanager
def fiscal_year_start(month: int | None) -> Iterator[None]:
    """Read fiscal years and quarters, inside the block, as starting in ``month`` (1-12; None keeps the current)."""
    if month is None:
        yield
        return
    if not 1 <= month <= 12:
        raise ValueError(f"a fiscal year starts in a month from 1 to 12, not {month}")
    token = _FISCAL_START.set(month)
    try:
        yield
    finally:
        _FISCAL_START.reset(token)


def _fiscal_bounds(year: int) -> tuple[date, date, str]:
    start = _FISCAL_START.get()
    if start == 1:
        return date(year, 1, 1), date(year, 12, 31), "the calendar year"
    first = date(year - 1, start, 1)
    last = date(year, start, 1) - timedelta(days=1)
    owner = "US federal: " if start == FEDERAL_FISCAL_START else ""
    return first, last, f"{owner}{first:%B %Y} to {last:%B %Y}"


def _fiscal_year(year: int) -> _Period:
    first, last, span = _fiscal_bounds(year)
    value = f"{year}" if _FISCAL_START.get() == 1 else f"FY{year}"
    return _Period(first, last, "fiscal_year", value, f"fiscal {year} ({span})", 0.7)


def _fiscal_quarter(year: int, q: int) -> _Period:
    start, _, span = _fiscal_bounds(year)
    first = start + relativedelta(months=3 * (q - 1))
    last = first + relativedelta(months=3) - timedelta(days=1)
    value = f"{year}-Q{q}" if _FISCAL_START.get() == 1 else f"FY{year}-Q{q}"
    return _Period(first, last, "quarter", value, f"quarter {q} of fiscal {year} ({span})", 0.6)


def _fiscal_year_of(day: date) -> int:
    """The fiscal year a day falls in."""
    start = _FISCAL_START.get()
    return day.year + (1 if start > 1 and day.month >= start else 0)


_UNIT_PERIOD: dict[str, Callable[[date], _Period]] = {
    "day": lambda d: _day(d),
    "week": lambda d: _week(d - timedelta(days=d.weekday())),
    "weekend": lambda d: _weekend(d - timedelta(days=d.weekday())),
    "month": lambda d: _month(d.year, d.month),
    "quarter": lambda d: _quarter(d.year, (d.month - 1) // 3 + 1),
    "half": lambda d: _half(d.year, 1 if d.month <= 6 else 2),
    "year": lambda d: _year(d.year),
    "decade": lambda d: _decade(d.year - d.year % 10),
    "century": lambda d: _century(d.year - d.year % 100),
    "fiscal_year": lambda d: _fiscal_year(_fiscal_year_of(d)),
}
_UNIT_STEP = {
    "hour": relativedelta(hours=1), "day": relativedelta(days=1), "business_day": relativedelta(days=1),
    "week": relativedelta(weeks=1), "weekend": relativedelta(weeks=1), "fortnight": relativedelta(weeks=2),
    "month": relativedelta(months=1), "quarter": relativedelta(months=3), "half": relativedelta(months=6),
    "year": relativedelta(years=1), "fiscal_year": relativedelta(years=1), "decade": relativedelta(years=10),
    "century": relativedelta(years=100),
}  # fmt: skip


def _weekend(monday: date) -> _Period:
    saturday = monday + timedelta(days=5)
    iso = monday.isocalendar()
    return _Period(saturday, saturday + timedelta(days=1), "weekend", f"{iso[0]}-W{iso[1]:02d}-WE",
                   f"the weekend of {saturday.isoformat()}", 0.9)  # fmt: skip


def _span(first: _Period, second: _Period, rule: str) -> _Period:
    earliest, latest = min(first.earliest, second.earliest), max(first.latest, second.latest)
    same = first.precision == second.precision and first.value == second.value
    precision = first.precision if same else "range"  # two quarters are not one quarter
    return _Period(earliest, latest, precision, first.value if first.value == second.value else "", rule,
                   min(first.confidence, second.confidence) * 0.9)  # fmt: skip


# --------------------------------------------------------------------------- choosing a year


def _place(make: Callable[[int], _Period], reference: date, lean: str, name: str) -> _Period:
    """The occurrence of a yearly period the lean asks for: the next, the last, or the nearest."""
    candidates = [p for p in (make(year) for year in range(reference.year - 4, reference.year + 5)) if p]
    if lean == "future":
        chosen = next(p for p in candidates if p.latest >= reference)
        ending = "" if chosen.precision == "day" else "ending "
        how = f"the next {name} {ending}on or after {reference}"
    elif lean == "past":
        chosen = [p for p in candidates if p.earliest <= reference][-1]
        how = f"the last {name} begun by {reference}"
    else:
        # News reports more than it announces: a later occurrence must be twice as near to be chosen.
        chosen = min(
            candidates, key=lambda p: abs((_middle(p) - reference).days) * (2 if p.earliest > reference else 1)
        )
        how = f"the {name} nearest to {reference}"
    return evolve(chosen, rule=how, confidence=round(chosen.confidence - 0.05, 2))


def _middle(period: _Period) -> date:
    return period.earliest + (period.latest - period.earliest) / 2


def _relative(make: Callable[[int], _Period], relation: str, reference: date, name: str,
              lean: str) -> _Period | None:  # fmt: skip
    """this/next/last/coming/previous <yearly period>, e.g. 'last August', 'next spring'."""
    candidates = [make(year) for year in range(reference.year - 2, reference.year + 3)]
    if relation in ("this", "current", "same"):
        containing = [p for p in candidates if p.earliest <= reference <= p.latest]
        if containing:
            return evolve(containing[0], rule=f"the {name} containing {reference}")
        return evolve(make(reference.year), rule=f"this {name}: the one of {reference.year}", confidence=0.8)
    if relation in ("next", "coming", "following"):
        chosen = next(p for p in candidates if p.earliest > reference)
        return evolve(chosen, rule=f"the first {name} starting after {reference}", confidence=0.8)
    if relation in ("last", "previous"):
        chosen = [p for p in candidates if p.latest < reference][-1]
        return evolve(chosen, rule=f"the last {name} over before {reference}", confidence=0.8)
    return None


def _unit_relative(unit: str, relation: str, reference: date) -> _Period | None:
    """this/next/last week, month, quarter, year ..."""
    if unit not in _UNIT_PERIOD:
        return None
    step = {"this": 0, "current": 0, "same": 0, "next": 1, "coming": 1, "following": 1, "last": -1,
            "previous": -1, "latest": -1}.get(relation)  # fmt: skip
    if step is None:
        return None
    period = _UNIT_PERIOD[unit](reference + _UNIT_STEP[unit] * step)
    where = {0: "containing", 1: "after the one containing", -1: "before the one containing"}[step]
    return evolve(period, rule=f"the {unit.replace('_', ' ')} {where} {reference}")


# --------------------------------------------------------------------------- the grammar


Reader = Callable[[re.Match[str], date, str, LanguageWords], _Period | None]
_RULES: list[tuple[re.Pattern[str], Reader]] = []


def rule(pattern: str) -> Callable[[Reader], Reader]:
    def register(reader: Reader) -> Reader:
        _RULES.append((re.compile(pattern), reader))
        return reader

    return register


_Y = r"(?P<y>\d{4})"
_Y2 = r"(?P<y2>\d{4})"
_D = r"(?P<d>\d{1,2})(?:st|nd|rd|th)?"
_M = r"month:(?P<m>\d{1,2})"
_YS = r"(?: yearword| unit:year)?"


def _year_of(match: re.Match[str], name: str = "y") -> int | None:
    text = match.groupdict().get(name)
    if not text:
        return None
    year = int(text)
    return year if MIN_YEAR <= year <= MAX_YEAR else None


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


# ---- explicit dates


@rule(r"(?P<y>\d{4})[-/](?P<m>\d{1,2})[-/](?P<d>\d{1,2})")
def _iso_date(m: re.Match[str], ref: date, lean: str, words: LanguageWords) -> _Period | None:
    day = _safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
    return _day(day, confidence=1.0) if day else None


@rule(r"(?P<y>\d{4})-(?P<m>\d{1,2})")
def _iso_month(m: re.Match[str], ref: date, lean: str, words: LanguageWords) -> _Period | None:
    month = int(m["m"])
    return evolve(_month(int(m["y"]), month), confidence=1.0) if 1 <= month <= 12 else None


@rule(r"(?P<a>\d{1,2})\.(?P<b>\d{1,2})\.(?P<y>\d{4})" + _YS)
def _dotted_date(m: re.Match[str], ref: date, lean: str, words: LanguageWords) -> _Period | None:
    day = _safe_date(int(m["y"]), int(m["b"]), int(m["a"]))  # day.month.year everywhere dots are used
    return _day(day, confidence=0.95) if day else None


@rule(r"(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{2}|\d{4})")
def _slashed_date(m: re.Match[str], ref: date, lean: str, words: LanguageWords) -> _Period | None:
    first, second, year = int(m["a"]), int(m["b"]), int(m["y"])
    if year < 100:
        year += 1900 if year > (ref.year % 100) + 5 else 2000
    if first > 12 >= second:
        month, day = second, first
    elif second > 12 >= first or first == second:
        month, day = first, second
    elif words.numeric_order == "dmy":
        month, day = second, first
    elif words.numeric_order == "mdy":
        month, day = first, second
    else:
        return None  # 4/5/2025: April 5 or 4 May; refused
    when = _safe_date(year, month, day)
    return _day(when, confidence=0.9) if when else None


@rule(r"(?:weekday:\d (?:, )?)?" + _M + r" " + _D + r"(?: ,)? " + _Y + _YS)
@rule(r"(?:weekday:\d (?:, )?)?" + _D + r" (?:of )?" + _M + r"(?: ,)? " + _Y + _YS)
def _full_date(m: re.Match[str], ref: date, lean: str, words: LanguageWords) -> _Period | None:
    year = _year_of(m)
    day = _safe_date(year, int(m["m"]), int(m["d"])) if year else None
    return _day(day, confidence=1.0) if day else None


@rule(r"(?:weekday:(?P<w>\d) (?:, )?)?" + _M + r" " + _D)
@rule(r"(?:weekday:(?P<w>\d) (?:, )?)?(?:ord:)?" + _D + r" (?:of )?" + _M)
def _day_month(m: re.Match[str], ref: date, lean: str, words: LanguageWords) -> _Period | None:
    month, day_number = int(m["m"]), int(m["d"])
    if not 1 <= day_number <= 31:
        return None

    def make(year: int) -> _Period | None:
        day = _safe_date(year, month, day_number)
        return _day(day) if day else None

    if m["w"] is not None:  # "Friday, Aug. 7": the year in which that day is that weekday, nearest first
        for year in sorted(range(ref.year - 3, ref.year + 4), key=lambda y: abs(y - ref.year)):
            day = _safe_date(year, month, day_number)
            if day and day.weekday() == int(m["w"]):
                return _day(
                    day, f"{calendar.month_name[month]} {day_number} that is a {calendar.day_name[day.weekday()]}"
                )
    if _safe_date(2024, month, day_number) is None:
        return None
    return _place(make, ref, lean, f"{calendar.month_name[month]} {day_number}")


@rule(_M + r" " + _D + r" rel:(?P<ry>this|next|last|current|previous|following|same) unit:year")
@rule(_D + r" (?:of )?" + _M + r" rel:(?P<ry>this|next|last|current|previous|following|same) unit:year")
def _day_month_of_year(m: re.Match[str], ref: date, lean: str, words: LanguageWords) -> _Period | None:
    """'1 августа этого года', 'June 1 next year': the day in the year named relative to the reference."""
    shift = {"this": 0, "current": 0, "same": 0, "next": 1, "following": 1, "last": -1, "previous": -1}[m["ry"]]
    day = _safe_date(ref.year + shift, int(m["m"]), int(m["d"]))
    return _day(day, confidence=0.95) if day else None


# ---- days named relative to the reference


_NAMED_DAYS = {"today": 0, "tonight": 0, "tomorrow": 1, "yesterday": -1, "day_after_tomorrow": 2,
               "day_before_yesterday": -2}  # fmt: skip


@rule(r"day:(?P<n>\w+)")
def _named_day(m: re.Match[str], ref: date, lean: str, words: LanguageWords) -> _Period | None:
    offset = _NAMED_DAYS[m["n"]]
    return _day(ref + timedelta(days=offset), f"{m['n'].replace('_', ' ')}: {offset:+d} days from {ref}")


@rule(r"(?:rel:(?P<rel>this|next|last|coming|previous|following) )?weekday:(?P<w>\d)")
def _weekday(m: re.Match[str], ref: date, lean: str, words: LanguageWords) -> _Period | None:
    target, relation = int(m["w"]), m["rel"]
    name = calendar.day_name[target]
    ahead = (target - ref.weekday()) % 7  # 0..6 days ahead, 0 when the reference is that weekday
    behind = (ref.weekday() - target) % 7
    if relation in ("next", "coming", "following"):
        return _day(ref + timedelta(days=ahead or 7), f"the first {name} after {ref}", 0.8)
    if relation in ("last", "previous"):
        return _day(ref - timedelta(days=behind or 7), f"the last {name} before {ref}", 0.8)
    if relation == "this":
        return _day(ref + timedelta(days=ahead) if lean != "past" else ref - timedelta(days=behind),
                    f"{name} of the week of {ref}", 0.8)  # fmt: skip
    if lean == "past":
        return _day(ref - timedelta(days=behind), f"the last {name} on or before {ref}", 0.8)
    if lean == "future":
        return _day(ref + timedelta(days=ahead or 7), f"the first {name} after {ref}", 0.8)
    if ahead <= behind:
        return _day(ref + timedelta(days=ahead), f"the {name} nearest to {ref}", 0.7)
    return _day(ref - timedelta(days=behind), f"the {name} nearest to {ref}", 0.7)


# ---- months, seasons, holidays, quarters, halves, years


def _yearly(make: Callable[[int], _Period], name: str, m: re.Match[str], ref: date, lean: str) -> _Period | None:
    year = _year_of(m)
    if year:
        return make(year)
    relation = m.groupdict().get("rel")
    if m.groupdict().get("ty"):
        return make(ref.year)  # "the second half of the year": this year's
    if m.groupdict().get("ry"):
        shift = {"this": 0, "current": 0, "same": 0, "next": 1, "coming": 1, "following": 1, "last": -1,
                 "previous": -1}[m["ry"]]  # fmt: skip
        return make(ref.year + shift)
    if relation:
        return _relative(make, relation, ref, name, lean)
    return _place(make, ref, lean, name)


_REL = r"(?:rel:(?P<rel>this|next|last|coming|previous|following|current|same) )?"
_YEAR_TAIL = (
    r"(?: (?:of |in |lead:in )?(?:"
    + _Y
    + _YS
    + r"|rel:(?P<ry>this|next|last|current|previous|following|same) unit:year|(?P<ty>unit:year)))?"
)


@rule(_REL + _M + _YEAR_TAIL)
def _month_name(m: re.Match[str], ref: date, lean: str, words: LanguageWords) -> _Period | None:
    month = int(m["m"])
    return _yearly(lambda y: _month(y, month), calendar.month_name[month], m, ref, lean)


@rule(_REL + r"season:(?P<s>\w+)" + _YEAR_TAIL)
def _season_name(m: re.Match[str], ref: date, lean: str, words: LanguageWords) -> _Period | None:
    season = m["s"]
    return _yearly(lambda y: _season(y, season), season, m, ref, lean)


@rule(_REL + r"holiday:(?P<h>\S+)" + _YEAR_TAIL)
def _holiday(m: re.Match[str], ref: date, lean: str, words: LanguageWords) -> _Period | None:
    spec = words.holidays.get(m["h"])
    if spec is None:
        return None
    name = string.capwords(m["h"].replace("_", " ").removeprefix("the "))

    def make(year: int) -> _Period:
        return _holiday_period(spec, year, name)

    return _yearly(make, name, m, ref, lean)


def _holiday_period(spec, year: int, name: str) -> _Period:
    if spec.kind == "fixed":
        return _day(date(year, spec.month, spec.day), f"{name} {year}", 0.9)
    if spec.kind == "season":
        first = date(year, spec.month, spec.day)
        return _Period(first, first + timedelta(days=spec.days - 1), "season", f"{year}-{spec.month:02d}",
                       f"{name} {year}: {spec.days} days from {first}", 0.5)  # fmt: skip
    if spec.kind == "easter":
        from dateutil.easter import EASTER_ORTHODOX, EASTER_WESTERN, easter

        sunday = easter(year, EASTER_ORTHODOX if spec.name == "orthodox" else EASTER_WESTERN)
        return _day(sunday + timedelta(days=spec.day), f"{name} {year}", 0.9)
    day = _calendar_holiday(spec.country, spec.name, year)
    if day is None:
        raise _NotRead
    return _day(day, f"{name} {year} ({spec.country} calendar)", 0.9)


class _NotRead(Exception):
    """A pattern matched but its period does not exist (no such holiday that year)."""


@lru_cache(maxsize=512)
def _calendar_holiday(country: str, name: str, year: int) -> date | None:
    import holidays  # lazy: about 50 ms to import, and only holiday phrases need it

    try:
        table = holidays.country_holidays(country, years=year)
    except (NotImplementedError, KeyError, ValueError):
        return None
    for day, label in sorted(table.items()):
        if name.lower() in label.lower():
            return day
    return None


_ORD = r"(?:ord:(?P<o>-?\d+)|(?P<od>\d)(?:st|nd|rd|th)|rel:(?P<ol>last))"


def _ordinal(m: re.Match[str], top: int) -> int | None:
    if m.groupdict().get("ol"):
        return top  # "the last quarter of 2025"
    value = int(m["o"] if m["o"] is not None else m["od"])
    value = top if value == -1 else value
    return value if 1 <= value <= top else None


@rule(r"ord:(?P<h>[12]) unit:half (?:of |lead:in )(?P<rest>.+)")
def _half_of(m: re.Match[str], ref: date, lean: str, words: LanguageWords) -> _Period | None:
    """'the first half of December', 'the second half of the summer': a period cut in two."""
    inner = _read_core(tuple(m["rest"].split()), ref, lean, words)
    if inner is None or inner.precision in ("year", "day", "vague"):
        return None  # halves of years are read by the quarter-and-half rule
    days = (inner.latest - inner.earliest).days + 1
    middle = inner.earliest + timedelta(days=days // 2 - 1)
    first, last = (inner.earliest, middle) if m["h"] == "1" else (middle + timedelta(days=1), inner.latest)
    return _Period(first, last, inner.precision, inner.value, f"half {m['h']} of {inner.rule}", inner.confidence * 0.9)


@rule(
    r"(?:(?P<fis>fiscal) )?"
    + _ORD
    + r" unit:(?P<u>quarter|half|fiscal_quarter)"
    + r"(?:"
    + _YEAR_TAIL
    + r"| (?:of )?(?P<fis2>fiscal) (?:unit:year )?(?P<fy>\d{4}))"
)
def _ordinal_quarter(m: re.Match[str], ref: date, lean: str, words: LanguageWords) -> _Period | None:
    top = 4 if m["u"] != "half" else 2
    number = _ordinal(m, top)
    if number is None:
        return None
    if m["u"] == "half":
        return _yearly(lambda y: _half(y, number), f"half {number}", m, ref, lean)
    if m["fy"]:
        return _fiscal_quarter(int(m["fy"]), number)
    if m["fis"] or m["fis2"] or m["u"] == "fiscal_quarter":
        return _yearly(lambda y: _fiscal_quarter(y, number), f"fiscal quarter {number}", m, ref, lean)
    return _yearly(lambda y: _quarter(y, number), f"quarter {number}", m, ref, lean)


@rule(
    r"(?:(?P<y>\d{4}) |rel:(?P<ry>this|next|last|current|previous|following) unit:year 's )"
    + _ORD
    + r" unit:(?P<u>quarter|half)"
)
def _year_first_quarter(m: re.Match[str], ref: date, lean: str, words: LanguageWords) -> _Period | None:
    number = _ordinal(m, 4 if m["u"] == "quarter" else 2)
    if number is None:
        return None
    make = (lambda y: _quarter(y, number)) if m["u"] == "quarter" else (lambda y: _half(y, number))
    return _yearly(make, f"{m['u']} {number}", m, ref, lean)


@rule(r"rel:year_ago(?: " + _ORD + r")? unit:(?P<u>quarter|month|week|year|period)|rel:year_ago")
def _year_ago(m: re.Match[str], ref: date, lean: str, words: LanguageWords) -> _Period | None:
    """'the year-earlier quarter': the same period one year back ('the quarter' being the last one reported)."""
    unit = m["u"] or "year"
    if unit == "year" or unit == "period":
        return _year(ref.year - 1) if unit == "year" else None
    if unit == "quarter" and m["o"] is None and m["od"] is None:
        last = _unit_relative("quarter", "latest", ref)
        return _quarter(last.earliest.year - 1, (last.earliest.month - 1) // 3 + 1) if last else None
    if unit == "quarter":
        number = _ordinal(m, 4)
        return _quarter(ref.year - 1, number) if number else None
    return _UNIT_PERIOD[unit](ref - relativedelta(years=1))


def quarter_years_back(years: int, reference: date, rule: str) -> TimeReading:
    """The last completed quarter, ``years`` years back: "a year ago" in a quarterly earnings report."""
    last = _UNIT_PERIOD["quarter"](reference - relativedelta(months=3))
    period = _quarter(last.earliest.year - years, (last.earliest.month - 1) // 3 + 1)
    return TimeReading(period.earliest, period.latest, "quarter",
                       direction_of(period.earliest, period.latest, reference),
                       f"{rule}: the quarter compared, {period.value}", 0.7, period.value)  # fmt: skip


@rule(r"num:(?P<c>1\d|20) num:(?P<yy>\d{1,2})")
def _spoken_year(m: re.Match[str], ref: date, lean: str, words: LanguageWords) -> _Period | None:
    """'nineteen ninety-six' as said on air."""
    yy = int(m["yy"])
    return _year(int(m["c"]) * 100 + yy) if 10 <= yy <= 99 else None


@rule(r"decade:(?P<dd>\d0)")
def _decade_word(m: re.Match[str], ref: date, lean: str, words: LanguageWords) -> _Period | None:
    start = ref.year // 100 * 100 + int(m["dd"])
    return _decade(start - 100 if start > ref.year else start)


@rule(r"(?P<letter>[qh])(?P<n>[1-4])(?:(?: ,)? " + _Y + r"|(?: of)? rel:(?P<ry>this|next|last|current) unit:year)?")
@rule(r"(?P<y>\d{4})[ -]?(?P<letter>[qh])(?P<n>[1-4])")
@rule(r"(?P<n>[1-4])(?P<letter>[qh])(?: (?P<y>\d{4})|(?P<yy>\d{2}))?")
@rule(r"(?P<letter>[qh])(?P<n>[1-4])(?P<yy>\d{2})")
def _quarter_code(m: re.Match[str], ref: date, lean: str, words: LanguageWords) -> _Period | None:
    number = int(m["n"])
    if m["letter"] == "h" and number > 2:
        return None
    make = (lambda y: _quarter(y, number)) if m["letter"] == "q" else (lambda y: _half(y, number))
    if m.groupdict().get("yy"):
        return make(2000 + int(m["yy"]) if int(m["yy"]) < 70 else 1900 + int(m["yy"]))
    return _yearly(make, f"{m['letter'].upper()}{number}", m, ref, lean)


@rule(r"(?:unit:year )?" + _Y + _YS)
def _plain_year(m: re.Match[str], ref: date, lean: str, words: LanguageWords) -> _Period | None:
    year = _year_of(m)
    return _year(year) if year else None


@rule(r"(?:unit:year )?(?P<a>\d{4})/(?P<b>\d{2})")
def _split_year(m: re.Match[str], ref: date, lean: str, words: LanguageWords) -> _Period | None:
    first = int(m["a"])
    if (first + 1) % 100 != int(m["b"]):
        return None
    # "2025/26": a season or financial year across two calendar years, read as both.
    return _Period(date(first, 1, 1), date(first + 1, 12, 31), "range", f"{first}",
                   f"the years {first} and {first + 1}", 0.6)  # fmt: skip


@rule(
    r"fiscal (?:unit:year )?(?:(?P<y>\d{4})|(?P<yy>\d{2}))|fy(?P<fy>\d{4}|\d{2})|fy-(?P<fyd>\d{2,4})|unit:fiscal_year (?P<y2>\d{4})"
)
def _fiscal(m: re.Match[str], ref: date, lean: str, words: LanguageWords) -> _Period | None:
    text = m["y"] or m["yy"] or m["fy"] or m["fyd"] or m["y2"]
    year = int(text) if len(text) == 4 else (2000 + int(text) if int(text) < 70 else 1900 + int(text))
    return _fiscal_year(year) if MIN_YEAR <= year <= MAX_YEAR else None


@rule(r"(?P<c>\d{1,2})(?:st|nd|rd|th) unit:century|ord:(?P<co>\d+) unit:century")
def _century_name(m: re.Match[str], ref: date, lean: str, words: LanguageWords) -> _Period | None:
    number = int(m["c"] or m["co"])
    return _century((number - 1) * 100) if 1 <= number <= 30 else None


@rule(r"(?P<dec>\d{3}0)s|'(?P<short>\d)0s")
def _decade_name(m: re.Match[str], ref: date, lean: str, words: LanguageWords) -> _Period | None:
    if m["dec"]:
        return _decade(int(m["dec"]))
    start = ref.year // 100 * 100 + int(m["short"]) * 10
    return _decade(start - 100 if start > ref.year else start)


# ---- units relative to the reference: this week, next month, last year, the year


@rule(
    r"(?:rel:(?P<rel>this|next|last|coming|previous|following|current|same|latest) )?unit:(?P<u>week|weekend|month|quarter|half|year|decade|century|fiscal_year)(?: 's)?"
)
def _unit_named(m: re.Match[str], ref: date, lean: str, words: LanguageWords) -> _Period | None:
    relation = m["rel"] or "this"
    if not m["rel"] and lean == "past" and m["u"] == "quarter":
        relation = "latest"  # "losses in the quarter", reported after it closed: the last completed quarter
    if relation == "same":
        return None  # "the same month": the month of some other event, not of the reference
    period = _unit_relative(m["u"], relation, ref)
    if period is None:
        return None
    if not m["rel"]:
        period = evolve(period, confidence=0.7)  # "the year": this year, as newswire uses it
    return period


@rule(r"later (?:rel:this |lead:in |rel:current )?unit:(?P<u>week|month|quarter|year)")
def _later_this(m: re.Match[str], ref: date, lean: str, words: LanguageWords) -> _Period | None:
    period = _UNIT_PERIOD[m["u"]](ref)
    start = min(ref + timedelta(days=1), period.latest)
    return _Period(start, period.latest, m["u"], period.value, f"after {ref} and before the end of its {m['u']}", 0.8)


@rule(r"(?P<w>later|earlier) (?:lead:in |of )?(?P<rest>.+)")
def _later_earlier_in(m: re.Match[str], ref: date, lean: str, words: LanguageWords) -> _Period | None:
    """'later in 2021', 'earlier this year', 'earlier in the month': the part of the period after or before the reference."""
    rest = m["rest"]
    if rest.startswith("unit:") and " " not in rest:
        rest = "rel:this " + rest  # "later in the year": this year
    inner = _read_core(tuple(rest.split()), ref, "nearest", words)
    if inner is None or inner.precision in ("day", "vague", "span", "range"):
        return None
    if m["w"] == "later":
        first, last = max(inner.earliest, ref + timedelta(days=1)), inner.latest
        rule_text = f"after {ref} and before the end of {inner.rule}"
    else:
        first, last = inner.earliest, min(inner.latest, ref - timedelta(days=1))
        rule_text = f"from the start of {inner.rule} to the day before {ref}"
    if first > last:
        return evolve(inner, confidence=inner.confidence * 0.8)  # the whole period lies on the other side
    return _Period(first, last, inner.precision, inner.value, rule_text, inner.confidence * 0.85)


@rule(r"year_end(?: (?:of )?(?:" + _Y + r"|rel:(?P<ry>this|next|last|current|previous|following) unit:year))?")
def _year_end(m: re.Match[str], ref: date, lean: str, words: LanguageWords) -> _Period | None:
    year = _year_of(m)
    if year is None and m["ry"]:
        year = ref.year + {"this": 0, "current": 0, "next": 1, "following": 1, "last": -1, "previous": -1}[m["ry"]]
    if year is None:
        year = ref.year if not (lean == "past" and ref < date(ref.year, 12, 31)) else ref.year - 1
    day = date(year, 12, 31)
    return _Period(day, day, "day", day.isoformat(), f"the end of {year}: its last day", 0.85)


# ---- counted spans: three years ago, in two weeks, the past five years


def _count(text: str) -> float | None:
    if text.startswith("num:"):
        return float(text[4:])
    if text.startswith("count:vague:"):
        return None
    if text.isdigit():
        return float(text)
    return None


_N = r"(?P<n>num:[\d.]+|\d{1,4}|count:vague:\d+)"
_U = r"unit:(?P<u>hour|day|business_day|week|weekend|fortnight|month|quarter|half|year|fiscal_year|decade|century)"


def _step(unit: str, count: float) -> relativedelta | timedelta:
    if unit == "business_day":
        return timedelta(days=math.ceil(count * 7 / 5))
    if unit == "hour":
        return timedelta(hours=count)
    whole = int(count)
    step = _UNIT_STEP[unit] * whole
    if count != whole:  # "one and a half years": the half in days of the unit
        step = step + timedelta(days=round((count - whole) * {"day": 1, "week": 7, "fortnight": 14, "month": 30,
                                            "quarter": 91, "half": 182, "year": 365, "fiscal_year": 365,
                                            "decade": 3652, "century": 36524}.get(unit, 1)))  # fmt: skip
    return step


def _span_count(m: re.Match[str]) -> tuple[float, bool] | None:
    text = m["n"]
    if text.startswith("count:vague:"):
        return float(text.rsplit(":", 1)[1]), True
    count = _count(text)
    if count is None or not 0 < count <= 1000:
        return None
    return count, False


@rule(_N + r" " + _U + r" (?:ago|earlier)")
def _ago(m: re.Match[str], ref: date, lean: str, words: LanguageWords) -> _Period | None:
    taken = _span_count(m)
    if taken is None:
        return None
    count, vague = taken
    unit = m["u"]
    then = ref - _step(unit, count)
    then = then.date() if hasattr(then, "date") and not isinstance(then, date) else then
    if vague:
        return _Period(then, ref, "vague", "PAST_REF", f"some {unit}s before {ref}", 0.4)
    if unit in ("hour", "day", "business_day"):
        return _day(then, f"{count:g} {unit}s before {ref}", 0.9)
    granular = _UNIT_PERIOD.get(unit if unit != "fortnight" else "week")
    period = granular(then) if granular else _day(then)
    return evolve(period, rule=f"{count:g} {unit}s before {ref}: {period.rule}", confidence=0.8)


@rule(
    r"(?:(?:rel:(?P<rel>next|coming|following|previous|last) |ref:(?P<pastref>past) )?"
    + _N
    + r"|(?P<a>num:\d+|\d{1,4}) to (?P<b>num:\d+|\d{1,4})) "
    + _U
    + r"(?P<hence> hence| later)?"
)
def _counted_span(m: re.Match[str], ref: date, lean: str, words: LanguageWords) -> _Period | None:
    """A bare span: 'the next three months', 'seven to 10 days', 'two weeks from now'.

    Its window runs from the reference to where the span ends (backwards for 'the past
    five years'); a lead word ('within', 'in') decides later whether the end day alone is meant.
    """
    unit = m["u"]
    if m["a"]:
        low, high = _count(m["a"]), _count(m["b"])
        if low is None or high is None or not 0 < low <= high <= 1000:
            return None
        first, last = _as_date(ref + _step(unit, low)), _as_date(ref + _step(unit, high))
        return _Period(first, last, "span", "DURATION", f"{low:g} to {high:g} {unit}s after {ref}", 0.8)
    taken = _span_count(m)
    if taken is None:
        return None
    count, vague = taken
    backward = m["rel"] in ("previous", "last") or m["pastref"]
    end = None if backward else _as_date(ref + _step(unit, count))
    if end is None:
        start = _as_date(ref - _step(unit, count))
        return _Period(start, ref, "span", "PAST_REF", f"the {count:g} {unit}s up to {ref}", 0.8)
    if vague:
        return _Period(ref, end, "vague", "FUTURE_REF", f"up to {count:g} {unit}s after {ref}", 0.4)
    value = "FUTURE_REF" if m["rel"] or m["hence"] else "DURATION"
    return _Period(ref, end, "span", value, f"the {count:g} {unit}s after {ref}, to {end}",
                   0.9 if m["rel"] or m["hence"] else 0.75)  # fmt: skip


def _as_date(value: object) -> date:
    return value.date() if hasattr(value, "hour") else value  # type: ignore[union-attr, return-value]


# ---- weeks inside months: the second week of this month, the last week of December


@rule(
    _ORD.replace("(?P<o>", "(?P<o>")
    + r" unit:week (?:of |lead:in )?(?P<rest>.+)|rel:last unit:week (?:of |lead:in )?(?P<rest2>.+)"
)
def _week_of_month(m: re.Match[str], ref: date, lean: str, words: LanguageWords) -> _Period | None:
    inner = _read_core(tuple((m["rest"] or m["rest2"]).split()), ref, lean, words)
    if inner is None or inner.precision not in ("month",):
        return None
    if m["rest2"] is not None or m["ol"]:
        number = -1
    else:
        number = int(m["o"] if m["o"] is not None else m["od"])
    if number == -1:
        last = inner.latest
        return _Period(
            last - timedelta(days=6), last, "week", inner.value, f"the last seven days of {inner.rule}", 0.75
        )
    if not 1 <= number <= 5:
        return None
    first = inner.earliest + timedelta(days=7 * (number - 1))
    last = min(first + timedelta(days=6), inner.latest)
    if first > inner.latest:
        return None
    return _Period(first, last, "week", inner.value, f"days {first.day}-{last.day} of {inner.rule}", 0.75)


@rule(
    r"(?:ord:1|(?P<last>rel:last|ord:-1)) (?:num:(?P<n>\d+)|(?P<nd>\d)) unit:(?P<u>quarter|month|week|half)"
    r"(?: (?:of|lead:in) (?P<rest>.+))?"
)
def _first_units(m: re.Match[str], ref: date, lean: str, words: LanguageWords) -> _Period | None:
    """'the first two quarters of 1990', 'the last three months of the year'."""
    count = int(m["n"] or m["nd"])
    rest = m["rest"] or "rel:this unit:year"
    if rest == "unit:year":
        rest = "rel:this unit:year"
    inner = _read_core(tuple(rest.split()), ref, lean, words)
    if inner is None or not 1 <= count <= 12:
        return None
    step = _UNIT_STEP[m["u"]] * count
    if m["last"]:
        first = _as_date(inner.latest + timedelta(days=1) - step)
        return _Period(max(first, inner.earliest), inner.latest, "range", inner.value,
                       f"the last {count} {m['u']}s of {inner.rule}", inner.confidence * 0.9)  # fmt: skip
    last = _as_date(inner.earliest + step) - timedelta(days=1)
    return _Period(inner.earliest, min(last, inner.latest), "range", inner.value,
                   f"the first {count} {m['u']}s of {inner.rule}", inner.confidence * 0.9)  # fmt: skip


@rule(r"week_from (?P<rest>.+)")
def _week_from(m: re.Match[str], ref: date, lean: str, words: LanguageWords) -> _Period | None:
    """'the week beginning April 18', 'the week commencing 3 March': seven days from that day."""
    inner = _read_core(tuple(m["rest"].split()), ref, lean, words)
    if inner is None or inner.precision != "day":
        return None
    first = inner.earliest
    return _Period(first, first + timedelta(days=6), "week", f"{first.isocalendar()[0]}-W{first.isocalendar()[1]:02d}",
                   f"the seven days from {first}", inner.confidence * 0.95)  # fmt: skip


@rule(r"week_of (?P<rest>.+)")
def _week_of(m: re.Match[str], ref: date, lean: str, words: LanguageWords) -> _Period | None:
    inner = _read_core(tuple(m["rest"].split()), ref, lean, words)
    if inner is None or inner.precision != "day":
        return None
    return _week(inner.earliest - timedelta(days=inner.earliest.weekday()))


# ---- parts of a period: the end of March, early next year, mid-2025


@rule(r"edge:(?P<e>end|start|early|mid|late)(?: of| lead:in)? (?P<rest>.+)")
def _edge(m: re.Match[str], ref: date, lean: str, words: LanguageWords) -> _Period | None:
    rest = m["rest"]
    if rest.startswith("unit:") and " " not in rest:
        rest = "rel:this " + rest  # "the end of the year": this year
    inner = _read_core(tuple(rest.split()), ref, lean, words)
    if inner is None or inner.precision == "vague":
        return None
    edge = m["e"]
    if edge == "end" and inner.precision == "decade" and rest in ("rel:this unit:decade", "unit:decade"):
        # "The decade" is the calendar decade, so its end is its last year (docs/decisions.md).
        last = inner.latest.year
        return _Period(date(last, 1, 1), date(last, 12, 31), "decade", inner.value,
                       f"the end of {inner.rule}: the year {last}", 0.5)  # fmt: skip
    if edge == "end":
        day = inner.latest
        return _Period(day, day, "day", inner.value, f"the last day of {inner.rule}", min(inner.confidence, 0.9))
    if edge == "start" and inner.precision in ("day", "week"):
        return inner
    if edge == "start":
        day = inner.earliest
        return _Period(inner.earliest, _third(inner, 0)[1], inner.precision, inner.value,
                       f"the start of {inner.rule}", min(inner.confidence, 0.8) * 0.8)  # fmt: skip
    index = {"early": 0, "mid": 1, "late": 2}[edge]
    first, last = _third(inner, index)
    word = ("the early part", "the middle", "the late part")[index]
    return _Period(first, last, inner.precision, inner.value, f"{word} of {inner.rule} (a third of it)",
                   round(min(inner.confidence, 0.85) * 0.75, 2))  # fmt: skip


def _third(period: _Period, index: int) -> tuple[date, date]:
    earliest, latest = period.earliest, period.latest
    months = (latest.year - earliest.year) * 12 + latest.month - earliest.month + 1
    whole_months = earliest.day == 1 and (latest + timedelta(days=1)).day == 1  # not "early April" (1-10) again
    if whole_months and months % 3 == 0 and months >= 3:
        step = months // 3
        start = earliest + relativedelta(months=step * index)
        return start, start + relativedelta(months=step) - timedelta(days=1)
    if whole_months and months == 1:
        first, last = ((1, 10), (11, 20), (21, latest.day))[index]
        return earliest.replace(day=first), earliest.replace(day=last)
    days = (latest - earliest).days + 1
    start = earliest + timedelta(days=days * index // 3)
    return start, max(start, earliest + timedelta(days=days * (index + 1) // 3 - 1))


@rule(r"(?P<rest>.+) edge:end")
def _end_after(m: re.Match[str], ref: date, lean: str, words: LanguageWords) -> _Period | None:
    """'November-end', 'March end': the period's last day, written after it."""
    inner = _read_core(tuple(m["rest"].split()), ref, lean, words)
    if inner is None or inner.precision in ("vague", "day"):
        return None
    return _Period(inner.latest, inner.latest, "day", inner.value, f"the last day of {inner.rule}",
                   min(inner.confidence, 0.9))  # fmt: skip


# ---- vague references


_HORIZONS = {
    "days": timedelta(days=14), "weeks": timedelta(weeks=8), "months": relativedelta(months=6),
    "years": relativedelta(years=5), "near": relativedelta(months=6), "medium_term": relativedelta(years=2),
    "long_term": relativedelta(years=10), "due_course": relativedelta(years=2), "quarters": relativedelta(years=1),
}  # fmt: skip


@rule(r"horizon:(?P<h>\w+)")
def _horizon(m: re.Match[str], ref: date, lean: str, words: LanguageWords) -> _Period | None:
    end = _as_date(ref + _HORIZONS[m["h"]])
    return _Period(ref, end, "vague", "FUTURE_REF", f"a vague horizon: {ref} to {end}", 0.3)


@rule(r"unit:year_ahead")
def _year_ahead(m: re.Match[str], ref: date, lean: str, words: LanguageWords) -> _Period | None:
    end = ref + relativedelta(years=1)
    return _Period(ref, end, "vague", "FUTURE_REF", f"the year after {ref}", 0.5)


@rule(r"ref:(?P<r>present|past|future)")
def _reference(m: re.Match[str], ref: date, lean: str, words: LanguageWords) -> _Period | None:
    kind = m["r"]
    if kind == "present":
        return _Period(ref, ref, "vague", "PRESENT_REF", f"the present, {ref}", 0.6)
    if kind == "past":
        return _Period(ref - relativedelta(years=1), ref - timedelta(days=1), "vague", "PAST_REF",
                       f"the recent past before {ref}", 0.2)  # fmt: skip
    return _Period(ref + timedelta(days=1), ref + relativedelta(years=5), "vague", "FUTURE_REF",
                   f"the future after {ref}", 0.1)  # fmt: skip


# --------------------------------------------------------------------------- reading


_LEAD_RE = re.compile(r"^lead:(\w+) ")
_SPAN_LEADS = ("within", "in", "over", "for", "during", "next_to")


def read_tokens(tokens: tuple[str, ...], reference: date, lean: str, words: LanguageWords) -> TimeReading | None:
    """Read canonical ``tokens`` as one expression; None when they are not one."""
    text = " ".join(tokens)
    lead = ""
    while match := _LEAD_RE.match(text):
        lead = lead or match[1]
        text = text[match.end() :]
    text = re.sub(r"^(?:of )", "", text)
    if text.startswith("to "):  # "to March 31, 2022": an extension up to that day
        lead, text = lead or "until", text[3:]
    text = re.sub(r" (?:'s)$", "", text)
    if lead in ("within", "over") and (one := re.fullmatch(r"rel:next (unit:\w+)", text)):
        text = f"num:1 {one[1]}"  # "over the next year", "within the next month": one unit counted from the reference
    approx = lead == "approx"
    try:
        period = _read_range(tuple(text.split()), reference, lean, words)
    except (_NotRead, ValueError, OverflowError, StopIteration, IndexError):
        return None
    if period is None:
        return None
    if lead == "before" and text.startswith(("edge:end", "year_end")):
        lead = "by"  # "before the end of the year", "before year-end": by its last day, not the day before
    period = _apply_lead(period, lead, reference)
    if period is None:
        return None
    confidence = round(period.confidence * (0.8 if approx else 1.0), 2)
    return TimeReading(period.earliest, period.latest, period.precision,
                       direction_of(period.earliest, period.latest, reference), period.rule, confidence,
                       period.value, lead)  # fmt: skip


def _read_range(tokens: tuple[str, ...], ref: date, lean: str, words: LanguageWords) -> _Period | None:
    """Either/or and ranges: 'the second or third quarter', 'Q3/Q4', 'March to May 2026'."""
    for joiner in ("or", "to", "and"):
        if joiner not in tokens or tokens[0] == joiner or tokens[-1] == joiner:
            continue
        cut = tokens.index(joiner)
        left, right = tokens[:cut], tokens[cut + 1 :]
        whole = _read_core(tokens, ref, lean, words)
        if whole is not None:
            return whole  # "seven to 10 days" is one span
        second = _read_range(right, ref, lean, words)
        if second is None:
            return None
        first = None
        years = [t for t in right if re.fullmatch(r"\d{4}", t)]
        if years and not any(re.fullmatch(r"\d{4}", t) for t in left):
            first = _read_core(left + (years[-1],), ref, lean, words)  # "March or April 2025"
        first = first or _read_core(left, ref, lean, words)
        if first is None and len(right) > 1:
            first = _read_core(left + right[1:], ref, lean, words)  # "the second or third quarter"
        if first is None:
            return None
        if first.earliest > second.earliest and not years:
            shifted = _read_core(left, second.earliest, "past", words)  # "December or January": December before
            first = shifted or first
        word = {"or": "either", "to": "from", "and": "both"}[joiner]
        return _span(first, second, f"{word} {first.rule} {'or' if joiner == 'or' else 'to'} {second.rule}")
    return _read_core(tokens, ref, lean, words)


def _read_core(tokens: tuple[str, ...], ref: date, lean: str, words: LanguageWords) -> _Period | None:
    text = " ".join(tokens)
    if not text:
        return None
    for pattern, reader in _RULES:
        match = pattern.fullmatch(text)
        if match:
            period = reader(match, ref, lean, words)
            if period is not None:
                return period
    return _counted_from_event(tokens, ref, words)


def _counted_from_event(tokens: tuple[str, ...], ref: date, words: LanguageWords) -> _Period | None:
    """'135 days of Saturday's signing', 'seven to nine months after the November vote'."""
    text = " ".join(tokens)
    match = re.fullmatch(
        r"(?P<span>.+? " + _U + r") (?:of|lead:after|lead:from|following|lead:before) (?P<rest>.+)", text
    )
    if not match:
        return None
    rest = [t for t in match["rest"].split() if t != "'s"]
    event = None
    for size in range(min(3, len(rest)), 0, -1):
        event = _read_core(tuple(rest[:size]), ref, "past", words)
        if event is not None:
            break
    if event is None or event.precision not in ("day", "month", "week"):
        return None
    if " lead:before " in f" {text} ":
        return None
    span_tokens = tuple(match["span"].split())
    from_start = _read_core(span_tokens, event.earliest, "future", words)
    from_end = _read_core(span_tokens, event.latest, "future", words)
    if from_start is None or from_end is None or from_start.value not in ("FUTURE_REF", "DURATION"):
        return None
    # Counted from an event known to a day, a month or a week: from its first day to its last.
    start = max(event.earliest, from_start.earliest)
    span = evolve(from_end, earliest=min(start, from_end.latest), value="FUTURE_REF")
    return evolve(span, value="", rule=f"{span.rule}, counted from {event.rule}", confidence=span.confidence * 0.8)


def _apply_lead(period: _Period, lead: str, ref: date) -> _Period | None:
    """What the introducing word does to the period it introduces."""
    if lead == "before":
        day = period.earliest - timedelta(days=1)
        return _Period(day, day, "day", day.isoformat(), f"the day before {period.rule}", period.confidence)
    if period.value == "DURATION":  # a bare length of time is not a date: "for two weeks"
        if lead not in _SPAN_LEADS or lead == "for":
            return None
        period = evolve(period, value="FUTURE_REF")
    if lead in ("within", "in", "over", "next_to") and period.value == "FUTURE_REF" and period.precision == "span":
        if lead == "in" and period.earliest == ref:  # "in three months": about the day the span ends
            end = period.latest
            return _Period(end, end, "day", end.isoformat(), f"'in' read as by the end: {period.rule}",
                           period.confidence * 0.8)  # fmt: skip
        return evolve(period, rule=f"within {period.rule}")
    if lead == "since":
        return _Period(period.earliest, max(ref, period.earliest), "range", period.value,
                       f"from {period.rule} to {ref}", period.confidence)  # fmt: skip
    if lead == "after":
        if period.precision == "span":
            return None
        day = period.latest + timedelta(days=1)
        return _Period(
            day, day, "day", period.value, f"the day after {period.rule} (the earliest)", period.confidence * 0.5
        )
    return period
