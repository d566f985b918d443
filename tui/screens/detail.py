"""One item in full: what was promised, where it was read, the forecasts over time and how it resolved."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static

from tui import format as fmt
from tui.calls import call, write
from tui.format import escape
from tui.loading import LoadTracking
from tui.messages import Failed, ItemViewLoaded, LedgerChanged
from tui.widgets.charts import ForecastChart
from tui.widgets.footer import WrappingFooter

if TYPE_CHECKING:
    from ledger.service import ItemDetail, Ledger
    from ledger.service.commitments import BaseRate, CommitmentTrack
    from tui.app import FledgerApp


class DetailScreen(LoadTracking, Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "app.pop_screen", "Back", id="detail.back"),
        Binding("f", "forecast", "Forecast", id="detail.forecast"),
        Binding("r", "resolve", "Resolve", id="detail.resolve"),
        Binding("e", "edit", "Edit", id="detail.edit"),
        Binding("o", "article", "Article", id="detail.article"),
        Binding("u", "retract", "Retract mine", id="detail.retract"),
        Binding("U", "unresolve", "Unresolve", id="detail.unresolve"),
        Binding("j", "scroll('down')", "Down", show=False, id="detail.down"),
        Binding("k", "scroll('up')", "Up", show=False, id="detail.up"),
    ]

    def __init__(self, ledger: Ledger, key: str) -> None:
        super().__init__()
        self.ledger = ledger
        self.key = key
        self.detail: ItemDetail | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="detail-body"):
            yield Static("Loading…", id="detail-head")
            yield Static("", id="detail-source")
            yield Static("", id="detail-track")
            yield Static("Forecast history", classes="section-title", id="detail-chart-title")
            yield ForecastChart(id="detail-chart")
            yield Static("", id="detail-forecasts")
            yield Static("", id="detail-resolutions")
            yield Static("", id="detail-revisions")
        yield WrappingFooter()

    def on_mount(self) -> None:
        self.load()

    def load(self) -> None:
        self._fetch(self.ask(), self.key)

    @work(thread=True, exclusive=True, group="detail", exit_on_error=False)
    def _fetch(self, ticket: int, key: str) -> None:
        self.post_message(ItemViewLoaded(call(self, self.ledger.item_view, key), ticket))

    def on_ledger_changed(self, _message: LedgerChanged) -> None:
        self.load()

    def on_failed(self, message: Failed) -> None:
        self.answer()
        self.notify(message.text, title="fledger", severity="error", markup=False)

    def on_item_view_loaded(self, message: ItemViewLoaded) -> None:
        view = message.view
        d = self.detail = view.detail
        item = d.item
        self.key = item.key
        self.sub_title = item.key
        self.query_one("#detail-head", Static).update(_head(d))
        self.query_one("#detail-source", Static).update(_source(d))
        track = self.query_one("#detail-track", Static)
        track.update(text := _track(view.track, view.base_rates))
        track.display = bool(text)
        standing = d.live_forecasts
        chart = self.query_one(ForecastChart)
        chart.display = self.query_one("#detail-chart-title").display = bool(standing)
        chart.show(standing, self.ledger.analyst)
        self.query_one("#detail-forecasts", Static).update(_forecasts(d, self.ledger.analyst))
        self.query_one("#detail-resolutions", Static).update(_resolutions(d))
        self.query_one("#detail-revisions", Static).update(_revisions(d))
        self.answer(message.ticket)

    def _after_write(self, result: Any) -> None:
        """After a dialog's write every screen reloads once: this one and the list below it."""
        if result is not None:
            self.key = getattr(result, "key", self.key)
            cast("FledgerApp", self.app).announce_change()

    def action_forecast(self) -> None:
        from tui.screens.forecast import ForecastScreen

        if self.detail:
            self.app.push_screen(ForecastScreen(self.ledger, self.detail.item), self._after_write)

    def action_resolve(self) -> None:
        from tui.screens.resolve import ResolveScreen

        if self.detail:
            self.app.push_screen(ResolveScreen(self.ledger, self.detail.item), self._after_write)

    def action_edit(self) -> None:
        from tui.screens.item_form import ItemFormScreen

        if self.detail:
            self.app.push_screen(ItemFormScreen(self.ledger, self.detail.item.key), self._after_write)

    def action_article(self) -> None:
        from tui.screens.article import ArticleScreen

        if self.detail and self.detail.item.source_id:
            self.app.push_screen(ArticleScreen(self.ledger, source_ref=self.detail.item.source_id))
        elif self.detail:
            self.notify("this item has no source; 'a' on the item list adds an article")

    def action_retract(self) -> None:
        """Take back my latest standing forecast on this item, after a confirmation."""
        from tui.screens.confirm import ConfirmScreen

        if not self.detail:
            return
        # my latest forecast not retracted (a withdrawn one may still be taken back)
        mine = next((f for f in reversed(self.detail.live_forecasts) if f.analyst == self.ledger.analyst), None)
        if mine is None:
            self.notify("You have no forecast on this item to retract.", title="fledger", severity="warning")
            return
        question = (
            f"Retract your forecast of {fmt.percent(mine.probability)} made {mine.made_at:%Y-%m-%d %H:%M}?\n"
            "It stays in the history, struck through, and counts in no score."
        )
        key = self.detail.item.key

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._retract(key)

        self.app.push_screen(ConfirmScreen(question), confirmed)

    @work(thread=True, exclusive=True, group="detail-write", exit_on_error=False)
    def _retract(self, key: str) -> None:
        _retraction, forecast = write(self, self.ledger.retract, key)
        self.app.call_from_thread(
            cast("FledgerApp", self.app).announce_change
        )  # this screen and the list below it reload
        self.app.call_from_thread(self.notify, f"Retracted {fmt.percent(forecast.probability)} on {key}.",
                                  title="fledger")  # fmt: skip

    def action_unresolve(self) -> None:
        """Take back the resolution in force (and any it corrected), after a confirmation."""
        from tui.screens.confirm import ConfirmScreen

        if not self.detail:
            return
        if self.detail.resolution is None:
            self.notify("This item is not resolved.", title="fledger", severity="warning")
            return
        r = self.detail.resolution
        question = (
            f"Unresolve {self.detail.item.key}? The resolution {r.outcome.upper()} (known on {r.known_on}) stays in "
            "the history, struck through; the item is open again."
        )
        key = self.detail.item.key

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._unresolve(key)

        self.app.push_screen(ConfirmScreen(question), confirmed)

    @work(thread=True, exclusive=True, group="detail-write", exit_on_error=False)
    def _unresolve(self, key: str) -> None:
        write(self, self.ledger.unresolve, key)
        self.app.call_from_thread(cast("FledgerApp", self.app).announce_change)
        self.app.call_from_thread(self.notify, f"{key} is open again.", title="fledger")

    def action_scroll(self, direction: str) -> None:
        body = self.query_one("#detail-body", VerticalScroll)
        body.scroll_down() if direction == "down" else body.scroll_up()


