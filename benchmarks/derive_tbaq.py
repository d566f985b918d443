"""Derive phrase-level date cases from the TempEval-3 training corpora (TBAQ-cleaned).

Usage: python -m benchmarks.derive_tbaq DIR > benchmarks/data/tbaq_dates.jsonl

DIR holds the ``TimeBank/`` and ``AQUAINT/`` folders of TBAQ-cleaned (TimeML
``.tml`` files), read from a local copy: nothing is fetched.  For every sentence
that holds at least one DATE timex, one JSON line is written: the corpus, document
id, document creation time, every TIMEX3 of the sentence (expression, offsets,
type, gold value) and a *cue frame*: the sentence with every character masked
(``~``) except the expressions themselves, the two words before and the word
after each, and the tense and reporting cue words the English reader looks at
(with the word before each).  The frame has the sentence's length, so the offsets
hold, and the tagger sees the same leads and cues; the article's text is not kept.
The TempEval-3 platinum test set is held out and must not be given to this script.
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


_WORD = re.compile(r"\S+")
_PERIODIC = re.compile(r"\b(?:quarter|period)\w*", re.IGNORECASE)


def cue_frame(sentence: str, timexes: list[dict]) -> str:
    """The sentence masked down to its dates, the words next to them and its tense cues."""
    from ledger.reading.lang.en import WORDS

    keep = [False] * len(sentence)

    def mark(start: int, end: int) -> None:
        for i in range(max(0, start), min(len(sentence), end)):
            keep[i] = True

    words = [(m.start(), m.end()) for m in _WORD.finditer(sentence)]
    for timex in timexes:
        mark(timex["start"], timex["end"])
        before = [w for w in words if w[1] <= timex["start"]][-2:]
        after = [w for w in words if w[0] >= timex["end"]][:1]
        for start, end in (*before, *after):
            mark(start, end)
    for pattern in (WORDS.past_cues, WORDS.future_cues, _PERIODIC.pattern):
        for m in re.finditer(pattern, sentence, re.IGNORECASE):
            previous = [w for w in words if w[1] <= m.start()][-1:]
            mark(previous[0][0] if previous else m.start(), m.end())
    return "".join(c if keep[i] or c.isspace() else "~" for i, c in enumerate(sentence))


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
        sentence = raw_sentence.strip().replace("\n", " ")  # same length: offsets stay exact
        cases = [
            {
                "text": t["text"],
                "start": t["start"] - start - lead,
                "end": t["end"] - start - lead,
                "type": t.get("type", ""),
                "value": t.get("value", ""),
                **({"mod": t["mod"]} if t.get("mod") else {}),
            }
            for t in inside
        ]
        rows.append(
            {
                "corpus": corpus,
                "doc": path.stem,
                "dct": dct,
                "context": cue_frame(sentence, cases),
                "timexes": cases,
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
