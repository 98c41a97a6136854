"""Map cards (`map-zone`, `zone-map`) and the maps on location cards, from real decks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from studykit.content.cards import Card
from studykit.content.generate import GenerateOptions, generate_cards
from studykit.content.loader import load_decks
from studykit.content.makers.wording import kind_of
from studykit.maps import atlas_for, render_text
from studykit.maps.atlas import Atlas
from studykit.models import Deck, Zone, best_confidence

MAP_DIRECTIONS = ("map-zone", "zone-map")


@pytest.fixture(scope="module")
def decks() -> list[Deck]:
    return [loaded.deck for loaded in load_decks([])]


@pytest.fixture(scope="module")
def atlas(decks: list[Deck]) -> Atlas:
    return atlas_for(decks)


@pytest.fixture(scope="module")
def cards(decks: list[Deck]) -> list[Card]:
    return generate_cards(decks)


def zones(decks: list[Deck]) -> dict[str, Zone]:
    return {f"{d.id}:{f.id}": f for d in decks for f in d.facts if isinstance(f, Zone)}


def settled(zone: Zone, include_unverified: bool = False) -> bool:
    verified = best_confidence(zone.location.sources or zone.sources) != "unverified"
    return not zone.disputed("location") and (include_unverified or verified)


def maps_of(card: Card) -> set[str]:
    return {r for r in (card.figure, card.answer_figure, *card.figure_choices) if r}


def by_direction(cards: list[Card], direction: str) -> dict[str, Card]:
    return {f"{c.deck}:{c.fact}": c for c in cards if c.direction == direction}


def test_every_settled_drawable_zone_gets_both_map_cards(
    decks: list[Deck], atlas: Atlas, cards: list[Card]
) -> None:
    all_zones = zones(decks)
    drawable = atlas.drawable()
    expected = {ref for ref in drawable if settled(all_zones[ref])}
    assert len(expected) >= 20
    assert set(by_direction(cards, "map-zone")) == expected
    # "which map shows ...": the options are maps drawn in the answer's view, so only
    # zones with a settled zone of their system and kind (line, area, ...) drawn in the
    # same view (and not drawn alike)
    views = {ref: atlas.best_view([ref]) for ref in expected}
    with_peer = {
        ref
        for ref in expected
        if any(
            other != ref
            and views[other] == views[ref]
            and all_zones[other].system == all_zones[ref].system
            and kind_of(all_zones[other]) == kind_of(all_zones[ref])
            and atlas.shape(other) != atlas.shape(ref)
            for other in expected
        )
    }
    assert len(with_peer) >= 20
    assert set(by_direction(cards, "zone-map")) == with_peer


def test_disputed_or_unverified_locations_get_no_map_cards(decks: list[Deck], atlas: Atlas) -> None:
    # The built-in motor area's location dispute has a prevailing textbook side; weighed as
    # if no source had a kind (comparable weights) it stays open, as a user's deck may.
    decks = [deck.model_copy(deep=True) for deck in decks]
    for deck in decks:
        for fact in deck.facts:
            if (deck.id, fact.id) == ("jiao-scalp-areas", "motor"):
                for conflict in fact.conflicts:
                    conflict.weigh(lambda source: None)
    cards = generate_cards(decks)
    all_zones = zones(decks)
    disputed = {ref for ref in atlas.drawable() if all_zones[ref].disputed("location")}
    unverified = {
        ref
        for ref in atlas.drawable()
        if not all_zones[ref].disputed("location") and not settled(all_zones[ref])
    }
    assert "jiao-scalp-areas:motor" in disputed  # the built-in decks have both kinds
    assert unverified
    drawn = {ref for c in cards for ref in (c.figure, c.answer_figure, *c.figure_choices) if ref}
    assert not drawn & (disputed | unverified)

    opted_in = generate_cards(decks, options=GenerateOptions(include_unverified=True))
    assert set(by_direction(opted_in, "map-zone")) >= unverified
    assert not set(by_direction(opted_in, "map-zone")) & disputed


def test_map_zone_shows_the_map_and_offers_names_of_the_same_system(
    decks: list[Deck], atlas: Atlas, cards: list[Card]
) -> None:
    all_zones = zones(decks)
    for ref, card in by_direction(cards, "map-zone").items():
        zone = all_zones[ref]
        assert card.kind == "choice"
        assert card.figure == ref
        assert card.figure_choices == ()
        assert card.answers == (zone.title(),) == (card.back,)
        assert card.back in card.choices
        assert len(set(card.choices)) == len(card.choices) >= 2
        peers = {
            all_zones[other].title()
            for other in atlas.drawable(zone.system)
            if other.split(":")[0] == card.deck
        }
        assert set(card.choices) <= peers, ref
        assert zone.names.english not in card.front  # the question does not give it away
        assert not zone.code or zone.code not in card.front


def test_zone_map_offers_one_drawable_map_per_option(
    decks: list[Deck], atlas: Atlas, cards: list[Card]
) -> None:
    all_zones = zones(decks)
    for ref, card in by_direction(cards, "zone-map").items():
        zone = all_zones[ref]
        assert card.kind == "choice"
        assert card.figure is None
        assert len(card.figure_choices) == len(card.choices) >= 2
        assert card.choices == tuple(f"Map {x}" for x in "ABCD"[: len(card.choices)])
        right = card.choices.index(card.answers[0])
        assert card.back == card.answers[0]
        assert card.figure_choices[right] == ref
        assert len(set(card.figure_choices)) == len(card.figure_choices)
        for other in card.figure_choices:
            assert atlas.has_map(other)
            assert all_zones[other].system == zone.system
            assert settled(all_zones[other])  # no disputed location is drawn
        assert zone.title() in card.front


def test_location_cards_of_drawable_zones_carry_their_map(
    decks: list[Deck], atlas: Atlas, cards: list[Card]
) -> None:
    drawable = set(atlas.drawable())
    located = [c for c in cards if c.direction in ("location", "location-zone")]
    with_map = {f"{c.deck}:{c.fact}" for c in located if c.answer_figure}
    assert with_map == {f"{c.deck}:{c.fact}" for c in located} & drawable
    for card in located:
        assert card.answer_figure in (None, f"{card.deck}:{card.fact}")
        assert card.figure is None
    others = [c for c in cards if c.direction not in ("location", "location-zone", "zone-map")]
    assert all(c.answer_figure is None for c in others)


def test_every_ref_on_a_card_can_be_drawn(cards: list[Card]) -> None:
    refs = {r for c in cards for r in (c.figure, c.answer_figure, *c.figure_choices) if r}
    for ref in refs:
        lines = render_text(ref, 20, 8)
        assert len(lines) == 8
        assert any(line.strip() for line in lines)


def test_map_cards_do_not_depend_on_other_loaded_decks(decks: list[Deck]) -> None:
    def maps(cards: list[Card]) -> list[tuple[object, ...]]:
        return [
            (c.id, c.figure, c.figure_choices, c.answer_figure)
            + ((c.choices, c.back) if c.direction in MAP_DIRECTIONS else ())
            for c in cards
            if c.deck == "scalp-standard-lines"
            and (c.figure or c.figure_choices or c.answer_figure)
        ]

    alone = [d for d in decks if d.id == "scalp-standard-lines"]
    assert maps(generate_cards(decks)) == maps(generate_cards(alone))
    assert len(maps(generate_cards(alone))) >= 30


LOOK_ALIKES = """\
id: look-alikes
title: Two names for one line
version: "1"
references:
  S1: {citation: "Test source"}
