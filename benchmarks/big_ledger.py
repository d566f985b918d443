"""Build a large synthetic ledger quickly (bulk SQL), for the benchmarks.

Usage: python benchmarks/big_ledger.py PATH [ITEMS] [FORECASTS]
"""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb

from ledger.service import Ledger
from ledger.storage import Store

TAGS = ["china", "russia", "ai", "energy", "trade", "defence", "eu", "usa", "chips", "climate"]
ACTORS = ["Beijing", "Moscow", "Brussels", "Washington", "Sberbank", "Huawei", "Gazprom", "Rosatom"]


def build(path: Path, n_items: int = 100_000, n_forecasts: int = 1_000_000, n_analysts: int = 20) -> None:
    """An empty ledger (current schema) filled with items, forecasts and resolutions by INSERT ... SELECT."""
    path.unlink(missing_ok=True)
    Ledger(path, "bench").init(empty=True)
    con = duckdb.connect(str(path))
    con.execute("BEGIN")
    con.execute(
        """
        INSERT INTO item_revisions
        SELECT uuid()::VARCHAR, 'item-' || lpad(n::VARCHAR, 8, '0'), 'item-' || n,
               'Will ' || $actors[1 + n % 8] || ' deliver commitment number ' || n || ' on ' || $tags[1 + n % 10] || '?',
               '', [$actors[1 + n % 8]], '', '', [$tags[1 + n % 10], $tags[1 + (n // 10) % 10]], 'commitment', NULL,
               d, last_day(d), 'month', strftime(d, '%B %Y'), 'a calendar month', 1.0,
               TIMESTAMP '2024-01-01' + INTERVAL (n % 500) DAY, TIMESTAMP '2024-01-01' + INTERVAL (n % 500) DAY, 'bench'
        FROM (SELECT range AS n, DATE '2024-01-01' + INTERVAL (range % 48) MONTH AS d FROM range($n))
        """,
        {"n": n_items, "tags": TAGS, "actors": ACTORS},
    )
    con.execute(
        """
        INSERT INTO forecasts
        SELECT uuid()::VARCHAR, 'item-' || lpad((f % $items)::VARCHAR, 8, '0'), 'analyst' || (f // $items) % $analysts,
               round(random(), 2), TIMESTAMP '2024-01-01' + INTERVAL (f % 600) DAY,
               TIMESTAMP '2024-01-01' + INTERVAL (f % 600) DAY, ''
        FROM range($n) t(f)
        """,
        {"n": n_forecasts, "items": n_items, "analysts": n_analysts},
    )
    con.execute(
        """
        INSERT INTO resolutions
        SELECT uuid()::VARCHAR, 'item-' || lpad(n::VARCHAR, 8, '0'), CASE WHEN random() < 0.4 THEN 'yes' ELSE 'no' END,
               DATE '2024-01-01' + INTERVAL (n % 48) MONTH, TIMESTAMP '2026-01-01', 'bench', '', NULL
        FROM range($n) t(n) WHERE n % 48 < 22
        """,
        {"n": n_items},
    )
    con.execute("COMMIT")
    con.execute("CHECKPOINT")
    con.close()
    with Store(path).writing():
        pass  # a write transaction ends by building the derived tables from the rows above


if __name__ == "__main__":
    target = Path(sys.argv[1])
    build(target, *(int(a) for a in sys.argv[2:4]))
    print(f"built {target}")
