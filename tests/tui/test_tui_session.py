"""The quiz as an Anki user expects it (issue 20): counts that go down, keys that always
work, any terminal size, maps without colour, suggestions that protect memory, browse.

Pilot drives the real app over a real store file; the clock is frozen, so every count
and interval below is exact.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.containers import VerticalScroll
from textual.widgets import Input, Static
from tui_support import DECK, NOW, AppFactory, make_cards, sync

from studykit.content.cards import Card
from studykit.study.scheduling import Rating
from studykit.study.store import Store
from studykit.tui.app import create_app
from studykit.tui.map_source import SOLID, MapSource
from studykit.tui.screens.review import ReviewScreen
from studykit.tui.session import Counts
from studykit.tui.widgets.card_list import CardList
from studykit.tui.widgets.head_map import CardFigure, HeadMap, MapOptions
from studykit.tui.widgets.key_bar import KeyBar
from studykit.tui.widgets.session_bar import SessionBar

TYPED, CHOICE, CLOZE, BASIC = (card.id for card in make_cards())
SIZES = {"small": (60, 15), "medium": (80, 24), "large": (160, 45)}


def bar(app: object) -> SessionBar:
    return app.screen.query_one(SessionBar)  # type: ignore[attr-defined, no-any-return]


def hint(app: object) -> str:
    return str(app.screen.query_one("#hint", Static).content)  # type: ignore[attr-defined]


def ratings(store: Store, card_id: str) -> list[Rating]:
    return [row.rating for row in store.history(card_id)]


# -- counts like Anki ---------------------------------------------------------------------


@sync
async def test_counts_go_down_as_cards_are_answered_and_the_bar_only_moves_forward(
    make_app: AppFactory, store: Store
) -> None:
    app = make_app()
    async with app.run_test(size=SIZES["medium"]) as pilot:
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert screen.counts == Counts(new=4, learning=0, review=0)
        seen = [screen.counts]
        progress = [bar(app).progress]
        # four new cards: Good on each; each leaves "new" and waits 10 minutes in
        # learning (shown ahead, as nothing else is due)
        for keys in (("m", "s", "6", "enter", "3"), ("2", "3"), ("space", "3"), ("space", "3")):
            await pilot.press(*keys)
            seen.append(screen.counts)
            progress.append(bar(app).progress)
        assert [c.new for c in seen] == [4, 3, 2, 1, 0]
        assert [c.learning for c in seen] == [0, 1, 2, 3, 4]
        # Good again: each graduates to review (days away): the learning count goes down
        for _ in range(4):
            await pilot.press("enter", "3")
            if screen.phase != "done":
                seen.append(screen.counts)
                progress.append(bar(app).progress)
        assert [c.learning for c in seen[5:]] == [3, 2, 1]
        assert progress == sorted(progress)  # never back
        assert progress[0] == 0.0
        await pilot.pause()
        assert app.screen.id == "summary"


@sync
async def test_undo_never_moves_the_bar_back(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZES["medium"]) as pilot:
        await pilot.press("enter", "3", "2", "3")
        before = bar(app).progress
        assert before > 0
        await pilot.press("u")
        assert app.screen.card.id == CHOICE
        assert app.screen.counts.new == 3  # the card is new again, and counted so
        assert bar(app).progress == before


# -- keys that always work ---------------------------------------------------------------


@sync
async def test_esc_in_the_answer_box_only_leaves_the_box(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZES["medium"]) as pilot:
        screen = app.screen
        assert screen.query_one("#typed", Input).has_focus
        assert "esc: leave the box" in hint(app)
        keys = screen.query_one(KeyBar)
        assert [(k.display, k.description) for k in keys.keys] == [
            ("esc", "Leave the box"),  # the session's single-letter keys are typed
            ("^p", "palette"),
        ]
        await pilot.press("escape")
        assert app.screen is screen
        assert screen.phase == "question"
        assert app.focused is None
        assert hint(app) == "enter: show the answer · ? keys"
        await pilot.pause()
        assert ("esc", "End") in [(k.display, k.description) for k in keys.keys]
        await pilot.press("escape")  # now it ends the session
        await pilot.pause()
        assert app.screen.id == "summary"


@sync
async def test_session_keys_work_again_once_a_typed_answer_is_checked(
    make_app: AppFactory, store: Store
) -> None:
    app = make_app()
    async with app.run_test(size=SIZES["medium"]) as pilot:
        screen = app.screen
        await pilot.press("m", "s", "6", "enter")  # checked: the box is done with
        assert screen.phase == "answer"
        assert screen.query_one("#typed", Input).value == "ms6"
        await pilot.press("s")  # suspend, not an "s" in the box
        assert screen.card.id == CHOICE
        assert store.queue([DECK], NOW)[0].card_id == CHOICE
        assert TYPED not in [e.card_id for e in store.queue([DECK], NOW)]


@sync
async def test_the_hint_line_has_one_form_on_every_kind_of_card(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZES["medium"]) as pilot:
        hints = {}
        await pilot.press("escape")
        for kind in ("typed", "choice", "cloze", "basic"):
            assert app.screen.card.kind == kind
            hints[kind] = hint(app)
            await pilot.press("space")
            hints[kind + " answer"] = hint(app)
            await pilot.press("3")
        assert (
            hints["typed"] == hints["cloze"] == hints["basic"] == "enter: show the answer · ? keys"
        )
        assert hints["choice"] == "1-4 pick · enter: show the answer · ? keys"
        for kind in ("typed", "choice", "cloze", "basic"):
            assert hints[kind + " answer"].startswith("1-4 rate · enter ")
            assert hints[kind + " answer"].endswith(" · ? keys")


@sync
async def test_h_goes_home_from_any_card(make_app: AppFactory, store: Store) -> None:
    app = make_app()
    async with app.run_test(size=SIZES["medium"]) as pilot:
        await pilot.press("enter", "3")  # answer the typed card; now a choice card
        await pilot.press("h")
        await pilot.pause()
        assert app.screen.id == "home"
        assert len(app.screen_stack) == 1
        await pilot.press("enter")  # and back into a session from the deck tree
        await pilot.pause()
        assert app.screen.id == "review"
    assert ratings(store, TYPED) == [Rating.GOOD]


@sync
async def test_ctrl_c_quits_at_once_even_in_the_answer_box(
    make_app: AppFactory, store: Store
) -> None:
    app = make_app()
    async with app.run_test(size=SIZES["medium"]) as pilot:
        await pilot.press("enter", "3")  # the typed card: Good, saved at once
        await pilot.press("2")  # the choice card: answer shown, not rated
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert not app.is_running
        assert app.return_code == 0
    app = make_app(chosen=[c for c in make_cards() if c.kind == "typed"])
    async with app.run_test(size=SIZES["medium"]) as pilot:
        assert app.screen.card.id == TYPED  # back from learning (shown ahead)
        assert app.screen.query_one("#typed", Input).has_focus
        await pilot.press("m", "ctrl+c")
        await pilot.pause()
        assert not app.is_running
    assert ratings(store, TYPED) == [Rating.GOOD]
    assert ratings(store, CHOICE) == []


@sync
async def test_the_command_palette_has_each_command_once_and_runs_them(
    make_app: AppFactory, store: Store
) -> None:
    app = make_app()
    async with app.run_test(size=SIZES["medium"]) as pilot:
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert len(titles) == len(set(titles)), titles
        for title in ("Undo", "Bury", "Suspend", "Browse cards", "Home", "Keys"):
            assert titles.count(title) == 1, title
        await pilot.press("escape")  # leave the answer box
        await pilot.press("ctrl+p")
        await pilot.press(*"bury", "enter")
        await pilot.pause()
        assert app.screen.id == "review"
        assert app.screen.card.id == CHOICE  # the typed card was buried
        home = [c.title for c in app.get_system_commands(app.screen)]
        assert "Undo" in home
        await pilot.press("ctrl+p")
        await pilot.press(*"home", "enter")
        await pilot.pause()
        assert app.screen.id == "home"
        at_home = [c.title for c in app.get_system_commands(app.screen)]
        assert "Undo" not in at_home  # only where there is an answer to take back
    assert [e.card_id for e in store.queue([DECK], NOW)][:1] == [CHOICE]


# -- any terminal size -------------------------------------------------------------------


def long_card() -> Card:
    note = " ".join(f"Note line {n} of a long explanation." for n in range(60))
    return Card(
        id=f"{DECK}/long/basic",
        deck=DECK,
        fact="long",
        direction="basic",
        kind="basic",
        front="A question with a long answer?",
        back="The answer.",
        extra=note + " THE END",
        source="[S1] WHO 1991",
    )


@sync
async def test_a_long_answer_scrolls_with_page_keys_and_j_k(store: Store) -> None:
    card = long_card()
    store.sync_cards([*make_cards(), card], NOW)
    app = create_app(store, [card], now=lambda: NOW, cursor_blink=False)
    async with app.run_test(size=SIZES["medium"]) as pilot:
        await pilot.press("space")
        scroll = app.screen.query_one("#card", VerticalScroll)
        assert scroll.max_scroll_y > 10
        await pilot.press("pagedown")
        first_page = scroll.scroll_y
        assert first_page > 5
        await pilot.press("j")
        assert scroll.scroll_y > first_page
        await pilot.press("k", "pageup")
        assert scroll.scroll_y == 0
        await pilot.press("end")  # the scroll area's own keys work as well
        await pilot.press(*["pagedown"] * 10)
        assert scroll.scroll_y == scroll.max_scroll_y


@pytest.mark.parametrize("size", list(SIZES.values()), ids=list(SIZES))
@sync
async def test_a_choice_cards_options_are_always_in_view(
    make_app: AppFactory, size: tuple[int, int]
) -> None:
    app = make_app(chosen=[c for c in make_cards() if c.kind == "choice"])
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = app.screen
        assert screen.has_class("compact") == (size[1] < 22)
        card = screen.query_one("#card", VerticalScroll)
        choices = screen.query_one("#choices", Static)
        assert card.scroll_y == 0
        assert choices.region.height == 4  # one line per option
        assert card.content_region.contains_region(choices.region), (card, choices)
        await pilot.press("2")
        assert card.content_region.contains_region(choices.region)


# -- maps: grow with the room, marked by shape, drawn alike at question and answer -------


@sync
async def test_maps_grow_with_the_terminal(tmp_path: Path) -> None:
    from test_tui_maps import card as builtin_card

    location = builtin_card("location")
    sizes = {}
    for name in ("medium", "large"):
        with Store.open(data_dir=tmp_path / name) as store:
            store.save_settings(replace(store.settings, timezone="UTC", enable_fuzzing=False))
            store.sync_cards([location], NOW)
            app = create_app(store, [location], now=lambda: NOW, cursor_blink=False)
            async with app.run_test(size=SIZES[name]) as pilot:
                await pilot.press("space")
                await pilot.pause()
                sizes[name] = app.screen.query_one(CardFigure).region.size
    (w1, h1), (w2, h2) = sizes["medium"], sizes["large"]
    assert w2 > w1 * 1.5
    assert h2 > h1 * 1.5


def test_the_zone_is_marked_by_shape_not_only_by_colour() -> None:
    maps = MapSource()
    drawn = maps.draw("scalp-standard-lines:ms6", 40, 16)
    solid = drawn.plain.count(SOLID)
    assert solid >= 8  # the zone is a band of full cells
    # the solid cells are the zone's (and only the zone's): in the colour styles too
    zone_style = {str(span.style) for span in drawn.spans if drawn.plain[span.start] == SOLID}
    assert zone_style == {"bold dark_orange"}
    other = maps.draw("scalp-standard-lines:ms1", 40, 16)
    assert other.plain != drawn.plain  # another zone, another band


@pytest.mark.parametrize("cards", [("zone-map",)], indirect=True, ids=["zone-map"])
@sync
async def test_option_maps_are_drawn_identically_at_question_and_answer(
    make_app: AppFactory, cards: list[Card]
) -> None:
    app = make_app(chosen=cards)
    async with app.run_test(size=SIZES["medium"]) as pilot:
        await pilot.pause()
        options = list(app.screen.query_one(MapOptions).query(HeadMap))

        def maps_only() -> list[str]:
            return [m.render().plain.split("\n", 1)[1] for m in options]  # type: ignore[union-attr]

        question = maps_only()
        sizes = [m.region.size for m in options]
        await pilot.press("1")
        await pilot.pause()
        assert maps_only() == question
        assert [m.region.size for m in options] == sizes


@pytest.fixture
def cards(request: pytest.FixtureRequest) -> list[Card]:
    """The four test cards, or (indirect) built-in MS6 cards of the named directions."""
    if not hasattr(request, "param"):
        return make_cards()
    from test_tui_maps import card as builtin_card

    return [builtin_card(direction) for direction in request.param]


# -- suggested ratings -------------------------------------------------------------------


@sync
async def test_a_quick_right_answer_suggests_good_never_easy_and_waits_for_a_key(
    make_app: AppFactory, store: Store
) -> None:
    app = make_app()
    async with app.run_test(size=SIZES["medium"]) as pilot:
        screen = app.screen
        await pilot.press("m", "s", "6", "enter")  # new card, right, at once
        assert screen.check is not None
        assert screen.check.correct
        assert screen.suggested == Rating.GOOD
        assert "enter Good (suggested)" in hint(app)
        await pilot.pause(0.2)
        assert ratings(store, TYPED) == []  # shown, not applied
        await pilot.press("1")  # the student's own key: Again
        await pilot.press("2", "1")  # choice: right, but rated Again
        await pilot.press("space", "4", "space", "4")
        # the failed cards come back (learning, failed today): right again, still Good
        for _ in range(2):
            if screen.card.kind == "typed":
                await pilot.press("m", "s", "6", "enter")
            else:
                await pilot.press("2")
            assert screen.suggested == Rating.GOOD
            await pilot.press("enter")
    assert ratings(store, TYPED) == [Rating.AGAIN, Rating.GOOD]
    assert ratings(store, CHOICE) == [Rating.AGAIN, Rating.GOOD]


# -- browse ------------------------------------------------------------------------------


def many_cards(count: int) -> list[Card]:
    return [
        Card(
            id=f"{DECK}/fact-{n}/basic",
            deck=DECK,
            fact=f"fact-{n}",
            direction="basic",
            kind="basic",
            front=f"Question number {n}: " + "a long question that needs the width " * 3,
            back=f"Answer {n}",
        )
        for n in range(count)
    ]


@sync
async def test_browse_lists_every_card_searches_and_counts_in_words(store: Store) -> None:
    cards = [*make_cards(), *many_cards(700)]
    store.sync_cards(cards, NOW)
    app = create_app(store, cards, now=lambda: NOW, start="home", cursor_blink=False)
    async with app.run_test(size=SIZES["large"]) as pilot:
        await pilot.press("b")
        results = app.screen.query_one(CardList)
        assert results.has_focus
        assert results.row_count == 704  # every card, no "first 300"
        assert results.border_title == "704 cards"
        await pilot.press("end")
        assert app.screen.current().id == f"{DECK}/fact-699/basic"
        detail = str(app.screen.query_one("#detail-text").content.renderables[0])
        assert f"{DECK}/fact-699/basic" in detail
        # virtual: the last row is drawn where it is scrolled to, the first is not
        last = results.render_line(results.scrollable_content_region.height - 1).text
        assert "Question number 699:" in last
        assert all("Question number 0:" not in results.render_line(y).text for y in range(40))
        await pilot.press("home", "down", "down")
        assert results.cursor_row == 2
        question, _, _ = results.column_widths()
        assert question >= 70  # the question column takes what is left
        await pilot.press("slash", *"fact-42/")
        assert results.row_count == 1
        assert results.border_title == "1 card"
        await pilot.press(*"x")
        assert results.border_title == "no card"
        assert "No card matches." in str(app.screen.query_one("#detail-text").content)


@sync
async def test_browse_question_column_fits_a_small_terminal(make_app: AppFactory) -> None:
    app = make_app(start="home")
    async with app.run_test(size=SIZES["small"]) as pilot:
        await pilot.press("b")
        await pilot.pause()
        results = app.screen.query_one(CardList)
        assert not app.screen.query_one("#detail").display  # the list takes the width
        question, _, _ = results.column_widths()
        assert question >= 25
        line = results.render_line(1).text
        assert len(line) == results.scrollable_content_region.width
        assert line.startswith(" International Standard: what is")


@sync
async def test_browse_rows_with_chinese_text_keep_their_columns(store: Store) -> None:
    """A Chinese character takes two cells: a row that counted it as one pushed its later
    columns, and the list's border, to the right."""
    cards = make_cards()
    cards[0] = replace(cards[0], front="顶颞前斜线 dǐng niè qián xié xiàn: what is its code?")
    store.sync_cards(cards, NOW)
    app = create_app(store, cards, now=lambda: NOW, start="home", cursor_blink=False)
    async with app.run_test(size=SIZES["medium"]) as pilot:
        await pilot.press("b")
        await pilot.pause()
        results = app.screen.query_one(CardList)
        width = results.scrollable_content_region.width
        header = results.render_line(0).text
        chinese = next(
            line
            for y in range(1, results.row_count + 1)
            if "顶颞" in (line := results.render_line(y).text)
        )
        assert cell_len(chinese) == width
        kind_column = cell_len(header[: header.index("Kind")])
        assert cell_len(chinese[: chinese.index("typed")]) == kind_column


