"""The forecast dialog: a probability (35, 35% or 0.35) and an optional rationale."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Static

from ledger.errors import LedgerError
from ledger.parsing import ProbabilityReading, check_certainty, read_probability
from ledger.service.items import ForecastResult
from tui import format as fmt
from tui.calls import call, write
from tui.format import escape
from tui.loading import LoadTracking
from tui.messages import Failed, ForecastContextLoaded, Saved

if TYPE_CHECKING:
    from ledger.model import Item
    from ledger.service import ItemSummary, Ledger


class ForecastScreen(LoadTracking, ModalScreen[ForecastResult | None]):
    """Dismisses with the service's ForecastResult, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="forecast.cancel")]

    def __init__(self, ledger: Ledger, item: Item | ItemSummary) -> None:
        super().__init__()
        self.ledger = ledger
        self.item_key = item.key
        self.item_title = item.title
        self._last_read: tuple[str, ProbabilityReading | LedgerError] | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="forecast-dialog"):
            yield Static(f"[b]Forecast[/b] {escape(self.item_title)}", classes="dialog-title")
            yield Static("Loading your previous forecast…", id="forecast-context")
            yield Label("Probability it resolves yes (35, 35% or 0.35)")
            yield Input(placeholder="e.g. 35%", id="probability")
            yield Static("", id="probability-reading", classes="hint")
            yield Checkbox("Certain: allow 0% or 100%", id="certain")
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
        self.post_message(ForecastContextLoaded(call(self, self.ledger.forecast_context, self.item_key), ticket))

    def on_forecast_context_loaded(self, message: ForecastContextLoaded) -> None:
        c = message.context
        mine = c.mine
        previous = f"{fmt.percent(mine.probability)} on {mine.made_at:%Y-%m-%d}" if mine else "none"
        crowd = f"{fmt.percent(c.crowd_median)} of {c.n_forecasters}" if c.n_forecasters else "no forecasts yet"
        warning = ""
        if c.late_now and c.resolution:
            warning = (
                f"\n[yellow]Already resolved {c.resolution.outcome}: a forecast now is late and not scored.[/yellow]"
            )
        rates = "".join(f"\n[dim]Base rate[/dim] {escape(rate.summary)}" for rate in c.base_rates)
        self.query_one("#forecast-context", Static).update(
            f"Your previous: {previous} · crowd median: {crowd}{rates}{warning}"
        )
        self.answer(message.ticket)

    @on(Input.Changed)
    @on(Checkbox.Changed)
    def _clear_error(self) -> None:
        """An error is about the value as it was; once anything changes it no longer applies."""
        self.query_one("#forecast-error", Static).update("")

    @on(Input.Changed, "#probability")
    def _reading(self, event: Input.Changed) -> None:
        """How the typed value is read, before it is final (docs/decisions.md, "Typing a probability")."""
        out = self.query_one("#probability-reading", Static)
        if not event.value.strip():
            out.update("")
            return
        reading = self._read(event.value)
        if isinstance(reading, LedgerError):
            out.update("[dim]not a probability yet[/dim]")
            return
        note = ""
        if reading.certain:
            note = " [yellow]— certainty: tick Certain to record it[/yellow]"
        elif reading.bare_percent:
            note = " [dim](a number above 1 without % is a percentage)[/dim]"
        out.update(f"= {fmt.percent(reading.value)}{note}")

    def _read(self, text: str) -> ProbabilityReading | LedgerError:
        """The typed text read once: the preview and the save share the reading of the same text."""
        if self._last_read is None or self._last_read[0] != text:
            try:
                self._last_read = (text, read_probability(text))
            except LedgerError as exc:
                self._last_read = (text, exc)
        return self._last_read[1]

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        error = self.query_one("#forecast-error", Static)
        certain = self.query_one("#certain", Checkbox).value
        reading = self._read(self.query_one("#probability", Input).value)
        try:
            if isinstance(reading, LedgerError):
                raise reading
            check_certainty(reading, certain)
        except LedgerError as exc:
            error.update(escape(str(exc).replace("--certain", "the Certain box")))
            self.query_one("#probability", Input).focus()
            return
        error.update("Saving…")
        self.save(reading, self.query_one("#note", Input).value.strip(), certain)

    @work(thread=True, exclusive=True, group="forecast-save", exit_on_error=False)
    def save(self, reading: ProbabilityReading, note: str, certain: bool) -> None:
        self.post_message(Saved(write(self, self.ledger.forecast, self.item_key, reading, note=note, certain=certain)))

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
