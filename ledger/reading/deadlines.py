"""Deadline phrases -> Deadline windows (pure; no IO).

``read_deadline(phrase, anchor)`` reads phrases such as "by April", "2025-Q2", "до 1 июня",
"within ten days" or "before Christmas" as a window of days (``earliest..latest``,
inclusive) relative to ``anchor``, the day the phrase was written.  The dates
themselves are read by the one temporal grammar in ``ledger.reading``; this
module adds what makes a date a deadline:

* A deadline names a period, and the window is that period: "by April" is
  April 1..April 30.  "The end of X" is the last day of X; "before X" is the day
  before X begins ("before April" = by 31 March).
* A counted span ends on one day: "within ten days" is the day the ten days run out.
* An ambiguous name prefers the future: "by April" written in May 2025 is April 2026.
* A window that ended before the anchor is a reference to the past.  It is
  refused unless ``allow_past`` is given (then it is read, and its direction is
  ``past``); phrases measured from some other event ("34 months after") and
  durations ("for three years") are always refused.

The forms read, with their precision and confidence, are listed in ``docs/deadlines.md``.
``read_deadline`` never raises: an unreadable phrase gives ``Reading(None, reason)``.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from attrs import frozen

from ledger import rules
from ledger.errors import LedgerError
from ledger.model import PRECISIONS, Deadline

MAX_PHRASE = 200  # longer text is a sentence, not a phrase; refusing it keeps reading fast

# Names extraction uses to find where a deadline phrase may start and end.
MONTHS: dict[str, int] = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
MONTHS["sept"] = 9
WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
SEASONS = ("spring", "summer", "autumn", "fall", "winter")
LEADS = (
    "at some point in", "some time in", "sometime in", "sometime", "no later than", "not later than",
    "at the latest by", "ahead of", "prior to", "on or before", "as of", "by", "before", "until", "till", "up to",
    "through", "due", "in", "within", "during", "over", "on", "at", "for", "from", "starting", "around", "about",
    "roughly", "as early as", "as soon as",
)  # fmt: skip

_SMALL_NUMBERS = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty",
)  # fmt: skip
_TENS = {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
NUMBER_WORDS: dict[str, int] = {word: i for i, word in enumerate(_SMALL_NUMBERS)}
NUMBER_WORDS.update(_TENS)
NUMBER_WORDS.update({"a": 1, "an": 1})

# Grammar precisions that a Deadline does not have, and the one it is stored as.
_AS_DEADLINE_PRECISION = {"fiscal_year": "year", "weekend": "week", "century": "decade", "span": "vague",
                          "range": "vague"}  # fmt: skip
_MAX_SPAN_DAYS = 36_525  # a century: "within 500 years" is not a deadline
_UNIT_DAYS = {"week": 7, "weekend": 7, "fortnight": 14, "month": 30, "quarter": 91, "half": 182, "year": 365,
              "fiscal_year": 365, "decade": 3652, "century": 36525, "hour": 1 / 24}  # fmt: skip


@frozen
class Reading:
    """The result of reading a phrase: a deadline, or None and the reason why not.

    ``refused`` is True when the phrase was understood as a time expression but
    deliberately not read as a deadline (it is in the past, ambiguous, or not a
    real date).  Extraction uses it to stop looking for a shorter phrase inside.
    ``direction`` is past, current or future: where the window lies from the anchor.
    """

    deadline: Deadline | None
    reason: str = ""
    refused: bool = False
    direction: str = ""


class PastDeadline(LedgerError):
    """An item's deadline ended before its source was published: a reference to the past, most likely."""

    def __init__(self, deadline: Deadline, published: date) -> None:
        super().__init__(
            f"deadline: {deadline.label} ended before the source was published ({published}); "
            "pass --allow-past to record it anyway"
        )
        self.deadline = deadline
        self.published = published


def check_not_past(deadline: Deadline | None, published: date | None) -> None:
    """Raise PastDeadline when ``deadline`` ended before ``published`` (the rule for new items)."""
    if deadline is not None and published is not None and deadline.latest < published:
        raise PastDeadline(deadline, published)


class _Refusal(Exception):
    """Raised when a phrase is understood but must not be read as a deadline."""


# --------------------------------------------------------------------------- public API


