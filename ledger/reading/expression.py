"""Read one date expression (a phrase) relative to a reference day."""

from __future__ import annotations

import re
from datetime import date

from ledger.reading.grammar import FEDERAL_FISCAL_START, LEANS, TimeReading, fiscal_year_start, read_tokens
from ledger.reading.lang import words_for
from ledger.reading.tokens import tokenize

MAX_PHRASE = 200  # characters: longer text is a sentence, to be tagged, not read as one expression


def read_expression(
    phrase: str, reference: date, lean: str = "future", language: str = "en", fiscal_year_start_month: int | None = None
) -> TimeReading | None:
    """The window ``phrase`` names, seen from ``reference``; None when it is not one date expression.

    ``lean`` places expressions that do not fix their own year or week ("August",
    "Thursday"): ``future``, ``past`` or ``nearest``.  Fiscal years start in
    ``fiscal_year_start_month``; by default in October when the phrase names the US federal
    government, else in January.  Never raises on any text.
    """
    if not isinstance(phrase, str) or not isinstance(reference, date) or lean not in LEANS:
        return None
    if len(phrase) > MAX_PHRASE or "\x00" in phrase:
        return None
    words = words_for(language)
    tokens = tuple(token.canon for token in tokenize(phrase, words))
    if not tokens:
        return None
    start = fiscal_year_start_month
    if start is not None and (not isinstance(start, int) or not 1 <= start <= 12):
        return None
    if start is None and words.government_cues and re.search(words.government_cues, phrase, re.IGNORECASE):
        start = FEDERAL_FISCAL_START
    with fiscal_year_start(start):
        return read_tokens(tuple(" ".join(tokens).split()), reference, lean, words)
