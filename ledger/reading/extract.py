"""Article text -> candidate commitments (pure; rule-based; no IO).

``extract_commitments(text, published)`` finds sentences in which someone
orders, promises, plans or expects something, reads any deadline phrase in
them with ``ledger.reading.deadlines.read_deadline`` (anchored on the publication
day), guesses the actor, and ranks the candidates.  It is a reading aid for an
analyst, not a parser: the heuristics and their limits are described in
``docs/deadlines.md``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date
from html.parser import HTMLParser

import attrs
from attrs import field, frozen
from attrs.validators import in_

from ledger.model import MAX_TITLE, Deadline
from ledger.reading.deadlines import MONTHS, WEEKDAYS, read_deadline
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
    title: str = ""  # the commitment in a few words, whole clauses only (see ``commitment_title``)
    key: str = ""  # a short key made from the title's content words


@frozen
class DateSpan:
    """A date expression in an article's text (offsets into the text as displayed) and how it reads."""

    start: int
    end: int
    text: str
    deadline: Deadline
    direction: str  # past | current | future, relative to the publication day


# --------------------------------------------------------------------------- public API


def date_spans(text: str, published: date, language: str = "") -> list[DateSpan]:
    """Every date expression in ``text`` (plain text), in order, as the tagger reads it.

    Offsets are into ``text``; ``text[start:end]`` is the phrase.  Direction is the
    tagger's: past, current or future from the publication day.
    """
    from ledger.model import PRECISIONS
    from ledger.reading.lang import UnknownLanguage, detect_language
    from ledger.reading.tagger import find_dates

    if not language:
        try:
            language = detect_language(text)
        except UnknownLanguage:
            language = "en"
    spans = []
    for m in find_dates(text[:MAX_TEXT], published, language):
        r = m.reading
        precision = r.precision if r.precision in PRECISIONS else "vague"
        confidence = max(0.01, min(1.0, r.confidence))
        window = Deadline(r.earliest, r.latest, precision, m.text[:500], r.rule[:500], confidence)
        spans.append(DateSpan(m.start, m.end, m.text, window, r.direction))
    return spans


def direction_of(deadline: Deadline, published: date) -> str:
    if deadline.latest < published:
        return "past"
    return "current" if deadline.earliest <= published else "future"


def read_article(text: str, published: date, language: str = "") -> list[Candidate]:
    """Candidate commitments in an article (plain or HTML), best first: what ``fledger extract`` and an
    article added with ``fledger source add --extract`` propose.

    A text in another script, or a mix, is refused (``UnknownLanguage``, one line) rather than guessed;
    ``language`` is that detection's answer when the caller already has it.
    """
    from ledger.reading.lang import detect_language

    return extract_commitments(text, published, language or detect_language(html_to_text(text[:MAX_TEXT])))


def extract_commitments(text: str, published: date, language: str = "") -> list[Candidate]:
    """Candidate commitments in ``text`` (plain or HTML), best first.

    ``language`` (``en`` or ``ru``) is detected from the text when not given;
    ``UnknownLanguage`` is raised for another script or a mix of scripts.
    """
    from ledger.reading.lang import UnknownLanguage, detect_language

    plain = html_to_text(text[:MAX_TEXT])
    if not language:
        try:
            language = detect_language(plain)
        except UnknownLanguage:
            language = "en"  # callers that must refuse such a text check it first (``detect_language``)
    sentences = [strip_dateline(s) for s in split_sentences(plain)]
    if language == "ru":
        from ledger.reading.extract_ru import read_sentence_ru

        reader = read_sentence_ru
    else:
        names = proper_names(sentences)
        events = event_dates(sentences, published, language)

        def reader(sentence: str, published: date, previous_actor: str) -> Candidate | None:
            return read_sentence(sentence, published, previous_actor, names, events)

    candidates: list[tuple[float, int, Candidate]] = []
    previous_actor = ""
    for position, sentence in enumerate(sentences):
        if language == "ru" and candidates and candidates[-1][2].deadline is None:
            from ledger.reading.extract_ru import deadline_line

            due = deadline_line(sentence, published)
            if due is not None:  # "Срок – до 1 июля 2025 г." on the line after its instruction
                _score, at, last = candidates[-1]
                dated = attrs.evolve(last, deadline=due, score=min(1.0, round(last.score + 0.3 * due.confidence, 3)))
                candidates[-1] = (-dated.score, at, dated)
                continue
        candidate = reader(sentence, published, previous_actor)
        if candidate is None:
            continue
        previous_actor = candidate.actor or previous_actor
        candidates.append((-candidate.score, position, candidate))
    return [candidate for _, _, candidate in sorted(candidates, key=lambda row: row[:2])]


