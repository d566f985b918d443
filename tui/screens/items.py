"""Home: the item list with view tabs, a live filter, paging, and auto-reload that keeps the cursor."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Header, Input, Static, Tab, Tabs

from ledger.service.ordering import SORTS
from tui.calls import call
from tui.format import escape
from tui.loading import LoadTracking
from tui.messages import Failed, LedgerChanged, PageLoaded
from tui.widgets.footer import WrappingFooter
from tui.widgets.item_table import ItemTable

if TYPE_CHECKING:
    from ledger.service import Ledger
    from tui.app import FledgerApp

FILTER_DEBOUNCE = 0.08  # seconds of quiet typing before the list is asked again
VIEWS = (("open", "Open"), ("due", "Due — resolve these"), ("resolved", "Resolved"), ("all", "All"))
SORT_NAMES = {"deadline": "deadline", "key": "key", "mine": "mine", "crowd": "crowd", "n": "N", "status": "status"}
PAGE = 200


class ItemsScreen(LoadTracking, Screen[None]):
    AUTO_FOCUS = "#items"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "filter", "Filter", id="items.filter"),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="items.clear_filter"),
        Binding("enter", "open", "Open", id="items.open"),
        Binding("f", "forecast", "Forecast", id="items.forecast"),
        Binding("r", "resolve", "Resolve", id="items.resolve"),
        Binding("n", "new", "New", id="items.new"),
        Binding("e", "edit", "Edit", id="items.edit"),
        Binding("a", "add_article", "Article", id="items.add_article"),
        Binding("o", "cycle_sort", "Sort", id="items.sort"),
        Binding("O", "reverse_sort", "Reverse sort", show=False, id="items.reverse_sort"),
        Binding("1", "view('open')", "Open", show=False, id="items.view_open"),
        Binding("2", "view('due')", "Due", show=False, id="items.view_due"),
        Binding("3", "view('resolved')", "Resolved", show=False, id="items.view_resolved"),
        Binding("4", "view('all')", "All", show=False, id="items.view_all"),
        Binding("tab", "next_view", "Next view", show=False, id="items.next_view"),
    ]

    def __init__(self, ledger: Ledger) -> None:
        super().__init__()
        self.ledger = ledger
        self.view = "open"
        self.sort = "deadline"
        self.reverse = False
        self.query_text = ""
        self.total = 0
        self._filter_timer: Timer | None = None
        self._last_filter_key = 0.0
        self.painted = 0  # newest load ticket whose rows are on screen, forecasts filled or not

    def compose(self) -> ComposeResult:
        yield Header()
        yield Tabs(*(Tab(label, id=f"view-{name}") for name, label in VIEWS), id="views")
        yield Input(placeholder="filter by key, title, actor or tag", id="filter")
        yield ItemTable(id="items")
        yield Static("", id="status")
        yield WrappingFooter()

    def on_mount(self) -> None:
        self.query_one(ItemTable).focus()

    # --- loading ------------------------------------------------------------
    def reload(self, keep_key: str | None = None) -> None:
        table = self.query_one(ItemTable)
        current = table.current()
        self.load_page(0, max(PAGE, len(table.summaries)), keep_key or (current.key if current else None))

    def load_page(self, offset: int, limit: int, keep_key: str | None) -> None:
        ticket = self.ask()
        self._paint_cached(offset, limit, keep_key)
        self._fetch_after_paint(ticket, self.view, self.query_text, offset, limit, keep_key)

    def _fetch_after_paint(self, *args: Any) -> None:
        # The worker starts once the rows painted from memory are on screen: it would otherwise compete with
        # that repaint for the interpreter.
        self.call_after_refresh(self._fetch_page, *args)

    def _paint_cached(self, offset: int, limit: int, keep_key: str | None) -> None:
        """Paint the page at once from the service's in-memory index (no file access), forecast columns pending;
        the worker's answer fills them in.  Nothing is painted when the index has to be read again first."""
        page = self.ledger.cached_item_page(self.view, query=self.query_text, limit=limit, offset=offset,
                                            sort=self.sort, reverse=self.reverse)  # fmt: skip
        if page is not None:
            self._paint(page, keep_key, append=False)
            self.painted = self.asked

    @work(thread=True, exclusive=True, group="items", exit_on_error=False)
    def _fetch_page(self, ticket: int, view: str, query: str, offset: int, limit: int, keep_key: str | None) -> None:
        page = call(self, self.ledger.item_page, view, query=query, limit=limit, offset=offset, sort=self.sort,
                    reverse=self.reverse)  # fmt: skip
        self.post_message(PageLoaded(page, keep_key, False, ticket))

    def on_page_loaded(self, message: PageLoaded) -> None:
        page = message.page
        if (page.view, page.query, page.sort, page.reverse) != (self.view, self.query_text, self.sort, self.reverse):
            return  # an answer to a question no longer asked
        table = self.query_one(ItemTable)
        if message.append and page.offset != len(table.summaries):
            return
        if not message.append and table.pending and table.fill(page.rows):
            pass  # the rows painted from the index, now with their forecasts; the cursor stays on its item
        else:
            keep_key = message.keep_key
            if not message.append and table.pending and (current := table.current()) is not None:
                keep_key = current.key  # the user may have moved since the index painted this page
            self._paint(page, keep_key, append=message.append)
        self.answer(message.ticket)
        self.painted = max(self.painted, message.ticket or self.asked)
        self._show_status()

    def _paint(self, page: Any, keep_key: str | None, *, append: bool) -> None:
        table = self.query_one(ItemTable)
        table.show(page.rows, append=append, pending=page.forecasts_pending)
        self.total = page.total
        if not append:
            index = table.index_of(keep_key) if keep_key else None
            table.move_cursor(row=index or 0, animate=False, scroll=True)
        self._show_status()

    def _show_status(self) -> None:
        table = self.query_one(ItemTable)
        shown = len(table.summaries)
        label = dict(VIEWS)[self.view]
        text = f"{label}: {self.total:,} item{'s' if self.total != 1 else ''}"
        if shown < self.total:
            text += f" (first {shown:,} loaded; more load as you scroll)"
        text += f" · sorted by {SORT_NAMES[self.sort]} {'▼' if self.reverse else '▲'}"
        if self.query_text:
            text += f" · filter {escape(repr(self.query_text))}"
        if not self.total:
            text += " · nothing here" + (" — press escape to clear the filter" if self.query_text else "")
        self.query_one("#status", Static).update(text)

    def on_item_table_near_end(self, _message: ItemTable.NearEnd) -> None:
        table = self.query_one(ItemTable)
        if len(table.summaries) < self.total:
            self.load_more(len(table.summaries))

    def load_more(self, offset: int) -> None:
        self._fetch_more(self.ask(), self.view, self.query_text, offset)

    @work(thread=True, exclusive=True, group="items-more", exit_on_error=False)
    def _fetch_more(self, ticket: int, view: str, query: str, offset: int) -> None:
        page = call(self, self.ledger.item_page, view, query=query, limit=PAGE, offset=offset, sort=self.sort,
                    reverse=self.reverse)  # fmt: skip
        self.post_message(PageLoaded(page, None, True, ticket))

    def on_ledger_changed(self, message: LedgerChanged) -> None:
        self.reload(message.keep_key)

    def on_failed(self, message: Failed) -> None:
        self.answer()
        self.notify(message.text, title="fledger", severity="error", markup=False)

    # --- views and filter -----------------------------------------------------
    @on(Tabs.TabActivated, "#views")
    def _tab(self, event: Tabs.TabActivated) -> None:
        view = (event.tab.id or "view-open").removeprefix("view-")
        if view != self.view:
            self.view = view
            self.load_page(0, PAGE, None)
        elif not self.query_one(ItemTable).summaries:
            self.load_page(0, PAGE, None)

    def action_cycle_sort(self) -> None:
        """The next sort field (deadline, key, mine, crowd, N, status), keeping the cursor on its item."""
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self._resort()

    def action_reverse_sort(self) -> None:
        self.reverse = not self.reverse
        self._resort()

    def _resort(self) -> None:
        table = self.query_one(ItemTable)
        table.set_sort(self.sort, self.reverse)
        current = table.current()
        self.load_page(0, max(PAGE, len(table.summaries)), current.key if current else None)
        self._show_status()

    def action_view(self, view: str) -> None:
        self.query_one(Tabs).active = f"view-{view}"

    def action_next_view(self) -> None:
        self.query_one(Tabs).action_next_tab()

    def action_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        # A key after a pause is answered at once; keys that follow within FILTER_DEBOUNCE of each
        # other wait for the typing to pause, so a burst costs one query.  The newest worker
        # replaces any older one still running (exclusive), and a stale answer is dropped.
        self.query_text = event.value
        ticket = self.ask()
        now = time.monotonic()
        burst = now - self._last_filter_key < FILTER_DEBOUNCE
        self._last_filter_key = now
        if self._filter_timer is not None:
            self._filter_timer.stop()
            self._filter_timer = None
        self._paint_cached(0, PAGE, None)  # from memory, at once; the debounce holds back only the file read
        if not burst:
            self._fetch_after_paint(ticket, self.view, self.query_text, 0, PAGE, None)
            return
        self._filter_timer = self.set_timer(
            FILTER_DEBOUNCE, lambda: self._fetch_page(ticket, self.view, self.query_text, 0, PAGE, None)
        )

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        self.query_one(ItemTable).focus()

    def action_clear_filter(self) -> None:
        box = self.query_one("#filter", Input)
        if box.value:
            box.value = ""
        self.query_one(ItemTable).focus()

    # --- flows ------------------------------------------------------------------
    def _current(self) -> Any | None:
        current = self.query_one(ItemTable).current()
        if current is None:
            self.notify("No item selected", severity="warning")
        return current

    def action_open(self) -> None:
        from tui.screens.detail import DetailScreen

        if current := self._current():
            self.app.push_screen(DetailScreen(self.ledger, current.key))

    def on_data_table_row_selected(self, _event: Any) -> None:
        self.action_open()

    def action_forecast(self) -> None:
        from tui.screens.forecast import ForecastScreen

        if current := self._current():
            self.app.push_screen(ForecastScreen(self.ledger, current), self._after_write)

    def action_resolve(self) -> None:
        from tui.screens.resolve import ResolveScreen

        if current := self._current():
            self.app.push_screen(ResolveScreen(self.ledger, current), self._after_write)

    def action_new(self) -> None:
        from tui.screens.item_form import ItemFormScreen

        self.app.push_screen(ItemFormScreen(self.ledger, None), self._after_write)

    def action_add_article(self) -> None:
        from tui.screens.article import ArticleFormScreen, ArticleScreen

        def opened(draft: Any) -> None:
            if draft is not None:
                self.app.push_screen(ArticleScreen(self.ledger, draft=draft))

        self.app.push_screen(ArticleFormScreen(self.ledger), opened)

    def action_edit(self) -> None:
        from tui.screens.item_form import ItemFormScreen

        if current := self._current():
            self.app.push_screen(ItemFormScreen(self.ledger, current.key), self._after_write)

    def _after_write(self, result: Any) -> None:
        """After a dialog's write every screen reloads once, the list keeping its cursor on the item written."""
        if result is not None:
            cast("FledgerApp", self.app).announce_change(getattr(result, "key", None))
