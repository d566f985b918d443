"""The words of one language, as the temporal grammar consumes them.

The grammar in ``ledger.reading.grammar`` never sees a language's words.  A
language module (``ledger/reading/lang/en.py``, ``ru.py`` ...) builds one
``LanguageWords``; the reader first rewrites a phrase into **canonical tokens**
with its ``lexicon``, then the one grammar reads the tokens.  Adding a language
means writing its lexicon, numbers, holidays and cues — no second reader.

Canonical tokens (the whole vocabulary the grammar understands)
----------------------------------------------------------------
==========================  =========================================================
token                       meaning (English examples)
==========================  =========================================================
``month:1`` .. ``month:12``  a month name, any inflection ("January", "Jan.", "января")
``weekday:0`` .. ``:6``      Monday .. Sunday
``season:spring|summer|autumn|winter``
``unit:U``                   U in hour, day, business_day, week, fortnight, month,
                             quarter, half, year, decade, century, weekend,
                             fiscal_year, fiscal_quarter, year_ahead ("the year ahead")
``ord:N``                    an ordinal: "first" -> ord:1, "third" -> ord:3, "30th"
                             is read by the grammar itself (digits + suffix)
``num:N``                    a number word: "seven" -> num:7 (digits are read directly)
``count:vague:N``            a vague count read as up to N: "a few" -> count:vague:3
``rel:this|next|last|coming|previous|following|current|same|latest|year_ago``
                             (latest: the last one completed; year_ago: "year-earlier")
``decade:NN``                a decade named without its century ("the nineties" -> decade:90)
``day:today|tomorrow|yesterday|tonight|day_after_tomorrow|day_before_yesterday``
``lead:L``                   a word that introduces the expression; L is one of
                             by, before, until, within, in, on, at, during, through,
                             as_of, on_or_before, no_later_than, after, since, from,
                             approx, for, over, between (what each does: grammar._apply_lead)
``edge:end|start|early|mid|late``  "the end of", "early", "mid-"
``ago``                      points back from the reference ("ago", "назад")
``earlier``                  points back from the reference or the event in focus ("a year earlier")
``hence``                    points forward ("from now", "hence", "later" after a span)
``later``                    "later" before a period ("later this year")
``fiscal``                   "fiscal", "FY" before a year or a quarter
``yearword``                 a word that follows a year number and adds nothing
                             ("year" in "2025 year", "года", "г.")
``or`` / ``to``              either/or and ranges ("or", "/", "to", "-", "–")
``and``                      "and" between two periods
``of``                       "of", "in" inside a period ("the second week of March")
``holiday:ID``               a holiday; ID (no spaces) is a key of ``holidays`` below
``ref:present|past|future``  "now", "currently" / "the past", "formerly" / "the future"
``horizon:K``                a vague horizon: days, weeks, months, quarters, years, near,
                             medium_term, long_term, due_course
``week_of``                  "the week of" (a week named by one of its days)
``week_from``                "the week beginning" (the seven days from the day named)
``year_end``                 "year-end", "the turn of the year"
==========================  =========================================================

A lexicon value may be several tokens separated by spaces ("a year and a half" ->
``num:18 unit:month``).  Words missing from the lexicon stay as they are (lower-cased); words in
``fillers`` are dropped ("the"). Multi-word keys are matched longest first; their words may be
separated by any spaces.  A raw digit string ("2025", "30th", "2025-04-30", "Q3", "FY26") is read by
the grammar itself.  Tokens the grammar does not know make a phrase unreadable, never an error.
"""

from __future__ import annotations

from collections.abc import Mapping

from attrs import frozen


@frozen
class Holiday:
    """How to find a holiday's days in a given year.

    ``kind`` is one of:
      * ``fixed``: the day ``month``/``day`` every year (Christmas: 12/25);
      * ``calendar``: the day the ``holidays`` package names ``name`` in
        ``country`` (moving feasts: Easter, Thanksgiving, Chinese New Year);
      * ``season``: a span of days from ``month``/``day`` lasting ``days`` days
        (the festive season), possibly running into the next year;
      * ``easter``: ``day`` days after Easter Sunday (Good Friday: -2), by the
        ``name`` reckoning: ``western`` or ``orthodox``.
    """

    kind: str
    month: int = 0
    day: int = 0
    days: int = 1
    country: str = ""
    name: str = ""


@frozen
class LanguageWords:
    """Everything language-specific the reader needs; see the module docstring for tokens."""

    code: str  # ISO 639-1: "en", "ru"
    lexicon: Mapping[str, str]  # lower-case word or phrase -> canonical token
    fillers: frozenset[str]  # words dropped before reading ("the", "some")
    holidays: Mapping[str, Holiday]  # holiday id (in ``holiday:ID`` tokens) -> how to date it
    # Sentence cues for the direction of a bare name ("Thursday", "August"), as regexes
    # searched case-insensitively in the sentence around the expression:
    past_cues: str  # past tense and reporting verbs: "said", "announced", "was", "\w+ed"
    future_cues: str  # future and modal forms: "will", "is expected to", "plans to"
    # Numeric dates: "dmy" reads 4/5/2025 as 4 May, "mdy" as April 5, "" refuses it.
    numeric_order: str = ""
    # Not read yet ("of" in "the 5th of May" is the token ``of``); kept so that language modules
    # written against the first version of this interface still load.
    day_suffixes: tuple[str, ...] = ()
    # Not read yet: words after a year number are given to the grammar as the token
    # ``yearword`` through the lexicon ("года" -> "yearword").
    year_suffix: str = ""
    # Lexicon keys that are date words only when written with a capital ("May", "March"):
    # lower-case "may" is a modal verb.
    capitalised_only: frozenset[str] = frozenset()
    # Words that say a fiscal year is the US federal government's (October to September), as a
    # regex searched case-insensitively in the sentence: "federal", "Congress", "the Pentagon".
    government_cues: str = ""
