"""English words for the temporal grammar (see ``ledger.reading.words`` for the tokens)."""

from __future__ import annotations

import calendar

from ledger.reading.words import Holiday, LanguageWords

_lexicon: dict[str, str] = {}

for _number, _name in enumerate(calendar.month_name):
    if _name:
        _lexicon[_name.lower()] = f"month:{_number}"
        _lexicon[calendar.month_abbr[_number].lower()] = f"month:{_number}"
        if calendar.month_abbr[_number] != _name:  # "Aug." is an abbreviation; "May." ends a sentence
            _lexicon[calendar.month_abbr[_number].lower() + "."] = f"month:{_number}"
_lexicon.update({"sept": "month:9", "sept.": "month:9"})
# "fall" is a season only after a word that makes it a noun ("prices fall" is not autumn).
_lexicon.update(
    {
        "this fall": "rel:this season:autumn",
        "next fall": "rel:next season:autumn",
        "last fall": "rel:last season:autumn",
        "early fall": "edge:early season:autumn",
        "late fall": "edge:late season:autumn",
        "mid-fall": "edge:mid season:autumn",
        "in the fall": "lead:in season:autumn",
        "by the fall": "lead:by season:autumn",
    }
)
for _number, _name in enumerate(calendar.day_name):
    _lexicon[_name.lower()] = f"weekday:{_number}"
    _lexicon[_name.lower() + "s"] = f"weekday:{_number}"  # "on Mondays" is still read as the day
    _lexicon[calendar.day_abbr[_number].lower() + "."] = f"weekday:{_number}"
for _word, _season in (("spring", "spring"), ("summer", "summer"), ("autumn", "autumn"),
                       ("winter", "winter"), ("the fall", "autumn"), ("springtime", "spring"), ("summertime", "summer")):  # fmt: skip
    _lexicon[_word] = f"season:{_season}"

_UNITS = {
    "hour": "hour", "day": "day", "business day": "business_day", "working day": "business_day",
    "week": "week", "fortnight": "fortnight", "month": "month", "quarter": "quarter", "half": "half",
    "year": "year", "decade": "decade", "weekend": "weekend", "half-year": "half", "half year": "half",
    "calendar year": "year", "fiscal year": "fiscal_year", "financial year": "fiscal_year",
    "fiscal quarter": "fiscal_quarter", "week-end": "weekend", "yr": "year", "century": "century",
}  # fmt: skip
for _word, _unit in _UNITS.items():
    _lexicon[_word] = f"unit:{_unit}"
    _lexicon[_word + "s"] = f"unit:{_unit}"
    # "within ten days of this order": counted from the day the order is given
    _lexicon[_word + "s of this order"] = f"unit:{_unit} of day:today"
    _lexicon[_word + " of this order"] = f"unit:{_unit} of day:today"
_lexicon.update({"halves": "unit:half", "centuries": "unit:century", "hrs": "unit:hour", "yrs": "unit:year"})

_NUMBERS = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty",
)  # fmt: skip
_TENS = {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
for _number, _name in enumerate(_NUMBERS):
    _lexicon[_name] = f"num:{_number}"
for _name, _number in _TENS.items():
    _lexicon[_name] = f"num:{_number}"
    for _unit_number, _unit_name in enumerate(_NUMBERS[1:10], start=1):
        _lexicon[f"{_name}-{_unit_name}"] = f"num:{_number + _unit_number}"
        _lexicon[f"{_name} {_unit_name}"] = f"num:{_number + _unit_number}"
for _unit_number, _unit_name in enumerate(_NUMBERS[1:10], start=1):
    _lexicon[f"twenty-{_unit_name}"] = f"num:{20 + _unit_number}"
    _lexicon[f"twenty {_unit_name}"] = f"num:{20 + _unit_number}"
_lexicon.update({"a": "num:1", "an": "num:1", "a hundred": "num:100", "one hundred": "num:100", "a dozen": "num:12",
                 "a single": "num:1", "a half": "num:0.5", "one and a half": "num:1.5", "a year and a half": "num:18 unit:month"})  # fmt: skip

_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
             "eleventh", "twelfth")  # fmt: skip
for _number, _name in enumerate(_ORDINALS, start=1):
    _lexicon[_name] = f"ord:{_number}"
_lexicon.update({"last": "rel:last", "final": "ord:-1", "latter": "ord:-1", "closing": "ord:-1",
                 "opening": "ord:1"})  # fmt: skip

