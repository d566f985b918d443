"""Charts as SVG text, drawn with matplotlib's object API (no pyplot, no display).

This is the only module that imports matplotlib, and it is imported only when a
report with charts is being made, so the CLI stays fast.  Output is made
deterministic (fixed ids, no date stamp) so the same ledger gives the same file.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

INK = "#1f2933"
MUTED = "#7b8794"
GRID = "#e4e7eb"
ACCENT = "#2563eb"
BARS = "#cbd5e1"

_RC = {
    "svg.fonttype": "none",  # keep text as text: smaller, selectable, styled by the page's fonts
    "font.family": "sans-serif",
    "font.sans-serif": ["Helvetica Neue", "Arial", "DejaVu Sans"],
    "font.size": 10,
    "axes.edgecolor": MUTED,
    "axes.labelcolor": INK,
    "axes.titlesize": 11,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "xtick.color": MUTED,
    "ytick.color": MUTED,
    "xtick.labelcolor": INK,
    "ytick.labelcolor": INK,
    "grid.color": GRID,
    "grid.linewidth": 0.8,
}


def library_version() -> str:
    import matplotlib

    return str(matplotlib.__version__)


def _render(draw: Any, size: tuple[float, float], salt: str) -> str:
    """A figure drawn by ``draw(fig)``, as a standalone SVG document."""
    from matplotlib import rc_context
    from matplotlib.figure import Figure

    with rc_context({**_RC, "svg.hashsalt": f"fledger-{salt}"}):
        fig = Figure(figsize=size, layout="constrained")
        draw(fig)
        out = io.StringIO()
        fig.savefig(out, format="svg", metadata={"Date": None, "Creator": "fledger"})
    return out.getvalue()


def inline(svg: str) -> str:
    """An SVG document as an element to put inside HTML (no XML declaration or doctype)."""
    return svg[svg.index("<svg") :].strip()


def reliability(bins: Sequence[dict[str, Any]]) -> str:
    """Reliability diagram: bin mean forecast vs observed frequency with Wilson intervals, counts underneath."""

    def draw(fig: Any) -> None:
        top, bottom = fig.subplots(2, 1, sharex=True, height_ratios=[3.2, 1])
        filled = [b for b in bins if b.get("n")]
        top.plot([0, 1], [0, 1], linestyle="--", color=MUTED, linewidth=1, label="perfect calibration")
        if filled:
            x = [b["mean_forecast"] for b in filled]
            y = [b["observed"] for b in filled]
            low = [max(0.0, b["observed"] - b["ci_low"]) for b in filled]
            high = [max(0.0, b["ci_high"] - b["observed"]) for b in filled]
            top.errorbar(x, y, yerr=[low, high], fmt="o-", color=ACCENT, ecolor=ACCENT, elinewidth=1.2,
                         capsize=3, markersize=6, linewidth=1.4, label="observed (95% Wilson interval)")  # fmt: skip
        top.set_xlim(0, 1)
        top.set_ylim(-0.02, 1.02)
        top.set_ylabel("Observed frequency of 'yes'")
        top.set_aspect("auto")
        top.grid(True)
        # above the plot, never over a point (the upper left is where well-calibrated low bins can sit)
        top.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=2, frameon=False, fontsize=9)
        _percent_axis(top.yaxis)

        centres = [(b["lo"] + b["hi"]) / 2 for b in bins]
        widths = [(b["hi"] - b["lo"]) * 0.86 for b in bins]
        counts = [int(b.get("n") or 0) for b in bins]
        bars = bottom.bar(centres, counts, width=widths, color=BARS, edgecolor=MUTED, linewidth=0.6)
        bottom.bar_label(bars, labels=[f"{c:,}" if c else "" for c in counts], fontsize=8, color=INK, padding=2)
        bottom.set_ylim(0, max(counts + [1]) * 1.35)
        bottom.set_ylabel("Forecasts")
        bottom.set_xlabel("Forecast probability (bin mean)")
        bottom.grid(True, axis="y")
        bottom.set_xticks([i / 10 for i in range(11)])
        _percent_axis(bottom.xaxis)

    return _render(draw, (6.4, 6.0), "reliability")


def brier_by_month(months: Sequence[tuple[str, int, float | None]]) -> str:
    """Brier per month of known_on (line), with the number of scored forecasts as bars behind it."""

    def draw(fig: Any) -> None:
        ax = fig.subplots()
        counts_ax = ax.twinx()
        ax.set_zorder(counts_ax.get_zorder() + 1)
        ax.patch.set_visible(False)
        many = len(months) > 10
        step = -(-len(months) // 12)  # at most about 12 labels
        labels = [("" if k % step else m) if many else f"{m}\nn={n:,}" for k, (m, n, _) in enumerate(months)]
        xs = list(range(len(months)))
        counts = [n for _, n, _ in months]
        counts_ax.bar(xs, counts, width=0.7, color=BARS, linewidth=0)
        counts_ax.set_ylim(0, max(counts + [1]) * 3.2)  # keep the bars in the lower third, under the line
        counts_ax.set_ylabel("Scored forecasts (bars)", color=MUTED)
        counts_ax.spines["right"].set_visible(True)
        scored = [(x, b) for x, (_, _, b) in zip(xs, months, strict=True) if b is not None]
        ax.axhline(0.25, color=MUTED, linestyle="--", linewidth=1)
        ax.annotate("always 50% = 0.25", (1, 0.25), xycoords=("axes fraction", "data"), xytext=(-4, 3),
                    textcoords="offset points", fontsize=8, color=MUTED, ha="right")  # fmt: skip
        if scored:
            ax.plot([x for x, _ in scored], [b for _, b in scored], "o-", color=ACCENT, linewidth=1.6, markersize=5)
        top = max([b for _, b in scored] + [0.25])
        ax.set_ylim(0, min(1.0, top * 1.25 + 0.02))
        ax.set_ylabel("Brier (0–1, lower is better)")
        ax.set_xlabel("Month the outcome became known")
        ax.set_xticks(xs, labels, rotation=45 if many else 0, ha="right" if many else "center")
        ax.set_xlim(-0.6, len(xs) - 0.4)
        ax.grid(True, axis="y")

    return _render(draw, (7.2, 3.4), "brier-by-month")


def _percent_axis(axis: Any) -> None:
    from matplotlib.ticker import FuncFormatter

    axis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v * 100:.0f}%"))
