"""Words and number formats shared by the HTML and Markdown reports.

Definitions follow docs/scoring.md; the report states them so that a reader
who never opens the docs still knows what each number means.
"""

from __future__ import annotations

import math
from typing import Any

NONE = "—"

# (JSON key, label, how it is read): the headline strip and the group tables.
HEADLINE = (
    ("brier", "Brier", "0–1 scale, lower is better; always saying 50% scores 0.25"),
    ("brier_skill", "Skill", "1 − Brier ÷ uncertainty; above 0 beats always forecasting the base rate"),
    ("log_loss", "Log loss", "mean −ln(probability given to what happened), lower is better"),
    (
        "baseline_score",
        "Baseline score",
        "100 × (1 + log₂ probability given to what happened); 0 = coin flip, higher is better",
    ),
)

GROUP_COLUMNS = (
    ("n_forecasts", "Forecasts"), ("n_items", "Items"), ("brier", "Brier"), ("brier_skill", "Skill"),
    ("log_loss", "Log loss"), ("baseline_score", "Baseline"), ("relative_brier", "Rel. Brier"),
    ("peer_score", "Peer"), ("base_rate", "Base rate"),
)  # fmt: skip

DECOMPOSITION = (
    ("reliability", "Reliability", "how far forecasts sit from observed frequencies (lower is better)"),
    ("resolution", "Resolution", "how much forecasts separate outcomes from the base rate (higher is better)"),
    ("uncertainty", "Uncertainty", "base rate × (1 − base rate): the Brier of always forecasting the base rate"),
    ("within_bin_variance", "Within-bin variance", "spread of forecasts inside each bin"),
    ("within_bin_covariance", "Within-bin covariance", "how forecast and outcome co-vary inside each bin"),
)

MODES = {
    "last": "each analyst's latest eligible forecast on each item is scored once",
    "all": "every eligible forecast is scored, so items forecast often weigh more",
    "time-weighted": "for each analyst and item, every day from the analyst's first eligible forecast to the day "
    "before known_on scores the forecast standing that day; the item's score is the mean over those days, so each "
    "analyst-item pair weighs 1 (no bins or decomposition in this mode)",
}


def number(value: Any, digits: int = 3, none: str = NONE) -> str:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return none
    if isinstance(value, int):
        return f"{value:,}"
    # A parallel sum's last bit depends on the order of its parts; rounding to 12 places first keeps a
    # value that sits on a rounding tie (0.1125) printing the same way every time.
    text = f"{round(value, 12):.{digits}f}"
    # sums of floats land on either side of zero; -0.000 would only say which
    return text[1:] if text.startswith("-") and not text.strip("-0.") else text


def signed(value: Any, digits: int = 3) -> str:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return NONE
    return f"{value:+.{digits}f}"


def percent(value: float | None) -> str:
    if value is None:
        return NONE
    shown = f"{value * 100:.1f}"
    return (shown.removesuffix(".0")) + "%"


def metric(key: str, value: Any) -> str:
    """A metric value formatted the way the report shows it."""
    if key in ("n_forecasts", "n_items", "n_late", "n_annulled", "n"):
        return number(int(value)) if value is not None else NONE
    if key in ("brier_skill", "relative_brier"):
        return signed(value)
    if key in ("baseline_score", "peer_score"):
        return number(value, 1)
    if key == "base_rate":
        return percent(value)
    return number(value)


def days(days_left: int | None) -> str:
    if days_left is None:
        return NONE
    if days_left < 0:
        return f"{-days_left} d overdue"
    return "due today" if days_left == 0 else f"{days_left} d left"


def plural(n: int, word: str, many: str | None = None) -> str:
    """'1 scored forecast', '2 scored forecasts'."""
    return f"{n:,} {word if n == 1 else many or word + 's'}"


def reliability_alt(bins: list[dict[str, Any]]) -> str:
    """What the reliability diagram shows, in words, for people who cannot see it."""
    filled = [b for b in bins if b.get("n")]
    n = sum(int(b["n"]) for b in filled)
    points = "; ".join(
        f"forecasts {b['lo'] * 100:.0f}–{b['hi'] * 100:.0f}% (mean {percent(b.get('mean_forecast'))}): "
        f"observed {percent(b.get('observed'))} of {plural(int(b['n']), 'forecast')}"
        for b in filled
    )
    return (f"Reliability diagram of {plural(n, 'scored forecast')} in {plural(len(filled), 'bin')} "
            f"against the diagonal of perfect calibration: {points}.")  # fmt: skip


