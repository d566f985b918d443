"""Calibration: the reliability diagram and the scores, exactly as ``fledger score --json`` reports them.

Everything shown is read from ``Ledger.score(...).to_json()`` — the object
``fledger score --json`` prints — so the screen and the CLI cannot disagree.
The per-analyst table asks for the crowd too (``--crowd median``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Header, Input, Label, Select, Static

from ledger.errors import LedgerError
from ledger.parsing import parse_date
from ledger.reports.text import number as report_number
from ledger.service import ScoreQuery
from tui.calls import call
from tui.format import escape, plain
from tui.loading import LoadTracking
from tui.messages import Failed, LedgerChanged, ScoresLoaded
from tui.widgets.charts import ReliabilityChart
from tui.widgets.footer import WrappingFooter

if TYPE_CHECKING:
    from ledger.service import Ledger

MODES = (("last forecast", "last"), ("all forecasts", "all"), ("time-weighted", "time-weighted"))
HEADLINE = (
    ("Brier", "brier"), ("Skill vs base rate", "brier_skill"), ("Log loss", "log_loss"),
    ("Baseline score (50% = 0)", "baseline_score"), ("Base rate", "base_rate"),
    ("Relative Brier (vs crowd)", "relative_brier"), ("Peer score", "peer_score"),
)  # fmt: skip
DECOMPOSITION = ("reliability", "resolution", "uncertainty", "within_bin_variance", "within_bin_covariance")
GROUP_METRICS = ("n_forecasts", "n_items", "brier", "brier_skill", "log_loss")


def number(value: Any, digits: int = 3) -> str:
    return report_number(value, digits, none="–")


class CalibrationScreen(LoadTracking, Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "app.pop_screen", "Back", id="calibration.back"),
        Binding("m", "next_mode", "Mode", id="calibration.mode"),
        Binding("w", "next_scope", "Whose: me/team/…", id="calibration.scope"),
        Binding("x", "export", "Export report", id="calibration.export"),
    ]

    def __init__(self, ledger: Ledger) -> None:
        super().__init__()
        self.ledger = ledger
        self.mode = "last"
        self.as_of: Any = None
        # whose forecasts: None is mine, "" the team pooled, a name that analyst (see next_scope)
        self.scope: str | None = None
        self.analysts: list[str] = []  # every analyst with scored forecasts, from the by-analyst table

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="calibration-controls"):
            yield Label("Mode")
            yield Select(MODES, value="last", allow_blank=False, id="mode")
            yield Label("As of")
            yield Input(placeholder="YYYY-MM-DD (blank: today)", id="as-of")
        yield Static("", id="calibration-scope")
        yield Static("", id="calibration-error", classes="error")
        with VerticalScroll(id="calibration-body"):
            with Horizontal(id="calibration-top"):
                yield ReliabilityChart(id="reliability")
                yield Static("Scoring…", id="headline")
            yield Static("[b]Bins[/b]", classes="section-title")
            yield DataTable(id="bins", cursor_type="none", zebra_stripes=True)
            yield Static("[b]By analyst[/b]", classes="section-title")
            yield DataTable(id="by-analyst", cursor_type="row", zebra_stripes=True)
            yield Static("[b]By tag[/b]", classes="section-title")
            yield DataTable(id="by-tag", cursor_type="row", zebra_stripes=True)
        yield WrappingFooter()

    def on_mount(self) -> None:
        self.query_one("#bins", DataTable).add_columns("Bin", "N", "Mean forecast", "Observed", "95% Wilson interval")
        for table_id, label in (("#by-analyst", "Analyst"), ("#by-tag", "Tag")):
            self.query_one(table_id, DataTable).add_columns(label, "Forecasts", "Items", "Brier", "Skill", "Log loss")
        self.load()

    def _scores(self) -> dict[str, dict[str, Any]]:
        """The screen's questions answered from one read, so its numbers describe one state of the ledger."""
        analyst, _label = self.scope_filter()
        scoped: dict[str, Any] = {"analyst": analyst}  # the analyst table always compares everyone
        queries = [
            ScoreQuery(mode=self.mode, as_of=self.as_of, **options, **({} if name == "analyst" else scoped))
            for name, options in self.QUERIES.items()
        ]
        reports = self.ledger.score_many(queries)
        return {name: report.to_json() for name, report in zip(self.QUERIES, reports, strict=True)}

    def scope_filter(self) -> tuple[str | None, str]:
        """(the analyst filter, its name for people) of the scope shown, as the report states it."""
        scope: tuple[str | None, str] = self.ledger.calibration_scope(self.scope or None, team=self.scope == "")
        return scope

    # The three questions the screen asks, as ``score`` options (the same as fledger score's flags);
    # the headline and the tags are about the scope shown, the analyst table compares everyone.
    QUERIES: ClassVar[dict[str, dict[str, Any]]] = {
        "all": {},
        "analyst": {"by": "analyst", "crowd": "median"},
        "tag": {"by": "tag"},
    }

    def load(self) -> None:
        self._fetch(self.ask())

    @work(thread=True, exclusive=True, group="calibration", exit_on_error=False)
    def _fetch(self, ticket: int) -> None:
        self.post_message(ScoresLoaded(call(self, self._scores), ticket))

    def on_ledger_changed(self, _message: LedgerChanged) -> None:
        self.load()

    def on_failed(self, message: Failed) -> None:
        self.answer()
        self.query_one("#calibration-error", Static).update(f"[red]{escape(message.text)}[/red]")

    def on_scores_loaded(self, message: ScoresLoaded) -> None:
        self.query_one("#calibration-error", Static).update("")
        overall = message.reports["all"]
        group = overall["groups"][0] if overall.get("groups") else {}
        _analyst, whose = self.scope_filter()
        self.sub_title = f"calibration of {whose}"
        self.query_one("#calibration-scope", Static).update(
            f"[b]Whose forecasts:[/b] {escape(whose)}   [dim]w: me → team → each analyst[/dim]"
        )
        self.query_one(ReliabilityChart).show(group.get("bins") or [])
        self.query_one("#headline", Static).update(_headline(overall, group))
        self.analysts = [
            str(g["group"]["analyst"])
            for g in message.reports["analyst"].get("groups", [])
            if g.get("group", {}).get("analyst") and not str(g["group"]["analyst"]).startswith("crowd:")
        ]
        bins = self.query_one("#bins", DataTable)
        bins.clear()
        if group and group.get("bins") is None:
            bins.add_row("–", "–", "no bins in time-weighted mode", "", "")
        for b in group.get("bins") or []:
            ci = "–" if b.get("ci_low") is None else f"{b['ci_low']:.2f} – {b['ci_high']:.2f}"
            bins.add_row(f"{b['lo']:.1f}–{b['hi']:.1f}", number(b.get("n")), number(b.get("mean_forecast")),
                         number(b.get("observed")), ci)  # fmt: skip
        for table_id, name in (("#by-analyst", "analyst"), ("#by-tag", "tag")):
            table = self.query_one(table_id, DataTable)
            table.clear()
            for g in message.reports[name].get("groups", []):
                label = ", ".join(str(v) for v in g.get("group", {}).values()) or "–"
                table.add_row(plain(label), *(number(g.get(m)) for m in GROUP_METRICS))
        self.answer(message.ticket)

    @on(Select.Changed, "#mode")
    def _mode(self, event: Select.Changed) -> None:
        if isinstance(event.value, str) and event.value != self.mode:
            self.mode = event.value
            self.load()

    def action_next_mode(self) -> None:
        values = [v for _label, v in MODES]
        self.query_one("#mode", Select).value = values[(values.index(self.mode) + 1) % len(values)]

    def action_next_scope(self) -> None:
        """Me, then the team pooled, then each other analyst in turn, then me again."""
        others = [a for a in self.analysts if a != self.ledger.analyst]
        cycle: list[str | None] = [None, "", *others]
        self.scope = cycle[(cycle.index(self.scope) + 1) % len(cycle)] if self.scope in cycle else None
        self.load()

    def action_export(self) -> None:
        from tui.screens.report_export import ReportExportScreen

        analyst, _label = self.scope_filter()
        self.app.push_screen(ReportExportScreen(self.ledger, mode=self.mode, as_of=self.as_of, analyst=analyst,
                                                team=self.scope == ""))  # fmt: skip

    @on(Input.Submitted, "#as-of")
    def _as_of(self, event: Input.Submitted) -> None:
        try:
            self.as_of = parse_date(event.value, "as-of") if event.value.strip() else None
        except LedgerError as exc:
            self.query_one("#calibration-error", Static).update(f"[red]{escape(str(exc))}[/red]")
            return
        self.load()


def _headline(report: dict[str, Any], group: dict[str, Any]) -> str:
    if not group or not (group.get("n_forecasts") or group.get("n_late") or group.get("n_annulled")):
        return "No scored forecasts yet: resolve some items that have forecasts."
    as_of = report.get("as_of") or "today"
    lines = [
        f"[b]Mode[/b] {escape(str(report.get('mode')))}   [b]as of[/b] {escape(str(as_of))}",
        f"[dim]scale: {escape(str(report.get('scale', '')))}[/dim]",
        (
            f"{number(group.get('n_forecasts'))} forecasts on {number(group.get('n_items'))} items "
            f"({number(group.get('n_late'))} late, {number(group.get('n_annulled'))} annulled: not scored)"
        ),
        "",
    ]
    lines += [f"{label:<28}{number(group.get(key)):>9}" for label, key in HEADLINE]
    decomposition = group.get("decomposition") or {}
    lines += ["", "[b]Decomposition[/b]"]
    lines += [f"  {key.replace('_', ' '):<26}{number(decomposition.get(key), 4):>9}" for key in DECOMPOSITION]
    return "\n".join(lines)
