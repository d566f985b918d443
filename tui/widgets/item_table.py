"""The item list: a DataTable holding only the pages loaded so far, with vim keys."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable

from tui import format as fmt

COLUMNS = (
    ("Key", "key"), ("Title", "title"), ("Deadline", "deadline"), ("Days", "days"), ("Mine", "mine"),
    ("Crowd", "crowd"), ("N", "n"), ("Status", "status"), ("Tags", "tags"),
)  # fmt: skip
TITLE_WIDTH = 44
# Deadline, Days, Mine, Crowd, N and Status at their usual widths, the cell padding of every column, and the
# scrollbar: what the title must leave free so that Status stays on screen (Tags may scroll off).
BESIDE_TITLE = 37 + 2 * len(COLUMNS) + 2


class ItemTable(DataTable[Any]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False, id="items.down"),
        Binding("k", "cursor_up", "Up", show=False, id="items.up"),
        Binding("g", "scroll_top", "Top", show=False, id="items.top"),
        Binding("G", "scroll_bottom", "Bottom", show=False, id="items.bottom"),
    ]

    class NearEnd(Message):
        """The cursor is close to the last loaded row: time to load the next page."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self.summaries: list[Any] = []
        self.title_width = TITLE_WIDTH
        self.pending = False  # the rows were painted without their forecast columns (shown as "…")

    def on_mount(self) -> None:
        self._lay_out(key_width=12)

    def _lay_out(self, key_width: int) -> None:
        """Columns, the title taking what the key and the other columns leave (never under 16)."""
        self.title_width = max(16, min(TITLE_WIDTH, self.app.size.width - key_width - BESIDE_TITLE))
        self.clear(columns=True)
        for label, key in COLUMNS:
            self.add_column(label, key=key, width=self.title_width if key == "title" else None)

    def show(self, rows: list[Any], *, append: bool = False, pending: bool = False) -> None:
        if not append:
            key_width = max((len(r.key) for r in rows), default=12)
            if max(16, min(TITLE_WIDTH, self.app.size.width - key_width - BESIDE_TITLE)) != self.title_width:
                self._lay_out(key_width)
            self.clear()
            self.summaries = []
            self.pending = pending
        self.summaries.extend(rows)
        for summary in rows:
            self.add_row(*_cells(summary, self.title_width, pending), key=summary.key)

    def fill(self, rows: list[Any]) -> bool:
        """Repaint the first rows with ``rows``, the same items now with their forecasts, keeping the rows loaded
        after them and the cursor on its item.  False (nothing done) when the items differ.

        A repaint (≈ 5 ms for 200 rows) rather than per-cell updates: re-measuring hundreds of updated cells
        costs far more."""
        if [r.key for r in rows] != [s.key for s in self.summaries[: len(rows)]]:
            return False
        cursor = self.cursor_row
        self.show([*rows, *self.summaries[len(rows) :]])
        self.move_cursor(row=cursor, animate=False, scroll=True)
        return True

    def current(self) -> Any | None:
        if not self.summaries or self.cursor_row >= len(self.summaries):
            return None
        return self.summaries[self.cursor_row]

    def index_of(self, key: str) -> int | None:
        for n, summary in enumerate(self.summaries):
            if summary.key == key:
                return n
        return None

    def watch_cursor_coordinate(self, old: Any, new: Any) -> None:
        super().watch_cursor_coordinate(old, new)
        # only a move by the user counts: rows being added or cleared also move the cursor
        if new.row != old.row and new.row > 0 and new.row >= self.row_count - 20:
            self.post_message(self.NearEnd())


def _cells(s: Any, width: int, pending: bool = False) -> tuple[Any, ...]:
    deadline = s.deadline
    title = s.title if len(s.title) <= width else s.title[: width - 1] + "…"
    return (
        fmt.plain(s.key),
        fmt.plain(title),
        deadline.label if deadline else "–",
        fmt.days_left(s.days_left, bool(s.outcome)),
        "…" if pending else fmt.percent(s.my_probability),
        "…" if pending else fmt.percent(s.crowd_median),
        "…" if pending else str(s.n_forecasters),
        s.status,
        fmt.plain(fmt.labels(s.tags)),
    )
