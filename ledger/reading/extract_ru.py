"""Russian sentences -> candidate commitments (pure; rule-based), beside ``ledger.reading.extract`` for English.

Russian states commitments in three shapes this module reads:

* an instruction list item: the addressee in the dative and an infinitive,
  "Правительству Российской Федерации обеспечить ...", its deadline in the same
  sentence or on the line after it ("Срок – до 1 июля 2025 г.");
* reported speech with a subject: "Путин поручил правительству до 1 июня подготовить доклад";
* plans and obligations: "Минфин планирует ...", "школы должны быть готовы к 1 сентября".

Actors and keys are given in Latin script (``ledger.translit``); titles keep the text's words.
"""

from __future__ import annotations

import re
from datetime import date

from ledger.reading.extract import Candidate, commitment_key, commitment_title, find_deadline, rank
from ledger.translit import transliterate

# Infinitives: the -ть verbs, and the few -ти/-чь ones instructions use ("внести", "провести", "помочь");
# a bare "-ти" would take nouns ("власти", "области").
_INFINITIVE = (
    r"(?:[а-яё]{2,}(?:ать|ять|ить|еть|уть|ыть|оть)(?:ся|сь)?|(?:про|в|пере|при|за|у|раз|из)?(?:вести|нести|везти)"
    r"|(?:на|пере|об|до|за|про|при)?йти|(?:по|с)?мочь)"
)
_DIRECTIVE = (
    r"поручил[аио]?|поручает|поручено|поручить|поручение|обязал[аио]?|обязывает|потребовал[аио]?|требует|"
    r"распорядил(?:ся|ась|ись)|велел[аи]?|предписал[аио]?|призвал[аи]?|дал[аи]? поручение|указал[аи]? на необходимость"
)
_PROMISE = (
    r"пообещал[аио]?|обещает|обещают|обещал[аио]?|обязуется|обязались|обязался|гарантирует|гарантировал[аио]?|"
    r"заверил[аи]?"
)
_PLAN = (
    r"будет|будут|планирует(?:ся)?|планируют|планировалось|намерен[аы]?|намерены|собирается|собираются|предстоит|"
    r"должн(?:а|о|ы)?|должен|необходимо|нужно|следует|предполагается|рассчитывает|рассчитывают|готовится"
)
_EXPECT = r"ожидается|ожидают|ожидает|ожидал|прогнозирует|прогнозируется|может|могут|вероятно"
_VERB_RE = re.compile(
    rf"(?<![\w])(?:(?P<directive>{_DIRECTIVE})|(?P<promise>{_PROMISE})|(?P<plan>{_PLAN})|(?P<expect>{_EXPECT}))"
    r"(?![\w])",
    re.IGNORECASE,
)
# "Правительству Российской Федерации (совместно с ...) обеспечить ...": the addressee opens the sentence.
_ADDRESSEE = re.compile(
    r"^(?P<who>[А-ЯЁ][\w-]*(?:[ ,]+(?:[\w.-]+|\([^)]*\))){0,14}?)\s+(?:совместно с [^.;]*?\s+)?"
    rf"(?P<verb>{_INFINITIVE})(?![\w])"
)
_DATIVE_HEAD = re.compile(r"^[А-ЯЁ][а-яё-]*(?:у|ю|ам|ям|ому|ему|ой|ей|е|и)$")
_DEADLINE_LINE = re.compile(r"^(?:Срок|Доклад|Сроки)\b.{0,20}?[–—-]", re.IGNORECASE)
# Subjects named by office rather than by name.
_GROUP = re.compile(
    r"(?<![\w])(?:президент|премьер(?:-министр)?|правительство|кабмин|кабинет министров|министерство|минфин|"
    r"министр|ведомство|губернатор|мэр|глава (?:государства|правительства|региона)|власти|парламент|госдума|"
    r"совет федерации|центробанк|банк россии|компания|регулятор)(?![\w])",
    re.IGNORECASE,
)
_HEDGE = re.compile(r"(?<![\w])(?:если|может|могут|возможно|вероятно|не исключено)(?![\w])", re.IGNORECASE)
_FRAME = re.compile(r"^(?:В частности|Кроме того|Также|При этом|Как сообщается|По словам [^,]+|Напомним)[,\s]+")


