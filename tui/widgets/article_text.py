"""An article's text with its date expressions highlighted by direction and a cursor on one of them."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual.widgets import Static


class ArticleText(Static):
    """Shows ``text`` with ``spans`` (objects with start, end, direction) styled from the stylesheet."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-text--past",
        "article-text--current",
        "article-text--future",
        "article-text--cursor",
    }

    def __init__(self, **kwargs: Any) -> None:
        super().__init__("", **kwargs)
        self.text = ""
        self.spans: list[Any] = []
        self.cursor: int | None = None

    def show(self, text: str, spans: list[Any], cursor: int | None) -> None:
        self.text, self.spans, self.cursor = text, spans, cursor
        self.update(self._render_text())

    def move(self, cursor: int | None) -> None:
        self.cursor = cursor
        self.update(self._render_text())

    def on_mount(self) -> None:
        self.update(self._render_text())

    def _render_text(self) -> Text:
        # The article is shown as written: no markup is read from it, and a control character
        # becomes a space (one for one, so the highlighted offsets still fall on their words).
        shown = "".join(" " if (ord(c) < 32 and c not in "\n\t") or 127 <= ord(c) < 160 else c for c in self.text)
        out = Text(shown, no_wrap=False)
        for number, span in enumerate(self.spans):
            name = "cursor" if number == self.cursor else span.direction
            out.stylize(self.get_component_rich_style(f"article-text--{name}", partial=True), span.start, span.end)
        return out

    def line_of(self, offset: int, width: int) -> int:
        """The wrapped line (0-based) on which character ``offset`` is shown, for scrolling to it."""
        width = max(1, width)
        line = 0
        for paragraph in self.text[:offset].split("\n")[:-1]:
            line += max(1, -(-len(paragraph) // width))
        return line + len(self.text[:offset].split("\n")[-1]) // width