def read_deadline(
    phrase: str,
    anchor: date,
    *,
    allow_past: bool = False,
    language: str = "",
    fiscal_year_start_month: int | None = None,
) -> Reading:
    """Read ``phrase`` as a deadline window relative to ``anchor``; never raises.

    In an article a window that ended before the anchor is a reference to the past, not a deadline,
    so it is refused; ``allow_past`` reads it (direction ``past``), for deadlines an analyst types
    on purpose and for ``fledger deadline``, which says what a phrase means either way.
    Fiscal years start in ``fiscal_year_start_month`` (1-12) when given; otherwise in October when
    the phrase names the US federal government ("the federal fiscal year"), else in January.
    """
    from ledger.reading.grammar import FEDERAL_FISCAL_START, fiscal_year_start

    if fiscal_year_start_month is not None and (
        not isinstance(fiscal_year_start_month, int) or not 1 <= fiscal_year_start_month <= 12
    ):
        return Reading(None, "a fiscal year starts in a month from 1 to 12")
    if fiscal_year_start_month is None and isinstance(phrase, str) and _governmental(phrase, language):
        fiscal_year_start_month = FEDERAL_FISCAL_START
    try:
        with fiscal_year_start(fiscal_year_start_month):
            return _read(phrase, anchor, allow_past, language)
    except _Refusal as refusal:
        return Reading(None, str(refusal), refused=True)
    except (ValueError, OverflowError):
        return Reading(None, f"{_shown(phrase)} falls outside the calendar", refused=True)


def read_typed_deadline(phrase: str, anchor: date, fiscal_year_start_month: int | None = None) -> Reading:
    """A deadline an analyst types (an item's deadline, ``fledger deadline``): a window already past is
    read, direction ``past``, never refused; the one reading every entrance that takes a typed phrase uses."""
    return read_deadline(phrase, anchor, allow_past=True, fiscal_year_start_month=fiscal_year_start_month)


def _read(phrase: str, anchor: date, allow_past: bool, language: str = "") -> Reading:
    if not isinstance(anchor, date):
        return Reading(None, "the anchor is not a date")
    problem = _unreadable_input(phrase)
    if problem:
        return Reading(None, problem)
    if not phrase.strip(" .,;:!?\"'()[]\t\n"):
        return Reading(None, "the phrase is empty")
    from ledger.reading.grammar import read_tokens
    from ledger.reading.lang import phrase_language, words_for
    from ledger.reading.tokens import tokenize

    words = words_for(language or phrase_language(phrase))  # "до 1 июня" is read with the Russian words
    tokens = tuple(" ".join(t.canon for t in tokenize(phrase, words) if t.canon not in (",",)).split())
    tokens = tuple(t for t in tokens if t not in (".",))
    if not tokens:
        return Reading(None, f"no deadline form matches {_shown(phrase)}")
    too_far = _too_far(tokens, phrase)
    if too_far:
        return Reading(None, too_far)
    _refuse_non_deadlines(tokens, phrase)
    reading = read_tokens(tokens, anchor, "future", words)
    if reading is None and (dated := _event_dated(tokens)):
        reading = read_tokens(dated, anchor, "future", words)  # "before the June 23 poll": the poll's day
    if reading is None:
        _refuse_unreal_dates(phrase)
        return Reading(None, f"no deadline form matches {_shown(phrase)}")
    if reading.value == "PAST_REF":
        raise _Refusal(f"{_shown(phrase)} points back in time, so it is not a deadline")
    earliest, latest, precision, rule = reading.earliest, reading.latest, reading.precision, reading.rule
    if precision == "span":
        earliest, latest, precision = _span_end(reading, tokens, anchor)
    precision = _AS_DEADLINE_PRECISION.get(precision, precision)
    if precision not in PRECISIONS:
        precision = "vague"
    if latest < anchor and not allow_past:
        raise _Refusal(f"{_shown(phrase)} refers to the past: it ended on {latest}, before {anchor}")
    if not (rules.in_date_range(earliest) and rules.in_date_range(latest)):
        raise _Refusal(f"{_shown(phrase)} falls outside the dates a ledger keeps ({rules.DATE_RANGE_FORM})")
    deadline = Deadline(
        earliest=earliest,
        latest=latest,
        precision=precision,
        phrase=phrase.strip()[:500],
        rule=rule[:500],
        confidence=max(0.01, min(1.0, reading.confidence)),
    )
    return Reading(deadline, "", direction=_direction(earliest, latest, anchor))


_PLAIN_WORD = re.compile(r"[^\W\d_][\w'-]*")
_DATE_END = re.compile(r"\d{1,4}|(?:month|weekday|day|holiday|season):\S+")
_NOT_EVENTS = frozenset({"of", "to", "and", "or", "later", "earlier", "ago", "hence", "fiscal", "yearword", "week_of",
                         "week_from", "year_end"})  # fmt: skip


def _event_dated(tokens: tuple[str, ...]) -> tuple[str, ...] | None:
    """The tokens of a date that names an event after it ("the June 23 poll"), without the event's words."""
    end = len(tokens)
    while (
        end > 1
        and end > len(tokens) - 3
        and _PLAIN_WORD.fullmatch(tokens[end - 1])
        and tokens[end - 1] not in _NOT_EVENTS
    ):
        end -= 1
    if end == len(tokens) or not _DATE_END.fullmatch(tokens[end - 1]):
        return None
    return tokens[:end]


