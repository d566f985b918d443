"""The scoring contract as SQL text (docs/scoring.md is its written form).

Everything here is a string; ``ledger.storage.scoring`` executes it.  Values
are bound as named parameters (``$as_of``, ``$analyst``, ``$tag``, ``$bins``);
the only text spliced into the SQL comes from the fixed allow-lists below
(modes, groupings), never from user input.

The pipeline, one CTE each:

``items``/``res``   current item revisions and resolutions as of ``$as_of``
``resolved``        every forecast (recorded by ``$as_of``) on a resolved item
``eligible``        those made before the day the outcome became known, on yes/no items
``pairs``           the scored (p, o) pairs of the mode, with a weight, plus the
                    per-pair relative Brier and peer score (``last`` mode) and the
                    ``crowd:median`` pseudo-analyst when asked for
``scored``          ``pairs`` after the analyst filter
"""

from __future__ import annotations

from ledger.errors import InvalidValue
from ledger.storage.views import CURRENT_ITEMS, CURRENT_RESOLUTIONS

MODES = ("last", "all", "time-weighted")
GROUPINGS = ("analyst", "tag", "actor", "source", "scenario", "month", "quarter", "year")
CROWDS = ("median",)
CROWD_ANALYST = "crowd:median"
Q_MIN, Q_MAX = 0.001, 0.999
WILSON_Z = 1.959963984540054

# The group value each grouping gives a row (``tags``/``actors`` are unnested, so
# an item with several tags counts in each; an item with none gets NULL).
GROUP_EXPRESSIONS = {
    None: "CAST(NULL AS VARCHAR)",
    "analyst": "analyst",
    "tag": "unnest(CASE WHEN len(tags) = 0 THEN [CAST(NULL AS VARCHAR)] ELSE tags END)",
    "actor": "unnest(CASE WHEN len(actors) = 0 THEN [CAST(NULL AS VARCHAR)] ELSE actors END)",
    "source": "source_id",
    "month": "strftime(known_on, '%Y-%m')",
    "quarter": "strftime(known_on, '%Y') || '-Q' || CAST(quarter(known_on) AS VARCHAR)",
    "year": "strftime(known_on, '%Y')",
}

# Which scenarios an item belongs to: only used for ``--by scenario`` and only
# when the ledger has a ``scenario_items (scenario_id, item_id)`` table.
SCENARIO_TABLE = "scenario_items"
SCENARIO_MEMBERSHIP = "SELECT DISTINCT item_id, CAST(scenario_id AS VARCHAR) AS scenario FROM scenario_items"

CLIPPED_Q = f"greatest({Q_MIN}, least({Q_MAX}, CASE WHEN o = 1 THEN p ELSE 1 - p END))"


def check_options(mode: str, by: str | None, bins: int, crowd: str | None) -> None:
    if mode not in MODES:
        raise InvalidValue("mode", mode, " | ".join(MODES))
    if by is not None and by not in GROUPINGS:
        raise InvalidValue("by", by, " | ".join(GROUPINGS))
    if isinstance(bins, bool) or not isinstance(bins, int) or not 1 <= bins <= 1000:
        raise InvalidValue("bins", bins, "a whole number of bins from 1 to 1000")
    if crowd is not None and crowd not in CROWDS:
        raise InvalidValue("crowd", crowd, " | ".join(CROWDS))


def _base() -> str:
    """items, res, resolved, eligible: the rows every mode starts from."""
    return f"""
items AS ({CURRENT_ITEMS}),
res AS ({CURRENT_RESOLUTIONS}),
resolved AS MATERIALIZED (
    SELECT f.id AS forecast_id, f.item_id, f.analyst, f.probability AS p, f.made_at, f.recorded_at,
           i.key AS item_key, i.tags, i.actors, i.source_id, r.outcome, r.known_on
    FROM forecasts f
    JOIN res r ON r.item_id = f.item_id
    JOIN items i ON i.item_id = f.item_id
    WHERE f.recorded_at <= $as_of AND ($tag IS NULL OR list_contains(i.tags, $tag))
),
eligible AS (
    SELECT *, CASE WHEN outcome = 'yes' THEN 1.0 ELSE 0.0 END AS o
    FROM resolved
    WHERE outcome IN ('yes', 'no') AND made_at < CAST(known_on AS TIMESTAMP)
)"""


# Each analyst's latest eligible forecast per item, with the per-item figures the
# crowd median, relative Brier and peer score need (over every analyst, before the
# analyst filter, so filtering never changes anyone's peers).
_LAST = f"""
last AS MATERIALIZED (
    SELECT *, ln({CLIPPED_Q}) AS lnq
    FROM eligible
    QUALIFY row_number() OVER (PARTITION BY item_id, analyst ORDER BY made_at DESC, recorded_at DESC, forecast_id DESC) = 1
),
per_item AS MATERIALIZED (
    SELECT item_id, count(*) AS n_analysts, sum(lnq) AS sum_lnq, median(p) AS crowd_p, max(made_at) AS crowd_made_at,
           any_value(item_key) AS item_key, any_value(o) AS o, any_value(known_on) AS known_on,
           any_value(tags) AS tags, any_value(actors) AS actors, any_value(source_id) AS source_id
    FROM last GROUP BY item_id
)"""

