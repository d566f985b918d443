"""A footer that wraps onto a second line when the keys do not fit the terminal's width."""

from __future__ import annotations

from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class WrappingFooter(Footer):
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
