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
        pad_single_day(plt, {f.made_at.date() for name in names for f in by_analyst[name]})
        if not names:
            plt.title("no forecasts yet")
        self.refresh()


def pad_single_day(plt: Any, days: set[Any]) -> None:
    """A span of a few days: one tick per day, since plotext's own ticks repeat a date over a short axis.

    One day only: plotext would stretch the axis over decades; show the day with one either side.
    """
    if not days:
        return
    first, last = min(days), max(days)
    if first == last:
        first, last = first - timedelta(days=1), last + timedelta(days=1)
        plt.xlim(str(first), str(last))
    if (last - first).days <= 6:
        plt.xticks([str(first + timedelta(days=n)) for n in range((last - first).days + 1)])


class ScenarioChart(PlotextPlot):
    """One line per outcome: the probabilities of a scenario set over time, in percent."""

    def show(self, labels: list[str], path: list[tuple[Any, tuple[float, ...]]], title: str) -> None:
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        plt.date_form("Y-m-d")
        plt.ylim(0, 100)
        plt.ylabel("P %")
        if not path:
            plt.title("no forecasts yet — press f to make one")
            self.refresh()
            return
        plt.title(title)
        xs = [at.strftime("%Y-%m-%d") for at, _vector in path]
        for n, label in enumerate(labels):
            ys = [round(vector[n] * 100, 1) for _at, vector in path]
            if len(path) == 1:
                plt.scatter(xs, ys, label=label, marker="dot")
            else:
                plt.plot(xs, ys, label=label, marker="dot")
        pad_single_day(plt, {at.date() for at, _vector in path})
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