_PAIR_COLUMNS = "analyst, item_id, item_key, p, o, made_at, known_on, weight, forecast_id, tags, actors, source_id"

_LAST_PAIRS = f"""
pairs AS (
    SELECT {_PAIR_COLUMNS}, FALSE AS is_crowd,
           power(p - o, 2) - power(crowd_p - o, 2) AS rel_brier,
           CASE WHEN n_analysts >= 2 THEN 100 * (lnq - (sum_lnq - lnq) / (n_analysts - 1)) END AS peer
    FROM (SELECT l.*, 1.0 AS weight, pi.n_analysts, pi.sum_lnq, pi.crowd_p
          FROM last l JOIN per_item pi USING (item_id))
    {{crowd}}
)"""

_ALL_PAIRS = f"""
pairs AS (
    SELECT {_PAIR_COLUMNS}, FALSE AS is_crowd,
           CAST(NULL AS DOUBLE) AS rel_brier, CAST(NULL AS DOUBLE) AS peer
    FROM (SELECT *, 1.0 AS weight FROM eligible)
    {{crowd}}
)"""

# Time-weighted: the day's last forecast holds from its day until the next
# forecast's day (or known_on); weight = days held / days from the first
# forecast's day to known_on, so each (analyst, item) weighs 1 in total.
_TIME_WEIGHTED_PAIRS = f"""
daily AS (
    SELECT *, CAST(made_at AS DATE) AS day
    FROM eligible
    QUALIFY row_number() OVER (PARTITION BY item_id, analyst, CAST(made_at AS DATE)
                               ORDER BY made_at DESC, recorded_at DESC, forecast_id DESC) = 1
),
held AS (
    SELECT *,
           coalesce(lead(day) OVER w, known_on) - day AS days,
           known_on - min(day) OVER (PARTITION BY item_id, analyst) AS window_days
    FROM daily
    WINDOW w AS (PARTITION BY item_id, analyst ORDER BY day)
),
pairs AS (
    SELECT {_PAIR_COLUMNS}, FALSE AS is_crowd,
           CAST(NULL AS DOUBLE) AS rel_brier, CAST(NULL AS DOUBLE) AS peer
    FROM (SELECT *, CAST(days AS DOUBLE) / window_days AS weight FROM held)
    {{crowd}}
)"""

_CROWD_ROWS = f"""
    UNION ALL
    SELECT '{CROWD_ANALYST}' AS analyst, item_id, item_key, crowd_p AS p, o, crowd_made_at AS made_at, known_on,
           1.0 AS weight, CAST(NULL AS VARCHAR) AS forecast_id, tags, actors, source_id, TRUE AS is_crowd, 0.0 AS rel_brier, CAST(NULL AS DOUBLE) AS peer
    FROM per_item"""



def scored_ctes(mode: str, crowd: str | None) -> str:
    """``WITH ...`` up to and including ``scored``: the pairs a score is computed over."""
    crowd_rows = "" if crowd is None else _CROWD_ROWS
    parts = [_base()]
    if mode == "last":
        parts += [_LAST, _LAST_PAIRS.format(crowd=crowd_rows)]
    elif mode == "all":
        parts += ([_LAST] if crowd else []) + [_ALL_PAIRS.format(crowd=crowd_rows)]
    else:
        parts += ([_LAST] if crowd else []) + [_TIME_WEIGHTED_PAIRS.format(crowd=crowd_rows)]
    parts.append("""
scored AS (SELECT * FROM pairs WHERE $analyst IS NULL OR analyst = $analyst OR is_crowd)""")
    return "WITH " + ",".join(p.strip("\n") for p in parts)


def scored_rows_sql(mode: str, crowd: str | None = None) -> str:
    """The scored pairs: (analyst, item_id, item_key, p, o, made_at, known_on, weight), in a stable order."""
    return (
        scored_ctes(mode, crowd)
        + """
SELECT analyst, item_id, item_key, p, o, made_at, known_on, weight
FROM scored
ORDER BY analyst, item_key, made_at, forecast_id"""
    )


def _keyed(relation: str, by: str | None) -> str:
    if by == "scenario":  # an item in several scenarios counts in each
        return f"SELECT sc.scenario AS g, r.* FROM {relation} r JOIN ({SCENARIO_MEMBERSHIP}) sc USING (item_id)"
    return f"SELECT {GROUP_EXPRESSIONS[by]} AS g, * FROM {relation}"


