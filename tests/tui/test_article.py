"""The article screen: add an article, see its dates highlighted, accept, edit or skip its candidates."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.tui.conftest import settle
from tui.app import FledgerApp
from tui.screens.article import ACCEPTED, SKIPPED, ArticleFormScreen, ArticleScreen, CandidateFormScreen
from tui.widgets.article_text import ArticleText

ARTICLE = Path(__file__).parent.parent / "ledger" / "articles" / "wire_report.txt"


def make_app(ledger: Any) -> FledgerApp:
    app = FledgerApp(ledger, watch=False)
    app.sub_title = "ann · tui.duckdb"
    app.animation_level = "none"
    return app


async def shown(pilot: Any, widget: Any, text: str, tries: int = 100) -> str:
    """The widget's text once it contains ``text`` (the failure message arrives after the worker ends)."""
    for _ in range(tries):
        rendered = str(widget.render())
        if text in rendered:
            return rendered
        await pilot.pause(0.05)
    return str(widget.render())


async def open_article(
    pilot: Any, text: str, title: str = "Port upgrade ordered", published: str = "2025-03-03"
) -> ArticleScreen:
    await settle(pilot)
    await pilot.press("a")
    await settle(pilot)
    form = pilot.app.screen
    assert isinstance(form, ArticleFormScreen)
    form.query_one("#article-text-input").text = text
    form.query_one("#article-published").value = published
    form.query_one("#article-title").value = title
    form.query_one("#article-outlet").value = "Wire"
    await pilot.press("ctrl+s")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ArticleScreen), screen
    return screen


async def test_pasted_article_is_recorded_and_its_dates_are_highlighted(ledger: Any) -> None:
    app = make_app(ledger)
    async with app.run_test(size=(120, 35)) as pilot:
        screen = await open_article(pilot, ARTICLE.read_text(encoding="utf-8"))
        reading = screen.reading
        directions = {s.text: s.direction for s in reading.spans}
        assert directions["by the end of June"] == "future"
        assert directions["last month"] == "past" and directions["January 2024"] == "past"
        assert directions["Monday"] == "current"  # "on Monday ordered", written on Monday 3 March
        assert all(reading.text[s.start : s.end] == s.text for s in reading.spans)
        # the highlight is in the rendered text, each direction with its own style from the stylesheet
        text = app.screen.query_one(ArticleText)
        rendered = text._render_text()
        styles = {rendered.plain[s.start : s.end]: s.style for s in rendered.spans}
        assert styles["last month"] == text.get_component_rich_style("article-text--past", partial=True)
        assert styles["by the end of June"] == text.get_component_rich_style("article-text--future", partial=True)
        assert styles["last month"] != styles["by the end of June"]
        for _ in range(len(reading.spans)):
            await pilot.press("left_square_bracket")
        assert "“March 3” → 2025-03-03" in str(app.screen.query_one("#article-reading").render())  # the dateline
        for _ in range(2):
            await pilot.press("right_square_bracket")
        assert "2025-06-30" in str(app.screen.query_one("#article-reading").render())
        sources = ledger.sources()
        assert [s.title for s in sources if s.text] == ["Port upgrade ordered"]


async def test_a_file_path_reads_the_file(ledger: Any) -> None:
    async with make_app(ledger).run_test(size=(120, 35)) as pilot:
        screen = await open_article(pilot, str(ARTICLE))
        assert "Tejo Terminals" in screen.reading.text


async def test_accept_and_skip(ledger: Any) -> None:
    async with make_app(ledger).run_test(size=(120, 35)) as pilot:
        screen = await open_article(pilot, ARTICLE.read_text(encoding="utf-8"))
        first = screen.candidates[0]
        await pilot.press("y")
        await settle(pilot)
        assert screen.marks[0] == ACCEPTED
        await pilot.press("x")  # the cursor moved to the next candidate
        assert screen.marks[1] == SKIPPED
        items = ledger.source_items(screen.reading.source.id)
        assert [i.key for i in items] == [first.key]
        assert items[0].title == first.title and "…" not in items[0].title


async def test_edit_then_accept(ledger: Any) -> None:
    async with make_app(ledger).run_test(size=(120, 35)) as pilot:
        screen = await open_article(pilot, ARTICLE.read_text(encoding="utf-8"))
        await pilot.press("e")
        await settle(pilot)
        form = pilot.app.screen
        assert isinstance(form, CandidateFormScreen)
        form.query_one("#candidate-title").value = "Lisbon terminal waits under 2.5 days"
        form.query_one("#candidate-key").value = "lisbon-waits"
        form.query_one("#candidate-deadline").value = "by the end of July"
        form.query_one("#candidate-actor").value = "Portuguese harbour authority"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert pilot.app.screen is screen
        await pilot.press("y")
        await settle(pilot)
        detail = ledger.item("lisbon-waits")
        assert detail.item.title == "Lisbon terminal waits under 2.5 days"
        assert detail.item.actors == ("Portuguese harbour authority",)
        assert detail.item.deadline is not None and str(detail.item.deadline.latest) == "2025-07-31"
        assert detail.source is not None and detail.source.id == screen.reading.source.id