facts:
  - kind: zone
    id: first
    system: international
    names: {english: First name}
    location:
      description: On the midline
      start: {code: GV20}
      end: {code: GV21}
    sources: [{ref: S1, confidence: two-sources}]
  - kind: zone
    id: second
    system: international
    names: {english: Second name}
    location:
      description: On the midline too
      start: {code: GV20}
      end: {code: GV21}
    sources: [{ref: S1, confidence: two-sources}]
  - kind: zone
    id: third
    system: international
    names: {english: Third name}
    location:
      description: Forward from the vertex
      start: {code: GV20}
      end: {code: GV24}
    sources: [{ref: S1, confidence: two-sources}]
  - kind: zone
    id: a-point
    system: international
    names: {english: Starts and ends at one point}
    location:
      description: At the vertex
      start: {code: GV20}
      end: {code: GV20}
    sources: [{ref: S1, confidence: two-sources}]
  - kind: zone
    id: nowhere
    system: international
    names: {english: Not drawable}
    location:
      description: Somewhere unknown to the head model
      start: {code: XX1}
      end: {code: XX2}
    sources: [{ref: S1, confidence: two-sources}]
"""


def test_zones_drawn_the_same_are_never_each_others_distractors(tmp_path: Path) -> None:
    path = tmp_path / "look-alikes.yaml"
    path.write_text(LOOK_ALIKES, encoding="utf-8")
    decks = [loaded.deck for loaded in load_decks([path], with_builtins=False)]
    cards = generate_cards(decks)
    map_zone = by_direction(cards, "map-zone")
    zone_map = by_direction(cards, "zone-map")
    assert (
        set(map_zone)
        == set(zone_map)
        == {
            "look-alikes:first",
            "look-alikes:second",
            "look-alikes:third",
        }
    )
    assert set(map_zone["look-alikes:first"].choices) == {"First name", "Third name"}
    assert set(zone_map["look-alikes:second"].figure_choices) == {
        "look-alikes:second",
        "look-alikes:third",
    }
    for undrawable in ("nowhere", "a-point"):
        assert not any(c.fact == undrawable and maps_of(c) for c in cards)
        assert any(c.fact == undrawable for c in cards)  # its other cards are made


def test_generation_draws_nothing(tmp_path: Path) -> None:
    """Generating cards decides which maps to draw (and in which view, so that option
    maps share one) but imports no renderer."""
    script = (
        "import sys\n"
        "from studykit.content.loader import load_decks\n"
        "from studykit.content.generate import generate_cards\n"
        "cards = generate_cards([d.deck for d in load_decks([])])\n"
        "assert any(c.figure for c in cards)\n"
        "print(sorted(m for m in sys.modules if m.startswith('studykit.maps')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert json.loads(done.stdout.replace("'", '"')) == [
        "studykit.maps",
        "studykit.maps.geometry",
        "studykit.maps.head",
        "studykit.maps.landmarks",
        "studykit.maps.views",
    ]


def test_json_form_gains_the_map_keys_and_round_trips(cards: list[Card]) -> None:
    for direction in ("map-zone", "zone-map", "location"):
        card = next(c for c in cards if c.direction == direction)
        data = json.loads(json.dumps(card.to_json()))
        assert {"figure", "figure_choices", "answer_figure"} <= set(data)
        assert Card.from_json(data) == card
    old = {k: v for k, v in cards[0].to_json().items() if "figure" not in k}
    assert Card.from_json(old).figure_choices == ()  # a cache from before the maps
