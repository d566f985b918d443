"""Add an article and turn it into commitments: its dates highlighted, its candidates accepted, edited or skipped.

``ArticleFormScreen`` takes the text (pasted, or a file path), the publication day,
the title and the outlet.  ``ArticleScreen`` shows the text with every date
expression highlighted (past, current, future; the reading of the one under the
cursor below it) and the candidate commitments beside it.  The same screen opens
for a recorded source from an item's detail.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, DataTable, Header, Input, Label, Static, TextArea

from ledger.errors import LedgerError
from ledger.parsing import parse_date
from tui.calls import call
from tui.format import escape, plain
from tui.loading import LoadTracking
from tui.messages import ArticleLoaded, Failed, Saved
from tui.widgets.article_text import ArticleText
from tui.widgets.footer import SteadyFooter

if TYPE_CHECKING:
    from ledger.service import Ledger

ACCEPTED, SKIPPED, PENDING = "✓", "–", " "


def looks_like_path(text: str) -> bool:
    """One line naming a file rather than an article's text."""
    line = text.strip()
    return (
        bool(line)
        and "\n" not in line
        and (line.startswith(("/", "~", "./", "../")) or line.lower().endswith((".txt", ".html", ".htm", ".md")))
    )


class ArticleFormScreen(ModalScreen[Any]):
    """Dismisses with a dict (text, title, published_on, publisher), or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="article_form.cancel"),
        Binding("ctrl+s", "read", "Read", id="article_form.read"),
    ]

    def __init__(self, ledger: Ledger) -> None:
        super().__init__()
        self.ledger = ledger

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="article-dialog"):
            yield Static("[b]Add an article[/b]", classes="dialog-title")
            yield Label("Text (paste it, or give a file path)")
            yield TextArea(id="article-text-input", soft_wrap=True, tab_behavior="focus")
            yield Label("Published")
            yield Input(value=self.ledger.today().isoformat(), placeholder="YYYY-MM-DD", id="article-published")
            yield Label("Title")
            yield Input(placeholder="the headline", id="article-title")
            yield Label("Outlet")
            yield Input(placeholder="who published it", id="article-outlet")
            yield Static("", id="article-form-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Read (ctrl+s)", variant="primary", id="article-read")
                yield Button("Cancel", id="article-cancel")

    def on_mount(self) -> None:
        self.query_one("#article-text-input", TextArea).focus()

    @on(Button.Pressed, "#article-read")
    def action_read(self) -> None:
        error = self.query_one("#article-form-error", Static)
        text = self.query_one("#article-text-input", TextArea).text
        title = self.query_one("#article-title", Input).value.strip()
        try:
            published = parse_date(self.query_one("#article-published", Input).value.strip(), "published")
        except LedgerError as exc:
            error.update(escape(str(exc)))
            return
        if not text.strip():
            error.update("text: required; paste the article or give the path of a text or HTML file")
            return
        if not title:
            error.update("title: required; the article's headline")
            return
        error.update("Reading…")
        self._load(text, title, published, self.query_one("#article-outlet", Input).value.strip())

    @work(thread=True, exclusive=True, group="article-form", exit_on_error=False)
    def _load(self, text: str, title: str, published: Any, outlet: str) -> None:
        if looks_like_path(text):
            text = call(self, self.ledger.read_article_file, text)
        call(self, self.ledger.article_language, text)  # another script or a mix of scripts: said here
        self.post_message(Saved({"text": text, "title": title, "published_on": published, "publisher": outlet}))

    def on_saved(self, message: Saved) -> None:
        self.dismiss(message.result)

    def on_failed(self, message: Failed) -> None:
        self.query_one("#article-form-error", Static).update(escape(message.text))

    @on(Button.Pressed, "#article-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class ArticleScreen(LoadTracking, Screen[None]):
    """An article and its candidate commitments; a new one (``draft``) is recorded when the screen opens."""

    AUTO_FOCUS = "#article-candidates"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "app.pop_screen", "Back", id="article.back"),
        Binding("y", "accept", "Accept", id="article.accept"),
        Binding("e", "edit", "Edit", id="article.edit"),
        Binding("x", "skip", "Skip", id="article.skip"),
        Binding("right_square_bracket", "next_date", "Next date", id="article.next_date"),
        Binding("left_square_bracket", "previous_date", "Previous date", id="article.previous_date"),
    ]

    def __init__(self, ledger: Ledger, *, source_ref: str | None = None, draft: dict[str, Any] | None = None) -> None:
        super().__init__()
        self.ledger = ledger
        self.source_ref = source_ref
        self.draft = draft
        self.reading: Any = None
        self.candidates: list[Any] = []
        self.marks: list[str] = []
        self.cursor: int | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Reading the article…", id="article-head")
        with Horizontal(id="article-body"):
            with VerticalScroll(id="article-scroll"):
                yield ArticleText(id="article-text")
            with Vertical(id="article-side"):
                yield DataTable(id="article-candidates", cursor_type="row", zebra_stripes=True)
                yield Static("", id="candidate-detail")
        yield Static("", id="article-reading")
        yield SteadyFooter()

    def on_mount(self) -> None:
        table = self.query_one("#article-candidates", DataTable)
        table.add_column(" ", key="mark", width=1)
        table.add_column("Window", key="window", width=10)
        table.add_column("Title", key="title")
        self._fetch(self.ask())

    @work(thread=True, exclusive=True, group="article", exit_on_error=False)
    def _fetch(self, ticket: int) -> None:
        if self.draft is not None:
            reading, existed = call(self, self.ledger.open_article, self.draft.pop("text"), **self.draft)
            self.draft = None
        else:
            reading, existed = call(self, self.ledger.article, self.source_ref), False
        self.post_message(ArticleLoaded(reading, existed, ticket))

    def on_article_loaded(self, message: ArticleLoaded) -> None:
        r = self.reading = message.reading
        self.source_ref = r.source.id
        src = r.source
        self.sub_title = src.title
        head = f"[b]{escape(src.title)}[/b]  [dim]{escape(src.publisher or 'no outlet')}"
        head += f" · {src.published_on or 'undated'} · {len(r.spans)} dates · {len(r.candidates)} candidates[/dim]"
        if message.existed:
            head += "\n[b]This text is already recorded[/b]: this is that source; accepted items are added to it."
            self.notify(f"already recorded as {src.id[:8]} {src.title!r}", title="Same article")
        self.query_one("#article-head", Static).update(head)
        self.candidates = list(r.candidates)
        self.marks = [ACCEPTED if c.sentence[:5000] in r.accepted else PENDING for c in self.candidates]
        self.cursor = 0 if r.spans else None
        self.query_one(ArticleText).show(r.text, r.spans, self.cursor)
        self._fill_table()
        self._show_reading()
        self.answer(message.ticket)

    # --- candidates ----------------------------------------------------------
    def _fill_table(self, keep: int = 0) -> None:
        table = self.query_one("#article-candidates", DataTable)
        table.clear()
        for number, (c, mark) in enumerate(zip(self.candidates, self.marks, strict=True)):
            window = c.deadline.label if c.deadline else "—"
            table.add_row(mark, window, plain(c.title or c.sentence), key=str(number))
        if self.candidates:
            table.move_cursor(row=min(keep, len(self.candidates) - 1))
        self._show_candidate()

    def _current(self) -> int | None:
        table = self.query_one("#article-candidates", DataTable)
        return table.cursor_row if self.candidates and 0 <= table.cursor_row < len(self.candidates) else None

    @on(DataTable.RowHighlighted, "#article-candidates")
    def _show_candidate(self) -> None:
        number = self._current()
        detail = self.query_one("#candidate-detail", Static)
        if number is None:
            detail.update("[dim]No candidate commitments in this article.[/dim]")
            return
        c = self.candidates[number]
        window = f"{c.deadline.label} ({c.deadline.earliest} … {c.deadline.latest})" if c.deadline else "no deadline"
        detail.update(
            f"[b]{escape(c.title or c.sentence)}[/b]\n"
            f"key [b]{escape(c.key or '-')}[/b] · actor [b]{escape(c.actor or '?')}[/b] · {c.kind} {c.score:.2f}\n"
            f"deadline {escape(window)}\n[dim]{escape(c.sentence)}[/dim]"
        )
        self._cursor_into(c.sentence)

    def _cursor_into(self, sentence: str) -> None:
        """Put the date cursor on the first date inside the candidate's sentence, when the text shows it."""
        if self.reading is None:
            return
        at = self.reading.text.find(sentence[:60])
        if at < 0:
            return
        inside = [n for n, s in enumerate(self.reading.spans) if at <= s.start < at + len(sentence)]
        if inside:
            self._move_cursor(inside[0])

    def action_accept(self) -> None:
        number = self._current()
        if number is None or self.reading is None:
            return
        if self.marks[number] == ACCEPTED:
            self.notify("already an item of this source")
            return
        self._accept(number, self.candidates[number], self.reading.source.id)

    @work(thread=True, exclusive=True, group="article-write", exit_on_error=False)
    def _accept(self, number: int, candidate: Any, source_id: str) -> None:
        item = call(self, self.ledger.accept_candidate, source_id, candidate)
        self.post_message(Saved((number, item)))

    def on_saved(self, message: Saved) -> None:
        number, item = message.result
        self.marks[number] = ACCEPTED
        self.notify(f"{item.key}: added" if item else "already an item of this source")
        self._fill_table(keep=number + 1)

    def action_skip(self) -> None:
        number = self._current()
        if number is not None and self.marks[number] != ACCEPTED:
            self.marks[number] = SKIPPED
            self._fill_table(keep=number + 1)

    def action_edit(self) -> None:
        number = self._current()
        if number is None or self.reading is None or self.marks[number] == ACCEPTED:
            return
        published = self.reading.source.published_on

        def edited(candidate: Any) -> None:
            if candidate is not None:
                self.candidates[number] = candidate
                self._fill_table(keep=number)

        self.app.push_screen(CandidateFormScreen(self.ledger, self.candidates[number], published), edited)

    # --- the date cursor -------------------------------------------------------
    def action_next_date(self) -> None:
        if self.reading and self.reading.spans:
            self._move_cursor(0 if self.cursor is None else min(self.cursor + 1, len(self.reading.spans) - 1))

    def action_previous_date(self) -> None:
        if self.reading and self.reading.spans:
            self._move_cursor(0 if self.cursor is None else max(self.cursor - 1, 0))

    def _move_cursor(self, cursor: int) -> None:
        self.cursor = cursor
        text = self.query_one(ArticleText)
        text.move(cursor)
        scroll = self.query_one("#article-scroll", VerticalScroll)
        line = text.line_of(self.reading.spans[cursor].start, text.content_region.width or scroll.size.width)
        scroll.scroll_to(y=max(0, line - 2), animate=False)
        self._show_reading()

    def _show_reading(self) -> None:
        out = self.query_one("#article-reading", Static)
        if self.reading is None or self.cursor is None:
            out.update("[dim]No date expressions found.[/dim]")
            return
        span = self.reading.spans[self.cursor]
        d = span.deadline
        window = d.label if d.earliest == d.latest else f"{d.label}: {d.earliest} … {d.latest}"
        rule = f" · {escape(d.rule)}" if d.rule else ""
        out.update(
            f"[b]{self.cursor + 1}/{len(self.reading.spans)}[/b] “{escape(span.text)}” → {escape(window)} "
            f"· {span.direction}{rule}   [dim][ ] move[/dim]"
        )

    def on_failed(self, message: Failed) -> None:
        self.answer()
        self.notify(message.text, title="fledger", severity="error")


