"""An article read for the analyst: its text, the date expressions in it, and its candidate commitments."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from attrs import frozen

from ledger.model import Source
from ledger.service.base import LedgerBase
from ledger.storage import records

if TYPE_CHECKING:  # the readers load when an article is read, not on every start-up
    from ledger.reading.extract import Candidate, DateSpan


@frozen
class ArticleReading:
    """What the article screen shows: the text as displayed, its dated phrases and candidates.

    ``accepted`` holds the sentences already recorded as items of ``source``.
    """

    source: Source
    text: str
    spans: list[DateSpan]
    candidates: list[Candidate]
    accepted: frozenset[str]


class ArticleOps(LedgerBase):
    def read_article_file(self, path: str) -> str:
        """An article's text from a file (text or HTML; binary files and huge files are refused)."""
        from ledger.textfile import read_article

        return read_article(path.strip(), "text")

    def article_language(self, text: str) -> str:
        """``en`` or ``ru``; a text in another script, or mixing scripts, is refused (UnknownLanguage)."""
        from ledger.reading.extract import html_to_text
        from ledger.reading.lang import detect_language

        return detect_language(html_to_text(text))

    def open_article(
        self, text: str, *, title: str, published_on: date | None, publisher: str = "", url: str = ""
    ) -> tuple[ArticleReading, bool]:
        """Record a new article (or find it again by its text) and read it; True when it was already recorded."""
        self.article_language(text)
        recorded = self.record_source(  # type: ignore[attr-defined]
            title, publisher=publisher, url=url, published_on=published_on, text=text
        )
        return self.article(recorded.source.id), recorded.existed

    def article(self, source_ref: str) -> ArticleReading:
        """A recorded source read for review: its dated phrases and candidates (from its publication day)."""
        from ledger.reading.extract import date_spans, extract_commitments, html_to_text

        with self._reading() as con:
            source = self._source(con, source_ref)  # type: ignore[attr-defined]
            accepted = frozenset(records.quotes_of_source(con, source.id))
        from ledger.reading.lang import UnknownLanguage, detect_language

        published = source.published_on or self.today()
        shown = html_to_text(source.text)
        try:
            language = detect_language(shown)
        except UnknownLanguage:
            language = "en"  # recorded before languages were checked: read it as English
        return ArticleReading(
            source, shown, date_spans(shown, published, language),
            extract_commitments(source.text, published, language), accepted,
        )  # fmt: skip

    def accept_candidate(self, source_id: str, candidate: Any) -> Any:
        """One candidate becomes a commitment item of the source; returns the item (None if it already was one)."""
        added = self.add_candidates(source_id, [candidate])  # type: ignore[attr-defined]
        return added[0] if added else None
