"""How well fledger reads dates in real text: accuracy per family and per corpus, and speed.

Usage: python -m benchmarks.bench_reading [--failures FAMILY] [--no-speed] [--libraries]

Corpora (benchmarks/data/README.md says where each comes from):

* ``tbaq_dates.jsonl``: sentences of the TempEval-3 training corpora (TimeBank and
  AQUAINT) with their gold TIMEX3 annotations.  Every sentence is tagged by
  ``find_dates`` with the document creation time as the publication day.
* ``deadline_phrases.jsonl``: deadline phrases from published texts, each with the
  window an analyst assigns, read by ``read_deadline``.

Definitions (also in docs/benchmarks.md):

* A **concrete** DATE is a gold DATE timex whose value names a period of the calendar
  (``1998-08-07``, ``1998-W32``, ``1998-Q3``, ``1998``, ``199``), not ``PAST_REF`` or
  a value with ``X``.
* A found expression **matches** a gold timex when their character spans overlap
  (TempEval-3's relaxed match).
* **Value F1** over concrete DATEs: a true positive is a match whose value equals the
  gold value; precision's denominator counts found expressions that match a concrete
  DATE plus those that overlap no gold timex of any type; recall's counts concrete DATEs.
* **Family accuracy**: the share of concrete DATEs of that family found with the gold
  value.  **Direction accuracy**: the share of matched concrete DATEs whose direction
  (past/current/future of the gold window against the document date) is ours.
* A deadline phrase is **read** when ``earliest`` and ``latest`` equal the analyst's.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

DATA = Path(__file__).parent / "data"
CONCRETE = re.compile(r"\d{4}(?:-(?:\d{2}(?:-\d{2})?|W\d{2}|Q[1-4]|H[12]|SP|SU|FA|WI))?|\d{3}|\d{2}")


def family_of(text: str, value: str) -> str:
    """The form of a gold expression, from its words (families are reported separately)."""
    t = text.lower()
    rules = (
        ("holiday", r"christmas|easter|thanksgiving|new year|hanukkah|ramadan|independence day|labor day|memorial day"),
        ("fiscal", r"fiscal|\bfy"),
        ("ago / from now", r"\bago\b|\bearlier\b|\blater\b|\bhence\b|from now"),
        ("named day", r"\btoday|yesterday|tomorrow|tonight"),
        ("part of period", r"\b(?:early|mid|late|end|beginning|start|middle|close)\b|mid-|year-end"),
        ("quarter / half", r"quarter|\bhalf\b|\bq[1-4]\b|\bh[12]\b"),
        ("season", r"spring|summer|autumn|fall|winter"),
        ("decade / century", r"\d0s|'\d0s|decade|century"),
        ("weekday", r"monday|tuesday|wednesday|thursday|friday|saturday|sunday"),
        ("full date", (r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*\.? \d{1,2},? \d{4}|\d{1,2}/\d{1,2}/\d{2,4}"
                      r"|\d{4}-\d{2}-\d{2}|\d{1,2} (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w* \d{4}")),
        ("month and day", r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*\.? \d{1,2}\b"),
        ("month", r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b"),
        ("this/next/last unit", (r"\b(?:this|next|last|past|previous|coming|current|following|the) "
                                r"(?:week|month|year|quarter)")),
        ("year", r"^(?:the )?(?:year )?\d{4}$|\d{4}"),
    )  # fmt: skip
    if value.endswith("_REF"):
        return "vague reference"
    for name, pattern in rules:
        if re.search(pattern, t):
            return name
    return "other"


def normal_value(value: str) -> str:
    """A day with a time of day is compared as the day; fiscal years as TBAQ writes them (the year)."""
    value = value.split("T")[0] if re.match(r"\d{4}-\d{2}-\d{2}T", value) else value
    return re.sub(r"^FY(\d{4})$", r"\1", value)


def gold_window(value: str) -> tuple[date, date] | None:
    """The days a concrete TimeML value names."""
    from ledger.reading.grammar import _decade, _half, _month, _quarter, _season, _week, _year

    try:
        if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value):
            day = date(int(m[1]), int(m[2]), int(m[3]))
            return day, day
        if m := re.fullmatch(r"(\d{4})-(\d{2})", value):
            p = _month(int(m[1]), int(m[2]))
        elif m := re.fullmatch(r"(\d{4})-W(\d{2})", value):
            p = _week(date.fromisocalendar(int(m[1]), int(m[2]), 1))
        elif m := re.fullmatch(r"(\d{4})-Q([1-4])", value):
            p = _quarter(int(m[1]), int(m[2]))
        elif m := re.fullmatch(r"(\d{4})-H([12])", value):
            p = _half(int(m[1]), int(m[2]))
        elif m := re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", value):
            p = _season(int(m[1]), {"SP": "spring", "SU": "summer", "FA": "autumn", "WI": "winter"}[m[2]])
        elif m := re.fullmatch(r"(\d{4})", value):
            p = _year(int(m[1]))
        elif m := re.fullmatch(r"(\d{3})", value):
            p = _decade(int(m[1]) * 10)
        else:
            return None
    except ValueError:
        return None
    return p.earliest, p.latest


def direction(window: tuple[date, date], reference: date) -> str:
    if window[1] < reference:
        return "past"
    if window[0] > reference:
        return "future"
    return "current"


# --------------------------------------------------------------------------- TimeBank + AQUAINT


def evaluate_tbaq(show_failures: str | None = None) -> dict:
    from ledger.reading.tagger import find_dates

    rows = [json.loads(line) for line in (DATA / "tbaq_dates.jsonl").open(encoding="utf-8")]
    per_family: dict[str, Counter] = defaultdict(Counter)
    per_corpus: dict[str, Counter] = defaultdict(Counter)
    totals = Counter()
    for row in rows:
        dct = date.fromisoformat(row["dct"])
        found = find_dates(row["sentence"], dct)
        golds = row["timexes"]
        corpus = per_corpus[row["corpus"]]
        for mention in found:
            overlapping = [g for g in golds if g["start"] < mention.end and mention.start < g["end"]]
            if not overlapping:
                totals["false_positive"] += 1
                corpus["false_positive"] += 1
        for gold in golds:
            if gold["type"] != "DATE" or not CONCRETE.fullmatch(normal_value(gold["value"])):
                continue
            family = family_of(gold["text"], gold["value"])
            matches = [m for m in found if gold["start"] < m.end and m.start < gold["end"]]
            value = normal_value(gold["value"])
            got = matches[0] if matches else None
            ok = got is not None and normal_value(got.reading.value) == value
            window = gold_window(value)
            for counter in (per_family[family], corpus, totals):
                counter["gold"] += 1
                counter["found"] += bool(got)
                counter["value"] += ok
                if got is not None and window:
                    counter["directed"] += 1
                    counter["direction"] += got.reading.direction == direction(window, dct)
            if show_failures and not ok and show_failures in (family, "all"):
                shown = f"{got.text!r} -> {got.reading.value} ({got.reading.rule})" if got else "not found"
                print(
                    f"  [{family}] {gold['text']!r} gold {value} dct {row['dct']}: {shown}\n      {row['sentence'][:160]}"
                )
    return {"families": per_family, "corpora": per_corpus, "totals": totals}


def f1(counter: Counter) -> tuple[float, float, float]:
    precision_base = counter["found"] + counter["false_positive"]
    precision = counter["value"] / precision_base if precision_base else 0.0
    recall = counter["value"] / counter["gold"] if counter["gold"] else 0.0
    score = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, score


def evaluate_timeml_documents(folder: Path) -> Counter:
    """Whole TimeML documents (``*.tml`` under ``folder``), tagged as articles: the same counts as above."""
    from benchmarks.derive_tbaq import plain_with_timexes
    from ledger.reading.tagger import find_dates

    counts: Counter = Counter()
    for path in sorted(folder.rglob("*.tml")):
        raw = path.read_text(encoding="utf-8")
        dct = re.search(r"<DCT>.*?value=\"([^\"]+)\"", raw, re.DOTALL)
        body = re.search(r"<TEXT>(.*)</TEXT>", raw, re.DOTALL)
        if not dct or not body:
            continue
        text, timexes = plain_with_timexes(body[1])
        found = find_dates(text, date.fromisoformat(dct[1][:10]))
        counts["documents"] += 1
        counts["false_positive"] += sum(
            1 for m in found if not any(t["start"] < m.end and m.start < t["end"] for t in timexes)
        )
        for timex in timexes:
            value = normal_value(timex.get("value", ""))
            if timex.get("type") != "DATE" or not CONCRETE.fullmatch(value):
                continue
            hits = [m for m in found if timex["start"] < m.end and m.start < timex["end"]]
            counts["gold"] += 1
            counts["found"] += bool(hits)
            counts["value"] += bool(hits) and normal_value(hits[0].reading.value) == value
    return counts


# --------------------------------------------------------------------------- deadline phrases


def evaluate_deadlines(show_failures: str | None = None) -> dict:
    from ledger.reading.deadlines import read_deadline

    path = DATA / "deadline_phrases.jsonl"
    per_family: dict[str, Counter] = defaultdict(Counter)
    per_kind: dict[str, Counter] = defaultdict(Counter)
    if not path.exists():
        return {"families": per_family, "kinds": per_kind}
    for line in path.open(encoding="utf-8"):
        case = json.loads(line)
        reading = read_deadline(case["phrase"], date.fromisoformat(case["published"]), allow_past=True)
        got = reading.deadline
        ok = got is not None and (got.earliest.isoformat(), got.latest.isoformat()) == (
            case["earliest"],
            case["latest"],
        )
        for counter in (per_family[case["family"]], per_kind[case["kind"]]):
            counter["gold"] += 1
            counter["read"] += ok
        if show_failures and not ok and show_failures in (case["family"], "all", "deadlines"):
            shown = f"{got.earliest}..{got.latest} ({got.rule})" if got else reading.reason
            print(
                f"  [{case['family']}] {case['phrase']!r} @{case['published']} want {case['earliest']}..{case['latest']}: {shown}"
            )
    return {"families": per_family, "kinds": per_kind}


# --------------------------------------------------------------------------- libraries


def measure_dateparser() -> None:
    """dateparser on the same gold expressions (text alone, DCT as the base): value accuracy."""
    import warnings

    import dateparser

    from ledger.reading.expression import read_expression

    warnings.filterwarnings("ignore")
    rows = [json.loads(line) for line in (DATA / "tbaq_dates.jsonl").open(encoding="utf-8")]
    counts = Counter()
    start = time.perf_counter()
    for row in rows:
        dct = date.fromisoformat(row["dct"])
        for gold in row["timexes"]:
            value = normal_value(gold["value"])
            if gold["type"] != "DATE" or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                continue
            counts["day"] += 1
            from datetime import datetime

            parsed = dateparser.parse(gold["text"], languages=["en"],
                                      settings={"RELATIVE_BASE": datetime(dct.year, dct.month, dct.day),
                                                "PREFER_DATES_FROM": "past"})  # fmt: skip
            counts["dateparser"] += parsed is not None and parsed.date().isoformat() == value
            ours = read_expression(gold["text"], dct, "past")
            counts["ours"] += ours is not None and ours.value == value
    took = time.perf_counter() - start
    print(f"On {counts['day']} gold day-valued expressions read alone, leaning to the past: dateparser "
          f"{counts['dateparser'] / counts['day']:.1%} exact, fledger's grammar {counts['ours'] / counts['day']:.1%} "
          f"({took:.1f} s for both)")  # fmt: skip


# --------------------------------------------------------------------------- speed


def measure_speed() -> None:
    article = _long_article()
    path = Path("/tmp/bench_reading_article.txt")
    path.write_text(article, encoding="utf-8")
    exe = [sys.executable, "-m", "ledger"]
    timings = {}
    for name, args in (
        ("dates (5,000-word article)", [*exe, "dates", str(path), "--published", "1998-08-07", "--json"]),
        ("deadline", [*exe, "deadline", "by the end of next quarter", "--as-of", "2025-03-01"]),
    ):
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            subprocess.run(args, check=True, capture_output=True)
            best = min(best, time.perf_counter() - start)
        timings[name] = best
    for name, seconds in timings.items():
        print(f"  {name:<30} {seconds:.3f} s (best of 3, whole process)")


def _long_article() -> str:
    """About 5,000 words of real sentences from the development corpus, in order."""
    rows = [json.loads(line) for line in (DATA / "tbaq_dates.jsonl").open(encoding="utf-8")]
    words, parts = 0, []
    for row in rows:
        parts.append(row["sentence"])
        words += len(row["sentence"].split())
        if words >= 5000:
            break
    return "\n\n".join(parts)


# --------------------------------------------------------------------------- report


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--failures", help="print the failing cases of one family ('all' for every family)")
    parser.add_argument("--no-speed", action="store_true")
    parser.add_argument("--libraries", action="store_true", help="also measure dateparser on the same cases")
    parser.add_argument("--timeml", metavar="DIR", type=Path,
                        help="also tag whole TimeML documents (*.tml) under DIR, e.g. a held-out test set")  # fmt: skip
    args = parser.parse_args()
    start = time.perf_counter()
    tbaq = evaluate_tbaq(args.failures)
    took = time.perf_counter() - start
    print(f"TempEval-3 training (TimeBank + AQUAINT), concrete DATE expressions, tagged in context ({took:.1f} s):")
    print(f"  {'family':<22} {'gold':>5} {'found':>6} {'value':>6} {'direction':>9}")
    for family, c in sorted(tbaq["families"].items(), key=lambda kv: -kv[1]["gold"]):
        print(f"  {family:<22} {c['gold']:>5} {c['found'] / c['gold']:>6.0%} {c['value'] / c['gold']:>6.0%} "
              f"{(c['direction'] / c['directed']) if c['directed'] else 0:>9.0%}")  # fmt: skip
    for name, c in [*sorted(tbaq["corpora"].items()), ("all", tbaq["totals"])]:
        p, r, f = f1(c)
        print(f"  {name:<22} {c['gold']:>5}  value P {p:.3f} R {r:.3f} F1 {f:.3f}; found {c['found'] / c['gold']:.0%}, "
              f"false positives {c['false_positive']}, direction {c['direction'] / max(1, c['directed']):.0%}")  # fmt: skip
    deadlines = evaluate_deadlines(args.failures)
    if deadlines["families"]:
        total = sum(c["gold"] for c in deadlines["families"].values())
        read = sum(c["read"] for c in deadlines["families"].values())
        print(
            f"Deadline phrases from published texts: {read}/{total} read to the analyst's window ({read / total:.0%})"
        )
        for label, table in (("family", deadlines["families"]), ("kind of text", deadlines["kinds"])):
            for name, c in sorted(table.items(), key=lambda kv: -kv[1]["gold"]):
                print(f"  {label} {name:<28} {c['read']:>3}/{c['gold']:<3} {c['read'] / c['gold']:.0%}")
    if args.timeml:
        c = evaluate_timeml_documents(args.timeml)
        p, r, f = f1(c)
        print(f"Whole TimeML documents under {args.timeml}: {c['documents']} documents, {c['gold']} concrete DATEs; "
              f"value P {p:.3f} R {r:.3f} F1 {f:.3f}; false positives {c['false_positive']}")  # fmt: skip
    if args.libraries:
        measure_dateparser()
    if not args.no_speed:
        print("Speed:")
        measure_speed()


if __name__ == "__main__":
    main()
