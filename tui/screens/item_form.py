"""New item and edit item: the deadline phrase is read as you type and the window it means is shown."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from ledger.errors import LedgerError
from ledger.model import ITEM_KINDS
from ledger.parsing import parse_date
from ledger.rules import deadline_anchor
from tui import format as fmt
from tui.calls import call, write
from tui.format import escape
from tui.messages import Failed, FormLoaded, Saved

if TYPE_CHECKING:
    from ledger.model import Item
    from ledger.service import Ledger

# Every field of 'fledger item add': one-line fields, then the long texts (several lines each).
FIELDS = (
    ("title", "Title", "what is promised or asked, in one line"),
    ("key", "Key", "short-name-for-typing (blank: made from the title)"),
    ("deadline", "Deadline", "2025-04-30, 2025-Q2, by April, end of 2025"),
    ("as_of", "Deadline read as of (YYYY-MM-DD)", "blank: the source's publication day, else today"),
    ("actors", "Actors", "who is committed; separate with ;"),
    ("tags", "Tags", "separate with ;"),
)
TEXTS = (
    ("statement", "Statement", "the commitment or question in full"),
    ("criteria", "Resolution criteria", "resolves YES if …; NO if …"),
    ("quote", "Quote", "the words of the source"),
)
KIND_OPTIONS = [(kind, kind) for kind in ITEM_KINDS]


class ItemFormScreen(ModalScreen[Any]):
    """Dismisses with the saved Item (new, or the new revision), or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
        Binding("ctrl+s", "save", "Save", id="form.save"),
    ]

    def __init__(self, ledger: Ledger, key: str | None) -> None:
        super().__init__()
        self.ledger = ledger
        self.edit_key = key
        self.original: dict[str, Any] = {}
        self.sources: dict[str, Any] = {}

    def compose(self) -> ComposeResult:
        title = f"Edit {escape(self.edit_key)} (saved as a new revision)" if self.edit_key else "New item"
        with VerticalScroll(classes="dialog", id="item-dialog"):
            yield Static(f"[b]{title}[/b]", classes="dialog-title")
            for name, label, hint in FIELDS:
                yield Label(label)
                yield Input(placeholder=hint, id=f"field-{name}")
                if name == "deadline":
                    yield Static("", id="deadline-reading", classes="hint")
            yield Label("Kind")
            yield Select[str](KIND_OPTIONS, value="question", allow_blank=False, id="field-kind")
            for name, label, hint in TEXTS:
                yield Label(f"{label} [dim](several lines; ctrl+s saves)[/dim]")
                area = TextArea(id=f"field-{name}", soft_wrap=True, show_line_numbers=False, classes="long-text")
                area.placeholder = hint
                yield area
            yield Label("Source")
            yield Select[str]([], prompt="none", id="field-source", allow_blank=True)
            yield Static("", id="form-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Save (ctrl+s)", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#field-title", Input).focus()
        self.load()

    @work(thread=True, exclusive=True, group="form-load", exit_on_error=False)
    def load(self) -> None:
        self.post_message(FormLoaded(call(self, self.ledger.item_form_view, self.edit_key)))

    def on_form_loaded(self, message: FormLoaded) -> None:
        view = message.view
        self.sources = {s.id: s for s in view.sources}
        options = [(s.title[:60] + (f" ({s.published_on})" if s.published_on else ""), s.id) for s in view.sources]
        self.query_one("#field-source", Select).set_options(options)
        if view.editing is not None:
            self.show_item(view.editing.item)

    def show_item(self, item: Item) -> None:
        dl = item.deadline
        self.original = {
            "title": item.title,
            "key": item.key,
            "deadline": (dl.phrase or dl.label) if dl else "",
            "as_of": "",
            "actors": "; ".join(item.actors),
            "tags": "; ".join(item.tags),
            "statement": item.statement,
            "criteria": item.criteria,
            "quote": item.quote,
            "kind": item.kind,
            "source": item.source_id,
        }
        for name, _label, _hint in FIELDS:
            self.query_one(f"#field-{name}", Input).value = self.original[name]
        for name, _label, _hint in TEXTS:
            self.query_one(f"#field-{name}", TextArea).text = self.original[name]
        self.query_one("#field-kind", Select).value = item.kind
        if item.source_id and item.source_id in self.sources:
            self.query_one("#field-source", Select).value = item.source_id

    def _anchor(self) -> Any:
        typed = self.query_one("#field-as_of", Input).value.strip()
        if typed:
            try:
                return parse_date(typed, "as of")
            except LedgerError:
                pass  # shown when saving; meanwhile read against the default
        chosen = self.query_one("#field-source", Select).value
        source = self.sources.get(chosen) if isinstance(chosen, str) else None
        return deadline_anchor(None, source.published_on if source else None, self.ledger.today)

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    def _clear_error(self) -> None:
        """An error is about the values as they were; once one changes it no longer applies."""
        self.query_one("#form-error", Static).update("")

    @on(Input.Changed, "#field-deadline")
    @on(Input.Changed, "#field-as_of")
    @on(Select.Changed, "#field-source")
    def _read_deadline(self) -> None:
        phrase = self.query_one("#field-deadline", Input).value.strip()
        out = self.query_one("#deadline-reading", Static)
        if not phrase:
            out.update("[dim]no deadline[/dim]")
            return
        try:
            dl = self.ledger.read_deadline(phrase, self._anchor())  # pure: no ledger file access
        except LedgerError as exc:
            out.update(f"[red]{escape(str(exc))}[/red]")
            return
        rule = f" — {escape(dl.rule)}" if dl.rule else ""
        out.update(f"→ {dl.label}: {dl.earliest} … {dl.latest} ({dl.precision}){rule}")

    def _values(self) -> dict[str, Any]:
        values: dict[str, Any] = {n: self.query_one(f"#field-{n}", Input).value.strip() for n, _l, _h in FIELDS}
        values.update({n: self.query_one(f"#field-{n}", TextArea).text.strip() for n, _l, _h in TEXTS})
        kind = self.query_one("#field-kind", Select).value
        values["kind"] = kind if isinstance(kind, str) else "question"
        chosen = self.query_one("#field-source", Select).value
        values["source"] = chosen if isinstance(chosen, str) else None
        return values

    @on(Button.Pressed, "#save")
    @on(Input.Submitted)
    def action_save(self) -> None:
        values = self._values()
        error = self.query_one("#form-error", Static)
        if not values["title"]:
            error.update("title: required; say what is promised or asked in one line")
            self.query_one("#field-title", Input).focus()
            return
        try:
            values["as_of"] = parse_date(values["as_of"], "as of") if values["as_of"] else None
        except LedgerError as exc:
            error.update(escape(str(exc)))
            self.query_one("#field-as_of", Input).focus()
            return
        if self.edit_key:
            as_of = values.pop("as_of")
            changes = {k: v for k, v in values.items() if v != self.original.get(k)}
            if not changes:
                error.update("Nothing changed.")
                return
            for name in ("actors", "tags"):
                if name in changes:
                    changes[name] = fmt.split_labels(changes[name])
            if changes.get("deadline") == "":
                error.update("deadline: cannot be removed here; give a new deadline phrase")
                return
            error.update("Saving…")
            self.save_edit(self.edit_key, changes, as_of)
        else:
            error.update("Saving…")
            self.save_new(values)

    @work(thread=True, exclusive=True, group="form-save", exit_on_error=False)
    def save_new(self, v: dict[str, Any]) -> None:
        item = write(
            self, self.ledger.add_item, v["title"], key=v["key"] or None, deadline=v["deadline"] or None,
            as_of=v["as_of"], statement=v["statement"], actors=fmt.split_labels(v["actors"]),
            quote=v["quote"], criteria=v["criteria"], tags=fmt.split_labels(v["tags"]), kind=v["kind"],
            source=v["source"],
        )  # fmt: skip
        self.post_message(Saved(item))

    @work(thread=True, exclusive=True, group="form-save", exit_on_error=False)
    def save_edit(self, key: str, changes: dict[str, Any], as_of: Any) -> None:
        self.post_message(Saved(write(self, self.ledger.edit_item, key, as_of=as_of, **changes)))

    def on_saved(self, message: Saved) -> None:
        self.notify(f"{message.result.key}: {'revised' if self.edit_key else 'added'}", markup=False)
        self.dismiss(message.result)

    def on_failed(self, message: Failed) -> None:
        self.query_one("#form-error", Static).update(f"[red]{escape(message.text)}[/red]")

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
