"""The scoring contract as SQL text (docs/scoring.md is its written form).

Everything here is a string; ``ledger.scoring.groups`` executes it.  Values
are bound as named parameters (``$as_of``, ``$analyst``, ``$tag``, ``$bins``);
the only text spliced into the SQL comes from the fixed allow-lists below
(modes, groupings) and from flags chosen by the caller, never from user input.

The pipeline, one CTE each, kept narrow on purpose (ids and numbers only; group
labels such as tags are joined in at the grouping step, and only the one asked for):

``latest``      per (item, analyst): the latest forecast made before the outcome was known,
                how many were made before and after, the outcome and the item's number
                (``ledger.storage.latest``: the stored table, or the same query inline)
``res``         resolutions in force as of ``$as_of`` (restricted to ``$tag`` items)
``eligible``    forecasts (recorded by ``$as_of``, not retracted by then) made before known_on
                on yes/no items (all and time-weighted modes)
``last``        ``latest`` on yes/no items with an eligible forecast: the scored pairs of
                last mode
``per_item``    crowd median, Σ ln q and analyst count per item (one aggregate over ``last``,
                on the item's number)
``pairs``       the scored (p, o) pairs of the mode with their weight, relative Brier
                and peer score, plus the crowd and scenario pairs when asked for
``keyed``       pairs with their group value
``bin_sums``    ONE aggregate per (group, bin) of the sums every metric is made from
"""

from __future__ import annotations

from ledger.errors import InvalidValue
from ledger.storage.latest import NUMBERS_SQL, latest_sql, withdrawn_sql
from ledger.storage.latest import TABLE as LATEST_TABLE
from ledger.storage.scenario_scores import SCENARIO_PAIRS_SQL
from ledger.storage.scenarios import CURRENT_SETS, CURRENT_SIGNPOSTS
from ledger.storage.views import CURRENT_ITEMS, CURRENT_RESOLUTIONS, not_retracted

MODES = ("last", "all", "time-weighted")
GROUPINGS = ("analyst", "tag", "actor", "source", "scenario", "month", "quarter", "year")
CROWDS = ("median",)
CROWD_ANALYST = "crowd:median"
Q_MIN, Q_MAX = 0.001, 0.999
WILSON_Z = 1.959963984540054

CLIPPED_Q = f"greatest({Q_MIN}, least({Q_MAX}, CASE WHEN o = 1 THEN p ELSE 1 - p END))"

# Group values computed on a pair row itself.
ROW_GROUPS = {
    None: "CAST(NULL AS VARCHAR)",
    "analyst": "analyst",
    "month": "strftime(known_on, '%Y-%m')",
    "quarter": "strftime(known_on, '%Y') || '-Q' || CAST(quarter(known_on) AS VARCHAR)",
    "year": "strftime(known_on, '%Y')",
}


def _unnest(column: str) -> str:
    """A list column as one row per value; an empty list gives one NULL (the "(none)" group)."""
    return f"unnest(CASE WHEN len({column}) = 0 THEN [CAST(NULL AS VARCHAR)] ELSE {column} END)"


# Group values that come from the item (or scenario set) a pair is about:
# (item_id, g) rows, joined to the pairs only at the grouping step.
def _labels(by: str, scenarios: bool) -> str:
    if by == "tag":
        text = f"SELECT item_id, {_unnest('tags')} AS g FROM items"
        return text + (f" UNION ALL SELECT set_id, {_unnest('tags')} FROM sets" if scenarios else "")
    if by == "actor":
        return f"SELECT item_id, {_unnest('actors')} AS g FROM items"
    if by == "source":
        return "SELECT item_id, source_id AS g FROM items"
    # scenario: the items linked to a set as signposts (any outcome, counted once),
    # and with --include-scenarios the set's own scenario pairs
    text = f"SELECT DISTINCT item_id, set_id AS g FROM ({CURRENT_SIGNPOSTS}) WHERE active"
    return text + (" UNION SELECT set_id, set_id FROM sets" if scenarios else "")