async def test_a_refused_edit_is_explained_in_the_form(ledger: Any) -> None:
    async with make_app(ledger).run_test(size=(120, 35)) as pilot:
        await open_article(pilot, ARTICLE.read_text(encoding="utf-8"))
        await pilot.press("e")
        await settle(pilot)
        form = pilot.app.screen
        form.query_one("#candidate-key").value = "trade-pact"  # taken by the fixture ledger
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert pilot.app.screen is form
        assert "already used" in await shown(pilot, form.query_one("#candidate-error"), "already used")


async def test_the_same_article_again_opens_the_recorded_source(ledger: Any) -> None:
    text = ARTICLE.read_text(encoding="utf-8")
    async with make_app(ledger).run_test(size=(120, 35)) as pilot:
        first = await open_article(pilot, text)
        await pilot.press("y")
        await settle(pilot)
        await pilot.press("escape")
        second = await open_article(pilot, text, title="Same text, another title")
        assert second.reading.source.id == first.reading.source.id
        assert second.marks[0] == ACCEPTED  # already an item: shown as accepted
        assert "already recorded" in str(second.query_one("#article-head").render())
    assert len([s for s in ledger.sources() if s.text]) == 1


async def test_opens_from_an_item_detail(ledger: Any) -> None:
    async with make_app(ledger).run_test(size=(120, 35)) as pilot:
        screen = await open_article(pilot, ARTICLE.read_text(encoding="utf-8"))
        await pilot.press("y")
        await settle(pilot)
        key = ledger.source_items(screen.reading.source.id)[0].key
        await pilot.press("escape")
        await settle(pilot)
        from tui.screens.detail import DetailScreen

        pilot.app.push_screen(DetailScreen(ledger, key))
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        again = pilot.app.screen
        assert isinstance(again, ArticleScreen) and again.reading.source.id == screen.reading.source.id


async def test_bad_input_is_explained_in_the_form(ledger: Any, tmp_path: Path) -> None:
    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    async with make_app(ledger).run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        form = pilot.app.screen
        form.query_one("#article-text-input").text = str(binary)
        form.query_one("#article-title").value = "Scan"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert pilot.app.screen is form
        assert "binary" in await shown(pilot, form.query_one("#article-form-error"), "binary")
    assert not [s for s in ledger.sources() if s.title == "Scan"]


@pytest.mark.parametrize("size", [(80, 24), (120, 35)])
def test_article_screen_snapshot(snap_compare: Any, ledger: Any, size: tuple[int, int]) -> None:
    async def run(pilot: Any) -> None:
        await open_article(pilot, ARTICLE.read_text(encoding="utf-8"))
        await pilot.press("y")
        await settle(pilot)
        await pilot.press("right_square_bracket")
        pilot.app.clear_notifications()  # the "added" toast times out; the snapshot shows the screen itself
        await settle(pilot, repaint=True)

    assert snap_compare(make_app(ledger), terminal_size=size, run_before=run)


RUSSIAN = Path(__file__).parent.parent / "ledger" / "articles" / "ru_m24_instructions.txt"


async def test_a_russian_article(ledger: Any) -> None:
    async with make_app(ledger).run_test(size=(120, 35)) as pilot:
        text = RUSSIAN.read_text(encoding="utf-8")
        screen = await open_article(pilot, text, title="Поручения по итогам послания", published="2021-05-03")
        windows = {s.text: (str(s.deadline.earliest), s.direction) for s in screen.reading.spans}
        assert windows["до конца 2021 года"] == ("2021-12-31", "future")
        first = screen.candidates[0]
        assert first.actor.isascii() and first.key.isascii()
        await pilot.press("y")
        await settle(pilot)
        assert ledger.source_items(screen.reading.source.id)[0].key == first.key


async def test_mixed_scripts_are_refused_in_the_form(ledger: Any) -> None:
    async with make_app(ledger).run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        form = pilot.app.screen
        form.query_one("#article-text-input").text = "The ministry will report by June. Министерство доложит до июня."
        form.query_one("#article-title").value = "Mixed"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert pilot.app.screen is form
        assert "mixes scripts" in await shown(pilot, form.query_one("#article-form-error"), "mixes scripts")
    assert not [s for s in ledger.sources() if s.title == "Mixed"]


async def test_hostile_text_is_shown_verbatim_and_never_read_as_markup(ledger: Any) -> None:
    """Brackets and escape sequences in an article, its title and its candidates neither crash nor style."""
    text = "The board [/] will publish the [red]plan[/red] by April.\x1b]52;c;aGk=\x07 It said so [b on Monday."
    app = make_app(ledger)
    async with app.run_test(size=(120, 35)) as pilot:
        screen = await open_article(pilot, text, title="Budget vote [/] next week")
        rendered = str(screen.query_one(ArticleText).render())
        assert "[red]plan[/red]" in rendered and "\x1b" not in rendered and "\x07" not in rendered
        assert any("[/]" in (c.title or c.sentence) for c in screen.reading.candidates)
        await pilot.press("down")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ArticleScreen)
