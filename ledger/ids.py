"""Application-made identifiers: random UUIDs and item keys (slugs)."""

from __future__ import annotations

import re
import unicodedata
import uuid


def new_id() -> str:
    """A random UUID (version 4).

    Random rather than time-ordered (v7): people type id prefixes, and v7 ids made
    in the same minute share their first eight characters.  Order comes from the
    records' own timestamps.
    """
    return str(uuid.uuid4())


KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,47}$")
KEY_FORM = "1-48 lowercase letters, digits or dashes, starting with a letter or digit"
_STOPWORDS = {"a", "an", "the", "of", "to", "in", "on", "for", "and", "by", "with", "will", "be", "is"}


def slugify(title: str, max_words: int = 4, max_length: int = 32) -> str:
    """A short human key derived from a title: 'Will X sign the deal?' -> 'x-sign-deal'.

    Short enough to type and to leave room for the title in a list.
    """
    from ledger.translit import transliterate

    # Russian in Latin letters, then fold accents so 'Ünïcode' keeps its letters ('unicode', not 'n-code').
    folded = unicodedata.normalize("NFKD", transliterate(title)).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", folded.lower())
    kept = [w for w in words if w not in _STOPWORDS] or words
    slug = ""
    for word in kept[:max_words]:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_length:
            break
        slug = candidate
    return slug or (kept[0][:max_length] if kept else "item")
