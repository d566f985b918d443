"""How ledger values read on screen (pure functions, no widgets)."""

from __future__ import annotations

from datetime import date

from rich.text import Text

from ledger import rules
from ledger.text import for_terminal

DUE_SOON_DAYS = 7


def plain(text: str) -> Text:
    """User text for a table cell: shown verbatim, never read as markup, without control characters."""
    return Text(for_terminal(text, one_line=True))


def escape(text: str) -> str:
    """User text to put inside markup: every bracket shown as typed, control characters removed.

    Every '[' is escaped, not only those that look like a complete tag, so that text cut
    anywhere (a half-typed filter '[/') never opens or closes a tag of the markup around it.
    """
    text = for_terminal(text).replace("[", "\\[")
    if text.endswith("\\"):
        text += "\u200b"  # a trailing backslash would escape the markup that follows; a zero-width space parts them
    return text


def percent(p: float | None) -> str:
    if p is None:
        return "–"
    value = p * 100
    return f"{value:.0f}%" if abs(value - round(value)) < 1e-9 else f"{value:.1f}%"


def days_left(days: int | None, resolved: bool) -> Text:
    """Days to the end of the deadline window: red when overdue, yellow within a week (unresolved only)."""
    if days is None:
        return Text("–")
    text = Text(f"{days:+d}" if days < 0 else str(days), justify="right")
    if not resolved and days < 0:
        text.stylize("bold red")
    elif not resolved and days <= DUE_SOON_DAYS:
        text.stylize("yellow")
    return text


def day(value: date | None) -> str:
    return value.isoformat() if value else "–"


def labels(values: tuple[str, ...] | list[str]) -> str:
    return ", ".join(values)


def split_labels(text: str) -> tuple[str, ...]:
    """'a; b' -> ('a', 'b'): what people type into an actor or tag field, read by the ledger's one rule."""
    return rules.split_labels(text)


def paragraphs(text: str) -> str:
    """Text as paragraphs: lines within a paragraph joined (sources often arrive hard-wrapped), blank
    lines between paragraphs kept, so the screen wraps it to its own width."""
    blocks = [" ".join(block.split()) for block in text.replace("\r\n", "\n").split("\n\n")]
    return "\n\n".join(b for b in blocks if b)