def read_sentence_ru(sentence: str, published: date, previous_actor: str = "") -> Candidate | None:
    """One Russian sentence -> a Candidate, or None when it states nothing to track."""
    text = _FRAME.sub("", sentence.lstrip("\"'«„“ "))
    addressed = _ADDRESSEE.match(text)
    verb = _VERB_RE.search(text)
    dative = addressed is not None and _DATIVE_HEAD.match(addressed["who"].split()[0]) is not None
    if addressed and dative and (verb is None or verb.start() > addressed.end()):
        verb_match, strength, actor = addressed, "directive", addressed["who"]
        verb_start = addressed.start("verb")
    elif verb is not None:
        verb_match, strength, verb_start = verb, verb.lastgroup or "expect", verb.start()
        actor = _subject(text[: verb.start()])
    else:
        return None
    deadline = find_deadline(text, published, verb_start, language="ru")
    own = bool(actor)
    if not actor:
        actor = previous_actor
    kind = _kind(strength, deadline, own)
    if kind is None:
        return None
    actor_latin = transliterate(actor)
    score = rank(kind, _Strength(strength), deadline, bool(actor), own, text)
    if _HEDGE.search(text):
        score = round(max(0.0, score - 0.2), 3)
    title = commitment_title(text)
    key = _key(title, actor_latin, deadline, verb_start, addressed is verb_match)
    return Candidate(sentence=sentence, actor=actor_latin, deadline=deadline, kind=kind, score=score, title=title,
                     key=key)  # fmt: skip


def _key(title: str, actor: str, deadline: object, verb_start: int, addressed: bool) -> str:
    """The actor's head word, then the action: the words after the first infinitive from the verb on."""
    action = re.search(_INFINITIVE, title[verb_start:]) if verb_start < len(title) else None
    rest = title[verb_start + action.start() :] if action else title[verb_start:]
    head = actor.split()[:1] if addressed else actor.split()[-1:]
    return commitment_key(transliterate(rest), " ".join(head), _latin_deadline(deadline))


def deadline_line(sentence: str, published: date) -> object | None:
    """The deadline of an instruction list's own line ("Срок – до 1 июля 2025 г."), else None."""
    if not _DEADLINE_LINE.match(sentence):
        return None
    return find_deadline(sentence, published, 0, language="ru")


class _Strength:
    """Stands in for a verb match in ``rank``: only its strength is read."""

    def __init__(self, strength: str) -> None:
        self.lastgroup = strength


def _kind(strength: str, deadline: object, named: bool) -> str | None:
    if strength in ("directive", "promise"):
        return "commitment"
    if strength == "plan":
        return "commitment" if named else ("expectation" if deadline else None)
    return "expectation" if deadline else None


def _subject(before: str) -> str:
    """The words naming who acts, just before the verb: 'Президент России Владимир Путин'."""
    clause = re.split(r"[,;:«»\"]|\s[–—-]\s", before)[-1].strip()
    group = _GROUP.search(clause)
    words = clause.split()
    while words and not words[0][:1].isupper():
        words = words[1:]  # "а", "и", "уже": clause openers before the subject
    name = []
    for word in words:
        if not word[:1].isupper():
            break  # "Денис Пушилин на заседании": the name ends where lower-case words begin
        name.append(word)
    if not name and group:
        return group[0]  # "президент поручил", "правительство планирует"
    return " ".join(name[:6])


def _latin_deadline(deadline: object) -> object:
    """The deadline with its phrase in Latin script, so the key's words and the phrase removed match."""
    if deadline is None:
        return None
    import attrs

    return attrs.evolve(deadline, phrase=transliterate(deadline.phrase))  # type: ignore[attr-defined]
