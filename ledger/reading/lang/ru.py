"""Russian words for the temporal grammar (see ``ledger.reading.words`` for the tokens).

Russian inflects what English orders: "до 1 июня" (genitive), "к 1 сентября", "к апрелю"
(dative), "в апреле" (prepositional), "в течение трех лет" (a genitive numeral).  Every
case form of a month, weekday, season, unit and number word maps to the same token, so
the one grammar reads "до 1 июня 2025 года" as it reads "by June 1, 2025".  A form of
"год" right after a year number ("2025 года", "2025 г.") is the ``yearword``
(``year_suffix``); elsewhere it is the unit "year".
"""

from __future__ import annotations

from ledger.reading.words import Holiday, LanguageWords

_lexicon: dict[str, str] = {}


def _forms(token: str, *words: str) -> None:
    for word in words:
        _lexicon[word] = token


# Months: nominative, genitive ("до 1 июня"), dative ("к июню"), prepositional ("в июне"), instrumental.
_MONTHS = (
    ("январь", "января", "январю", "январе", "январем", "январём", "янв."),
    ("февраль", "февраля", "февралю", "феврале", "февралем", "февралём", "фев.", "февр."),
    ("март", "марта", "марту", "марте", "мартом", "мар."),
    ("апрель", "апреля", "апрелю", "апреле", "апрелем", "апр."),
    ("май", "мая", "маю", "мае", "маем"),
    ("июнь", "июня", "июню", "июне", "июнем"),
    ("июль", "июля", "июлю", "июле", "июлем"),
    ("август", "августа", "августу", "августе", "августом", "авг."),
    ("сентябрь", "сентября", "сентябрю", "сентябре", "сентябрем", "сентябрём", "сент.", "сен."),
    ("октябрь", "октября", "октябрю", "октябре", "октябрем", "октябрём", "окт."),
    ("ноябрь", "ноября", "ноябрю", "ноябре", "ноябрем", "ноябрём", "нояб."),
    ("декабрь", "декабря", "декабрю", "декабре", "декабрем", "декабрём", "дек."),
)
for _number, _words in enumerate(_MONTHS, start=1):
    _forms(f"month:{_number}", *_words)

_WEEKDAYS = (
    ("понедельник", "понедельника", "понедельнику", "понедельнике", "понедельником", "пн"),
    ("вторник", "вторника", "вторнику", "вторнике", "вторником", "вт"),
    ("среда", "среду", "среды", "среде", "средой", "ср"),
    ("четверг", "четверга", "четвергу", "четверге", "четвергом", "чт"),
    ("пятница", "пятницу", "пятницы", "пятнице", "пятницей", "пт"),
    ("суббота", "субботу", "субботы", "субботе", "субботой", "сб"),
    ("воскресенье", "воскресенья", "воскресенью", "воскресеньем", "вс"),
)
for _number, _words in enumerate(_WEEKDAYS):
    _forms(f"weekday:{_number}", *_words)

_forms("season:spring", "весна", "весной", "весны", "весну", "весне", "весною")
_forms("season:summer", "лето", "летом", "лета", "лету")
_forms("season:autumn", "осень", "осенью", "осени")
_forms("season:winter", "зима", "зимой", "зимы", "зиму", "зиме", "зимою")

_forms("unit:day", "день", "дня", "дней", "дню", "днем", "днём", "дни", "суток", "сутки", "сут.")
_forms("unit:business_day", "рабочий день", "рабочих дня", "рабочих дней", "рабочего дня")
_forms("unit:week", "неделя", "недели", "неделе", "неделю", "недель", "неделей", "недели")
_forms("unit:month", "месяц", "месяца", "месяцев", "месяце", "месяцу", "месяцем", "месяцы", "мес.")
_forms("unit:quarter", "квартал", "квартала", "кварталов", "квартале", "кварталу", "кварталом", "кв.")
_forms("unit:half", "полугодие", "полугодия", "полугодии", "полугодию", "полугодий")
_forms("unit:year", "год", "года", "году", "лет", "годом", "годы", "годов", "годах")
_forms("unit:decade", "десятилетие", "десятилетия", "десятилетии")
_forms("unit:hour", "час", "часа", "часов")
_forms("yearword", "г.", "гг.", "г")  # "2025 г.": only ever after a year