def _head(d: ItemDetail) -> str:
    item = d.item
    lines = [f"[b]{escape(item.title)}[/b]  [dim]{escape(item.key)} · {item.kind}[/dim]", ""]
    if d.origin is not None:  # brought in by a track-record import
        lines[-1:] = [f"[dim]from {escape(d.origin.describe())}[/dim]", ""]
    if item.statement:
        lines += [escape(fmt.paragraphs(item.statement)), ""]
    if item.actors:
        lines.append(f"[b]Actors[/b]    {escape(fmt.labels(item.actors))}")
    if item.tags:
        lines.append(f"[b]Tags[/b]      {escape(fmt.labels(item.tags))}")
    dl = item.deadline
    if dl:
        lines.append(f"[b]Deadline[/b]  {dl.label}  ({dl.earliest} … {dl.latest}, {dl.precision})")
        if dl.phrase:
            how = f" — read as {escape(dl.rule)}" if dl.rule else ""
            lines.append(f"          from “{escape(dl.phrase)}”{how}")
    else:
        lines.append("[b]Deadline[/b]  none")
    if item.criteria:  # the criteria say in their own words when it resolves yes
        lines.append(f"[b]Criteria[/b]  {escape(fmt.paragraphs(item.criteria))}")
    status = d.resolution.outcome.upper() if d.resolution else "unresolved"
    lines.append(f"[b]Status[/b]    {status}")
    return "\n".join(lines)


def _source(d: ItemDetail) -> str:
    src, item = d.source, d.item
    lines = ["[b]Source[/b]"]
    if src is None:
        lines.append("  none recorded")
    else:
        lines.append(f"  {escape(src.title)}")
        meta = " · ".join(x for x in (src.publisher, fmt.day(src.published_on) if src.published_on else "") if x)
        if meta:
            lines.append(f"  [dim]{escape(meta)}[/dim]")
        if src.url:
            lines.append(f"  [link={escape(src.url)}]{escape(src.url)}[/link]")
    if item.quote:
        lines.append(f"  [i]“{escape(item.quote)}”[/i]")
    return "\n".join(lines)


