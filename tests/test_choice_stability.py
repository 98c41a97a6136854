"""Stable options: removing a fact changes no other card, except those that had it as an
option (issue 17.3). Checked on the built-in decks, for every fact no other fact refers
to, on the cards' documented JSON; and the options are still drawn evenly."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator

import pytest

from studykit.content.cards import Card
from studykit.content.generate import generate_cards
from studykit.content.loader import load_decks
from studykit.content.makers import choices
from studykit.content.makers.choices import make_pool, pick_options
from studykit.content.makers.text import normal
from studykit.models import Condition, Deck, Microsystem, Zone, split_zone_ref


@pytest.fixture(scope="module")
def decks() -> list[Deck]:
    return [loaded.deck for loaded in load_decks([])]


def referenced(decks: list[Deck]) -> set[tuple[str, str]]:
    """(deck, zone) of every zone another fact refers to (its cards name it)."""
    refs: set[tuple[str, str]] = set()
    for deck in decks:
        for fact in deck.facts:
            links = fact.treated_by if isinstance(fact, Condition) else []
            if isinstance(fact, Zone):
                links = fact.corresponds_to
            refs.update(split_zone_ref(link.zone, deck.id) for link in links)
    return refs


def removable(decks: list[Deck]) -> Iterator[tuple[str, str]]:
    taken = referenced(decks)
    for deck in decks:
        for fact in deck.facts:
            if isinstance(fact, Zone | Microsystem) and (deck.id, fact.id) not in taken:
                yield deck.id, fact.id


def without(decks: list[Deck], deck_id: str, fact_id: str) -> list[Deck]:
    return [
        deck.model_copy(update={"facts": [f for f in deck.facts if f.id != fact_id]})
        if deck.id == deck_id
        else deck
        for deck in decks
    ]


def as_json(cards: list[Card]) -> dict[str, str]:
    return {card.id: json.dumps(card.to_json(), ensure_ascii=False) for card in cards}


def test_removing_a_fact_changes_only_its_cards_and_those_it_was_an_option_of(
    decks: list[Deck],
) -> None:
    before_cards = generate_cards(decks)
    before = as_json(before_cards)
    checked = 0
    for deck_id, fact_id in removable(decks):
        fact = next(f for d in decks if d.id == deck_id for f in d.facts if f.id == fact_id)
        name = fact.title() if isinstance(fact, Zone) else fact.names.english
        ref = f"{deck_id}:{fact_id}"
        had_it = {
            card.id for card in before_cards if name in card.choices or ref in card.figure_choices
        }
        after = as_json(generate_cards(without(decks, deck_id, fact_id)))
        changed = {
            card_id for card_id in before.keys() & after.keys() if before[card_id] != after[card_id]
        }
        others = {c for c in changed if not c.startswith(f"{deck_id}/{fact_id}/")} - had_it
        assert others == set(), f"removing {ref} changed {sorted(others)}"
        # its own cards are gone, and map cards left with a single option; no other
        gone = before.keys() - after.keys() - had_it
        assert all(c.startswith(f"{deck_id}/{fact_id}/") for c in gone), sorted(gone)
        checked += 1
    assert checked >= 20  # most zones and every microsystem were tried


def options(cards: list[Card]) -> dict[str, tuple[object, ...]]:
    return {c.id: (c.choices, c.figure_choices, c.back) for c in cards if c.kind == "choice"}


def test_a_cards_options_do_not_depend_on_the_order_of_the_facts(decks: list[Deck]) -> None:
    before = options(generate_cards(decks))
    shuffled = [deck.model_copy(update={"facts": list(reversed(deck.facts))}) for deck in decks]
    assert options(generate_cards(shuffled)) == before


def test_every_candidate_is_about_as_likely_to_be_offered() -> None:
    """A small pool (the size of a system's zones): over many cards, each candidate is
    offered within 15 % of an even share."""
    items = [f"Zone number {i}" for i in range(14)]
    pool = make_pool(items)
    offered: Counter[str] = Counter()
    cards = 6000
    for number in range(cards):
        right = items[number % len(items)]
        options = pick_options(f"deck/fact-{number}/location-zone", right, [pool], normal)
        assert len(options) == 4
        assert right in options
        offered.update(o for o in options if o != right)
    even = cards * 3 / len(items)
    assert all(0.85 * even <= offered[item] <= 1.15 * even for item in items), offered


def test_the_right_answer_takes_every_place_alike() -> None:
    items = [f"Zone number {i}" for i in range(14)]
    pool = make_pool(items)
    places = Counter(
        pick_options(f"deck/fact-{n}/x", items[0], [pool], normal).index(items[0])
        for n in range(4000)
    )
    assert all(850 <= places[place] <= 1150 for place in range(4)), places


@pytest.mark.parametrize("size", [5, 40, 300])
def test_sparse_and_dense_pools_read_slots_in_the_same_order(
    size: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    pool = make_pool(f"Candidate {i}" for i in range(size))
    sorted_order = list(pool.in_order(123456789))
    monkeypatch.setattr(choices, "SPARSE", 0)  # every pool walks the slots
    assert list(pool.in_order(123456789)) == sorted_order
    assert sorted(pool.items[i] for i in sorted_order) == sorted(pool.items)
