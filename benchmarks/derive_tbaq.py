"""Derive phrase-level date cases from the TempEval-3 training corpora (TBAQ-cleaned).

Usage: python -m benchmarks.derive_tbaq DIR > benchmarks/data/tbaq_dates.jsonl

DIR holds the ``TimeBank/`` and ``AQUAINT/`` folders of TBAQ-cleaned (TimeML
``.tml`` files).  For every sentence that holds at least one DATE timex, one JSON
line is written: the corpus, document id, document creation time, the sentence,
and every TIMEX3 in it (offsets into the sentence, type, gold value).  Only
sentences are kept, never whole articles.  The TempEval-3 platinum test set is
held out and must not be given to this script.
"""

from __future__ import annotations

import json
import re
import sys
from html import unescape
from pathlib import Path

_TIMEX = re.compile(r"<TIMEX3\b([^>]*)>(.*?)</TIMEX3>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])(?:''|\"|')?\s+(?=[`'\"(]*[A-Z0-9])|\n\s*\n")
# A full stop after one of these does not end a sentence ("Sept. 30", "Mr. Smith", "U.S. Steel").
_ABBREVIATION = re.compile(
    r"(?:\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Mr|Mrs|Ms|Dr|St|Co|Corp|Inc|Ltd|Gen|Sen|Rep|Gov|"
    r"No|Jr|Sr|Lt|Col|Prof|Bros|vs)|\b[A-Z](?:\.[A-Z])*)\.$"
)


def plain_with_timexes(body: str) -> tuple[str, list[dict]]:
    """The TEXT element as plain text, and its timexes with offsets into it."""
    out: list[str] = []
    timexes: list[dict] = []
    length = 0
    position = 0
    for match in _TIMEX.finditer(body):
        before = unescape(_TAG.sub("", body[position : match.start()]))
        out.append(before)
        length += len(before)
        inner = unescape(_TAG.sub("", match[2]))
        attrs = dict(_ATTR.findall(match[1]))
        timexes.append({"start": length, "end": length + len(inner), "text": inner, **attrs})
        out.append(inner)
        length += len(inner)
        position = match.end()
    out.append(unescape(_TAG.sub("", body[position:])))
    return "".join(out), timexes


def sentences(text: str) -> list[tuple[int, int]]:
    bounds, start = [], 0
    for match in _SENTENCE_BREAK.finditer(text):
        if "\n\n" not in match[0] and _ABBREVIATION.search(text[max(start, match.start() - 6) : match.start()]):
            continue
        bounds.append((start, match.start()))
        start = match.end()
    bounds.append((start, len(text)))
    return bounds


def derive(path: Path, corpus: str) -> list[dict]:
    raw = path.read_text(encoding="utf-8")
    dct = re.search(r"<DCT>.*?value=\"([^\"]+)\"", raw, re.DOTALL)[1][:10]
    body = re.search(r"<TEXT>(.*)</TEXT>", raw, re.DOTALL)[1]
    text, timexes = plain_with_timexes(body)
    rows = []
    for start, end in sentences(text):
        inside = [t for t in timexes if start <= t["start"] and t["end"] <= end]
        if not any(t.get("type") == "DATE" for t in inside):
            continue
        raw_sentence = text[start:end]
        lead = len(raw_sentence) - len(raw_sentence.lstrip())
        sentence = raw_sentence.strip()
        rows.append(
            {
                "corpus": corpus,
                "doc": path.stem,
                "dct": dct,
                "sentence": sentence.replace("\n", " "),  # same length: offsets stay exact
                "timexes": [
                    {
                        "text": t["text"],
                        "start": t["start"] - start - lead,
                        "end": t["end"] - start - lead,
                        "type": t.get("type", ""),
                        "value": t.get("value", ""),
                        **({"mod": t["mod"]} if t.get("mod") else {}),
                    }
                    for t in inside
                ],
            }
        )
    return rows


def main(root: str) -> None:
    for corpus, folder in (("timebank", "TimeBank"), ("aquaint", "AQUAINT")):
        for path in sorted((Path(root) / folder).glob("*.tml")):
            for row in derive(path, corpus):
                print(json.dumps(row, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1])
