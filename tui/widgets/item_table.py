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
# Columns that always show at their full width; the title gives way first, then these in order.
ALWAYS = ("key", "deadline", "mine", "status")
GIVE_WAY = ("tags", "n", "crowd", "days")  # the first is dropped first
TITLE_WIDTH = 44  # the title's width when there is room
TITLE_MIN = 12
TAGS_MAX = 20
CELL_PADDING = 2  # a DataTable cell's padding, one column each side
SCROLLBAR = 2
SORT_COLUMN = {"deadline": "deadline", "key": "key", "mine": "mine", "crowd": "crowd", "n": "n",
               "status": "status"}  # fmt: skip


def plan_columns(width: int, rows: list[Any]) -> dict[str, int]:
    """Column key -> width for a table ``width`` cells wide, leaving out the columns that do not fit.

    Key, deadline, mine and status always show in full.  The title gives way first (down to
    TITLE_MIN), then the columns of GIVE_WAY leave, tags first and days last."""
    need = {
        "key": max([3, *(len(r.key) for r in rows)]),
        "deadline": max([8, *(len(r.deadline.label) if r.deadline else 1 for r in rows)]),
        "days": max([4, *(len(str(r.days_left)) for r in rows if r.days_left is not None)]),
        "mine": 5, "crowd": 5,
        "n": max([1, *(len(str(r.n_forecasters)) for r in rows)]),
        "status": max([6, *(len(r.status) for r in rows)]),
        "tags": min(TAGS_MAX, max([4, *(len(fmt.labels(r.tags)) for r in rows)])),
    }  # fmt: skip
    arrow = 2  # room for the sort arrow (" ▲") after a sortable column's label
    labels = {key: label for label, key in COLUMNS}
    need = {k: max(w, len(labels[k]) + (arrow if k in SORT_COLUMN else 0)) for k, w in need.items()}
    room = width - SCROLLBAR
    plan = {k: need[k] for k in ALWAYS}
    used = sum(w + CELL_PADDING for w in plan.values()) + TITLE_MIN + CELL_PADDING
    for key in reversed(GIVE_WAY):  # days first, tags last: the most wanted come in first
        if used + need[key] + CELL_PADDING > room:
            break  # strictly by priority: a narrow N never stays where Crowd has left
        plan[key] = need[key]
        used += need[key] + CELL_PADDING
    plan["title"] = max(3, min(TITLE_WIDTH, TITLE_MIN + room - used))
    return plan


def clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


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
        self.plan: dict[str, int] = {}
        self.list_order = ("deadline", False)  # (field, reversed), shown as an arrow in its column's header
        self.pending = False  # the rows were painted without their forecast columns (shown as "…")

    def on_mount(self) -> None:
        self._lay_out([])

    def on_resize(self) -> None:
        if self.summaries or self.plan:
            self.show(list(self.summaries), pending=self.pending, keep_cursor=True)

    def _lay_out(self, rows: list[Any]) -> bool:
        """Columns as ``plan_columns`` plans them for these rows; False when the columns stay as they are."""
        plan = plan_columns(self.size.width or self.app.size.width, rows)
        if plan == self.plan and self.columns:
            return False
        self.plan = plan
        self.clear(columns=True)
        field, backwards = self.list_order
        for label, key in COLUMNS:
            if key in plan:
                arrow = (" ▼" if backwards else " ▲") if SORT_COLUMN.get(field) == key else ""
                self.add_column(label + arrow, key=key, width=plan[key])
        return True

    def set_sort(self, field: str, backwards: bool) -> None:
        """Show the list's order in the header; the rows themselves come sorted from the ledger."""
        if self.list_order != (field, backwards):
            self.list_order = (field, backwards)
            self.plan = {}

    def show(self, rows: list[Any], *, append: bool = False, pending: bool = False, keep_cursor: bool = False) -> None:
        cursor = self.cursor_row
        if not append:
            self._lay_out(rows)
            self.clear()
            self.summaries = []
            self.pending = pending
        self.summaries.extend(rows)
        for summary in rows:
            self.add_row(*_cells(summary, self.plan, pending), key=summary.key)
        if keep_cursor and self.summaries:
            self.move_cursor(row=min(cursor, len(self.summaries) - 1), animate=False, scroll=True)

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


def _cells(s: Any, plan: dict[str, int], pending: bool = False) -> tuple[Any, ...]:
    deadline = s.deadline
    every = {
        "key": fmt.plain(s.key),
        "title": fmt.plain(clip(s.title, plan.get("title", 0))),
        "deadline": deadline.label if deadline else "–",
        "days": fmt.days_left(s.days_left, bool(s.outcome)),
        "mine": "…" if pending else fmt.percent(s.my_probability),
        "crowd": "…" if pending else fmt.percent(s.crowd_median),
        "n": "…" if pending else str(s.n_forecasters),
        "status": s.status,
        "tags": fmt.plain(clip(fmt.labels(s.tags), plan.get("tags", 0))),
    }
    return tuple(every[key] for _label, key in COLUMNS if key in plan)
