"""Reading an article's text from a file: size bound, binary refused, UTF-8 with stray bytes replaced."""

from __future__ import annotations

from ledger.errors import InvalidValue

MAX_ARTICLE_BYTES = 20_000_000  # far beyond any article
ACCEPTED = "a readable text or HTML file"


def looks_binary(text: str) -> bool:
    """A decoded file that is not text: a NUL, or many undecodable bytes, in its first 100,000 characters."""
    head = text[:100_000]
    return "\x00" in head or head.count("\ufffd") > max(8, len(head) // 100)


def decode_article(data: bytes, field: str, name: str) -> str:
    """The text of an article file's bytes; a binary file is refused."""
    if len(data) > MAX_ARTICLE_BYTES:
        raise InvalidValue(field, name, f"a file smaller than {MAX_ARTICLE_BYTES // 1_000_000} MB")
    text = data.decode("utf-8", errors="replace").lstrip("\ufeff")
    if looks_binary(text):
        raise InvalidValue(field, name, f"{ACCEPTED} (this file is binary)")
    return text


def read_article(path: str, field: str = "file") -> str:
    """The text of the article file at ``path``."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_ARTICLE_BYTES + 1)
    except OSError as exc:
        raise InvalidValue(field, path, f"{ACCEPTED} ({exc.strerror or exc})") from None
    return decode_article(data, field, path)
