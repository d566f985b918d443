"""Every key binding, gathered from the screens that define them."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.format import escape

KEY_NAMES = {"question_mark": "?", "slash": "/", "escape": "esc"}


def key_name(key: str) -> str:
    """A key as people type it: '?' rather than Textual's name 'question_mark'."""
    key = key.strip()
    return KEY_NAMES.get(key, key)


def binding_lines(title: str, bindings: list[Any]) -> list[str]:
    lines = [f"[b]{escape(title)}[/b]"]
    for b in bindings:
        if isinstance(b, Binding):
            keys = ", ".join(key_name(k) for k in b.key.split(","))
            lines.append(f"  {escape(keys):<16} {escape(b.description or b.action)}")
    return lines


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "app.pop_screen", "Close", id="help.close")
    ]

    def __init__(self, sections: list[tuple[str, list[Any]]]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        lines: list[str] = ["[b]fledger — keys[/b]   (ctrl+p: command palette with every action)", ""]
        for title, bindings in self.sections:
            lines += binding_lines(title, bindings) + [""]
        with VerticalScroll(classes="dialog", id="help-dialog"):
            yield Static("\n".join(lines), id="help-text")
