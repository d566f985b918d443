"""Languages the reader knows: code -> LanguageWords, loaded on first use."""

from __future__ import annotations

from importlib import import_module

from ledger.reading.words import LanguageWords

LANGUAGES = ("en",)  # each is a module ledger/reading/lang/<code>.py defining WORDS
_LOADED: dict[str, LanguageWords] = {}


def words_for(code: str) -> LanguageWords:
    """The words of language ``code``; ValueError names the known ones when it is not one."""
    if code not in LANGUAGES:
        raise ValueError(f"unknown language {code!r}; known: {', '.join(LANGUAGES)}")
    if code not in _LOADED:
        _LOADED[code] = import_module(f"ledger.reading.lang.{code}").WORDS
    return _LOADED[code]
