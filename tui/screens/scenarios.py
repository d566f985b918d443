"""Scenario sets: each set's probabilities per analyst and the crowd, their path over time,
the signposts with their state, and the update the resolved signposts imply."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from tui import format as fmt
from tui.calls import call
from tui.format import escape
from tui.loading import LoadTracking
from tui.messages import Failed, LedgerChanged, Saved, ScenarioLoaded, ScenariosLoaded
from tui.widgets.charts import ScenarioChart
from tui.widgets.footer import WrappingFooter

if TYPE_CHECKING:
    from ledger.service import Ledger

MAX_ANALYST_COLUMNS = 5  # me first, then the others by name; the crowd covers everyone


class ScenariosScreen(LoadTracking, Screen[None]):
    AUTO_FOCUS = "#scenario-sets"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "app.pop_screen", "Back", id="scenarios.back"),
        Binding("f", "forecast", "Forecast set", id="scenarios.forecast"),
        Binding("a", "accept", "Accept implied update", id="scenarios.accept"),
        Binding("j", "move(1)", "Down", show=False, id="scenarios.down"),
        Binding("k", "move(-1)", "Up", show=False, id="scenarios.up"),
    ]

    def __init__(self, ledger: Ledger) -> None:
        super().__init__()
        self.ledger = ledger
        self.sets: list[Any] = []
        self.selected: str | None = None
        self.detail: Any = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(id="scenario-sets", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="scenario-body"):
            yield Static("Loading…", id="scenario-head")
            yield DataTable(id="scenario-probs", cursor_type="none", zebra_stripes=True)
            yield Static("", id="scenario-implied")
            yield ScenarioChart(id="scenario-chart")
            yield Static("[b]Signposts[/b]", classes="section-title")
            yield DataTable(id="scenario-signposts", cursor_type="none", zebra_stripes=True)
        yield WrappingFooter()

    def on_mount(self) -> None:
        self.query_one("#scenario-sets", DataTable).add_columns("Key", "Question", "Closes", "Status", "N", "Signposts")
        self.query_one("#scenario-signposts", DataTable).add_columns(
            "Item", "Title", "Outcome", "Direction", "LR", "State", "Odds ×"
        )
        self.load()

    # --- loading ------------------------------------------------------------------
    def load(self) -> None:
        self._fetch_sets(self.ask())

    @work(thread=True, exclusive=True, group="scenarios", exit_on_error=False)
    def _fetch_sets(self, ticket: int) -> None:
        self.post_message(ScenariosLoaded(call(self, self.ledger.scenarios), ticket))

    def on_scenarios_loaded(self, message: ScenariosLoaded) -> None:
        self.sets = message.sets
        table = self.query_one("#scenario-sets", DataTable)
        keep = self.selected
        table.clear()
        for s in self.sets:
            status = f"resolved {s.resolved_outcome or 'annulled'}" if s.resolved else "open"
            question = s.question if len(s.question) <= 48 else s.question[:47] + "…"
            table.add_row(fmt.plain(s.key), fmt.plain(question), fmt.day(s.close_latest), status, str(s.n_forecasters), str(s.n_signposts),
                          key=s.key)  # fmt: skip
        if not self.sets:
            self.query_one("#scenario-head", Static).update(
                "No scenario sets yet: add one with 'fledger scenario add' or load a file with 'fledger scenario load'."
            )
            self.answer(message.ticket)
            return
        keys = [s.key for s in self.sets]
        row = keys.index(keep) if keep in keys else 0
        table.move_cursor(row=row, animate=False)
        self.show_set(keys[row], message.ticket)

    def show_set(self, key: str, ticket: int | None = None) -> None:
        """Load one set's detail; ``ticket`` is the list load this answers (its paint settles both)."""
        self.selected = key
        self._fetch_set(self.ask() if ticket is None else ticket, key)

    @work(thread=True, exclusive=True, group="scenario", exit_on_error=False)
    def _fetch_set(self, ticket: int, key: str) -> None:
        self.post_message(ScenarioLoaded(call(self, self.ledger.scenario, key), ticket))

    @on(DataTable.RowHighlighted, "#scenario-sets")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        key = event.row_key.value if event.row_key else None
        if key and key != self.selected:
            self.show_set(key)

    def on_scenario_loaded(self, message: ScenarioLoaded) -> None:
        d = message.detail
        if d.set.key != self.selected:
            return  # the cursor has moved on
        self.detail = d
        self.sub_title = d.set.key
        me = self.ledger.analyst
        outcomes = d.set.outcomes
        ids = [o.id for o in outcomes]
        latest = d.latest_by_analyst()
        crowd = d.crowd_mean()
        self.query_one("#scenario-head", Static).update(_head(d))
        probs = self.query_one("#scenario-probs", DataTable)
        probs.clear(columns=True)
        names = sorted(latest, key=lambda a: (a != me, a))[:MAX_ANALYST_COLUMNS]
        implied = d.implied if d.implied and d.implied.applied else None
        probs.add_columns("Outcome", *(fmt.plain(f"{a} (me)" if a == me else a) for a in names), "Crowd mean",
                          *(["Implied"] if implied else []))  # fmt: skip
        realised = d.resolution.outcome_id if d.resolution else None
        for n, o in enumerate(outcomes):
            label = f"{o.label} ({o.key})" + (" ✓" if o.id == realised else "")
            cells = [fmt.percent(latest[a].probability(o.id)) for a in names]
            cells.append(fmt.percent(crowd[n]) if crowd else "–")
            if implied:
                cells.append(fmt.percent(implied.probabilities[n]))
            probs.add_row(fmt.plain(label), *cells)
        self.query_one("#scenario-implied", Static).update(_implied(d))
        labels = [o.key for o in outcomes]
        if d.my_forecast:
            mine = [f for f in d.forecasts if f.analyst == me]
            path = [(f.made_at, tuple(f.probability(i) for i in ids)) for f in mine]
            self.query_one(ScenarioChart).show(labels, sorted(path), f"{me}'s forecasts")
        else:
            self.query_one(ScenarioChart).show(labels, d.crowd_history(), "crowd mean")
        posts = self.query_one("#scenario-signposts", DataTable)
        posts.clear()
        for v in d.signposts:
            ratio = "–" if v.link.likelihood_ratio is None else f"{v.link.likelihood_ratio:g}"
            odds = "–" if v.multiplier is None else f"{v.multiplier:.2f}"
            title = v.item_title if len(v.item_title) <= 36 else v.item_title[:35] + "…"
            posts.add_row(fmt.plain(v.item_key), fmt.plain(title), fmt.plain(v.outcome_key), v.link.direction, ratio,
                          v.state, odds)  # fmt: skip
        if not d.signposts:
            posts.add_row("–", "no signposts: link items with 'fledger scenario link'", "", "", "", "", "")
        self.answer(message.ticket)

    def on_ledger_changed(self, _message: LedgerChanged) -> None:
        self.load()

    def on_failed(self, message: Failed) -> None:
        self.answer()
        self.notify(message.text, title="fledger", severity="error", markup=False)

    # --- actions ------------------------------------------------------------------
    def action_move(self, step: int) -> None:
        table = self.query_one("#scenario-sets", DataTable)
        table.action_cursor_down() if step > 0 else table.action_cursor_up()

    def action_forecast(self) -> None:
        from tui.screens.scenario_forecast import ScenarioForecastScreen

        if self.detail is None:
            self.notify("No scenario set selected", severity="warning")
            return
        self.app.push_screen(ScenarioForecastScreen(self.ledger, self.detail), self._after_write)

    def action_accept(self) -> None:
        d = self.detail
        if d is None or d.implied is None or not d.implied.applied:
            self.notify("No signpost update to accept for this set", severity="warning")
            return
        self._accept(d.set.key)

    @work(thread=True, exclusive=True, group="scenario-accept", exit_on_error=False)
    def _accept(self, key: str) -> None:
        self.post_message(Saved(call(self, self.ledger.accept_implied_update, key)))

    def on_saved(self, message: Saved) -> None:
        result = message.result
        shown = " ".join(f"{o.key} {fmt.percent(p)}" for o, p in zip(result.set.outcomes, result.forecast.probabilities,
                                                                       strict=True))  # fmt: skip
        self.notify(f"{result.set.key}: accepted the implied update — {shown}", markup=False)
        self._after_write(result)

    def _after_write(self, result: Any) -> None:
        if result is not None:
            self.load()