def _governmental(phrase: str, language: str) -> bool:
    from ledger.reading.lang import phrase_language, words_for

    if "fiscal" not in phrase.lower() and "fy" not in phrase.lower():
        return False
    cues = words_for(language or phrase_language(phrase)).government_cues
    return bool(cues) and re.search(cues, phrase, re.IGNORECASE) is not None


def _direction(earliest: date, latest: date, anchor: date) -> str:
    from ledger.reading.grammar import direction_of

    return direction_of(earliest, latest, anchor)


def _unreadable_input(phrase: object) -> str:
    if not isinstance(phrase, str):
        return f"a phrase must be text, not {type(phrase).__name__}"
    if len(phrase) > MAX_PHRASE:
        return f"the phrase is too long to be a deadline ({len(phrase)} characters; at most {MAX_PHRASE})"
    if "\x00" in phrase:
        return "the phrase contains NUL characters"
    return ""


def _span_end(reading: object, tokens: tuple[str, ...], anchor: date) -> tuple[date, date, str]:
    """A counted span as a deadline: the day it runs out; a vague count keeps its whole window."""
    earliest, latest = reading.earliest, reading.latest  # type: ignore[attr-defined]
    if any(t.startswith("count:vague:") for t in tokens) or reading.confidence < 0.5:  # type: ignore[attr-defined]
        return earliest, latest, "vague"
    if earliest > anchor:  # "in seven to 10 days": the days between the two counts
        return earliest, latest, "vague"
    return latest, latest, "day"


# --------------------------------------------------------------------------- refusals


_UNIT_TOKEN = r"unit:\w+"


def _refuse_non_deadlines(tokens: tuple[str, ...], phrase: str) -> None:
    """Time expressions that are not deadlines whatever the anchor: durations, 'since', other events."""
    text = " ".join(tokens)
    if re.search(_UNIT_TOKEN + r" (?:later|lead:after|rel:following|earlier|lead:before)$", text):
        raise _Refusal(f"{_shown(phrase)} is measured from another event, not from the date of writing")
    if text.startswith("lead:since"):
        raise _Refusal(f"{_shown(phrase)} says since when, not by when")
    if re.fullmatch(r"lead:for (?:rel:\w+ )?(?:num:\S+|\d+|count:vague:\d+) " + _UNIT_TOKEN, text):
        raise _Refusal(f"{_shown(phrase)} is a duration, not a deadline")
    if re.fullmatch(r"(?:lead:\w+ )*earlier (?:rel:this |lead:in )?" + _UNIT_TOKEN, text):
        raise _Refusal(f"{_shown(phrase)} points back in time ('earlier'), so it is not a deadline")


def _too_far(tokens: tuple[str, ...], phrase: str) -> str:
    """Spans of no time or of more than a century are not deadlines ("within zero days", "in 500 years")."""
    text = " ".join(tokens)
    for word, digits, unit in re.findall(r"(?:num:(\d+(?:\.\d+)?)|(?<![\w:])(\d{1,3})) unit:(\w+)", text):
        days = float(word or digits) * _UNIT_DAYS.get(unit, 1)
        if not 0 < days <= _MAX_SPAN_DAYS:
            return f"{_shown(phrase)}: a span must be longer than nothing and at most a century to be a deadline"
    return ""


def _refuse_unreal_dates(phrase: str) -> None:
    """Explicit dates that do not exist, and slashed dates that could be either order."""
    text = phrase.strip().lower()
    if match := re.search(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b", text):
        first, second = int(match[1]), int(match[2])
        if first > 12 and second > 12:
            raise _Refusal(f"{_shown(phrase)} is not a date: neither {first} nor {second} is a month")
        if first != second:
            raise _Refusal(f"{_shown(phrase)} is ambiguous: it could be month/day or day/month; "
                           "write it as YYYY-MM-DD")  # fmt: skip
    for year, month, day in re.findall(r"\b(\d{4})-(\d{1,2})(?:-(\d{1,2}))?\b", text):
        if not _exists(int(year), int(month), int(day or 1)):
            raise _Refusal(f"{_shown(phrase)} is not a real calendar date")
    names = "|".join(MONTHS)
    for name, day in re.findall(rf"\b({names})\.? (\d{{1,2}})\b", text):
        if not _exists(2024, MONTHS[name], int(day)):
            raise _Refusal(f"{_shown(phrase)} is not a real calendar date")
    for day, name in re.findall(rf"\b(\d{{1,2}})(?:st|nd|rd|th)? (?:of )?({names})\b", text):
        if not _exists(2024, MONTHS[name], int(day)):
            raise _Refusal(f"{_shown(phrase)} is not a real calendar date")


def _exists(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


# --------------------------------------------------------------------------- helpers


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


def _shown(text: str) -> str:
    return repr(text if len(text) <= 60 else text[:59] + "…")
