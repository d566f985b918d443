"""The resolve dialog: yes / no / annulled, the day it became known, and the evidence.

Resolving an item that already has a resolution records a correction, after a
confirmation; the earlier resolution stays in the history.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Static

from ledger.errors import LedgerError
from ledger.model import OUTCOMES
from ledger.parsing import parse_date
from tui.calls import call, write
from tui.format import escape
from tui.messages import DetailLoaded, Failed, Saved
from tui.screens.confirm import ConfirmScreen

if TYPE_CHECKING:
    from ledger.service import Ledger


class ResolveScreen(ModalScreen[Any]):
    """Dismisses with the new Resolution, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="resolve.cancel"),
        Binding("ctrl+s", "save", "Save", id="resolve.save"),
    ]

    def __init__(self, ledger: Ledger, item: Any) -> None:
        super().__init__()
        self.ledger = ledger
        self.item_key = item.key
        self.item_title = item.title
        self.current: Any = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="resolve-dialog"):
            yield Static(f"[b]Resolve[/b] {escape(self.item_title)}", classes="dialog-title")
            yield Static("", id="resolve-context")
            with RadioSet(id="outcome"):
                for outcome in OUTCOMES:  # none chosen: saving without a choice is refused
                    yield RadioButton(outcome, value=False, id=f"outcome-{outcome}")
            yield Label("Known on (YYYY-MM-DD)")
            yield Input(self.ledger.today().isoformat(), id="known-on")
            yield Label("Evidence")
            yield Input(placeholder="what shows the outcome (a link, a quote)", id="evidence")
            yield Static("", id="resolve-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Save", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one(RadioSet).focus()
        self.load_context()

    @work(thread=True, exclusive=True, group="resolve-context", exit_on_error=False)
    def load_context(self) -> None:
        self.post_message(DetailLoaded(call(self, self.ledger.item, self.item_key)))

    def on_detail_loaded(self, message: DetailLoaded) -> None:
        self.current = message.detail.resolution
        text = "Not resolved yet."
        if self.current:
            text = (
                f"[yellow]Already resolved {self.current.outcome.upper()} (known on {self.current.known_on}). "
                "Saving records a correction; the earlier resolution stays in the history.[/yellow]"
            )
        self.query_one("#resolve-context", Static).update(text)

    def _outcome(self) -> str | None:
        """The outcome the analyst chose, None while none is."""
        pressed = self.query_one(RadioSet).pressed_button
        return (pressed.id or "").removeprefix("outcome-") or None if pressed else None

    @on(Input.Changed)
    @on(RadioSet.Changed)
    def _clear_error(self) -> None:
        """An error is about the value as it was; once anything changes it no longer applies."""
        self.query_one("#resolve-error", Static).update("")

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        error = self.query_one("#resolve-error", Static)
        try:
            known_on = parse_date(self.query_one("#known-on", Input).value, "known-on")
        except LedgerError as exc:
            error.update(escape(str(exc)))
            return
        evidence = self.query_one("#evidence", Input).value.strip()
        outcome = self._outcome()
        if outcome is None:
            error.update("Outcome: choose yes, no or annulled (arrow keys and space, or click).")
            self.query_one(RadioSet).focus()
            return
        if self.current is None:
            self.save(outcome, known_on, evidence, False)
            return

        def confirmed(answer: bool | None) -> None:
            if answer:
                self.save(outcome, known_on, evidence, True)

        self.app.push_screen(
            ConfirmScreen(
                f"Correct the resolution of {self.item_key} from {self.current.outcome} to {outcome}? "
                "The earlier resolution is kept in the history."
            ),
            confirmed,
        )

    @work(thread=True, exclusive=True, group="resolve-save", exit_on_error=False)
    def save(self, outcome: str, known_on: Any, evidence: str, correct: bool) -> None:
        result = write(self, self.ledger.resolve, self.item_key, outcome, known_on=known_on, evidence=evidence,
                      correct=correct)  # fmt: skip
        self.post_message(Saved(result))

    def on_saved(self, message: Saved) -> None:
        r = message.result
        verb = "corrected to" if r.supersedes else "resolved"
        self.notify(f"{self.item_key}: {verb} {r.outcome} (known on {r.known_on})", markup=False)
        self.dismiss(r)

    def on_failed(self, message: Failed) -> None:
        self.query_one("#resolve-error", Static).update(escape(message.text))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