def check_options(mode: str, by: str | None, bins: int, crowd: str | None, include_scenarios: bool = False,
                  after_deadline: bool = False) -> None:  # fmt: skip
    if mode not in MODES:
        raise InvalidValue("mode", mode, " | ".join(MODES))
    if by is not None and by not in GROUPINGS:
        raise InvalidValue("by", by, " | ".join(GROUPINGS))
    if isinstance(bins, bool) or not isinstance(bins, int) or not 1 <= bins <= 1000:
        raise InvalidValue("bins", bins, "a whole number of bins from 1 to 1000")
    if crowd is not None and crowd not in CROWDS:
        raise InvalidValue("crowd", crowd, " | ".join(CROWDS))
    if include_scenarios and mode == "time-weighted":
        raise InvalidValue("include-scenarios", mode, "--mode last or all (scenario pairs have no time weights)")
    if include_scenarios and after_deadline:
        raise InvalidValue(
            "after-deadline", "with --include-scenarios", "one of the two (scenario sets have no deadline to wait for)"
        )


def _item_filter(tag: bool, after_deadline: bool) -> str | None:
    """A condition on item_id for the item filters asked for (fixed text; values bound as $tag, $due_before).

    ``after_deadline``, the early-resolution guard: only items whose deadline window ended before
    ``$due_before`` (the as-of day, else today) count; an item without a deadline never does."""
    conditions = (["list_contains(tags, $tag)"] if tag else []) + (
        ["deadline_latest < $due_before"] if after_deadline else []
    )
    return f"item_id IN (SELECT item_id FROM items WHERE {' AND '.join(conditions)})" if conditions else None


def _latest_from(tag: bool, stored_latest: bool, after_deadline: bool = False) -> str:
    """The relation ``latest`` is read from: the CTE, or the stored table itself (narrowed to the item filters)."""
    if not stored_latest:
        return "latest"
    tag_items = _item_filter(tag, after_deadline)
    return f"(SELECT * FROM {LATEST_TABLE}" + (f" WHERE {tag_items}" if tag_items else "") + ") latest"


def _base(tag: bool, stored_latest: bool, after_deadline: bool = False) -> str:
    """items, sets, latest, res, eligible: the relations every mode starts from.

    ``latest``: per (item, analyst), the latest forecast before the outcome was known and
    the counts of forecasts before and after (``ledger.storage.latest``) — the stored table
    when it answers for ``$as_of``, else the same query over the history as it stood then.
    """
    tag_items = _item_filter(tag, after_deadline)
    if stored_latest:
        # No CTE over the stored table: each reader of it names it (``_latest_from``), so its own
        # columns and filters reach the table scan (on a team ledger, the query sent to the server).
        latest = ""
    else:
        scope, items = ("f." + tag_items, tag_items) if tag_items else ("TRUE", "TRUE")
        latest = f"\nlatest AS MATERIALIZED ({latest_sql(scope, items, 'numbers')}),"
    numbers = "" if stored_latest else f"numbers AS MATERIALIZED {NUMBERS_SQL},"
    return f"""
items AS ({CURRENT_ITEMS}),
sets AS ({CURRENT_SETS}),{numbers}{latest}
res AS (
    SELECT item_id, outcome, known_on, CAST(known_on AS TIMESTAMP) AS known_at,
           CASE WHEN outcome = 'yes' THEN 1.0 ELSE 0.0 END AS o
    FROM ({CURRENT_RESOLUTIONS}) {"WHERE " + tag_items if tag_items else ""}
),
eligible AS (
    SELECT f.item_id, f.analyst, f.probability AS p, f.made_at, f.recorded_at, f.id AS forecast_id, r.o, r.known_on
    FROM forecasts f JOIN res r USING (item_id)
    WHERE f.recorded_at <= $as_of AND r.outcome IN ('yes', 'no') AND f.made_at < r.known_at
      AND {not_retracted("forecast", "f.")}
)"""


# Each analyst's latest eligible forecast per yes/no item, and the per-item figures the
# crowd median, relative Brier and peer score need (over every analyst, before the
# analyst filter, so filtering never changes anyone's peers).
# "o >= 0" and "probability >= 0" mean "IS NOT NULL" here (o is 0 or 1, probabilities are
# in [0, 1]); comparisons, unlike IS NOT NULL, reach a team ledger's server as filters.
# {latest}: the relation ``_latest_from`` names.
_LAST = f"""
last AS (
    SELECT item_id, item_no, analyst, probability AS p, made_at, o, known_on
    FROM {{latest}} WHERE o >= 0 AND n_before > 0 AND probability >= 0
),
per_item AS (
    SELECT item_no, any_value(item_id) AS item_id, count(*) AS n_analysts, median(p) AS crowd_p, min(analyst) AS first_analyst,
           max(made_at) AS crowd_made_at, any_value(o) AS o, any_value(known_on) AS known_on,
           sum(ln({CLIPPED_Q})) AS sum_lnq
    FROM last GROUP BY item_no
)"""