# Numbers as counts, in the cases a span takes ("в течение трех лет", "за пять дней").
_NUMBERS = {
    1: ("один", "одного", "одной", "одну", "одним", "одна", "одно"),
    2: ("два", "две", "двух", "двум"),
    3: ("три", "трех", "трёх", "трем", "трём"),
    4: ("четыре", "четырех", "четырёх"),
    5: ("пять", "пяти"), 6: ("шесть", "шести"), 7: ("семь", "семи"), 8: ("восемь", "восьми"),
    9: ("девять", "девяти"), 10: ("десять", "десяти"), 12: ("двенадцать", "двенадцати"),
    14: ("четырнадцать", "четырнадцати"), 15: ("пятнадцать", "пятнадцати"), 18: ("восемнадцать", "восемнадцати"),
    20: ("двадцать", "двадцати"), 24: ("двадцать четыре", "двадцати четырех", "двадцати четырёх"),
    30: ("тридцать", "тридцати"), 40: ("сорок", "сорока"), 45: ("сорок пять", "сорока пяти"),
    60: ("шестьдесят", "шестидесяти"), 90: ("девяносто", "девяноста"), 100: ("сто", "ста"),
}  # fmt: skip
for _number, _words in _NUMBERS.items():
    _forms(f"num:{_number}", *_words)
_forms("num:1.5", "полтора", "полутора")
_forms("count:vague:3", "несколько", "нескольких", "пару", "пары")

# Ordinals (quarters, halves, weeks): every gender and case the phrase uses.
_ORDINALS = {
    1: ("первый", "первого", "первом", "первая", "первой", "первую", "первое", "i"),
    2: ("второй", "второго", "втором", "вторая", "вторую", "второе", "ii"),
    3: ("третий", "третьего", "третьем", "третья", "третьей", "третью", "третье", "iii"),
    4: ("четвертый", "четвёртый", "четвертого", "четвёртого", "четвертом", "четвёртом", "четвертая", "четвертой",
        "iv"),
}  # fmt: skip
for _number, _words in _ORDINALS.items():
    _forms(f"ord:{_number}", *_words)
_forms("ord:-1", "последний", "последнего", "последнем", "последней", "последнюю")

# This / next / last, in the genders and cases of "year", "week", "month", "season".
_forms("rel:this", "этот", "этого", "этом", "этому", "этим", "эта", "этой", "эту", "это", "текущий", "текущего",
       "текущем", "текущему", "текущей", "текущую", "нынешний", "нынешнего", "нынешнем", "нынешней", "нынешнюю",
       "сего")  # fmt: skip
_forms("rel:next", "следующий", "следующего", "следующем", "следующему", "следующей", "следующую", "следующим",
       "будущий", "будущего", "будущем", "будущему", "будущей", "будущую", "будущим", "наступающего",
       "наступающем", "наступающий", "грядущего", "грядущем", "предстоящего", "предстоящем", "предстоящей",
       "предстоящие", "предстоящих")  # fmt: skip
_forms("rel:last", "прошлый", "прошлого", "прошлом", "прошлому", "прошлой", "прошлую", "прошлым", "минувший",
       "минувшего", "минувшем", "минувшей", "минувшую", "прошедшего", "прошедшем", "прошедшей")  # fmt: skip