def test_a_session_is_plain_python_over_the_store(store: Store) -> None:
    """The session a screen is handed works without Textual: the seam to the domain."""
    from studykit.tui.session import StudySession

    session = StudySession(store, make_cards(), clock=lambda: NOW)
    head = session.next_card([DECK])
    assert head.entry is not None
    assert head.entry.card_id == TYPED
    assert head.counts == Counts(4, 0, 0)
    result = session.answer(TYPED, Rating.GOOD, shown_at=NOW - timedelta(seconds=3), typed="x")
    assert result.interval == timedelta(minutes=10)
    assert store.history(TYPED)[0].duration_ms == 3000
    assert session.next_card([DECK]).counts == Counts(3, 1, 0)
    assert session.undo() == TYPED
    assert session.next_card([DECK]).counts == Counts(4, 0, 0)


def test_no_screen_or_widget_imports_the_app() -> None:
    """Attributes down, messages up: the screens ↔ app import cycle stays gone (imports
    under TYPE_CHECKING and inside functions count)."""
    import ast

    import studykit.tui

    package = Path(studykit.tui.__file__).parent
    importers = []
    for path in sorted(package.rglob("*.py")):
        if path.name == "app.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else []
            )
            if any(name == "studykit.tui.app" for name in names):
                importers.append(path.relative_to(package).as_posix())
    assert importers == []
    assert len(list(package.rglob("*.py"))) > 10  # the walk saw the package


