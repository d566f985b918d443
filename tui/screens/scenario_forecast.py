"""The scenario forecast dialog: one probability per outcome, with the sum checked as you type."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from ledger.errors import LedgerError
from ledger.parsing import parse_probability
from ledger.scenarios.math import normalise_vector
from tui import format as fmt
from tui.calls import call
from tui.format import escape
from tui.messages import Failed, Saved

if TYPE_CHECKING:
    from ledger.service import Ledger


def read_vector(texts: list[str], keys: list[str]) -> tuple[str, bool]:
    """What the typed vector means, as one line, and whether it can be saved.

    Uses the ledger's own rules: the same probability reader and the same
    sum check (within ±0.005 of 1 is rescaled, with the notice shown here).
    """
    values = []
    for key, text in zip(keys, texts, strict=True):
        if not text.strip():
            return f"[dim]{escape(key)}: type a probability[/dim]", False
        try:
            values.append(parse_probability(text))
        except LedgerError:
            return f"[red]{escape(key)}: {escape(text)!r} is not a probability (35, 35% or 0.35)[/red]", False
    try:
        _vector, notice = normalise_vector(values)
    except LedgerError as exc:
        return f"[red]{escape(str(exc))}[/red]", False
    total = fmt.percent(sum(values))
    return (f"[yellow]sum {total}: {escape(notice)}[/yellow]" if notice else f"[green]sum {total} ✓[/green]"), True


class ScenarioForecastScreen(ModalScreen[Any]):
    """Dismisses with the service's ScenarioForecastResult, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="scenario_forecast.cancel"),
        Binding("ctrl+s", "save", "Save", id="scenario_forecast.save"),
    ]

    def __init__(self, ledger: Ledger, detail: Any) -> None:
        super().__init__()
        self.ledger = ledger
        self.set = detail.set
        self.mine = detail.my_forecast

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="scenario-forecast-dialog"):
            yield Static(f"[b]Forecast[/b] {escape(self.set.question)}", classes="dialog-title")
            previous = (
                f"Your previous ({self.mine.made_at:%Y-%m-%d}): "
                + "  ".join(f"{o.key} {fmt.percent(self.mine.probability(o.id))}" for o in self.set.outcomes)
                if self.mine else "You have no forecast on this set yet."
            )  # fmt: skip
            yield Static(escape(previous), id="scenario-forecast-context")
            with VerticalScroll(id="scenario-outcomes"):
                for n, o in enumerate(self.set.outcomes):
                    with Horizontal(classes="outcome-row"):
                        yield Label(f"{o.label} ({o.key})", classes="outcome-label")
                        # start from the previous vector: most updates move one or two numbers
                        value = fmt.percent(self.mine.probability(o.id)) if self.mine else ""
                        yield Input(value, placeholder="e.g. 30%", id=f"p-{n}", classes="outcome-value")
            yield Static("", id="scenario-sum", classes="hint")
            yield Label("Rationale (optional)")
            yield Input(placeholder="why you believe this", id="scenario-note")
            yield Static("", id="scenario-forecast-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Save", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#p-0", Input).focus()
        self._reading()

    def _texts(self) -> list[str]:
        return [self.query_one(f"#p-{n}", Input).value for n in range(len(self.set.outcomes))]

    @on(Input.Changed, ".outcome-value")
    def _reading(self) -> None:
        line, _ok = read_vector(self._texts(), [o.key for o in self.set.outcomes])
        self.query_one("#scenario-sum", Static).update(line)

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        texts = self._texts()
        line, ok = read_vector(texts, [o.key for o in self.set.outcomes])
        self.query_one("#scenario-sum", Static).update(line)
        if not ok:
            self.query_one("#scenario-forecast-error", Static).update("Fix the probabilities above; nothing was saved.")
            return
        self.query_one("#scenario-forecast-error", Static).update("Saving…")
        values = [f"{o.key}={text.strip()}" for o, text in zip(self.set.outcomes, texts, strict=True)]
        self.save(values, self.query_one("#scenario-note", Input).value.strip())

    @work(thread=True, exclusive=True, group="scenario-forecast-save", exit_on_error=False)
    def save(self, values: list[str], note: str) -> None:
        self.post_message(Saved(call(self, self.ledger.forecast_scenario, self.set.key, values, note=note)))

    def on_saved(self, message: Saved) -> None:
        result = message.result
        late = " (late: not scored)" if result.late else ""
        notice = f" — {result.notice}" if result.notice else ""
        self.notify(f"{result.set.key}: forecast saved{late}{notice}", markup=False)
        self.dismiss(result)

    def on_failed(self, message: Failed) -> None:
        self.query_one("#scenario-forecast-error", Static).update(escape(message.text))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