# Every pairs relation has these columns; item_first marks one row per (group, item)
# in last mode so n_items is a plain count there.
_PAIR_COLUMNS = "analyst, item_id, p, o, made_at, known_on, weight, is_crowd, rel_brier, peer, item_first, lnq"

_LAST_PAIRS = f"""
pairs AS (
    SELECT analyst, item_id, p, o, made_at, known_on, 1.0 AS weight, FALSE AS is_crowd,
           power(p - o, 2) - power(crowd_p - o, 2) AS rel_brier,
           CASE WHEN n_analysts >= 2 THEN 100 * (lnq - (sum_lnq - lnq) / (n_analysts - 1)) END AS peer,
           {{item_first}} AS item_first, lnq
    FROM (SELECT l.analyst, l.item_id, l.p, l.made_at, l.o, l.known_on, pi.crowd_p, pi.n_analysts, pi.sum_lnq,
                 pi.first_analyst, ln(greatest({Q_MIN}, least({Q_MAX}, CASE WHEN l.o = 1 THEN l.p ELSE 1 - l.p END))) AS lnq
          FROM last l JOIN per_item pi USING (item_no)
          WHERE $analyst IS NULL OR l.analyst = $analyst)
    {{extra}}
)"""

_ALL_PAIRS = """
pairs AS (
    SELECT analyst, item_id, p, o, made_at, known_on, 1.0 AS weight, FALSE AS is_crowd,
           CAST(NULL AS DOUBLE) AS rel_brier, CAST(NULL AS DOUBLE) AS peer, TRUE AS item_first, ln({clipped_q}) AS lnq
    FROM eligible WHERE $analyst IS NULL OR analyst = $analyst
    {extra}
)"""

# Time-weighted: each day scores the forecast standing when the day ends.  The day's
# last forecast holds from its day until the next forecast's day (or known_on), or
# until the day it was withdrawn if that comes first (a withdrawal on day d ends it
# for day d: it no longer stood at the day's end); days with no standing forecast are
# outside the window, like the days before the first forecast.  weight = days held /
# days held in all, so each (analyst, item) with a standing day weighs 1 in total.
_TIME_WEIGHTED_PAIRS = """
daily AS (
    SELECT *, CAST(made_at AS DATE) AS day
    FROM eligible
    WHERE $analyst IS NULL OR analyst = $analyst
    QUALIFY row_number() OVER (PARTITION BY item_id, analyst, CAST(made_at AS DATE)
                               ORDER BY made_at DESC, recorded_at DESC, forecast_id DESC) = 1
),
held AS (
    SELECT d.*,
           greatest(0, least(coalesce(lead(d.day) OVER w, d.known_on),
                             coalesce(CAST(wd.withdrawn_at AS DATE), d.known_on)) - d.day) AS days
    FROM daily d LEFT JOIN {withdrawn} wd
         ON wd.item_id = d.item_id AND wd.analyst = d.analyst AND wd.made_at = d.made_at
    WINDOW w AS (PARTITION BY d.item_id, d.analyst ORDER BY d.day)
),
standing AS (
    SELECT *, sum(days) OVER (PARTITION BY item_id, analyst) AS window_days
    FROM held WHERE days > 0
),
pairs AS (
    SELECT analyst, item_id, p, o, made_at, known_on, CAST(days AS DOUBLE) / window_days AS weight, FALSE AS is_crowd,
           CAST(NULL AS DOUBLE) AS rel_brier, CAST(NULL AS DOUBLE) AS peer, TRUE AS item_first, ln({clipped_q}) AS lnq
    FROM standing
    {extra}
)"""

_CROWD_ROWS = f"""
    UNION ALL
    SELECT '{CROWD_ANALYST}', item_id, crowd_p, o, crowd_made_at, known_on, 1.0, TRUE, 0.0, CAST(NULL AS DOUBLE), TRUE,
           ln(greatest({Q_MIN}, least({Q_MAX}, CASE WHEN o = 1 THEN crowd_p ELSE 1 - crowd_p END)))
    FROM per_item"""

