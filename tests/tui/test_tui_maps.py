"""Head maps in the quiz: map cards show their maps, are answered with the keys, and the
store records the answer; location cards and the browse screen show the zone's map.

The cards are generated from the built-in decks (MS6 of the international standard), so
these tests draw real maps. Snapshots at 80x24 are at the end.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from typing import Any

import pytest
from textual.widgets import Static
from tui_support import AppFactory, make_cards, sync

from studykit.content.cards import Card
from studykit.content.generate import generate_cards
from studykit.content.loader import load_decks
from studykit.study.scheduling import Rating
from studykit.study.store import Store
from studykit.tui.widgets.head_map import CardFigure, HeadMap, MapOptions

SIZE = (80, 24)
MS6 = "scalp-standard-lines/ms6"
REF = "scalp-standard-lines:ms6"
BRAILLE = {chr(c) for c in range(0x2801, 0x2900)}


@cache
def builtin_cards() -> tuple[Card, ...]:
    return tuple(generate_cards([loaded.deck for loaded in load_decks([])]))


def card(direction: str) -> Card:
    return next(c for c in builtin_cards() if c.id == f"{MS6}/{direction}")


@pytest.fixture
def cards(request: pytest.FixtureRequest) -> list[Card]:
    """MS6's cards in the directions a test names with `only(...)` (default: map-zone,
    zone-map, location, code-name). Overrides conftest's; its store holds just these, as
    the store introduces one new card of a fact per day."""
    directions = getattr(request, "param", ("map-zone", "zone-map", "location", "code-name"))
    return [card(d) for d in directions]


def only(*directions: str) -> pytest.MarkDecorator:
    return pytest.mark.parametrize("cards", [directions], indirect=True, ids=["-".join(directions)])


def drawn(widget: HeadMap) -> str:
    """What a map widget shows, as plain text."""
    return widget.render().plain  # type: ignore[union-attr]


def braille_dots(text: str) -> int:
    return sum(char in BRAILLE for char in text)


@only("map-zone")
@sync
async def test_map_zone_card_shows_the_unlabelled_map_and_is_answered(
    make_app: AppFactory, store: Store
) -> None:
    question = card("map-zone")
    app = make_app(chosen=[question])
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        figure = screen.query_one(CardFigure)
        assert figure.display
        assert (figure.ref, figure.labels) == (REF, False)
        picture = drawn(figure)
        assert braille_dots(picture) > 100
        assert "MS6" not in picture
        assert "GB6" not in picture  # no landmark names on the question side
        assert not screen.query_one(MapOptions).display
        assert screen.query_one("#choices", Static).display

        right = question.choices.index(question.back) + 1
        await pilot.press(str(right))
        assert screen.phase == "answer"
        assert screen.suggested == Rating.GOOD
        assert figure.labels  # the answer side names the landmarks
        assert "GB6" in drawn(figure)
        await pilot.press("enter")
    (row,) = store.history(question.id)
    assert (row.rating, row.typed_answer) == (Rating.GOOD, question.back)


@only("code-name")
@sync
async def test_a_card_without_a_map_mounts_no_map_widgets(make_app: AppFactory) -> None:
    """The maps are mounted with the first card that has one: a session of cards without
    maps never styles or lays them out (the first card comes sooner)."""
    app = make_app(chosen=[card("code-name")])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")  # the answer side has no map either
        screen = app.screen
        assert screen.phase == "answer"
        assert not screen.query(CardFigure)
        assert not screen.query(MapOptions)


@only("zone-map")
@sync
async def test_zone_map_card_shows_four_option_maps_and_marks_the_pick(
    make_app: AppFactory, store: Store
) -> None:
    question = card("zone-map")
    right = question.choices.index(question.back) + 1
    wrong = 1 if right != 1 else 2
    app = make_app(chosen=[question])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()  # the maps are mounted with the first card that has one
        screen = app.screen
        options = screen.query_one(MapOptions)
        assert options.display
        assert not options.has_class("two-by-two")  # four in a row fit at 80 columns
        maps = list(options.query(HeadMap))
        assert [m.ref for m in maps] == list(question.figure_choices)
        pictures = [drawn(m) for m in maps]
        for number, (picture, m) in enumerate(zip(pictures, maps, strict=True), start=1):
            assert picture.startswith(f" {number}    Map {'ABCD'[number - 1]}")
            assert braille_dots(picture) > 30
            assert not m.labels
            assert m.region.height >= 8  # each map gets most of the card's height
        assert len(set(pictures)) == 4  # four different drawings
        assert not screen.query_one(CardFigure).display
        assert not screen.query_one("#choices", Static).display  # the maps are the options

        await pilot.press(str(wrong))
        assert screen.suggested == Rating.AGAIN
        assert drawn(maps[wrong - 1]).startswith(f" {wrong}  ✗ ")
        assert drawn(maps[right - 1]).startswith(f" {right}  ✓ ")
        await pilot.press("enter")
    (row,) = store.history(question.id)
    assert (row.rating, row.typed_answer) == (Rating.AGAIN, question.choices[wrong - 1])


@only("zone-map")
@sync
async def test_zone_map_options_go_two_by_two_on_a_narrow_screen(make_app: AppFactory) -> None:
    app = make_app(chosen=[card("zone-map")])
    async with app.run_test(size=(60, 30)) as pilot:
        await pilot.pause()
        options = app.screen.query_one(MapOptions)
        assert options.has_class("two-by-two")
        for m in options.query(HeadMap):
            assert m.region.width >= 20
            assert braille_dots(drawn(m)) > 30


@only("location")
@sync
async def test_location_card_shows_the_map_with_the_answer(make_app: AppFactory) -> None:
    location = card("location")
    assert location.answer_figure == REF
    app = make_app(chosen=[location])
    async with app.run_test(size=SIZE) as pilot:
        figure = app.screen.query_one(CardFigure)
        assert not figure.display  # the question does not give the place away
        await pilot.press("space")
        assert figure.display
        assert (figure.ref, figure.labels) == (REF, True)
        assert figure.region.height == 16  # beside the text, in half the card's width
        assert 30 <= figure.region.width <= 40
        assert braille_dots(drawn(figure)) > 100


@sync
async def test_browse_shows_the_map_of_a_zone_card(make_app: AppFactory) -> None:
    app = make_app(start="home")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("b")
        detail = app.screen.query_one("#detail-map", HeadMap)
        await pilot.press("slash", *"location", "enter")
        assert detail.display
        assert detail.ref == REF
        assert braille_dots(drawn(detail)) > 50
        await pilot.press("ctrl+a")
        app.screen.query_one("#search").value = "code-name"  # type: ignore[attr-defined]
        await pilot.pause()
        assert not detail.display  # a card with no place to show


@only("map-zone")
@sync
async def test_a_map_the_decks_cannot_draw_says_so(make_app: AppFactory) -> None:
    broken = replace(card("map-zone"), figure="no-such-deck:no-zone")
    app = make_app(chosen=[broken])
    async with app.run_test(size=SIZE):
        figure = app.screen.query_one(CardFigure)
        assert drawn(figure) == "(no map)"


@sync
async def test_cards_without_maps_never_load_the_maps(store: Store) -> None:
    from tui_support import NOW

    from studykit.tui.app import create_app

    plain = make_cards()
    store.sync_cards(plain, NOW)
    app = create_app(store, plain, now=lambda: NOW, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space")
        await app.workers.wait_for_complete()
    assert app.session.maps._atlas is None


# -- snapshots at 60x15, 80x24, 160x45 ------------------------------------------------


@only("map-zone")
def test_map_zone_question(
    make_app: AppFactory, snap_compare: Any, snap_size: tuple[int, int]
) -> None:
    assert snap_compare(make_app(chosen=[card("map-zone")]), terminal_size=snap_size)


@only("zone-map")
def test_zone_map_picked(
    make_app: AppFactory, snap_compare: Any, snap_size: tuple[int, int]
) -> None:
    question = card("zone-map")
    right = str(question.choices.index(question.back) + 1)
    assert snap_compare(make_app(chosen=[question]), press=[right], terminal_size=snap_size)


@only("location")
def test_location_revealed(
    make_app: AppFactory, snap_compare: Any, snap_size: tuple[int, int]
) -> None:
    assert snap_compare(
        make_app(chosen=[card("location")]), press=["space"], terminal_size=snap_size
    )


def test_browse_location(
    make_app: AppFactory, snap_compare: Any, snap_size: tuple[int, int]
) -> None:
    keys = ["b", "slash", *"location", "enter"]
    assert snap_compare(make_app(start="home"), press=keys, terminal_size=snap_size)
