"""Article text -> candidate commitments (pure; rule-based; no IO).

``extract_commitments(text, published)`` finds sentences in which someone
orders, promises, plans or expects something, reads any deadline phrase in
them with ``ledger.deadlines.read_deadline`` (anchored on the publication
day), guesses the actor, and ranks the candidates.  It is a reading aid for an
analyst, not a parser: the heuristics and their limits are described in
``docs/deadlines.md``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from html.parser import HTMLParser

from attrs import field, frozen
from attrs.validators import in_

from ledger.deadlines import LEADS, MONTHS, SEASONS, WEEKDAYS, read_deadline
from ledger.model import Deadline
from ledger.rules import EXTRACTION_THRESHOLD

KINDS = ("commitment", "expectation", "report")
MAX_TEXT = 2_000_000  # characters read from one article; keeps the worst case bounded
MAX_SENTENCE = 1_000  # longer "sentences" are lists or markup debris
LOW_SCORE = EXTRACTION_THRESHOLD  # candidates below this are weak guesses (the rule: ledger.rules)


@frozen
class Candidate:
    """A sentence that may state a commitment, with what was read from it."""

    sentence: str
    actor: str
    deadline: Deadline | None
    kind: str = field(validator=in_(KINDS))
    score: float


# --------------------------------------------------------------------------- public API


def extract_commitments(text: str, published: date) -> list[Candidate]:
    """Candidate commitments in ``text`` (plain or HTML), best first."""
    sentences = [strip_dateline(s) for s in split_sentences(html_to_text(text[:MAX_TEXT]))]
    names = proper_names(sentences)
    candidates: list[tuple[float, int, Candidate]] = []
    previous_actor = ""
    for position, sentence in enumerate(sentences):
        candidate = read_sentence(sentence, published, previous_actor, names)
        if candidate is None:
            continue
        previous_actor = candidate.actor or previous_actor
        candidates.append((-candidate.score, position, candidate))
    return [candidate for _, _, candidate in sorted(candidates, key=lambda row: row[:2])]


def read_sentence(
    sentence: str, published: date, previous_actor: str = "", names: frozenset[str] | None = None
) -> Candidate | None:
    """One sentence -> a Candidate, or None when it states nothing to track.

    ``names`` are words seen capitalised mid-sentence in the article; a lone
    capitalised word opening a sentence counts as a name only if it is one of
    them ("Putin will", not "Prices will").  None accepts every such word.
    """
    verb = find_verb(sentence)
    if verb is None:
        return None
    deadline = find_deadline(sentence, published, verb.start())
    actor, own = find_actor(sentence, verb.start(), names)
    kind = classify(sentence, verb, deadline, own)
    if kind is None:
        return None
    if not actor and kind != "expectation":
        actor, own = previous_actor, False  # passive or pronoun subject: the story's last actor
    score = rank(kind, verb, deadline, bool(actor), own, sentence)
    return Candidate(sentence=sentence, actor=actor, deadline=deadline, kind=kind, score=score)


# --------------------------------------------------------------------------- text -> sentences


_BLOCK_TAGS = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th", "table",
    "article", "section", "header", "footer", "blockquote", "figcaption", "pre", "hr", "title",
}  # fmt: skip
_SKIPPED_TAGS = {"script", "style", "noscript", "template"}  # not "head": an unclosed one would hide the page


class _TextCollector(HTMLParser):
    """Collects visible text; block elements become paragraph breaks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED_TAGS:
            self.skipping += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def html_to_text(text: str) -> str:
    """Visible text of an HTML document; plain text is returned as it is."""
    if not re.search(r"<(?:[a-zA-Z][a-zA-Z0-9]*[\s/>]|/[a-zA-Z]|!--)", text):
        return text
    collector = _TextCollector()
    collector.feed(text)
    collector.close()
    return "".join(collector.parts)


# Abbreviations whose full stop does not end a sentence.
_ABBREVIATIONS = (
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "sgt", "sen", "rep", "gov", "pres", "st",
    "jr", "sr", "inc", "ltd", "co", "corp", "bros", "plc", "no", "nos", "vs", "etc", "approx", "dept", "est", "fig",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue", "wed", "thu",
    "fri", "sat", "sun", "e.g", "i.e", "a.m", "p.m", "u.s", "u.k", "u.n", "e.u", "u.s.a",
)  # fmt: skip
_ABBREVIATION_SET = frozenset(_ABBREVIATIONS)
_ABBREVIATION_RE = re.compile(
    r"(?<![\w.])(?:" + "|".join(re.escape(a) for a in _ABBREVIATIONS) + r"|[A-Z](?:\.[A-Z])*)\.(?=\s)", re.IGNORECASE
)