def score_sql(mode: str, by: str | None, crowd: str | None = None) -> str:
    """One row per (group, bin) — or per group in time-weighted mode — with every metric.

    Columns: g, is_crowd, the counts, the group metrics, the decomposition and
    the bin columns (bin, n, mean_forecast, observed, ci_low, ci_high).
    """
    ctes = scored_ctes(mode, crowd)
    binned = mode != "time-weighted"
    bin_expr = "least(CAST(floor(p * $bins) AS INTEGER), $bins - 1)" if binned else "0"
    sql = ctes + f""",
keyed AS MATERIALIZED ({_keyed("scored", by)}),
terms AS (
    SELECT g, is_crowd, {bin_expr} AS bin, item_id, weight, p, o, rel_brier, peer,
           {CLIPPED_Q} AS q
    FROM keyed
),
-- Per (group, bin) sums.  Within-bin moments are taken about the bin's centre,
-- which keeps the one-pass variance free of cancellation.
bin_sums AS (
    SELECT g, is_crowd, bin,
           count(*) AS n_rows,
           sum(weight) AS w,
           sum(weight * p) AS sum_p,
           sum(weight * o) AS sum_o,
           sum(weight * (p - (bin + 0.5) / $bins)) AS sum_d,
           sum(weight * power(p - (bin + 0.5) / $bins, 2)) AS sum_dd,
           sum(weight * (p - (bin + 0.5) / $bins) * o) AS sum_do,
           sum(weight * power(p - o, 2)) AS sum_sq,
           sum(weight * -ln(q)) AS sum_ll,
           sum(weight * 100 * (log2(q) + 1)) AS sum_bl,
           sum(rel_brier) AS sum_rel, count(rel_brier) AS n_rel,
           sum(peer) AS sum_peer, count(peer) AS n_peer
    FROM terms GROUP BY g, is_crowd, bin
),
group_items AS (
    SELECT g, is_crowd, count(DISTINCT item_id) AS n_items FROM keyed GROUP BY g, is_crowd
),
group_sums AS (
    SELECT g, is_crowd, sum(n_rows) AS n_forecasts, sum(w) AS w, sum(sum_o) / sum(w) AS base_rate,
           sum(sum_sq) / sum(w) AS brier, sum(sum_ll) / sum(w) AS log_loss, sum(sum_bl) / sum(w) AS baseline_score,
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
counted AS ({_keyed("resolved_in_filter", by)}),
counts AS (
    SELECT g, FALSE AS is_crowd,
           count(*) FILTER (WHERE outcome <> 'annulled') AS n_late,
           count(DISTINCT item_id) FILTER (WHERE outcome = 'annulled') AS n_annulled
    FROM counted GROUP BY g
),
groups AS (
    SELECT g, is_crowd FROM group_metrics
    UNION SELECT g, is_crowd FROM counts
    {"UNION SELECT CAST(NULL AS VARCHAR), FALSE" if by is None else ""}
)"""
    sql = sql.replace(
        "counted AS (",
        """resolved_in_filter AS (
    SELECT * FROM resolved
    WHERE ($analyst IS NULL OR analyst = $analyst)
      AND (outcome = 'annulled' OR made_at >= CAST(known_on AS TIMESTAMP))
),
counted AS (""",
    )
    metric_cols = """
       coalesce(m.n_forecasts, 0) AS n_forecasts, coalesce(m.n_items, 0) AS n_items,
       CASE WHEN gr.is_crowd THEN 0 ELSE coalesce(c.n_late, 0) END AS n_late,
       CASE WHEN gr.is_crowd THEN 0 ELSE coalesce(c.n_annulled, 0) END AS n_annulled,
       m.brier, m.base_rate, m.uncertainty, m.brier_skill, m.log_loss, m.baseline_score,
       m.relative_brier, m.peer_score"""
    if binned:
        return sql + f"""
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
    return sql + f"""
SELECT gr.g, gr.is_crowd, {metric_cols},
       NULL AS reliability, NULL AS resolution, NULL AS within_bin_variance, NULL AS within_bin_covariance,
       NULL AS bin, NULL AS lo, NULL AS hi, NULL AS n, NULL AS mean_forecast, NULL AS observed
FROM groups gr
LEFT JOIN group_metrics m ON m.g IS NOT DISTINCT FROM gr.g AND m.is_crowd = gr.is_crowd
LEFT JOIN counts c ON c.g IS NOT DISTINCT FROM gr.g AND c.is_crowd = gr.is_crowd
ORDER BY gr.is_crowd, gr.g NULLS LAST"""


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


def full_score_sql(mode: str, by: str | None, crowd: str | None = None) -> str:
    """``score_sql`` with the Wilson interval columns added; the text a report can show."""
    inner = score_sql(mode, by, crowd)
    return WILSON.replace("{inner}", inner) + "\nORDER BY is_crowd, g NULLS LAST, bin"