# --include-scenarios: each scored scenario forecast adds one (p_k, o_k) pair per
# outcome.  The set stands in for the item (n_items counts it once).
_SCENARIO_ROWS = """
    UNION ALL
    SELECT analyst, set_id, p, CAST(o AS DOUBLE), made_at, known_on, 1.0, FALSE, CAST(NULL AS DOUBLE),
           CAST(NULL AS DOUBLE),
           row_number() OVER (PARTITION BY set_id{per_analyst} ORDER BY analyst, outcome_id) = 1,
           ln({clipped_q})
    FROM ({pairs}) sp
    {tag_filter}"""


def _scenario_rows(by: str | None, tag: bool) -> str:
    tag_filter = "WHERE set_id IN (SELECT set_id FROM sets WHERE list_contains(tags, $tag))" if tag else ""
    per_analyst = ", analyst" if by == "analyst" else ""
    return _SCENARIO_ROWS.format(
        pairs=SCENARIO_PAIRS_SQL, per_analyst=per_analyst, tag_filter=tag_filter, clipped_q=CLIPPED_Q
    )


def scored_ctes(mode: str, crowd: str | None, *, by: str | None = None, tag: bool = True,
                include_scenarios: bool = False, stored_latest: bool = False,
                after_deadline: bool = False) -> str:  # fmt: skip
    """``WITH ...`` up to and including ``pairs``: the scored pairs after the analyst filter."""
    extra = ("" if crowd is None else _CROWD_ROWS) + (_scenario_rows(by, tag) if include_scenarios else "")
    parts = [_base(tag, stored_latest, after_deadline)]
    last = _LAST.replace("{latest}", _latest_from(tag, stored_latest, after_deadline))
    if mode == "last":
        item_first = "TRUE" if by == "analyst" else "($analyst IS NOT NULL OR analyst = first_analyst)"
        parts += [last, _LAST_PAIRS.format(extra=extra, item_first=item_first)]
    elif mode == "all":
        parts += ([last] if crowd else []) + [_ALL_PAIRS.format(extra=extra, clipped_q=CLIPPED_Q)]
    else:
        parts += ([last] if crowd else []) + [
            _TIME_WEIGHTED_PAIRS.format(extra=extra, clipped_q=CLIPPED_Q, withdrawn=withdrawn_sql())
        ]
    return "WITH " + ",".join(p.strip("\n") for p in parts)


def scored_rows_sql(mode: str, crowd: str | None = None, tag: bool = True, stored_latest: bool = False,
                    after_deadline: bool = False) -> str:  # fmt: skip
    """The scored pairs: (analyst, item_id, item_key, p, o, made_at, known_on, weight), in a stable order."""
    return (
        scored_ctes(mode, crowd, tag=tag, stored_latest=stored_latest, after_deadline=after_deadline)
        + """
SELECT s.analyst, s.item_id, i.key AS item_key, s.p, s.o, s.made_at, s.known_on, s.weight
FROM pairs s LEFT JOIN items i USING (item_id)
ORDER BY s.analyst, item_key, s.made_at, s.p, s.weight"""
    )


def _keyed(relation: str, by: str | None) -> str:
    """``relation`` with its group value ``g`` in front (an item in several groups appears in each)."""
    if by in ROW_GROUPS:
        return f"SELECT {ROW_GROUPS[by]} AS g, * FROM {relation}"
    join = "JOIN" if by == "scenario" else "LEFT JOIN"  # only linked items belong to a scenario set
    return f"SELECT lab.g, r.* FROM {relation} r {join} labels lab ON lab.item_id = r.item_id"


