"""Read one date expression (a phrase) relative to a reference day."""

from __future__ import annotations

from datetime import date

from ledger.reading.grammar import LEANS, TimeReading, read_tokens
from ledger.reading.lang import words_for
from ledger.reading.tokens import tokenize

MAX_PHRASE = 200  # characters: longer text is a sentence, to be tagged, not read as one expression


def read_expression(phrase: str, reference: date, lean: str = "future", language: str = "en") -> TimeReading | None:
    """The window ``phrase`` names, seen from ``reference``; None when it is not one date expression.

    ``lean`` places expressions that do not fix their own year or week ("August",
    "Thursday"): ``future``, ``past`` or ``nearest``.  Never raises on any text.
    """
    if not isinstance(phrase, str) or not isinstance(reference, date) or lean not in LEANS:
        return None
    if len(phrase) > MAX_PHRASE or "\x00" in phrase:
        return None
    words = words_for(language)
    tokens = tuple(token.canon for token in tokenize(phrase, words))
    if not tokens:
        return None
    return read_tokens(tuple(" ".join(tokens).split()), reference, lean, words)
