"""Footers: one that rebuilds its keys only when they change, and one that also wraps onto a second line
when the keys do not fit the terminal's width."""

from __future__ import annotations

from collections.abc import Hashable

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class SteadyFooter(Footer):
    """Textual's footer, which rebuilds its keys whenever the bindings might have changed (a focus move,
    a screen pushed or popped, a key press that refreshes them), rebuilt only when what it shows changed.

    A rebuild removes and mounts a dozen widgets and restyles each of them a few times; most focus
    moves leave the keys as they were, and the footer as it was."""

    _shown: Hashable = None  # what the keys on screen were composed from

    def _keys_to_show(self) -> Hashable:
        """Everything ``Footer.compose`` reads: the active bindings, their states and how keys display."""
        if not self._bindings_ready or not self.is_attached:
            return None
        return tuple(
            (key, binding, enabled, tooltip, self.app.get_key_display(binding))
            for key, (_, binding, enabled, tooltip) in self.screen.active_bindings.items()
        )

    def compose(self) -> ComposeResult:
        self._shown = self._keys_to_show()
        yield from super().compose()

    async def recompose(self) -> None:
        if self._shown is not None and self._keys_to_show() == self._shown:
            return  # the same keys in the same states: nothing to redraw
        await super().recompose()


class WrappingFooter(SteadyFooter):
    """Textual's footer laid out as a grid whose column count is chosen so that every key fits.

    At 120 columns the keys fit on one line, as before; at 80 they take two, rather than
    being cut off (a key the user cannot see is a key they do not know about)."""

    DEFAULT_CSS = """
    WrappingFooter {
        layout: grid;
        grid-columns: auto;
        grid-gutter: 0 0;
        height: auto;
        max-height: 3;
    }
    WrappingFooter FooterKey.-command-palette {
        dock: none;
        border-left: none;
    }
    """

    def on_resize(self) -> None:
        self.call_after_refresh(self._fit)

    def on_mount(self) -> None:
        self.call_after_refresh(self._fit)

    async def recompose(self) -> None:
        await super().recompose()  # the keys change with the focused widget and the screen
        self.call_after_refresh(self._fit)

    def _fit(self) -> None:
        keys = list(self.query(FooterKey))
        if not keys:
            return
        widths = [_width(k) for k in keys]
        room = self.size.width or self.app.size.width
        columns = len(widths)
        while columns > 1 and _grid_width(widths, columns) > room:
            columns -= 1
        if self.styles.grid_size_columns != columns:
            self.styles.grid_size_columns = columns


def _width(key: FooterKey) -> int:
    """The cells a key takes: its key, its description and the padding and margin around them."""
    return len(key.key_display) + len(key.description) + 3


def _grid_width(widths: list[int], columns: int) -> int:
    """The width of a grid of ``columns`` auto-sized columns holding ``widths`` in reading order."""
    return sum(max(widths[c::columns]) for c in range(columns))
