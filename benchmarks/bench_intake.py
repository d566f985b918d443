"""Print how long deadline reading and commitment extraction take.

Run from the repository root: ``python benchmarks/bench_intake.py``.
Figures only; nothing is asserted (see docs/deadlines.md).
"""

from __future__ import annotations

import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ledger.reading.deadlines import read_deadline
from ledger.reading.extract import extract_commitments

ARTICLES = Path(__file__).resolve().parent.parent / "tests" / "ledger" / "articles"
PHRASES = ["by April", "2025-Q2", "within ten days", "by the end of next year", "three weeks ago", "banana"]


def best_of(runs: int, work: callable) -> float:  # type: ignore[valid-type]
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    anchor = date(2024, 12, 30)
    per_phrase = best_of(5, lambda: [read_deadline(p, anchor) for p in PHRASES * 100]) / (len(PHRASES) * 100)
    print(f"read_deadline: {per_phrase * 1e6:.0f} µs per phrase")

    text = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(ARTICLES.glob("*.txt")))
    article = "\n\n".join([text] * (5000 // len(text.split()) + 1))
    words = len(article.split())
    seconds = best_of(5, lambda: extract_commitments(article, anchor))
    print(f"extract_commitments: {seconds * 1000:.0f} ms for a {words}-word article")

    run_on = ("The board will act " + "by in within next the end of " * 30 + ". ") * 25
    seconds = best_of(3, lambda: extract_commitments(run_on, anchor))
    print(f"extract_commitments: {seconds * 1000:.0f} ms for {len(run_on.split())} words of run-on time words")


if __name__ == "__main__":
    main()
