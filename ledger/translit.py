"""Russian in Latin script, for actors and keys (a simple BGN/PCGN-style table: 'Правительство' -> 'Pravitelstvo')."""

from __future__ import annotations

_TABLE = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "",
    "э": "e", "ю": "yu", "я": "ya",
}  # fmt: skip


def transliterate(text: str) -> str:
    """Cyrillic letters replaced by Latin ones, case kept; every other character unchanged."""
    out = []
    for ch in text:
        low = ch.lower()
        if low in _TABLE:
            latin = _TABLE[low]
            out.append(latin.capitalize() if ch != low and latin else latin)
        else:
            out.append(ch)
    return "".join(out)