def _is_abbreviation(word: str) -> bool:
    """'Jan.', 'Mr.', 'U.S.', 'F.': a full stop that belongs to the word."""
    return word[:-1].lower() in _ABBREVIATION_SET or re.fullmatch(r"(?:[A-Z]\.)+", word) is not None


_SENTENCE_END = re.compile(
    r"(?:(?<=[.!?])|(?<=[.!?][\"'\u201d\u2019)\]]))\s+(?=[\"'\u201c\u2018(\[]?[A-Z0-9])"  # after end mark or its quote
)
_PROTECTED = "\ue000"  # a private-use character standing in for a full stop that does not end a sentence


_DATELINE = re.compile(r"^[A-Z][A-Z .'\u2019-]{2,40},[^-\u2013\u2014]{0,40}?\s[-\u2013\u2014]+\s+")


def strip_dateline(sentence: str) -> str:
    """'LISBON, March 3 (Wire) - Portugal's ...' -> 'Portugal's ...'."""
    return _DATELINE.sub("", sentence, count=1)


def proper_names(sentences: list[str]) -> frozenset[str]:
    """Capitalised words that appear after the first word of some sentence."""
    names: set[str] = set()
    for sentence in sentences:
        for match in re.finditer(r"(?<=[\w,;)] )[A-Z][\w\u2019'.-]*", sentence):
            names.add(_bare_name(match[0]))
    return frozenset(names)


def _bare_name(word: str) -> str:
    """'Putin's' -> 'Putin'; 'Sberbank.' -> 'Sberbank'; 'U.S.' stays."""
    word = re.sub(r"(?:\u2019s|'s)$", "", word)
    return word if re.fullmatch(r"(?:[A-Z]\.)+", word) else word.rstrip(".")


def split_sentences(text: str) -> list[str]:
    """Sentences, in order: paragraphs and headings split on line breaks, prose on end punctuation."""
    text = text.replace("\x00", " ").replace("\r\n", "\n").replace("\r", "\n")
    sentences: list[str] = []
    for unit in _line_units(text):
        sentences.extend(_split_prose(unit))
    return [s for s in sentences if len(s) > 3 and re.search(r"[A-Za-z]", s)]


def _line_units(text: str) -> Iterator[str]:
    """Paragraphs; a hard-wrapped paragraph is joined, a run of short lines (headings) is not."""
    for block in re.split(r"\n\s*\n", text):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if _looks_hard_wrapped(lines):
            yield " ".join(lines)
        else:
            yield from lines


def _looks_hard_wrapped(lines: list[str]) -> bool:
    if len(lines) < 2:
        return False
    body = lines[:-1]
    unfinished = sum(1 for line in body if not line.endswith((".", "!", "?", ":", '"', "\u201d")))
    return unfinished > 0 and all(40 <= len(line) <= 100 for line in body)


def _split_prose(unit: str) -> list[str]:
    protected = _ABBREVIATION_RE.sub(lambda m: m[0][:-1] + _PROTECTED, unit)
    pieces = _SENTENCE_END.split(protected)
    return [" ".join(piece.replace(_PROTECTED, ".").split())[:MAX_SENTENCE] for piece in pieces if piece.strip()]


# --------------------------------------------------------------------------- verbs and kinds


