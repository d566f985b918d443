"""Synthetic ledgers for benchmarks: many items and forecasts written by SQL alone.

Rows are generated with ``INSERT ... SELECT`` over ``range()``, so a ledger of
100k items and 1M forecasts takes seconds, not the hours that one service call
per row would.  Values are deterministic functions of the row number (ids are
md5-derived UUID-shaped strings), so two builds with the same sizes are alike.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from attrs import frozen

from ledger.storage import Store


@frozen
class SyntheticSizes:
    items: int
    forecasts: int
    analysts: int
    resolved_share: float


def synthetic_key(n: int) -> str:
    """The key of the n-th synthetic item (0-based)."""
    return f"syn-{n}"


# Deadlines fall within two years either side of ``$today``; roughly
# ``$resolved_share`` of items whose deadline has passed carry a resolution.
_ITEMS_SQL = """
INSERT INTO item_revisions
SELECT
    _uuid('rev' || i) AS revision_id,
    _uuid('item' || i) AS item_id,
    'syn-' || i AS key,
    'Synthetic question number ' || i AS title,
    '' AS statement,
    ['Actor ' || (i % 50)] AS actors,
    '' AS quote,
    '' AS criteria,
    ['synthetic', 'group-' || (i % 20)] AS tags,
    CASE WHEN i % 3 = 0 THEN 'commitment' ELSE 'question' END AS kind,
    NULL AS source_id,
    d AS deadline_earliest,
    d AS deadline_latest,
    'day' AS deadline_precision,
    strftime(d, '%Y-%m-%d') AS deadline_phrase,
    'synthetic' AS deadline_rule,
    1.0 AS deadline_confidence,
    $created AS created_at,
    $created AS recorded_at,
    'synthetic' AS recorded_by
FROM (SELECT range AS i, CAST($today AS DATE) + CAST((hash(range) % 1460) AS INTEGER) - 730 AS d
      FROM range($items))
"""

_FORECASTS_SQL = """
INSERT INTO forecasts
SELECT
    _uuid('fc' || f) AS id,
    _uuid('item' || (f % $items)) AS item_id,
    'analyst-' || (f % $analysts) AS analyst,
    round((hash(f * 7 + 1) % 1000) / 1000.0, 3) AS probability,
    $created + to_seconds(CAST(f % 86400 AS BIGINT)) AS made_at,
    $created + to_seconds(CAST(f % 86400 AS BIGINT)) AS recorded_at,
    '' AS note
FROM range($forecasts) t(f)
"""

_RESOLUTIONS_SQL = """
INSERT INTO resolutions
SELECT
    _uuid('res' || i) AS id,
    item_id,
    CASE WHEN hash(i) % 10 = 0 THEN 'annulled' WHEN hash(i) % 2 = 0 THEN 'yes' ELSE 'no' END AS outcome,
    deadline_latest AS known_on,
    $resolved_at AS recorded_at,
    'synthetic' AS analyst,
    '' AS evidence,
    NULL AS supersedes
FROM (SELECT item_id, deadline_latest, CAST(split_part(key, '-', 2) AS BIGINT) AS i
      FROM item_revisions WHERE recorded_by = 'synthetic' AND deadline_latest < CAST($today AS DATE))
WHERE (hash(i * 13 + 5) % 1000) < $resolved_per_mille
"""

# A UUID-shaped id made from a text seed (deterministic, unlike uuid()).
_UUID_MACRO = """
CREATE OR REPLACE TEMP MACRO _uuid(seed) AS
    (SELECT substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-4' || substr(h, 14, 3) || '-8'
            || substr(h, 18, 3) || '-' || substr(h, 21, 12) FROM (SELECT md5(seed) AS h))
"""


def build_synthetic_ledger(
    path: Path,
    *,
    items: int = 100_000,
    forecasts: int = 1_000_000,
    analysts: int = 20,
    resolved_share: float = 0.6,
    today: date | None = None,
) -> SyntheticSizes:
    """Create ``path`` (it must not exist) holding synthetic items, forecasts and resolutions."""
    if path.exists():
        raise FileExistsError(path)
    today = today or date.today()
    created = datetime(today.year - 3, 1, 1)
    with Store(path).writing() as con:
        con.execute(_UUID_MACRO)
        con.execute(_ITEMS_SQL, {"items": items, "today": today, "created": created})
        con.execute(_FORECASTS_SQL, {"items": items, "forecasts": forecasts, "analysts": analysts, "created": created})
        con.execute(
            _RESOLUTIONS_SQL,
            {"today": today, "resolved_at": datetime.combine(today, datetime.min.time()),
             "resolved_per_mille": int(resolved_share * 1000)},
        )  # fmt: skip
    return SyntheticSizes(items, forecasts, analysts, resolved_share)
