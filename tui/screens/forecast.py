"""The forecast dialog: a probability (35, 35% or 0.35) and an optional rationale."""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from ledger.errors import LedgerError
from ledger.parsing import parse_probability
from tui import format as fmt
from tui.calls import call
from tui.format import escape
from tui.loading import LoadTracking
from tui.messages import DetailLoaded, Failed, Saved


class ForecastScreen(LoadTracking, ModalScreen[Any]):
    """Dismisses with the service's ForecastResult, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="forecast.cancel")]

    def __init__(self, ledger: Any, item: Any) -> None:
        super().__init__()
        self.ledger = ledger
        self.item_key = item.key
        self.item_title = item.title

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="forecast-dialog"):
            yield Static(f"[b]Forecast[/b] {escape(self.item_title)}", classes="dialog-title")
            yield Static("Loading your previous forecast…", id="forecast-context")
            yield Label("Probability it resolves yes (35, 35% or 0.35)")
            yield Input(placeholder="e.g. 35%", id="probability")
            yield Static("", id="probability-reading", classes="hint")
            yield Label("Rationale (optional)")
            yield Input(placeholder="why you believe this", id="note")
            yield Static("", id="forecast-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Save", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#probability", Input).focus()
        self.load_context()

    def load_context(self) -> None:
        self._fetch_context(self.ask())

    @work(thread=True, exclusive=True, group="forecast-context", exit_on_error=False)
    def _fetch_context(self, ticket: int) -> None:
        detail = call(self, self.ledger.item, self.item_key)
        rates = call(self, self.ledger.item_base_rates, detail.item.key)
        self.post_message(DetailLoaded(detail, ticket, base_rates=rates))

    def on_detail_loaded(self, message: DetailLoaded) -> None:
        d = message.detail
        latest = d.latest_by_analyst()
        mine = latest.get(self.ledger.analyst)
        previous = f"{fmt.percent(mine.probability)} on {mine.made_at:%Y-%m-%d}" if mine else "none"
        crowd = f"{fmt.percent(d.crowd_median())} of {len(latest)}" if latest else "no forecasts yet"
        warning = ""
        if d.resolution:
            warning = (
                f"\n[yellow]Already resolved {d.resolution.outcome}: a forecast now is late and not scored.[/yellow]"
            )
        rates = "".join(f"\n[dim]Base rate[/dim] {escape(rate.summary)}" for rate in message.base_rates)
        self.query_one("#forecast-context", Static).update(
            f"Your previous: {previous} · crowd median: {crowd}{rates}{warning}"
        )
        self.answer(message.ticket)

    @on(Input.Changed, "#probability")
    def _reading(self, event: Input.Changed) -> None:
        out = self.query_one("#probability-reading", Static)
        if not event.value.strip():
            out.update("")
            return
        try:
            out.update(f"= {fmt.percent(parse_probability(event.value))}")
        except LedgerError:
            out.update("[dim]not a probability yet[/dim]")

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        error = self.query_one("#forecast-error", Static)
        text = self.query_one("#probability", Input).value
        try:
            parse_probability(text)
        except LedgerError as exc:
            error.update(escape(str(exc)))
            self.query_one("#probability", Input).focus()
            return
        error.update("Saving…")
        self.save(text, self.query_one("#note", Input).value.strip())

    @work(thread=True, exclusive=True, group="forecast-save", exit_on_error=False)
    def save(self, text: str, note: str) -> None:
        self.post_message(Saved(call(self, self.ledger.forecast, self.item_key, text, note=note)))

    def on_saved(self, message: Saved) -> None:
        result = message.result
        late = " (late: not scored)" if result.late else ""
        self.notify(f"{self.item_key}: forecast {fmt.percent(result.forecast.probability)}{late}", markup=False)
        self.dismiss(result)

    def on_failed(self, message: Failed) -> None:
        self.answer()
        self.query_one("#forecast-error", Static).update(escape(message.text))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