# Verbs by strength.  A directive or a promise is a commitment on its own; a plan
# needs a named subject to be one; an expectation counts only with a deadline.
_DIRECTIVE = (
    r"orders|ordered|directs|directed|appoints|appointed|commands|commanded|instructs|instructed|"
    r"assigns|assigned|tasks|tasked|mandates|mandated|decreed|requires|required|calls on|called on|"
    r"(?:tells|told|asks|asked) [\w ]{1,40}? to"
)
_PROMISE = (
    r"pledges|pledged|promises|promised|vows|vowed|commits? to|committed to|undertakes?|undertook|"
    r"guarantees|guaranteed|(?:pledge|promise|vow|agree|agrees|agreed) to"
)
_PLAN = (
    r"will|shall|'ll|would|must|(?:has|have) to|(?:is|are) required to|plan(?:s|ned)? to|intend(?:s|ed)? to|"
    r"aim(?:s|ed)? to|seek(?:s)? to|sought to|(?:is|are|was|were) (?:set|going|due|scheduled|slated|poised) to|"
    r"(?:is|are) to|prepare[sd]? to"
)
_EXPECT = (
    r"expect(?:s|ed)?|anticipate[sd]?|forecasts?|predict(?:s|ed)?|project(?:s|ed)|(?:is|are) due|"
    r"(?:is|are) likely|should|could|scheduled|slated|targets?|targeted"
)
_VERB_RE = re.compile(
    rf"\b(?:(?P<directive>{_DIRECTIVE})|(?P<promise>{_PROMISE})|(?P<plan>{_PLAN})|(?P<expect>{_EXPECT}))\b",
    re.IGNORECASE,
)
_REPORT_NOUN = re.compile(
    r"\b(?:report|update|review|assessment|progress|findings|proposals?|recommendations?|plan|roadmap|results)\b",
    re.IGNORECASE,
)
_DELIVERY = re.compile(
    r"\b(?:expected|anticipated|due|submit(?:s|ted)?|present(?:s|ed)?|deliver(?:s|ed)?|publish(?:es|ed)?|"
    r"release[sd]?|report back|will|should)\b",
    re.IGNORECASE,
)
# Case matters: "May" is a month, "may" a hedge.
_HEDGE = re.compile(
    r"\b(?:[Ii]f|could|might|may|[Pp]erhaps|possibly|probably|[Uu]nless|[Ww]hether)\b|\?[\"'\u201d]?\s*$"
)


def find_verb(sentence: str) -> re.Match[str] | None:
    """The strongest commitment verb in the sentence (the first one of that strength)."""
    best: re.Match[str] | None = None
    for match in _VERB_RE.finditer(sentence):
        if best is None or _strength(match) > _strength(best):
            best = match
    return best


def _strength(verb: re.Match[str]) -> int:
    return {"directive": 4, "promise": 3, "plan": 2, "expect": 1}[verb.lastgroup or "expect"]


def classify(sentence: str, verb: re.Match[str], deadline: Deadline | None, named_actor: bool) -> str | None:
    """commitment | expectation | report, or None when the sentence is not worth tracking."""
    strength = verb.lastgroup
    if verb[0].lower() == "would" and deadline is None:
        return None  # reported speech about the future ("said Russia would ...") needs a date to be tracked
    if _REPORT_NOUN.search(sentence) and _DELIVERY.search(sentence) and (deadline or strength == "directive"):
        return "report"
    if strength in ("directive", "promise"):
        return "commitment"
    if strength == "plan":
        if named_actor:
            return "commitment"
        return "expectation" if deadline else None
    return "expectation" if deadline else None


# --------------------------------------------------------------------------- deadlines in a sentence


_TRIGGERS = {lead.split()[0] for lead in LEADS} | {"next", "this", "later", "early", "late", "mid", "end", "soon",
                                                    "shortly"}  # fmt: skip
_MAX_SPAN = 9  # words: "at the latest by the end of next year" fits
# Every phrase the reader accepts or refuses ends in one of these words or in a number;
# checking that first saves most of the calls to read_deadline on long sentences.
_PHRASE_ENDINGS = (
    set(MONTHS) | set(WEEKDAYS) | set(SEASONS)
    | {f"{unit}{plural}" for unit in ("day", "week", "fortnight", "month", "quarter", "half", "year", "decade")
       for plural in ("", "s")}
    | {"today", "tonight", "tomorrow", "yesterday", "soon", "shortly", "future", "term", "course", "ahead", "now",
       "time", "hence", "ago", "after", "following", "later", "earlier", "before", "q1", "q2", "q3", "q4", "h1",
       "h2", "business"}
)  # fmt: skip
_WORD = re.compile(
    r"[^\s,;:()\[\]\"\u201c\u201d]+?"  # the word itself, then what may end its clause:
    r"(?P<stop>[,;:)\]\"\u201d]|\.(?=\s|$))?(?=[\s,;:()\[\]\"\u201c\u201d]|$)"
)
# A time phrase right after one of these reports when something happened ("published on
# December 30", "said in March"), not when it is due.
_PAST_VERB = re.compile(
    r"(?:\w+ed|said|told|met|began|took|came|held|made|saw|was|were|had|did|won|lost|rose|fell|grew|hit|set|"
    r"wrote|spoke|left|sold|bought|built|paid|ran|gave|got|found|became|brought)$",
    re.IGNORECASE,
)
_FUTURE_PARTICIPLE = re.compile(
    r"(?:expected|anticipated|scheduled|planned|slated|projected|targeted|forecasted|timetabled)$", re.IGNORECASE
)


