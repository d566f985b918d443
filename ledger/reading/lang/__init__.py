"""Languages the reader knows: code -> LanguageWords, loaded on first use."""

from __future__ import annotations

from importlib import import_module

from ledger.errors import LedgerError
from ledger.reading.words import LanguageWords

LANGUAGES = ("en", "ru")  # each is a module ledger/reading/lang/<code>.py defining WORDS
_LOADED: dict[str, LanguageWords] = {}


def words_for(code: str) -> LanguageWords:
    """The words of language ``code``; ValueError names the known ones when it is not one."""
    if code not in LANGUAGES:
        raise ValueError(f"unknown language {code!r}; known: {', '.join(LANGUAGES)}")
    if code not in _LOADED:
        _LOADED[code] = import_module(f"ledger.reading.lang.{code}").WORDS
    return _LOADED[code]


class UnknownLanguage(LedgerError):
    """A text whose language the reader does not know, or that mixes scripts; the message is one line."""


def script_counts(text: str) -> tuple[int, int, int]:
    """(Latin, Cyrillic, other) letters in ``text``."""
    latin = cyrillic = other = 0
    for ch in text:
        if not ch.isalpha():
            continue
        if ch.isascii() or "\u00c0" <= ch <= "\u024f":
            latin += 1
        elif "\u0400" <= ch <= "\u04ff":
            cyrillic += 1
        else:
            other += 1
    return latin, cyrillic, other


def detect_language(text: str, sample: int = 200_000) -> str:
    """``en`` or ``ru`` from the letters of ``text``; UnknownLanguage for another script or a mix.

    A document is read in one language: the script of at least 75% of its letters.
    Names in the other script (a Russian wire naming "Mail.ru") stay well below the rest.
    """
    latin, cyrillic, other = script_counts(text[:sample])
    letters = latin + cyrillic + other
    if letters == 0:
        return "en"
    if other / letters > 0.25:
        raise UnknownLanguage("language: the text is not in English or Russian (its letters are in another script)")
    if latin / letters >= 0.75:
        return "en"
    if cyrillic / letters >= 0.75:
        return "ru"
    raise UnknownLanguage(
        f"language: the text mixes scripts ({latin} Latin and {cyrillic} Cyrillic letters); "
        "give an English or a Russian article"
    )


def phrase_language(phrase: str) -> str:
    """The language of a short phrase: Russian when it has more Cyrillic than Latin letters."""
    latin, cyrillic, _ = script_counts(phrase)
    return "ru" if cyrillic > latin else "en"
