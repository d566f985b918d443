"""The fledger terminal UI: ``run(ledger)`` opens it on a ``ledger.service.Ledger``.

The app holds no connection: every ledger call opens and closes its own, in a
thread worker.  A timer watches the ledger file (size and mtime, no lock) and
tells the screens to reload when anyone — this app or another process — commits.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from tui.calls import UI_LOCK_TIMEOUT
from tui.messages import LedgerChanged
from tui.screens.help import key_name

if TYPE_CHECKING:
    from ledger.service import Ledger

POLL_SECONDS = 1.0
DARK, LIGHT = "textual-dark", "textual-light"


class FledgerApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "fledger"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "help", "Help", id="app.help", key_display="?"),
        Binding("c", "calibration", "Calibration", id="app.calibration"),
        Binding("s", "scenarios", "Scenarios", id="app.scenarios"),
        Binding("ctrl+t", "toggle_theme", "Theme", show=False, id="app.theme"),  # in help and the palette
        Binding("q", "quit", "Quit", id="app.quit"),
    ]

    def __init__(self, ledger: Ledger, *, watch: bool = True, poll_seconds: float = POLL_SECONDS) -> None:
        super().__init__()
        self.ledger = ledger
        # one attempt waits briefly; tui.calls retries and tells the user meanwhile
        ledger.limit_lock_wait(UI_LOCK_TIMEOUT)
        self.watching = watch  # not ``watch``: Textual's own method of that name
        self.poll_seconds = poll_seconds
        self.marker: tuple[int | str, ...] | None = None
        self.marker_lock = threading.Lock()  # the watcher and a write's worker both set the marker
        self.own_writes = 0  # this app's writes under way (``tui.calls.write``)
        self.theme = DARK
        self.sub_title = f"{ledger.analyst} · {ledger.path}"

    def on_mount(self) -> None:
        from tui.screens.items import ItemsScreen

        self.push_screen(ItemsScreen(self.ledger))
        if self.watching:
            self.set_interval(self.poll_seconds, self.check_for_changes)

    # --- auto-reload ---------------------------------------------------------------
    @work(thread=True, exclusive=True, group="watch", exit_on_error=False)
    def check_for_changes(self) -> None:
        seen = self.marker
        marker = self.ledger.change_marker()
        with self.marker_lock:
            if self.own_writes or self.marker is not seen:
                return  # this app is writing, or wrote meanwhile and took the new state as seen (``wrote``)
            if seen is not None and marker != seen:
                self.call_from_thread(self.announce_change)
            self.marker = marker

    def writing(self) -> None:
        """Called in a worker just before this app's own write: until ``wrote``, the watcher announces nothing."""
        with self.marker_lock:
            self.own_writes += 1

    def wrote(self) -> None:
        """Called in a worker after this app's own write (done or failed): the watcher takes the new state as
        seen, since whoever wrote reloads the screens (``announce_change``) once."""
        marker = self.ledger.change_marker() if self.watching else None
        with self.marker_lock:
            self.own_writes -= 1
            if marker is not None:
                self.marker = marker

    def announce_change(self, keep_key: str | None = None) -> None:
        """Tell every screen on the stack; each reloads what it shows and keeps its place (or ``keep_key``)."""
        for screen in self.screen_stack:
            screen.post_message(LedgerChanged(keep_key))

    # --- actions -----------------------------------------------------------------
    def action_help(self) -> None:
        from tui.screens.help import HelpScreen
        from tui.screens.items import ItemsScreen
        from tui.widgets.item_table import ItemTable

        sections = [("Everywhere", self.BINDINGS), ("Item list", ItemsScreen.BINDINGS + ItemTable.BINDINGS)]
        for module, name, title in (
            ("tui.screens.detail", "DetailScreen", "Item detail"),
            ("tui.screens.calibration", "CalibrationScreen", "Calibration"),
            ("tui.screens.scenarios", "ScenariosScreen", "Scenarios"),
            ("tui.screens.scenario_forecast", "ScenarioForecastScreen", "Scenario forecast dialog"),
            ("tui.screens.report_export", "ReportExportScreen", "Report dialog"),
            ("tui.screens.forecast", "ForecastScreen", "Forecast dialog"),
            ("tui.screens.resolve", "ResolveScreen", "Resolve dialog"),
            ("tui.screens.item_form", "ItemFormScreen", "Item form"),
            ("tui.screens.article", "ArticleScreen", "Article"),
            ("tui.screens.article", "ArticleFormScreen", "Add an article"),
            ("tui.screens.article", "CandidateFormScreen", "Edit a commitment"),
        ):
            cls = getattr(__import__(module, fromlist=[name]), name)
            sections.append((title, cls.BINDINGS))
        self.push_screen(HelpScreen(sections))

    def action_calibration(self) -> None:
        from tui.screens.calibration import CalibrationScreen

        if not isinstance(self.screen, CalibrationScreen):
            self.push_screen(CalibrationScreen(self.ledger))

    def action_scenarios(self) -> None:
        from tui.screens.scenarios import ScenariosScreen

        if not isinstance(self.screen, ScenariosScreen):
            self.push_screen(ScenariosScreen(self.ledger))

    def action_toggle_theme(self) -> None:
        self.theme = LIGHT if self.theme == DARK else DARK

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """The palette offers every binding of the current screen, next to Textual's own commands."""
        yield from super().get_system_commands(screen)
        seen = {"quit"}
        for binding in [*screen.BINDINGS, *self.BINDINGS]:
            if not isinstance(binding, Binding) or binding.action in seen or binding.action.startswith("app.pop"):
                continue
            seen.add(binding.action)
            owner = self if binding in self.BINDINGS else screen
            help_text = "key: " + ", ".join(key_name(k) for k in binding.key.split(","))
            yield SystemCommand(binding.description, help_text, partial(owner.run_action, binding.action))


def run(ledger: Ledger) -> None:
    """Open the UI on ``ledger`` and return when the user quits."""
    FledgerApp(ledger).run()