_lexicon.update({
    "сегодня": "day:today", "сегодняшний день": "day:today", "завтра": "day:tomorrow", "вчера": "day:yesterday",
    "послезавтра": "day:day_after_tomorrow", "позавчера": "day:day_before_yesterday",
    "сегодня вечером": "day:today", "сегодня утром": "day:today", "этой ночью": "day:today",
    # leads
    "до": "lead:by", "к": "lead:by", "ко": "lead:by", "не позднее": "lead:no_later_than",
    "не позже": "lead:no_later_than", "не позднее чем": "lead:no_later_than", "в срок до": "lead:by",
    "в срок не позднее": "lead:no_later_than", "сроком до": "lead:by", "срок до": "lead:by",
    "в течение": "lead:within", "в течении": "lead:within", "на протяжении": "lead:during", "за": "lead:within",
    "в": "lead:in", "во": "lead:in", "на": "lead:on", "с": "lead:from", "со": "lead:from", "начиная с": "lead:from",
    "по": "lead:through", "вплоть до": "lead:until", "после": "lead:after", "перед": "lead:before",
    "накануне": "lead:before", "до начала": "lead:before", "через": "lead:in", "около": "lead:approx",
    "примерно": "lead:approx", "ориентировочно": "lead:approx", "приблизительно": "lead:approx",
    "не ранее": "lead:from", "не раньше": "lead:from",
    # "в течение года" = within one year; the bare unit would name this year
    "в течение года": "lead:within num:1 unit:year", "в течение месяца": "lead:within num:1 unit:month",
    "в течение недели": "lead:within num:1 unit:week", "в течение дня": "lead:within num:1 unit:day",
    "в течение суток": "lead:within num:1 unit:day", "в течение квартала": "lead:within num:1 unit:quarter",
    "в течение полугода": "lead:within num:6 unit:month", "в течение полутора лет": "lead:within num:18 unit:month",
    "через год": "lead:in num:1 unit:year", "через месяц": "lead:in num:1 unit:month",
    "через неделю": "lead:in num:1 unit:week", "через день": "lead:in num:1 unit:day",
    "через полгода": "lead:in num:6 unit:month", "за год": "lead:within num:1 unit:year",
    "за месяц": "lead:within num:1 unit:month", "за неделю": "lead:within num:1 unit:week",
    "полгода": "num:6 unit:month", "полугода": "num:6 unit:month",
    "в месячный срок": "lead:within num:1 unit:month", "в двухмесячный срок": "lead:within num:2 unit:month",
    "в трехмесячный срок": "lead:within num:3 unit:month", "в трёхмесячный срок": "lead:within num:3 unit:month",
    "в шестимесячный срок": "lead:within num:6 unit:month", "в недельный срок": "lead:within num:1 unit:week",
    "в двухнедельный срок": "lead:within num:2 unit:week", "в десятидневный срок": "lead:within num:10 unit:day",
    "в годичный срок": "lead:within num:1 unit:year", "в месячный": "lead:within num:1 unit:month",
    # instruction lists: "Срок – до 1 июля 2025 г.", "Доклад – до 1 июня", "Срок исполнения поручения - 1 октября"
    "срок –": "lead:by", "срок -": "lead:by", "срок —": "lead:by", "срок исполнения –": "lead:by",
    "срок исполнения -": "lead:by", "срок исполнения —": "lead:by", "срок исполнения поручения –": "lead:by",
    "срок исполнения поручения -": "lead:by", "срок исполнения поручения —": "lead:by", "доклад –": "lead:by",
    "доклад -": "lead:by", "доклад —": "lead:by", "срок исполнения": "lead:by", "срок": "lead:by",
    # edges
    "конца": "edge:end", "концу": "edge:end", "конце": "edge:end", "конец": "edge:end", "исходу": "edge:end",
    "исхода": "edge:end", "начала": "edge:start", "началу": "edge:start", "начало": "edge:start",
    "начале": "edge:early", "середины": "edge:mid", "середине": "edge:mid", "середину": "edge:mid",
    "второй половине": "edge:late_half", "второй половины": "edge:late_half", "первой половине": "edge:early",
    "первой половины": "edge:early",
    "назад": "ago", "тому назад": "ago", "спустя": "lead:in", "позднее": "later", "позже": "later",
    "или": "or", "либо": "or", "/": "or", "–": "to", "-": "to", "—": "to", "и": "and",
    "сейчас": "ref:present", "в настоящее время": "ref:present", "ныне": "ref:present", "теперь": "ref:present",
    "в ближайшее время": "horizon:near", "в скором времени": "horizon:near", "вскоре": "horizon:near",
    "в ближайшие дни": "horizon:days", "в ближайшие недели": "horizon:weeks",
    "в ближайшие месяцы": "horizon:months", "в ближайшие годы": "horizon:years",
    "в ближайшей перспективе": "horizon:near", "в среднесрочной перспективе": "horizon:medium_term",
    "в долгосрочной перспективе": "horizon:long_term", "в будущем": "ref:future", "в прошлом": "ref:past",
    "в обозримом будущем": "horizon:near", "на днях": "horizon:days",
    "в будущем году": "lead:in rel:next unit:year", "в будущем месяце": "lead:in rel:next unit:month",
    "в будущем квартале": "lead:in rel:next unit:quarter", "в будущем сезоне": "lead:in rel:next unit:year",
    "фискальный": "fiscal", "финансовый": "fiscal",
    # "один раз в квартал", "дважды в год": how often, not when
    "в квартал": "per", "в год": "per", "в месяц": "per", "в неделю": "per", "в день": "per", "в сутки": "per",
    "в полугодие": "per", "ежегодно": "per", "ежеквартально": "per", "ежемесячно": "per",
})  # fmt: skip

