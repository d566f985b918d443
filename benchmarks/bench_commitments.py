"""Russian deadline phrases, English commitment extraction, and `fledger extract` speed.

    .venv/bin/python -m benchmarks.bench_commitments [--speed]

* Russian: each phrase of ``benchmarks/data/ru_deadlines.jsonl`` is read with
  ``read_deadline(phrase, published, allow_past=True)``; a case is right when the window
  equals the analyst's (earliest and latest).  Accuracy per family.
* English extraction: each sentence of ``benchmarks/data/en_commitments.jsonl`` goes through
  ``extract_commitments``; a commitment case is right when the best candidate's window equals
  the analyst's; its actor is right when one contains the other (case-insensitive).  A case
  with no commitment is right when no candidate with a deadline is offered.
* Speed (``--speed``): wall time of ``fledger extract`` as a whole process on a 5,000-word
  article built from the corpus sentences, English and Russian (best of 5).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from datetime import date
from pathlib import Path

DATA = Path(__file__).parent / "data"


def load(name: str) -> list[dict]:
    return [json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line.strip()]


def russian_phrases() -> tuple[int, int, dict[str, list[int]], list[str]]:
    from ledger.reading.deadlines import read_deadline

    per_family: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    misses = []
    for case in load("ru_deadlines.jsonl"):
        reading = read_deadline(case["phrase"], date.fromisoformat(case["published"]), allow_past=True)
        d = reading.deadline
        got = (d.earliest.isoformat(), d.latest.isoformat()) if d else None
        right = got == (case["earliest"], case["latest"])
        per_family[case["family"]][0] += right
        per_family[case["family"]][1] += 1
        if not right:
            misses.append(f"{case['id']} {case['phrase']!r} @ {case['published']}: {got} != "
                          f"{(case['earliest'], case['latest'])}")  # fmt: skip
    right = sum(ok for ok, _ in per_family.values())
    return right, sum(n for _, n in per_family.values()), per_family, misses


def english_extraction() -> tuple[dict[str, list[int]], list[str]]:
    from ledger.reading.extract import extract_commitments

    scores: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    misses = []
    for case in load("en_commitments.jsonl"):
        found = extract_commitments(case["sentence"], date.fromisoformat(case["published"]))
        best = found[0] if found else None
        if case["actor"] is None:
            right = not (best and best.deadline)
            scores["no commitment"][0] += right
            scores["no commitment"][1] += 1
            if not right:
                misses.append(f"{case['id']} offered {best.deadline.label if best and best.deadline else ''}")
            continue
        d = best.deadline if best else None
        window = (d.earliest.isoformat(), d.latest.isoformat()) if d else None
        right = window == (case["earliest"], case["latest"])
        actor = (best.actor if best else "").lower()
        actor_right = bool(actor) and (actor in case["actor"].lower() or case["actor"].lower() in actor)
        for family, ok in (("window", right), ("window: " + case["family"], right), ("actor", actor_right)):
            scores[family][0] += ok
            scores[family][1] += 1
        if not right:
            misses.append(f"{case['id']} window {window} != {(case['earliest'], case['latest'])}")
    return scores, misses


def article(language: str, words: int = 5000) -> str:
    if language == "ru":
        sentences = [c["sentence"] for c in load("ru_deadlines.jsonl")]
    else:
        sentences = [c["sentence"] for c in load("en_commitments.jsonl")]
    out, count = [], 0
    while count < words:
        for sentence in sentences:
            out.append(sentence)
            count += len(sentence.split())
            if count >= words:
                break
    return "\n\n".join(" ".join(out[n : n + 4]) for n in range(0, len(out), 4))


def speed() -> dict[str, float]:
    fledger = Path(sys.executable).parent / "fledger"
    timings = {}
    with tempfile.TemporaryDirectory() as tmp:
        for language in ("en", "ru"):
            path = Path(tmp) / f"{language}.txt"
            path.write_text(article(language), encoding="utf-8")
            best = float("inf")
            for _ in range(5):
                start = time.perf_counter()
                subprocess.run([str(fledger), "extract", str(path), "--published", "2025-03-03"], check=True,
                               capture_output=True)  # fmt: skip
                best = min(best, time.perf_counter() - start)
            timings[language] = best
    return timings


def main() -> None:
    right, total, families, misses = russian_phrases()
    print(f"Russian deadline phrases: {right}/{total} ({right / total:.0%}) read to the analyst's window")
    for family, (ok, n) in sorted(families.items()):
        print(f"  {family:<14} {ok:>3}/{n:<3} {ok / n:.0%}")
    for miss in misses:
        print("  miss:", miss)
    scores, en_misses = english_extraction()
    print("English extraction (TBAQ sentences):")
    for family, (ok, n) in sorted(scores.items()):
        print(f"  {family:<24} {ok:>3}/{n:<3} {ok / n:.0%}")
    for miss in en_misses:
        print("  miss:", miss)
    if "--speed" in sys.argv:
        for language, seconds in speed().items():
            print(f"fledger extract, 5,000-word {language} article, whole process (best of 5): {seconds:.3f} s")


if __name__ == "__main__":
    main()