def _track(track: CommitmentTrack, base_rates: Sequence[BaseRate]) -> str:
    """The commitment's status history and slips, and how often its actors kept their word."""
    lines = []
    if track.item.kind == "commitment" or track.events:
        lines.append(f"[b]Status track[/b]  now: {escape(track.status)}")
        original = track.original_deadline
        if track.slips and original is not None:
            due = original.label if original.label == str(original.latest) else f"{original.label} ({original.latest})"
            lines.append(f"  originally due {due}; slipped {len(track.slips)}×")
        for e in track.events:
            if e.kind == "slip":
                what = f"deadline slipped to {e.window.label} ({e.window.latest})" if e.window else "deadline slipped"
            else:
                what = f"status → {e.status}"
            evidence = f" — {escape(e.evidence)}" if e.evidence else ""
            lines.append(f"  {e.on_date}  {escape(what)}  [dim]{escape(e.analyst)}[/dim]{evidence}")
        if not track.events:
            lines.append("  [dim]no status recorded yet ('fledger item status' records one)[/dim]")
    if base_rates:
        if lines:
            lines.append("")
        lines.append("[b]Actor base rates[/b]")
        lines += [f"  {escape(rate.summary)}" for rate in base_rates]
    return "\n".join(lines)


def _forecasts(d: ItemDetail, me: str) -> str:
    if not d.forecasts:
        return "[dim]No forecasts yet — press f to make one.[/dim]"
    lines = ["[b]Forecasts and rationale[/b]"]
    for f in reversed(d.forecasts[-30:]):
        name = escape(f.analyst.ljust(12))  # padded before markup, so bold names line up too
        who = f"[b]{name}[/b]" if f.analyst == me else name
        taken = d.retraction_of(f)
        late = " [red](late: made after the outcome was known; not scored)[/red]" if d.is_late(f) and not taken else ""
        ended = d.withdrawn_at(f)
        if ended is not None and not taken:
            late += f" [yellow](withdrawn {ended:%Y-%m-%d %H:%M})[/yellow]"
        note = f" — {escape(f.note)}" if f.note else ""
        line = f"{f.made_at:%Y-%m-%d %H:%M}  {who} {fmt.percent(f.probability):>5}{note}"
        lines.append(f"  [strike dim]{line}[/strike dim]{_retracted(taken)}" if taken else f"  {line}{late}")
    if len(d.forecasts) > 30:
        lines.append(f"  [dim]… and {len(d.forecasts) - 30} earlier[/dim]")
    return "\n".join(lines)


def _resolutions(d: ItemDetail) -> str:
    if not d.resolutions:
        return "[b]Resolution[/b]\n  [dim]not resolved — press r to resolve[/dim]"
    lines = ["[b]Resolution history[/b]"]
    for r in d.resolutions:
        taken = d.retraction_of(r)
        current = (
            " [green](in force)[/green]" if d.resolution and r.id == d.resolution.id else " [dim](superseded)[/dim]"
        )
        kind = "correction" if r.supersedes else "resolution"
        evidence = f" — {escape(r.evidence)}" if r.evidence else ""
        line = f"{r.recorded_at:%Y-%m-%d}  {kind}: {r.outcome.upper()} known on {r.known_on} by {escape(r.analyst)}"
        lines.append(f"  [strike dim]{line}{evidence}[/strike dim]{_retracted(taken)}" if taken
                     else f"  {line}{evidence}{current}")  # fmt: skip
    if d.resolution is None:
        lines.append("  [dim]not resolved now — press r to resolve[/dim]")
    return "\n".join(lines)


def _retracted(r: Any) -> str:
    why = f": {escape(r.reason)}" if r.reason else ""
    return f" [yellow](retracted {r.recorded_at:%Y-%m-%d} by {escape(r.analyst)}{why})[/yellow]"


def _revisions(d: ItemDetail) -> str:
    if len(d.revisions) <= 1:
        return ""
    lines = ["[b]Revisions[/b]"]
    for rev in d.revisions:
        lines.append(f"  {rev.recorded_at:%Y-%m-%d %H:%M}  {escape(rev.recorded_by or '?')}  {escape(rev.title)}")
    return "\n".join(lines)