def score_sql(mode: str, by: str | None, crowd: str | None = None, *, tag: bool = True,
              include_scenarios: bool = False, stored_latest: bool = False,
              after_deadline: bool = False) -> str:  # fmt: skip
    """One row per (group, bin) — or per group in time-weighted mode — with every metric.

    Columns: g, is_crowd, the counts, the group metrics, the decomposition and
    the bin columns (bin, lo, hi, n, mean_forecast, observed).  ``tag``: whether
    the ``$tag`` filter is applied (False drops it from the text).
    """
    ctes = scored_ctes(
        mode,
        crowd,
        by=by,
        tag=tag,
        include_scenarios=include_scenarios,
        stored_latest=stored_latest,
        after_deadline=after_deadline,
    )
    if by is not None and by not in ROW_GROUPS:
        ctes += f",\nlabels AS ({_labels(by, include_scenarios)})"
    latest_from = _latest_from(tag, stored_latest, after_deadline)
    binned = mode != "time-weighted"
    bin_expr = "least(CAST(floor(p * $bins) AS INTEGER), $bins - 1)" if binned else "0"
    # In last mode every (analyst, item) has one pair, so items are counted with a
    # flag instead of a DISTINCT over every pair.
    if mode == "last":
        group_items = "SELECT g, is_crowd, sum(n_first) AS n_items FROM bin_sums GROUP BY g, is_crowd"
    else:
        group_items = "SELECT g, is_crowd, count(DISTINCT item_id) AS n_items FROM keyed GROUP BY g, is_crowd"
    # latest has one row per (item, analyst), so per analyst a plain count counts distinct items
    n_annulled = (
        "count(*) FILTER (WHERE annulled)" if by == "analyst" else "count(DISTINCT item_no) FILTER (WHERE annulled)"
    )
    sql = (
        ctes
        + f""",
keyed AS ({_keyed("pairs", by)}),
-- Per (group, bin) sums, in one aggregate.  Within-bin moments are taken about the
-- bin's centre, which keeps the one-pass variance free of cancellation.
bin_sums AS (
    SELECT g, is_crowd, bin,
           count(*) AS n_rows,
           count(*) FILTER (WHERE item_first) AS n_first,
           sum(weight) AS w,
           sum(weight * p) AS sum_p,
           sum(weight * o) AS sum_o,
           sum(weight * d) AS sum_d,
           sum(weight * d * d) AS sum_dd,
           sum(weight * d * o) AS sum_do,
           sum(weight * (p - o) * (p - o)) AS sum_sq,
           sum(weight * -lnq) AS sum_ll,
           sum(rel_brier) AS sum_rel, count(rel_brier) AS n_rel,
           sum(peer) AS sum_peer, count(peer) AS n_peer
    FROM (SELECT *, p - (bin + 0.5) / $bins AS d FROM (SELECT *, {bin_expr} AS bin FROM keyed))
    GROUP BY g, is_crowd, bin
),
group_items AS ({group_items}),
group_sums AS (
    SELECT g, is_crowd, sum(n_rows) AS n_forecasts, sum(w) AS w, sum(sum_o) / sum(w) AS base_rate,
           sum(sum_sq) / sum(w) AS brier, sum(sum_ll) / sum(w) AS log_loss,
           -- mean 100 (log2 q + 1), from the same sums
           100 * (1 - sum(sum_ll) / sum(w) / ln(2)) AS baseline_score,
           sum(sum_rel) / nullif(sum(n_rel), 0) AS relative_brier,
           sum(sum_peer) / nullif(sum(n_peer), 0) AS peer_score
    FROM bin_sums GROUP BY g, is_crowd
),
group_metrics AS (
    SELECT gs.*, gi.n_items,
           base_rate * (1 - base_rate) AS uncertainty,
           CASE WHEN base_rate * (1 - base_rate) > 0 THEN 1 - brier / (base_rate * (1 - base_rate)) END AS brier_skill
    FROM group_sums gs JOIN group_items gi ON gi.g IS NOT DISTINCT FROM gs.g AND gi.is_crowd = gs.is_crowd
),
decomposition AS (
    SELECT b.g, b.is_crowd,
           sum(b.w * power(b.sum_p / b.w - b.sum_o / b.w, 2)) / any_value(m.w) AS reliability,
           sum(b.w * power(b.sum_o / b.w - m.base_rate, 2)) / any_value(m.w) AS resolution,
           sum(b.sum_dd - b.sum_d * b.sum_d / b.w) / any_value(m.w) AS within_bin_variance,
           2 * sum(b.sum_do - b.sum_d * b.sum_o / b.w) / any_value(m.w) AS within_bin_covariance
    FROM bin_sums b JOIN group_metrics m ON m.g IS NOT DISTINCT FROM b.g AND m.is_crowd = b.is_crowd
    GROUP BY b.g, b.is_crowd
),
-- Forecasts left out: late ones on yes/no items, and every one on an annulled item.
left_out AS (
    SELECT analyst, item_id, item_no, FALSE AS annulled, known_on, n_after
    FROM {latest_from}
    WHERE ($analyst IS NULL OR analyst = $analyst) AND o >= 0 AND n_after > 0
    UNION ALL
    SELECT analyst, item_id, item_no, TRUE AS annulled, known_on, n_after
    FROM {latest_from}
    WHERE ($analyst IS NULL OR analyst = $analyst) AND outcome = 'annulled'
),
counts AS (
    SELECT g, FALSE AS is_crowd,
           sum(n_after) FILTER (WHERE NOT annulled) AS n_late,
           {n_annulled} AS n_annulled
    FROM ({_keyed("left_out", by)}) GROUP BY g
),
groups AS (
    SELECT g, is_crowd FROM group_metrics
    UNION SELECT g, is_crowd FROM counts
    {"UNION SELECT CAST(NULL AS VARCHAR), FALSE" if by is None else ""}
)"""
    )
    metric_cols = """
       coalesce(m.n_forecasts, 0) AS n_forecasts, coalesce(m.n_items, 0) AS n_items,
       CASE WHEN gr.is_crowd THEN 0 ELSE coalesce(c.n_late, 0) END AS n_late,
       CASE WHEN gr.is_crowd THEN 0 ELSE coalesce(c.n_annulled, 0) END AS n_annulled,
       m.brier, m.base_rate, m.uncertainty, m.brier_skill, m.log_loss, m.baseline_score,
       m.relative_brier, m.peer_score"""
    if binned:
        return (
            sql
            + f"""
SELECT gr.g, gr.is_crowd, {metric_cols},
       d.reliability, d.resolution, d.within_bin_variance, d.within_bin_covariance,
       k.bin, CAST(k.bin AS DOUBLE) / $bins AS lo, CAST(k.bin + 1 AS DOUBLE) / $bins AS hi,
       coalesce(b.n_rows, 0) AS n, b.sum_p / b.w AS mean_forecast, b.sum_o / b.w AS observed
FROM groups gr
CROSS JOIN (SELECT CAST(range AS INTEGER) AS bin FROM range($bins)) k
LEFT JOIN group_metrics m ON m.g IS NOT DISTINCT FROM gr.g AND m.is_crowd = gr.is_crowd
LEFT JOIN decomposition d ON d.g IS NOT DISTINCT FROM gr.g AND d.is_crowd = gr.is_crowd
LEFT JOIN counts c ON c.g IS NOT DISTINCT FROM gr.g AND c.is_crowd = gr.is_crowd
LEFT JOIN bin_sums b ON b.g IS NOT DISTINCT FROM gr.g AND b.is_crowd = gr.is_crowd AND b.bin = k.bin
ORDER BY gr.is_crowd, gr.g NULLS LAST, k.bin"""
        )
    return (
        sql
        + f"""
SELECT gr.g, gr.is_crowd, {metric_cols},
       NULL AS reliability, NULL AS resolution, NULL AS within_bin_variance, NULL AS within_bin_covariance,
       NULL AS bin, NULL AS lo, NULL AS hi, NULL AS n, NULL AS mean_forecast, NULL AS observed
FROM groups gr
LEFT JOIN group_metrics m ON m.g IS NOT DISTINCT FROM gr.g AND m.is_crowd = gr.is_crowd
LEFT JOIN counts c ON c.g IS NOT DISTINCT FROM gr.g AND c.is_crowd = gr.is_crowd
ORDER BY gr.is_crowd, gr.g NULLS LAST"""
    )