def find_deadline(sentence: str, published: date, verb_start: int = 0) -> Deadline | None:
    """The deadline that belongs to the verb: the first after it, else the last before it."""
    found = list(deadline_phrases(sentence, published))
    after = [deadline for start, deadline in found if start >= verb_start]
    if after:
        return after[0]
    return found[-1][1] if found else None


def deadline_phrases(sentence: str, published: date) -> Iterator[tuple[int, Deadline]]:
    """(offset, deadline) for time phrases in the sentence, read from the publication day.

    A span starts at a time word ("by", "in", "next", ...), stays inside its clause,
    and the longest readable span wins.  A span that reads as a time expression but
    is refused ("in April 2023", "34 months after") is skipped whole, so no shorter
    piece of it is read.
    """
    words = list(_WORD.finditer(sentence))
    index = 0
    while index < len(words):
        if words[index][0].lower() not in _TRIGGERS:
            index += 1
            continue
        taken = _longest_reading(sentence, words, index, published)
        if taken is None:
            index += 1
            continue
        length, deadline = taken
        if deadline is not None and not _reports_the_past(sentence, words, index):
            yield words[index].start(), deadline
        index += length


def _longest_reading(
    sentence: str, words: list[re.Match[str]], start: int, published: date
) -> tuple[int, Deadline | None] | None:
    last = start + 1
    while last < min(len(words), start + _MAX_SPAN) and not _ends_clause(words[last - 1]):
        last += 1  # a comma or a full stop ends the span: "by the end of June, after ..."
    for end in range(last, start, -1):
        if not _could_end_phrase(words[end - 1]):
            continue
        phrase = sentence[words[start].start() : _word_end(words[end - 1])]
        reading = read_deadline(phrase, published)
        if reading.deadline is not None or reading.refused:
            return end - start, reading.deadline
    return None


def _ends_clause(match: re.Match[str]) -> bool:
    """A comma, colon or full stop after the word; not the stop of "Jan." or "U.S."."""
    if match["stop"] != ".":
        return bool(match["stop"])
    return not _is_abbreviation(match[0])


def _word_end(match: re.Match[str]) -> int:
    """Where the word ends, before any comma or full stop that ends its clause."""
    return match.start("stop") if _ends_clause(match) else match.end()


def _could_end_phrase(match: re.Match[str]) -> bool:
    word = match[0][: _word_end(match) - match.start()].lower().rstrip(".!?'\u2019")
    return word in _PHRASE_ENDINGS or any(ch.isdigit() for ch in word)


def _reports_the_past(sentence: str, words: list[re.Match[str]], index: int) -> bool:
    if index == 0:
        return False
    before = words[index - 1][0]
    return (
        bool(_PAST_VERB.search(before))
        and not _FUTURE_PARTICIPLE.search(before)
        and not _is_passive_future(sentence[: words[index - 1].start()])
    )


def _is_passive_future(text: str) -> bool:
    """'will be completed by', 'is to be finished by': a past participle that looks forward."""
    return bool(re.search(r"\b(?:will|shall|to|must|should|would) (?:\w+ )?be\s*$", text, re.IGNORECASE))


# --------------------------------------------------------------------------- actors


# Subjects that are organisations or groups without a proper name.
_GROUP_NOUNS = (
    "government|administration|ministry|minister|cabinet|parliament|congress|senate|council|councils|committee|"
    "commission|agency|authority|authorities|regulator|regulators|department|company|firm|bank|board|court|"
    "officials|lawmakers|ministers|president|prime minister|chancellor|governor|mayor|central bank|operator|"
    "union|unions|alliance|coalition|group|party|army|military|police|secretariat|treasury|chief executive"
)
# The group must be the head of the subject: "the federal government", "the ministry of finance".
_GROUP_RE = re.compile(
    rf"(?:\b[A-Z][\w]*(?:\u2019s|'s)\s+)?\b(?:the\s+)?(?:(?!of\b|and\b|the\b)[a-z]+\s+)?(?:{_GROUP_NOUNS})"
    rf"(?:\s+of\s+[A-Z][\w-]*)?$",
    re.IGNORECASE,
)
_NAME_WORD = r"(?:[A-Z][\w\u2019'&.-]*)"
_NAME_RE = re.compile(rf"{_NAME_WORD}(?:\s+(?:(?:of|for|the|de|von|van|al|bin|and|&)\s+)?{_NAME_WORD})*")
_PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "this", "that", "these", "those", "who", "which"}
# Capitalised words that open sentences or clauses without naming anyone.
_NOT_NAMES = {
    "the", "a", "an", "in", "on", "at", "by", "but", "and", "or", "so", "yet", "however", "meanwhile", "also",
    "according", "after", "before", "while", "if", "when", "as", "our", "its", "his", "her", "their", "there",
    "here", "what", "why", "how", "such", "both", "all", "some", "many", "most", "no", "nobody", "everyone",
    "nothing", "under", "with", "without", "for", "from", "to", "last", "next", "this", "that", "these",
    "those", "it", "he", "she", "they", "we", "i", "you",
} | set(MONTHS) | set(WEEKDAYS)  # fmt: skip
_AUXILIARIES = re.compile(
    r"(?:\s+(?:has|have|had|is|are|was|were|be|been|also|now|formally|officially|publicly|then|already|"
    r"today|yesterday|on \w+|in \w+|last \w+|this \w+|\w+ly|not|n't|did|does|do))+\s*$",
    re.IGNORECASE,
)
_REPORTING = re.compile(r"\b(?:that|said|says|announced|stated|added|told \w+|according to [^,]+,)\s+", re.IGNORECASE)