_lexicon.update({
    "a few": "count:vague:3", "few": "count:vague:3", "several": "count:vague:6", "a couple of": "num:2",
    "a couple": "num:2", "couple of": "num:2", "a number of": "count:vague:6", "some": "count:vague:6",
    "a handful of": "count:vague:4",
    "this": "rel:this", "these": "rel:this", "next": "rel:next", "coming": "rel:coming", "this coming": "rel:coming",
    "upcoming": "rel:coming", "previous": "rel:previous", "preceding": "rel:previous", "prior": "rel:previous",
    "past": "rel:previous", "following": "rel:following", "current": "rel:current", "present": "rel:current",
    "same": "rel:same", "that": "rel:same", "the same": "rel:same", "ensuing": "rel:following",
    "today": "day:today", "tonight": "day:tonight", "tomorrow": "day:tomorrow", "yesterday": "day:yesterday",
    "the day after tomorrow": "day:day_after_tomorrow", "the day before yesterday": "day:day_before_yesterday",
    "this morning": "day:today", "this afternoon": "day:today", "this evening": "day:today",
    "last night": "day:yesterday", "overnight": "day:today",
    "by": "lead:by", "before": "lead:before", "until": "lead:until", "till": "lead:until", "up to": "lead:until",
    "up until": "lead:until", "within": "lead:within", "inside": "lead:within", "in": "lead:in",
    "on": "lead:on", "at": "lead:at", "during": "lead:during", "throughout": "lead:during",
    "through": "lead:through", "thru": "lead:through", "as of": "lead:as_of", "as at": "lead:as_of",
    "on or before": "lead:on_or_before", "no later than": "lead:no_later_than", "not later than": "lead:no_later_than",
    "at the latest by": "lead:no_later_than", "by no later than": "lead:no_later_than", "after": "lead:after",
    "since": "lead:since", "from": "lead:from", "starting": "lead:from", "beginning": "lead:from",
    "roughly": "lead:approx", "about": "lead:approx", "around": "lead:approx", "approximately": "lead:approx",
    "some time in": "lead:in", "sometime in": "lead:in", "sometime": "lead:in", "at some point in": "lead:in",
    "for": "lead:for", "over": "lead:over", "ahead of": "lead:before", "prior to": "lead:before",
    "in advance of": "lead:before", "due": "lead:by", "due by": "lead:by", "no earlier than": "lead:from",
    "as early as": "lead:from", "as soon as": "lead:from", "in the course of": "lead:during",
    "over the course of": "lead:during", "in the run-up to": "lead:before", "on or after": "lead:from",
    "end": "edge:end", "close": "edge:end", "the end": "edge:end", "end-": "edge:end", "early": "edge:early", "mid": "edge:mid", "mid-": "edge:mid", "middle": "edge:mid", "late": "edge:late",
    "beginning of": "edge:start", "start": "edge:start", "outset": "edge:start", "first part": "edge:early",
    "latter part": "edge:late", "later part": "edge:late",
    "ago": "ago", "earlier than": "lead:before", "from now": "hence", "from today": "hence", "hence": "hence",
    "ahead": "hence", "time": "hence", "'s time": "hence", "later": "later", "afterwards": "hence",
    "fiscal": "fiscal", "fy": "fiscal", "financial": "fiscal", "federal fiscal": "fiscal",
    "federal fiscal year": "unit:fiscal_year", "government fiscal year": "unit:fiscal_year",
    "or": "or", "/": "or", "and/or": "or", "to": "to", "-": "to", "–": "to", "and": "and",
    "of": "of", "year-end": "year_end", "yearend": "year_end", "year end": "year_end", "end of year": "year_end",
    "end-year": "year_end", "the turn of the year": "year_end", "the week of": "week_of",
    "the week beginning": "week_from", "the week starting": "week_from", "the week commencing": "week_from",
    "week beginning": "week_from", "week starting": "week_from", "week commencing": "week_from",
    "back half": "ord:2 unit:half", "back-half": "ord:2 unit:half", "front half": "ord:1 unit:half",
    "now": "ref:present", "currently": "ref:present", "nowadays": "ref:present", "recently": "ref:past",
    "recent": "ref:past", "formerly": "ref:past", "future": "ref:future", "soon": "horizon:near",
    "shortly": "horizon:near", "the near future": "horizon:near", "the near term": "horizon:near",
    "near term": "horizon:near", "near-term": "horizon:near", "short term": "horizon:near", "short-term": "horizon:near",
    "the short term": "horizon:near", "the medium term": "horizon:medium_term", "medium term": "horizon:medium_term",
    "the long term": "horizon:long_term", "long term": "horizon:long_term", "due course": "horizon:due_course",
    "the days ahead": "horizon:days", "the weeks ahead": "horizon:weeks", "the months ahead": "horizon:months",
    "the years ahead": "horizon:years", "the coming days": "horizon:days", "the coming weeks": "horizon:weeks",
    "the coming months": "horizon:months", "the coming years": "horizon:years", "the next few days": "horizon:days",
    "the next few weeks": "horizon:weeks", "the next few months": "horizon:months",
    "the next few years": "horizon:years", "coming days": "horizon:days", "coming weeks": "horizon:weeks",
    "coming months": "horizon:months", "coming years": "horizon:years", "the year ahead": "unit:year_ahead",
    "the coming year": "unit:year_ahead", "the past": "ref:past", "the future": "ref:future", "the present": "ref:present",
    "latest": "rel:latest", "most recent": "rel:latest", "year-ago": "rel:year_ago", "year-earlier": "rel:year_ago",
    "earlier": "earlier",
    "the nineties": "decade:90", "the eighties": "decade:80", "the seventies": "decade:70",
    "the sixties": "decade:60", "the fifties": "decade:50", "the twenties": "decade:20", "the thirties": "decade:30",
    "the forties": "decade:40",
    "the date of this order": "day:today", "the date of this memorandum": "day:today",
    "the date of this proclamation": "day:today", "the date of this directive": "day:today",
    "the entry of this order": "day:today", "the date of this decree": "day:today", "the date hereof": "day:today",
    "the effective date of this order": "day:today", "the date of this act": "day:today",
    "to and including": "lead:until", "up to and including": "lead:until", "between": "lead:between",
    "calendar quarter": "unit:quarter", "calendar quarters": "unit:quarter",
    "coming quarters": "horizon:quarters", "the coming quarters": "horizon:quarters",
    "the next few quarters": "horizon:quarters", "recent years": "ref:past", "recent months": "ref:past",
    "recent weeks": "ref:past", "recent days": "ref:past", "in recent years": "ref:past",
    "the past year": "rel:last unit:year", "the past month": "rel:last unit:month",
    "the past week": "rel:last unit:week", "the past quarter": "rel:last unit:quarter",
    "lately": "ref:past", "in the past": "ref:past", "so far": "ref:present",
})  # fmt: skip