def _head(d: Any) -> str:
    s = d.set
    lines = [f"[b]{escape(s.question)}[/b]  [dim]{escape(s.key)}[/dim]"]
    if s.closes:
        lines.append(f"[b]Closes[/b]    {s.closes.label}  ({s.closes.earliest} … {s.closes.latest})")
    if s.criteria:
        lines.append(f"[b]Criteria[/b]  {escape(s.criteria)}")
    if s.tags:
        lines.append(f"[b]Tags[/b]      {escape(fmt.labels(s.tags))}")
    if d.resolution:
        r = d.resolution
        what = s.resolved_as(r)
        lines.append(f"[b]Resolved[/b]  {escape(what)}, known on {r.known_on}")
    else:
        lines.append("[b]Status[/b]    open")
    return "\n".join(lines)


def _implied(d: Any) -> str:
    implied = d.implied
    if d.my_forecast is None:
        return "[dim]You have no forecast on this set — press f to make one.[/dim]"
    if implied is None or not implied.applied:
        return f"[dim]Your forecast of {d.my_forecast.made_at:%Y-%m-%d}: no signpost has resolved since.[/dim]"
    keys = ", ".join(escape(v.item_key) for v in implied.applied)
    moves = "  ".join(
        f"{escape(o.key)} {fmt.percent(d.my_forecast.probability(o.id))}→{fmt.percent(p)}"
        for o, p in zip(d.set.outcomes, implied.probabilities, strict=True)
    )
    return (
        f"[b]Pending implied update[/b] from {keys} (resolved since your forecast of "
        f"{d.my_forecast.made_at:%Y-%m-%d}):\n  {moves}\n  [dim]press a to accept it as your forecast[/dim]"
    )
