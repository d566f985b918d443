"""Application-made identifiers: UUIDv7 (time-ordered) and item keys (slugs)."""

from __future__ import annotations

import os
import re
import time
import unicodedata
import uuid


def new_id() -> str:
    """A UUIDv7 string: 48-bit Unix milliseconds, then random bits (RFC 9562)."""
    ms = time.time_ns() // 1_000_000
    rand = int.from_bytes(os.urandom(10), "big")
    value = (ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76  # version 7
    value |= ((rand >> 62) & 0xFFF) << 64  # rand_a, 12 bits
    value |= 0b10 << 62  # RFC 4122 variant
    value |= rand & ((1 << 62) - 1)  # rand_b, 62 bits
    return str(uuid.UUID(int=value))


KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,47}$")
KEY_FORM = "1-48 lowercase letters, digits or dashes, starting with a letter or digit"
_STOPWORDS = {"a", "an", "the", "of", "to", "in", "on", "for", "and", "by", "with", "will", "be", "is"}


def slugify(title: str, max_words: int = 5) -> str:
    """A short human key derived from a title: 'Will X sign the deal?' -> 'x-sign-deal'."""
    # Fold accents first so 'Ünïcode' keeps its letters ('unicode', not 'n-code').
    folded = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", folded.lower())
    kept = [w for w in words if w not in _STOPWORDS] or words
    slug = "-".join(kept[:max_words])[:48].strip("-")
    return slug or "item"