_HOLIDAYS = {
    "christmas": Holiday("fixed", 12, 25), "christmas day": Holiday("fixed", 12, 25),
    "xmas": Holiday("fixed", 12, 25), "christmas eve": Holiday("fixed", 12, 24),
    "boxing day": Holiday("fixed", 12, 26), "new year's eve": Holiday("fixed", 12, 31),
    "new year's day": Holiday("fixed", 1, 1), "new year's": Holiday("fixed", 1, 1), "new year": Holiday("fixed", 1, 1),
    "the new year": Holiday("fixed", 1, 1), "valentine's day": Holiday("fixed", 2, 14),
    "halloween": Holiday("fixed", 10, 31), "independence day": Holiday("fixed", 7, 4),
    "the fourth of july": Holiday("fixed", 7, 4), "july fourth": Holiday("fixed", 7, 4),
    "veterans day": Holiday("fixed", 11, 11), "armistice day": Holiday("fixed", 11, 11),
    "bastille day": Holiday("fixed", 7, 14), "may day": Holiday("fixed", 5, 1),
    "st. patrick's day": Holiday("fixed", 3, 17), "st patrick's day": Holiday("fixed", 3, 17),
    "easter": Holiday("easter", day=0, name="western"), "easter sunday": Holiday("easter", day=0, name="western"),
    "good friday": Holiday("easter", day=-2, name="western"), "easter monday": Holiday("easter", day=1, name="western"),
    "orthodox easter": Holiday("easter", day=0, name="orthodox"),
    "thanksgiving": Holiday("calendar", country="US", name="Thanksgiving"),
    "thanksgiving day": Holiday("calendar", country="US", name="Thanksgiving"),
    "labor day": Holiday("calendar", country="US", name="Labor Day"),
    "memorial day": Holiday("calendar", country="US", name="Memorial Day"),
    "columbus day": Holiday("calendar", country="US", name="Columbus Day"),
    "presidents' day": Holiday("calendar", country="US", name="Washington's Birthday"),
    "martin luther king day": Holiday("calendar", country="US", name="Martin Luther King Jr. Day"),
    "chinese new year": Holiday("calendar", country="CN", name="Chinese New Year (Spring Festival)"),
    "the lunar new year": Holiday("calendar", country="CN", name="Chinese New Year (Spring Festival)"),
    "lunar new year": Holiday("calendar", country="CN", name="Chinese New Year (Spring Festival)"),
    "the spring festival": Holiday("calendar", country="CN", name="Chinese New Year (Spring Festival)"),
    "the festive season": Holiday("season", 12, 15, days=23), "the holiday season": Holiday("season", 11, 25, days=38),
    "the holidays": Holiday("season", 12, 20, days=14), "the christmas holidays": Holiday("season", 12, 20, days=14),
    "the christmas period": Holiday("season", 12, 20, days=14), "the christmas season": Holiday("season", 12, 1, days=37),
    "the new year holidays": Holiday("season", 12, 31, days=9),
    # School terms in England (about); US school years end in June.
    "the school year": Holiday("season", 9, 1, days=303), "the academic year": Holiday("season", 9, 1, days=303),
    "the autumn term": Holiday("season", 9, 1, days=111), "the spring term": Holiday("season", 1, 5, days=86),
    "the summer term": Holiday("season", 4, 15, days=99), "the school holidays": Holiday("season", 7, 22, days=42),
    "the summer recess": Holiday("season", 7, 20, days=45), "the summer break": Holiday("season", 7, 1, days=62),
    "the summer holidays": Holiday("season", 7, 15, days=48), "the august recess": Holiday("season", 8, 1, days=31),
}  # fmt: skip
_HOLIDAY_IDS = {_phrase: _phrase.replace(" ", "_").replace("'", "").replace(".", "") for _phrase in _HOLIDAYS}
for _phrase, _id in _HOLIDAY_IDS.items():
    _lexicon[_phrase] = f"holiday:{_id}"