class CandidateFormScreen(ModalScreen[Any]):
    """Edit a candidate before it is accepted: title, key, deadline (read as typed) and actor."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="candidate_form.cancel"),
        Binding("ctrl+s", "save", "Save", id="candidate_form.save"),
    ]

    def __init__(self, ledger: Ledger, candidate: Any, published: Any) -> None:
        super().__init__()
        self.ledger = ledger
        self.candidate = candidate
        self.published = published

    def compose(self) -> ComposeResult:
        c = self.candidate
        window = (c.deadline.phrase or c.deadline.label) if c.deadline else ""
        with VerticalScroll(classes="dialog", id="candidate-dialog"):
            yield Static("[b]Edit the commitment[/b]", classes="dialog-title")
            yield Static(f"[dim]{escape(c.sentence)}[/dim]", classes="hint")
            yield Label("Title")
            yield Input(value=c.title, id="candidate-title")
            yield Label("Key")
            yield Input(value=c.key, id="candidate-key")
            yield Label("Deadline")
            yield Input(value=window, placeholder="by April, 2025-Q2, end of 2025 (empty: none)",
                        id="candidate-deadline")  # fmt: skip
            yield Static("", id="candidate-deadline-reading", classes="hint")
            yield Label("Actor")
            yield Input(value=c.actor, id="candidate-actor")
            yield Static("", id="candidate-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Save (ctrl+s)", variant="primary", id="candidate-save")
                yield Button("Cancel", id="candidate-cancel")

    def on_mount(self) -> None:
        self.query_one("#candidate-title", Input).focus()
        self._read_deadline()

    @on(Input.Changed, "#candidate-deadline")
    def _read_deadline(self) -> None:
        phrase = self.query_one("#candidate-deadline", Input).value.strip()
        out = self.query_one("#candidate-deadline-reading", Static)
        if not phrase:
            out.update("[dim]no deadline[/dim]")
            return
        try:
            dl = self.ledger.read_deadline(phrase, self.published or self.ledger.today())  # pure: no file access
        except LedgerError as exc:
            out.update(f"[red]{escape(str(exc))}[/red]")
            return
        out.update(f"→ {dl.label}: {dl.earliest} … {dl.latest} ({dl.precision})")

    @on(Button.Pressed, "#candidate-save")
    @on(Input.Submitted)
    def action_save(self) -> None:
        names = ("title", "key", "deadline", "actor")
        values = {name: self.query_one(f"#candidate-{name}", Input).value for name in names}
        if not values["title"].strip():
            self.query_one("#candidate-error", Static).update("title: required; say what is committed to in one line")
            return
        self._save(values)

    @work(thread=True, exclusive=True, group="candidate-save", exit_on_error=False)
    def _save(self, values: dict[str, str]) -> None:
        self.post_message(Saved(call(self, self.ledger.edit_candidate, self.candidate, self.published, **values)))

    def on_saved(self, message: Saved) -> None:
        self.dismiss(message.result)

    def on_failed(self, message: Failed) -> None:
        self.query_one("#candidate-error", Static).update(escape(message.text))

    @on(Button.Pressed, "#candidate-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
