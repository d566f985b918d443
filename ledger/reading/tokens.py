"""Text -> canonical tokens with their character offsets, using one language's lexicon."""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping
from functools import lru_cache

from attrs import frozen

from ledger.reading.words import LanguageWords

# One word of running text.  Order matters: numeric dates before plain numbers,
# "mid-"/"end-" prefixes before hyphenated words.
_WORD_RE = re.compile(
    r"\d{4}([-/])\d{1,2}\1\d{1,2}(?!\d)"  # 2025-04-30, 2025/04/30
    r"|\d{4}-?[QqHh][1-4](?!\w)"  # 2025-Q2, 2026H1
    r"|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}(?!\d)"  # 4/30/2025, 30.04.2025
    r"|\d{4}-\d{1,2}(?![\d-])"  # 2025-04
    r"|\d{4}/\d{2}(?!\d)"  # 2025/26 (a split year)
    r"|(?:mid|end|early|late|pre)-(?=[\w'])"  # mid-2025, end-March
    r"|'\d0s|\u2019\d0s"  # '90s
    r"|\d+(?:st|nd|rd|th|s)?(?![\w])"  # 30, 30th, 1990s
    r"|(?:[^\W\d_]+\.)+(?=[\s,;)\]]|$)"  # abbreviations: Aug., U.S., St.
    r"|[^\W_]+(?:[-'\u2019](?![sS]\b)[^\W_]+)*"  # words: year-end, twenty-one, new year's, 3q25, fy2026
    r"|['\u2019]s\b"  # possessive split off "Saturday's"
    r"|[/,\u2013\u2014-]",  # separators the grammar reads
    re.UNICODE,
)
_MAX_PHRASE_WORDS = 6  # the longest lexicon key, in words


@frozen
class Token:
    """A canonical token (or several, space-separated) and where it came from in the text."""

    canon: str
    start: int
    end: int


def tokenize(text: str, words: LanguageWords) -> list[Token]:
    """Every word of ``text`` as canonical tokens; fillers are dropped, unknown words kept lower-cased."""
    raw = _raw_words(text, words)
    tokens: list[Token] = []
    index = 0
    lexicon, fillers = words.lexicon, words.fillers
    while index < len(raw):
        taken = _lexicon_match(raw, index, lexicon, text)
        if taken:
            length, canon, end = taken
            tokens.append(Token(canon, raw[index][0], end))
            index += length
            continue
        start, end, word = raw[index]
        if word not in fillers:
            tokens.append(Token(word, start, end))
        index += 1
    return _year_suffixes(tokens, text, words) if words.year_suffix else tokens


def _year_suffixes(tokens: list[Token], text: str, words: LanguageWords) -> list[Token]:
    """A year word right after a year number ("2025 года", "2025 г.") belongs to the year: ``yearword``."""
    suffix = re.compile(words.year_suffix, re.IGNORECASE)
    out = list(tokens)
    for n in range(1, len(out)):
        before, token = out[n - 1], out[n]
        if re.fullmatch(r"\d{4}", before.canon) and suffix.fullmatch(text[token.start : token.end]):
            out[n] = Token("yearword", token.start, token.end)
    return out


def _raw_words(text: str, words: LanguageWords) -> list[tuple[int, int, str]]:
    """(start, end, lower-cased word); hyphenated compounds the lexicon lacks are split."""
    raw = []
    for match in _WORD_RE.finditer(text):
        word, start = match[0], match.start()
        if word.rstrip(".") in words.capitalised_only:  # a lower-case "may" is marked so that no lexicon key matches it
            raw.append((start, match.end(), "\ue000" + word))
            continue
        plain = _plain(word)
        if plain.endswith(".") and len(plain) > 1 and plain not in words.lexicon:
            plain = plain[:-1]  # a full stop that ends the sentence, not an abbreviation's
            raw.append((start, match.end() - 1, plain))
            continue
        if "-" in plain and plain not in words.lexicon and not plain[0].isdigit():
            offset = start
            for part in plain.split("-"):  # "third-quarter", "year-earlier"
                raw.append((offset, offset + len(part), part))
                offset += len(part) + 1
            continue
        raw.append((start, match.end(), plain))
    return raw


_LONGEST: dict[int, dict[str, int]] = {}  # id(lexicon) -> its openers' longest keys; lexicons live forever


def _longest_keys(lexicon: Mapping[str, str]) -> dict[str, int]:
    """For each word that opens a key of several words, how many raw words such a key may take."""
    found = _LONGEST.get(id(lexicon))
    if found is None:
        found = {}
        for key in lexicon:
            words = key.replace("'s", " 's").split()
            if len(words) > 1:
                found[words[0]] = max(found.get(words[0], 1), len(words) + 1)
        _LONGEST[id(lexicon)] = found
    return found


def _lexicon_match(raw: list[tuple[int, int, str]], index: int, lexicon: dict, text: str) -> tuple | None:
    most = _longest_keys(lexicon).get(raw[index][2], 1)
    for length in range(min(most, _MAX_PHRASE_WORDS, len(raw) - index), 0, -1):
        pieces = raw[index : index + length]
        if length > 1 and any(text[pieces[k][1] : pieces[k + 1][0]].strip() for k in range(length - 1)):
            continue  # only spaces may separate the words of one key
        key = _join(pieces, text)
        if key in lexicon:
            return length, lexicon[key], pieces[-1][1]
    return None


def _join(pieces: list[tuple[int, int, str]], text: str) -> str:
    key = pieces[0][2]
    for (_, previous_end, _), (start, _, word) in itertools.pairwise(pieces):
        key += (" " if start > previous_end else "") + word
    return key


@lru_cache(maxsize=4096)
def _plain(word: str) -> str:
    return word.lower().replace("\u2019", "'").replace("\u2013", "-").replace("\u2014", "-")