# The Wilson score interval, applied to the (small) per-bin result in SQL too.
WILSON = f"""
SELECT *,
       CASE WHEN n > 0 THEN greatest(0.0, (observed + {WILSON_Z}^2 / (2 * n)
            - {WILSON_Z} * sqrt(observed * (1 - observed) / n + {WILSON_Z}^2 / (4 * n * n))) / (1 + {WILSON_Z}^2 / n)) END
         AS ci_low,
       CASE WHEN n > 0 THEN least(1.0, (observed + {WILSON_Z}^2 / (2 * n)
            + {WILSON_Z} * sqrt(observed * (1 - observed) / n + {WILSON_Z}^2 / (4 * n * n))) / (1 + {WILSON_Z}^2 / n)) END
         AS ci_high
FROM ({{inner}})"""


def full_score_sql(mode: str, by: str | None, crowd: str | None = None, *, tag: bool = True,
                   include_scenarios: bool = False, stored_latest: bool = False,
                   after_deadline: bool = False) -> str:  # fmt: skip
    """``score_sql`` with the Wilson interval columns added; the text a report can show."""
    inner = score_sql(
        mode,
        by,
        crowd,
        tag=tag,
        include_scenarios=include_scenarios,
        stored_latest=stored_latest,
        after_deadline=after_deadline,
    )
    return WILSON.replace("{inner}", inner) + "\nORDER BY is_crowd, g NULLS LAST, bin"
