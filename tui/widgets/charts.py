"""Charts drawn with plotext: forecast history per analyst, and the reliability diagram."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from textual_plotext import PlotextPlot


class ForecastChart(PlotextPlot):
    """Each analyst's forecasts over time, in percent."""

    def show(self, forecasts: list[Any], me: str) -> None:
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        plt.date_form("Y-m-d")
        plt.ylim(0, 100)
        plt.ylabel("P(yes) %")
        by_analyst: dict[str, list[Any]] = {}
        for f in forecasts:
            by_analyst.setdefault(f.analyst, []).append(f)
        # me first, then the analysts with most forecasts; a chart of 50 lines is unreadable
        names = sorted(by_analyst, key=lambda a: (a != me, -len(by_analyst[a]), a))[:6]
        for name in names:
            points = by_analyst[name]
            xs = [f.made_at.strftime("%Y-%m-%d") for f in points]
            ys = [round(f.probability * 100, 1) for f in points]
            if len(points) == 1:
                plt.scatter(xs, ys, label=name, marker="dot")
            else:
                plt.plot(xs, ys, label=name, marker="dot")
        days = {f.made_at.date() for name in names for f in by_analyst[name]}
        if len(days) == 1:
            # one day only: plotext would stretch the axis over decades; show the day with one either side
            (only,) = days
            plt.xlim(str(only - timedelta(days=1)), str(only + timedelta(days=1)))
        if not names:
            plt.title("no forecasts yet")
        self.refresh()


class ReliabilityChart(PlotextPlot):
    """Observed frequency against mean forecast per bin, with the diagonal of perfect calibration."""

    def show(self, bins: list[dict[str, Any]]) -> None:
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        plt.xlim(0, 1)
        plt.ylim(0, 1)
        plt.xlabel("forecast")
        plt.ylabel("observed")
        plt.plot([0, 1], [0, 1], label="perfect", marker="braille", color="gray")
        used = [b for b in bins if b.get("n") and b.get("mean_forecast") is not None and b.get("observed") is not None]
        if used:
            # intervals first, so the observed points are drawn on top of them
            with_ci = [b for b in used if b.get("ci_low") is not None and b.get("ci_high") is not None]
            for b in with_ci:
                plt.plot([b["mean_forecast"]] * 2, [b["ci_low"], b["ci_high"]], marker="│", color="cyan")
            xs = [b["mean_forecast"] for b in used]
            plt.scatter(xs, [b["observed"] for b in used], label="observed", marker="o", color="orange+")
        else:
            plt.title("no scored forecasts")
        self.refresh()