_HOLIDAYS = {
    # the school year starts on 1 September ("День знаний")
    "начала учебного года": Holiday("fixed", 9, 1), "началу учебного года": Holiday("fixed", 9, 1),
    "начало учебного года": Holiday("fixed", 9, 1), "новому учебному году": Holiday("fixed", 9, 1),
    "нового учебного года": Holiday("fixed", 9, 1), "началу нового учебного года": Holiday("fixed", 9, 1),
    "начала нового учебного года": Holiday("fixed", 9, 1), "дню знаний": Holiday("fixed", 9, 1),
    "дня знаний": Holiday("fixed", 9, 1),
    "новому году": Holiday("fixed", 1, 1), "нового года": Holiday("fixed", 1, 1), "новый год": Holiday("fixed", 1, 1),
    "новогодним праздникам": Holiday("season", 12, 31, days=9),
    "новогодних праздников": Holiday("season", 12, 31, days=9),
    "новогодние праздники": Holiday("season", 12, 31, days=9),
    "майским праздникам": Holiday("season", 5, 1, days=11), "майских праздников": Holiday("season", 5, 1, days=11),
    "майские праздники": Holiday("season", 5, 1, days=11),
    "дню победы": Holiday("fixed", 5, 9), "дня победы": Holiday("fixed", 5, 9), "день победы": Holiday("fixed", 5, 9),
    "дню россии": Holiday("fixed", 6, 12), "дня россии": Holiday("fixed", 6, 12),
    "дню народного единства": Holiday("fixed", 11, 4), "дня народного единства": Holiday("fixed", 11, 4),
    "рождеству": Holiday("fixed", 1, 7), "рождества": Holiday("fixed", 1, 7),
    "пасхе": Holiday("easter", day=0, name="orthodox"), "пасхи": Holiday("easter", day=0, name="orthodox"),
    "летних каникул": Holiday("season", 6, 1, days=92), "летним каникулам": Holiday("season", 6, 1, days=92),
    "отопительного сезона": Holiday("fixed", 10, 1), "отопительному сезону": Holiday("fixed", 10, 1),
}  # fmt: skip
_HOLIDAY_IDS = {_phrase: "ru_" + str(_n) for _n, _phrase in enumerate(_HOLIDAYS)}
for _phrase, _id in _HOLIDAY_IDS.items():
    _lexicon[_phrase] = f"holiday:{_id}"

# Past tense ("заявил", "сообщила", "прошли"), reporting verbs, "ago"; future and obligation.
_PAST = (
    r"(?<![\w])(?:был[аио]?|заявил\w*|сообщил\w*|сказал\w*|отметил\w*|назвал\w*|подписал\w*|прош[её]л|прошл[аи]|"
    r"назад|ранее|уже|\w{3,}(?:ал|ял|ил|ел|ыл|ул)(?:а|о|и)?(?:сь|ся)?)(?![\w])"
)
_FUTURE = (
    r"(?<![\w])(?:будет|будут|буд[уе]\w*|станет|станут|планиру\w*|намерен\w*|собира\w*|предстоит|долж\w+|"
    r"необходимо|нужно|следует|поручил\w*|поручено|поручить|обеспечить|ожида\w*|пройд[её]т|состоится|"
    r"начн[её]т\w*|откро\w*|заверш\w*|обеща\w*|рассчитыва\w*|может|могут|сможет|планы?|прогноз\w*)(?![\w])"
)

WORDS = LanguageWords(
    code="ru",
    lexicon=_lexicon,
    fillers=frozenset({"года.", "период", "поручения", "исполнения", "уже"}),
    holidays={_HOLIDAY_IDS[_phrase]: _holiday for _phrase, _holiday in _HOLIDAYS.items()},
    past_cues=_PAST,
    future_cues=_FUTURE,
    numeric_order="dmy",  # 01.06.2025 is 1 June in Russian texts
    year_suffix=r"год|года|году|г\.?|гг\.?",
)