def read_sentence(
    sentence: str,
    published: date,
    previous_actor: str = "",
    names: frozenset[str] | None = None,
    events: EventDates | None = None,
) -> Candidate | None:
    """One sentence -> a Candidate, or None when it states nothing to track.

    ``names`` are words seen capitalised mid-sentence in the article; a lone
    capitalised word opening a sentence counts as a name only if it is one of
    them ("Putin will", not "Prices will").  None accepts every such word.
    """
    verb = find_verb(sentence)
    if verb is None:
        return None
    appointment = _APPOINTMENT.search(sentence)
    if appointment and appointment.start() <= verb.end() + 1:
        return None  # naming someone to a post commits nobody to anything by a date
    deadline = find_deadline(sentence, published, verb.start(), events=events)
    if verb.lastgroup == "ongoing" and deadline is None:
        return None  # "are reopening" looks forward only with a date
    actor, own = find_actor(sentence, verb.start(), names)
    if own and _is_passive(sentence, verb):
        # "a working group will be set up": the subject is what is done, not who does it
        actor, own = previous_actor, False
    kind = classify(sentence, verb, deadline, own)
    if kind is None:
        return None
    if not actor and kind != "expectation":
        actor, own = previous_actor, False  # passive or pronoun subject: the story's last actor
    score = rank(kind, verb, deadline, bool(actor), own, sentence)
    title = commitment_title(sentence, verb, actor)
    return Candidate(sentence=sentence, actor=actor, deadline=deadline, kind=kind, score=score, title=title,
                     key=commitment_key(title, actor, deadline, verb[0]))  # fmt: skip


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
_ABBREVIATION_RE = re.compile(
    r"(?<![\w.])(?:" + "|".join(re.escape(a) for a in _ABBREVIATIONS) + r"|[A-Z](?:\.[A-Z])*)\.(?=\s)", re.IGNORECASE
)


_SENTENCE_END = re.compile(
    r"(?:(?<=[.!?])|(?<=[.!?][\"'\u201d\u2019\u00bb)\]]))\s+(?=[\"'\u201c\u2018\u00ab(\[]?[A-Z0-9\u0410-\u042f\u0401])"
)  # after an end mark or its closing quote, before a capital (Latin or Cyrillic) or a digit
_PROTECTED = "\ue000"  # a private-use character standing in for a full stop that does not end a sentence


