"""The report dialog: where to write a calibration report of what the calibration screen shows."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from tui.calls import call
from tui.format import escape
from tui.messages import Failed, Saved

if TYPE_CHECKING:
    from ledger.service import Ledger


def default_report_path(today: date) -> str:
    return str(Path.cwd() / f"fledger-report-{today.isoformat()}.html")


class ReportExportScreen(ModalScreen[Any]):
    """Writes ``Ledger.report(path, mode=, as_of=)``; dismisses with the ReportResult, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="report.cancel")]

    def __init__(self, ledger: Ledger, *, mode: str, as_of: date | None, analyst: str | None = None,
                 team: bool = False) -> None:  # fmt: skip
        super().__init__()
        self.ledger = ledger
        self.mode = mode
        self.as_of = as_of
        self.analyst = analyst
        self.team = team

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="report-dialog"):
            when = self.as_of.isoformat() if self.as_of else "today"
            _analyst, whose = self.ledger.calibration_scope(self.analyst, team=self.team)
            yield Static(f"[b]Export a calibration report[/b]  of {escape(whose)}, mode {self.mode}, as of {when}",
                         classes="dialog-title")  # fmt: skip
            yield Label("Write to (.html, .md, .json or .csv)")
            yield Input(default_report_path(self.ledger.today()), id="report-path")
            yield Static("", id="report-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Write", variant="primary", id="write")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#report-path", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#write")
    def action_write(self) -> None:
        path = self.query_one("#report-path", Input).value.strip()
        if not path:
            self.query_one("#report-error", Static).update("File name: type one ending .html, .md, .json or .csv")
            return
        self.query_one("#report-error", Static).update("Writing…")
        self.write(str(Path(path).expanduser()))

    @work(thread=True, exclusive=True, group="report", exit_on_error=False)
    def write(self, path: str) -> None:
        self.post_message(Saved(call(self, self.ledger.report, path, mode=self.mode, as_of=self.as_of,
                                     analyst=self.analyst, team=self.team)))  # fmt: skip

    def on_saved(self, message: Saved) -> None:
        result = message.result
        empty = " (nothing scored yet)" if result.empty else ""
        self.notify(f"Report written: {result.path}{empty}", title="fledger", markup=False)
        self.dismiss(result)

    def on_failed(self, message: Failed) -> None:
        self.query_one("#report-error", Static).update(escape(message.text))

    @on(Input.Changed)
    def _clear_error(self) -> None:
        self.query_one("#report-error", Static).update("")

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