def brier_by_month_alt(months: list[tuple[str, int, float | None]]) -> str:
    """What the Brier-by-month chart shows, in words."""
    points = "; ".join(f"{m}: Brier {number(b)} over {plural(n, 'forecast')}" for m, n, b in months)
    return f"Brier score by month the outcome became known (lower is better; always 50% scores 0.25): {points}."


def methods(filters: dict[str, Any], scale: str) -> list[tuple[str, str]]:
    """(term, definition) pairs for the methods section."""
    mode = filters.get("mode") or "last"
    bins = int(filters.get("bins") or 10)
    width = 1 / bins
    return [
        ("Scored rows", (
            "One row per scored forecast: its probability p of 'yes' and the outcome o (1 yes, 0 no). Every number "
            "in this report is computed from these rows; the CSV export lists them.")),
        ("Mode", f"{mode}: {MODES.get(mode, 'see docs/scoring.md')}."),
        ("Eligibility", (
            "A forecast counts when its item resolved yes or no and the forecast was made before the day the "
            "outcome became known (made_at before known_on, 00:00 UTC). Later forecasts are late and never count; "
            "annulled items are left out; both are counted separately. With an as-of date, only records written by "
            "the end of that day (UTC) and resolutions known by then are used.")),
        ("Brier score", (
            f"Mean of (p − o)² over the scored rows, on the {scale} scale: 0 is perfect, 0.25 is what always "
            "saying 50% earns, 1 is certain and always wrong.")),
        ("Skill", "1 − Brier ÷ uncertainty: the improvement over always forecasting the observed base rate."),
        ("Log loss", (
            "Mean of −ln q, q the probability given to what happened (p for yes, 1 − p for no), clipped to "
            "[0.001, 0.999] so that one certain miss does not make it infinite. Brier uses p unclipped. In "
            "time-weighted mode every metric is the weighted mean.")),
        ("Baseline, peer, relative", (
            "Baseline: mean of 100 × (1 + log₂ q), so 50% scores 0 and certainty on the right side 100. Peer "
            "(last mode, items with two or more analysts): mean of 100 × (ln q minus the mean ln q of the other "
            "analysts on the item). Relative Brier (last mode): mean of the analyst's Brier minus the crowd "
            "median's Brier on the same item; below 0 beats the crowd. Both are computed over every analyst "
            "before any analyst filter.")),
        ("Bins", (
            f"{bins} equal bins of width {width:.2g} on [0, 1]: a forecast's bin is min(floor(p × {bins}), "
            f"{bins - 1}), so the last bin also holds p = 1. Each point sits at the bin's mean forecast and its "
            "observed frequency of 'yes'; the bars are 95% Wilson score intervals for that frequency.")),
        ("Murphy decomposition", (
            "Brier = reliability − resolution + uncertainty + within-bin variance − within-bin covariance, "
            "computed over the same bins; the last two terms make the identity exact when forecasts inside a bin "
            "differ.")),
        ("Early-resolution guard", (
            "On: an item counted only once the last day of its deadline window had passed (before the as-of day, "
            "else the report day), so questions that resolved early, mostly 'yes', do not tilt the calibration; "
            "items without a deadline were left out." if filters.get("after_deadline") else
            "Off: every resolved item counted, including ones that resolved before their deadline; questions that "
            "can only resolve early one way ('yes, it happened') may then look better calibrated than they are "
            "(fledger report --after-deadline turns the guard on).")),
        ("Brier over time", "The scored rows grouped by the month of known_on, the day each outcome became known."),
        ("Calibration over time", (
            "Per quarter of known_on: the Brier score and the reliability term of its own decomposition; the rolling "
            "Brier is the mean (p − o)² over the scored rows known in that quarter and the three before it "
            "(last and all modes).")),
        ("Open and overdue", (
            "Items with no resolution yet; overdue ones are past the latest day of their deadline window, counted "
            "in days up to the as-of date (or the report date).")),
        ("Fingerprint", (
            "The sha256 of the scored rows written as CSV (exactly the file the CSV export writes): "
            "the same rows give the same fingerprint, so a later rerun can prove it used exactly the same data.")),
    ]  # fmt: skip