_DATELINE = re.compile(
    r"^[A-Z][A-Z .'\u2019-]{2,40},[^-\u2013\u2014]{0,40}?\s[-\u2013\u2014]+\s+"  # LISBON, March 3 (Wire) -
    r"|^[A-Z][A-Z .'\u2019-]{2,40}(?:,[^(]{0,40})?\s*"  # CANBERRA, Australia (AP)_
    r"\((?:AP|AFP|Reuters|UPI|Xinhua|TASS|Interfax)\)\s*[-_\u2013\u2014]+\s*"
)


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
    return [s for s in sentences if len(s) > 3 and re.search(r"[^\W\d_]", s)]


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
    r"orders|ordered|directs|directed|commands|commanded|instructs|instructed|"
    r"assigns|assigned|tasks|tasked|mandates|mandated|decreed|requires|required|"
    r"(?:calls|called|calling) (?:up)?on|urged|urges|demanded|demands|"
    r"(?:tells|told|asks|asked) [\w ]{1,40}? to|"
    r"(?:is|are|was|were|has been|have been) (?:asked|told|ordered|instructed|directed|required|urged|tasked) to"
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
# A present progressive with a date looks forward: "the schools are reopening on Monday".
_ONGOING = r"(?:is|are) (?!being\b|expected\b|likely\b|due\b)[a-z]{3,}ing"
_VERB_RE = re.compile(
    rf"\b(?:(?P<directive>{_DIRECTIVE})|(?P<promise>{_PROMISE})|(?P<plan>{_PLAN})|(?P<expect>{_EXPECT})"
    rf"|(?P<ongoing>{_ONGOING}))\b",
    re.IGNORECASE,
)
# An instruction in the imperative, as instruction lists write them: "Submit proposals by June 1."
_IMPERATIVE = re.compile(
    r"^(?:[A-Z][\w ,.'-]{0,120}?(?::|\s[-\u2013\u2014]\s)\s*)?(?P<directive>(?:Ensure|Submit|Prepare|Draft|Consider|"
    r"Develop|Present|Adopt|Complete|Approve|Provide|Report|Carry out|Organi[sz]e|Establish|Set up|Introduce|"
    r"Amend|Analy[sz]e|Conduct|Finali[sz]e|Take measures|Make|Extend|Allocate|Launch))\b"
)
# "will be named commander", "was appointed to lead": appointments, not commitments.
_APPOINTMENT = re.compile(
    r"\b(?:(?:be|been|was|were|is|are) (?:named|appointed|elected|nominated)|appoint(?:s|ed)?|named) "
    r"(?:[\w.'\u2019-]+ ){0,6}?(?:as |to (?:lead|head|chair|run)\b|commander|chair(?:man|woman)?\b|head\b|"
    r"director|minister|ambassador|envoy|chief|president|governor|secretary)",
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
    imperative = _IMPERATIVE.match(sentence)
    if imperative:
        return imperative
    best: re.Match[str] | None = None
    for match in _VERB_RE.finditer(sentence):
        if best is None or _strength(match) > _strength(best):
            best = match
    return best


def _strength(verb: re.Match[str]) -> int:
    return {"directive": 4, "promise": 3, "plan": 2, "expect": 1, "ongoing": 0}[verb.lastgroup or "expect"]


def classify(sentence: str, verb: re.Match[str], deadline: Deadline | None, named_actor: bool) -> str | None:
    """commitment | expectation | report, or None when the sentence is not worth tracking."""
    strength = verb.lastgroup
    if verb[0].lower() == "would" and deadline is None:
        return None  # reported speech about the future ("said Russia would ...") needs a date to be tracked
    if _REPORT_NOUN.search(sentence) and _DELIVERY.search(sentence) and (deadline or strength == "directive"):
        return "report"
    if strength in ("directive", "promise"):
        return "commitment"
    if strength in ("plan", "ongoing"):
        if named_actor:
            return "commitment"
        return "expectation" if deadline else None
    return "expectation" if deadline else None


# --------------------------------------------------------------------------- deadlines in a sentence


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


EventDates = Callable[[str], "date | None"]


def find_deadline(sentence: str, published: date, verb_start: int = 0, language: str = "en",
                  events: EventDates | None = None) -> Deadline | None:  # fmt: skip
    """The deadline that governs the verb: the first dated phrase after it, else the last before it.

    The phrases are the tagger's (``ledger.reading.tagger``): the longest expression wins over
    any shorter one inside it ("early in the new year", not "next year"), and one the sentence
    puts in the past ("after congestion hit a record in February") belongs to another clause
    and is not a deadline.  Only the phrases tried in that order are read as deadlines.
    """
    mentions = _deadline_mentions(sentence, published, language)
    opening = [m for m in mentions[:1] if m.start < verb_start and _opens_the_sentence(sentence, m.start)]
    after = [m for m in mentions if m.start >= verb_start]
    before = [m for m in reversed(mentions) if m.start < verb_start]
    for mention in opening + after + before:
        event = _counted_from(sentence, mention)
        if event is None:
            deadline = read_deadline(_with_lead(sentence, mention), published, language=language).deadline
        else:  # "within 24 months of closing the deal": counted from the day the text gives the closing
            anchor = events(event) if events else None
            deadline = _from_event(_with_lead(sentence, mention), anchor, event, language) if anchor else None
        if deadline is not None:
            return deadline
    return None


_EVENT_AFTER = re.compile(
    r"\s+(?:of|after|following|from)\s+(?:the\s+|its\s+|their\s+|his\s+|her\s+)?(?P<event>[A-Za-z][\w-]{3,})"
)


def _counted_from(sentence: str, mention: object) -> str | None:
    """The event a counted span runs from ("closing" in "within 24 months of closing the deal"), if any."""
    reading = mention.reading  # type: ignore[attr-defined]
    if reading.precision != "span" or reading.value != "FUTURE_REF":
        return None  # a span the grammar already counted from a dated event, or not a span
    match = _EVENT_AFTER.match(sentence[mention.end :])  # type: ignore[attr-defined]
    if not match or match["event"].lower() in ("now", "today", "publication", "this", "that"):
        return None
    return match["event"]


def _from_event(phrase: str, anchor: date, event: str, language: str) -> Deadline | None:
    deadline = read_deadline(phrase, anchor, language=language).deadline
    if deadline is None:
        return None
    rule = f"{deadline.rule}, counted from the {event} dated {anchor} in the same text"
    return attrs.evolve(deadline, rule=rule[:500], confidence=round(deadline.confidence * 0.8, 2))


def event_dates(sentences: list[str], published: date, language: str) -> EventDates:
    """Where the text dates an event: 'closing' -> the last day of the date in a sentence about closing.

    An event is matched by its first four letters ("closing", "close", "closed"), in a sentence
    that names a date of a day, a week or a month; the latest day of that date is the anchor.
    """
    from ledger.reading.tagger import find_dates

    found: dict[str, date | None] = {}

    def anchor(event: str) -> date | None:
        stem = event.lower()[:4]
        if stem not in found:
            found[stem] = None
            for sentence in sentences:
                words = re.findall(r"[A-Za-z]+", sentence.lower())
                if not any(w.startswith(stem) for w in words):
                    continue
                dated = [
                    m for m in find_dates(sentence, published, language)
                    if m.reading.precision in ("day", "week", "month") and m.reading.value != "FUTURE_REF"
                ]  # fmt: skip
                if dated:
                    found[stem] = dated[0].reading.latest
                    break
        return found[stem]

    return anchor


def _deadline_mentions(sentence: str, published: date, language: str) -> list:
    """The tagger's date phrases in the sentence, without those that date a reported past event."""
    from ledger.reading.tagger import find_dates

    past_cues, future_cues = _cues(language)
    kept = []
    for mention in find_dates(sentence, published, language):
        if mention.reading.value == "PAST_REF" or _modifies_a_noun(sentence, mention):
            continue
        if mention.reading.lead not in _FORWARD and _names_an_event(sentence, mention):
            continue  # "according to a December 30 announcement": the date of an event, not of the commitment
        before = sentence[: mention.start]
        clause = re.split(r"[,;:]", before)[-1]
        if mention.reading.lead not in _FORWARD and (
            _reports_the_past(sentence, mention.start)
            or (mention.reading.direction != "future" and past_cues.search(clause) and not future_cues.search(clause))
        ):
            continue  # reported as having happened ("condemned ... on Thursday", "said in March"): not a deadline
        kept.append(mention)
    return kept


def _opens_the_sentence(sentence: str, start: int) -> bool:
    """'On Tuesday, X plans to ...', 'Tomorrow the board will vote': a time phrase that governs the clause."""
    return re.fullmatch(r"\W*(?:(?:on|in|at|by|в|во|к|до)\s+)?", sentence[:start], re.IGNORECASE) is not None


_CUES: dict[str, tuple[re.Pattern[str], re.Pattern[str]]] = {}


def _cues(language: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    if language not in _CUES:
        from ledger.reading.lang import words_for

        words = words_for(language)
        _CUES[language] = (re.compile(words.past_cues, re.IGNORECASE), re.compile(words.future_cues, re.IGNORECASE))
    return _CUES[language]


_FORWARD = ("by", "until", "through", "no_later_than", "on_or_before", "within", "before")
# "third-quarter results", "1990 sales": a period naming what is counted, not when something is due.
_COUNTED_NOUN = re.compile(
    r"\s*(?:results?|earnings|loss(?:es)?|profits?|net|sales|charges?|revenues?|dividends?|growth|figures|"
    r"income|output|budget|forecast|estimates?|levels?|deficit|surplus|GDP)\b",
    re.IGNORECASE,
)


def _modifies_a_noun(sentence: str, mention: object) -> bool:
    text, end = mention.text, mention.end  # type: ignore[attr-defined]
    return bool(re.search(r"-(?:quarter|half|year|month)$", text)) or bool(_COUNTED_NOUN.match(sentence[end:]))


# "a December 30 announcement", "the 2019 agreement": a date between a determiner and the noun it dates.
_DETERMINER_BEFORE = re.compile(r"\b(?:a|an|the|its|his|her|their|our|this|that)\s+$", re.IGNORECASE)
_NOUN_AFTER = re.compile(
    r"\s+(?!(?:of|to|and|or|in|on|at|by|for|from|when|that|which|as|deadline|target)\b)[a-z]{3,}\b"
)


def _names_an_event(sentence: str, mention: object) -> bool:
    start, end = mention.start, mention.end  # type: ignore[attr-defined]
    return bool(_DETERMINER_BEFORE.search(sentence[:start])) and bool(_NOUN_AFTER.match(sentence[end:]))


def _with_lead(sentence: str, mention: object) -> str:
    """The phrase as read for a deadline, with the "in"/"on" the tagger leaves out of a span ("in three months")."""
    start, text = mention.start, mention.text  # type: ignore[attr-defined]
    last = re.search(r"(\w+)\.$", text)
    if last and (last[1].lower() in MONTHS and len(last[1]) > 4 or last[1] == "May" or last[1].isdigit()
                 or last[1].islower()):  # fmt: skip
        text = text[:-1]  # the sentence's full stop, not an abbreviation's ("by May." -> "by May"; "Jan." stays)
    lead = re.search(r"(?:\b(?:in|within|over|в|во|через|за)\s+)$", sentence[:start], re.IGNORECASE)
    return sentence[lead.start() : start] + text if lead else text


def _reports_the_past(sentence: str, start: int) -> bool:
    """True when the word before ``start`` is a verb reporting what happened ("said in March")."""
    words = re.findall(r"[\w'\u2019]+", sentence[:start])
    while words and words[-1].lower() in ("on", "in", "at", "during"):
        words.pop()  # "published on December 30": the verb is before the preposition
    if not words:
        return False
    before = words[-1]
    head = sentence[: sentence[:start].rstrip().rfind(before)]
    return bool(_PAST_VERB.search(before)) and not _FUTURE_PARTICIPLE.search(before) and not _is_passive_future(head)


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
    listed = _NAME_LIST.search(text)
    members = re.split(r",\s+(?:and\s+)?|\s+and\s+", listed[0]) if listed else []
    if members and all(len(m.split()) <= 5 and _is_name(re.sub(r"^the\s+", "", m), False, names) for m in members):
        return listed[0]  # "Poland, Hungary and the Czech Republic" act together
    groups: list[str] = []
    for clause in (c.strip() for c in re.split(r"[,;:\u2014]|\s-\s", text)):
        if not clause or clause.split()[-1].lower() in _PRONOUNS:
            continue
        group = _group_at_end(clause)
        name = _name_heading(clause, names)
        if group and not (name and name.lower().endswith(group.lower()) and len(name) > len(group)):
            groups.append(group)  # "The president of Kazakhstan" is a group, not "Kazakhstan"
            continue
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


_NAME_LIST = re.compile(
    rf"(?<![\w,] )(?:the\s+)?{_NAME_WORD}(?:\s+{_NAME_WORD})*(?:,\s+(?:the\s+)?{_NAME_WORD}(?:\s+{_NAME_WORD})*)+,?"
    rf"\s+and\s+(?:the\s+)?{_NAME_WORD}(?:\s+{_NAME_WORD})*$"
)


def _is_name(run: str, at_start: bool, names: frozenset[str] | None) -> bool:
    words = run.split()
    if len(words) > 1 and words[0].lower() in _NOT_NAMES and words[0] not in ("The", "A", "An"):
        return False  # "On Tuesday", "In March": a time phrase opening the sentence
    if words[0] in ("The", "A", "An"):
        words, at_start = words[1:], False  # "The Fed", "The U.S.": a proper noun after an article
    if not words or (len(words) == 1 and words[0].lower() in _NOT_NAMES):
        return False
    if at_start and len(words) == 1 and names is not None:
        return _bare_name(words[0]) in names  # a lone capital opening a sentence: "Putin", not "Prices"
    return True


_PASSIVE_AFTER = re.compile(
    r"^\s+(?:to\s+)?(?:\w+ly\s+)?(?:be|been)\s+(?:\w+ly\s+)?(?:\w+ed|\w+en|set|built|made|held|done|shut|put|sent|"
    r"spent|paid|laid|sold|cut|met|brought|sought|taught|bought)\b",
    re.IGNORECASE,
)


def _is_passive(sentence: str, verb: re.Match[str]) -> bool:
    """'will be set up', 'is expected to be completed': the subject undergoes the action."""
    return bool(_PASSIVE_AFTER.match(sentence[verb.end() :]))


# --------------------------------------------------------------------------- titles and keys


# A frame that reports the commitment rather than stating it.
_LEADING_FRAME = re.compile(
    r"^(?:according to [^,]{1,80},\s*|(?:[A-Z][\w.'\u2019-]*\s+){1,6}(?:said|says|announced|stated|reported|"
    r"told reporters|added)(?:\s+on\s+\w+|\s+\w+day)?(?:\s+that)?\s+)",
    re.IGNORECASE,
)
_TRAILING_FRAME = re.compile(
    r"(?:,\s*(?:according to [^,]+|[^,]{1,80}?\s(?:said|says|announced|reported|added|stated|told \w+|"
    r"ruled|wrote)(?:\s+on\s+\w+|\s+\w+day|\s+in\s+a\s+statement)?))+[\s.\"'\u201d]*$",
    re.IGNORECASE,
)
# Where a long sentence may be shortened to its main clause: before an afterthought.
_AFTERTHOUGHT = re.compile(
    r",\s+(?:which|who|while|whereas|after|as|because|although|though|despite|following|amid|when|but|"
    r"according)\b|;\s+|\s[\u2013\u2014-]\s"
)
# Between an actor and its verb: an appositive, a relative pronoun, an adverb.
_CONDENSABLE_GAP = re.compile(r"\s*(?:,[^.;]{0,120}?,\s*|,?\s*(?:which|who|that)\s+|\s+\w+ly\s+|\s+also\s+)?\s*")
MAX_TITLE_LENGTH = 200  # longer clauses are shortened at a clause boundary, never mid-clause


def commitment_title(sentence: str, verb: re.Match[str] | None = None, actor: str = "") -> str:
    """The commitment as an item title: the sentence without its reporting frame or afterthoughts.

    The title is always whole clauses: it is shortened only where a clause ends
    (", which", "; ", " - "), so nothing is cut mid-phrase and no ellipsis is stored.
    ``actor`` leads the title when the sentence's subject is a pronoun ("He promised ...").
    """
    text = " ".join(sentence.split()).strip(" \"'\u201c\u201d")
    text = _TRAILING_FRAME.sub("", text)
    framed = _LEADING_FRAME.match(text)
    if framed and framed.end() < len(text) - 10:
        text = text[framed.end() :]
    text = strip_dateline(text)
    verb_at = text.find(verb[0]) if verb is not None else 0
    at = text.find(actor) if actor else -1
    if verb is not None and 0 <= at < verb_at and _CONDENSABLE_GAP.fullmatch(text[at + len(actor) : verb_at]):
        text, verb_at = actor + " " + text[verb_at:], len(actor) + 1  # drop the appositive or the frame around it
    for boundary in _AFTERTHOUGHT.finditer(text):
        past_the_verb = boundary.start() > max(verb_at, 0) + len(verb[0] if verb is not None else "") + 8
        trailing = boundary.group(0).strip(" ,") in ("which", "who", "while", "after", "as", "following", "amid")
        if past_the_verb and (len(text) > MAX_TITLE_LENGTH or trailing):
            text = text[: boundary.start()]
            break
    while len(text) > MAX_TITLE_LENGTH and ", " in text[verb_at + 1 :]:
        text = text[: text.rfind(", ")]  # drop the last clause until it fits
    for joint in (" and ", " but ", " while ", " with ", " for "):
        if len(text) <= MAX_TITLE:
            break
        while len(text) > MAX_TITLE and joint in text[verb_at + 1 :]:
            text = text[: text.rfind(joint)]  # a clause over the item limit with no comma: end at a joint
    if len(text) > MAX_TITLE:  # one run of words longer than an item title allows: the words that fit
        text = text[: text.rfind(" ", 0, MAX_TITLE)]
    text = text.rstrip(" ,;:.\"'\u201d")
    first = text.split(" ", 1)[0].lower()
    if actor and first in _PRONOUNS:
        text = actor + text[len(first) :]
    return text[:1].upper() + text[1:] if text else ""


_KEY_SKIPPED = {
    "will", "shall", "would", "must", "should", "to", "be", "been", "is", "are", "was", "were", "has", "have", "had",
    "its", "their", "his", "her", "our", "also", "almost", "now", "then", "still", "soon", "formally", "officially",
    "plans", "planned", "plan", "intends", "aims", "expects", "expected", "set", "going", "due", "scheduled", "the",
    "a", "an", "by", "of", "in", "on", "at", "for", "and", "or", "that", "this", "it", "they", "he", "she", "we",
}  # fmt: skip


def _key_words(text: str) -> list[str]:
    """Words of a key, without possessive endings ("Portugal's" -> "Portugal")."""
    return re.findall(r"\w[\w-]*", re.sub(r"['\u2019]s\b", "", text))


def commitment_key(title: str, actor: str = "", deadline: Deadline | None = None, verb: str = "") -> str:
    """A short key from the commitment's content: the actor's name, then the first content words of the action.

    The action is what follows the commitment verb ("pledged that Qantas will double
    its flights" -> qantas, double, flights), without the deadline phrase.
    """
    from ledger.ids import slugify

    text = title
    if deadline is not None and deadline.phrase:
        text = text.replace(deadline.phrase, " ")
    at = text.find(verb) if verb else -1
    text = text[at + len(verb) :] if at >= 0 else text.replace(actor, " ", 1) if actor else text
    addressee = re.match(r"^[^,;]{0,80}?\bto\s+(?=[a-z])", text)
    if addressee and not verb.lower().endswith(" to"):
        text = text[addressee.end() :]  # "ordered the operator ... to cut waiting times": the action is "cut ..."
    actor_words = [w for w in _key_words(actor) if w.lower() not in _KEY_SKIPPED]
    names = [w for w in actor_words if w[:1].isupper()]
    lead = (names or actor_words)[-1:]
    words = [w for w in _key_words(text) if w.lower() not in _KEY_SKIPPED and not w[0].isdigit()]
    if not words and at > 0:  # "A progress report is expected by April": the content precedes the verb
        words = [w for w in _key_words(title[:at]) if w.lower() not in _KEY_SKIPPED and not w[0].isdigit()]
    words = [w for w in words if w not in lead]
    return slugify(" ".join(lead + words[:4]), max_words=4)


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