# Verbs and auxiliaries that put an event in the past, and forms that look forward.
_PAST = (
    r"\b(?:said|says|saying|told|announced|reported|stated|added|noted|was|were|had|did|been|ago|earlier|last|"
    r"previously|already|began|came|took|met|held|made|saw|won|lost|rose|fell|grew|became|gave|got|went|left|"
    r"sold|bought|paid|ran|spent|struck|killed|(?<!be )(?<!to )(?<!been )(?!(?:planned|scheduled|expected|proposed|projected|slated)\b)\w{3,}ed)\b"
)
_FUTURE = (
    r"\b(?:will|'ll|shall|would|may|might|could|can|is to|are to|going to|expected to|expects?|plans? to|planned|"
    r"scheduled|due to|set to|intends? to|aims? to|hopes? to|should|must|next|coming|upcoming|forecasts?|"
    r"projected|proposed|slated|targets?|to be)\b"
)

# A fiscal year in a sentence with one of these is the US federal government's (October to September).
_GOVERNMENT = (
    r"\b(?:federal|government|congress\w*|pentagon|appropriations?|white house|treasury|"
    r"(?:defen[cs]e|state|energy|justice|homeland security|education|agriculture) department|"
    r"department of \w+|senate|house of representatives|omb|cbo|irs|medicare|medicaid)\b"
)

WORDS = LanguageWords(
    code="en",
    lexicon=_lexicon,
    fillers=frozenset({"the"}),
    holidays={_HOLIDAY_IDS[_phrase]: _holiday for _phrase, _holiday in _HOLIDAYS.items()},
    past_cues=_PAST,
    future_cues=_FUTURE,
    government_cues=_GOVERNMENT,
    capitalised_only=frozenset(
        {
            "may",
            "march",
            "sun.",
            "sat.",
            "wed.",
            "mar",
            "jan",
            "jun",
            "jul",
            "aug",
            "sep",
            "oct",
            "nov",
            "dec",
            "feb",
            "apr",
        }
    ),
    numeric_order="",  # 4/5/2025 is April 5 in Washington and 4 May in London: refused
)