@pytest.mark.parametrize("cards", [("zone-map",)], indirect=True, ids=["zone-map"])
@pytest.mark.parametrize("size", list(SIZES.values()), ids=list(SIZES))
@sync
async def test_all_four_option_maps_are_in_view(
    make_app: AppFactory, cards: list[Card], size: tuple[int, int]
) -> None:
    app = make_app(chosen=cards)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        card = app.screen.query_one("#card", VerticalScroll)
        options = list(app.screen.query_one(MapOptions).query(HeadMap))
        assert len(options) == 4
        for option in options:
            assert card.content_region.contains_region(option.region), (size, option.region)
            assert option.region.height >= 5  # a header and a map of four lines or more


def test_card_text_is_neutralised_for_the_terminal_when_read(store: Store) -> None:
    """Deck text is data: a control character never reaches the screen, and the cards
    are cleaned as they are read (not all at start-up)."""
    from studykit.tui.session import StudySession

    hostile = replace(make_cards()[3], front="Bell \x07 and escape \x1b[31m")
    session = StudySession(store, [*make_cards()[:3], hostile], clock=lambda: NOW)
    assert len(session.cards) == 4
    assert hostile.id in session.cards
    shown = session.cards[hostile.id]
    assert "\x07" not in shown.front
    assert "\x1b" not in shown.front
    assert session.cards.raw[hostile.id].front == hostile.front  # the data is kept as is
    assert session.cards[TYPED] is session.cards.raw[TYPED]  # nothing to clean: no copy