def find_actor(sentence: str, verb_start: int, names: frozenset[str] | None = None) -> tuple[str, bool]:
    """(actor, named): who the sentence says will act, if it names anyone.

    The subject just before the verb is tried first; if it is a pronoun or a
    description ("it would", "the head of state"), the subject of a reporting
    verb before it ("The operator, Tejo Terminals, said it would") is tried.
    ``named`` is False when nothing usable was found; the caller may fall back.
    """
    before = sentence[:verb_start]
    reported = list(_REPORTING.finditer(before))
    subject_parts = [before[reported[-1].end() :]] if reported else [before]
    if reported:
        subject_parts.append(before[: reported[0].start()])  # who said it
    for part in subject_parts:
        actor = _actor_in(part, names)
        if actor:
            return actor, True
    return "", False


def _actor_in(text: str, names: frozenset[str] | None) -> str:
    """A proper name heading one of the clauses, else a group ("the ministry") heading one."""
    text = _AUXILIARIES.sub("", text).strip(" ,;:-\u2014\"'\u201c\u201d")
    groups: list[str] = []
    for clause in (c.strip() for c in re.split(r"[,;:\u2014]|\s-\s", text)):
        if not clause or clause.split()[-1].lower() in _PRONOUNS:
            continue
        group = _group_at_end(clause)
        if group:
            groups.append(group)  # "The president of Kazakhstan" is a group, not "Kazakhstan"
            continue
        name = _name_heading(clause, names)
        if name:
            return name  # an appositive name beats a description: "The operator, Tejo Terminals"
    return groups[0] if groups else ""


def _group_at_end(clause: str) -> str:
    group = _GROUP_RE.search(clause)
    if not group:
        return ""
    return re.sub(r"^(?:The|A|An)\b", lambda m: m[0].lower(), group[0].strip())


def _name_heading(clause: str, names: frozenset[str] | None) -> str:
    """The capitalised run that ends the clause; "The Russian head of state" has none."""
    runs = [m for m in _NAME_RE.finditer(clause) if _is_name(m[0], m.start() == 0, names)]
    if not runs or runs[-1].end() != len(clause):
        return ""
    name = re.sub(r"^(?:The|A|An)\s+", "", runs[-1][0])
    return re.sub(r"(?:\u2019s|'s)$", "", name)[:100]


def _is_name(run: str, at_start: bool, names: frozenset[str] | None) -> bool:
    words = run.split()
    if words[0] in ("The", "A", "An"):
        words, at_start = words[1:], False  # "The Fed", "The U.S.": a proper noun after an article
    if not words or (len(words) == 1 and words[0].lower() in _NOT_NAMES):
        return False
    if at_start and len(words) == 1 and names is not None:
        return _bare_name(words[0]) in names  # a lone capital opening a sentence: "Putin", not "Prices"
    return True


# --------------------------------------------------------------------------- ranking


_BASE = {"commitment": 0.45, "report": 0.4, "expectation": 0.2}


def rank(kind: str, verb: re.Match[str], deadline: Deadline | None, has_actor: bool, own_actor: bool,
         sentence: str) -> float:  # fmt: skip
    """A score in [0, 1]: kind, verb strength, deadline confidence, actor, hedging."""
    score = _BASE[kind]
    if verb.lastgroup in ("directive", "promise"):
        score += 0.15
    if deadline is not None:
        score += 0.3 * deadline.confidence
    if has_actor:
        score += 0.1 if own_actor else 0.05
    if _HEDGE.search(sentence):
        score -= 0.2
    return round(min(1.0, max(0.0, score)), 3)
