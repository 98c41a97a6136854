"""Facts → cards, in several directions per fact.

Rules that protect students: a part of a fact that sources dispute is never taught as
settled (a card teaches the dispute instead), and `unverified` parts make no card unless
the student opts in. The cards themselves are made by the card makers in
`studykit.content.makers`, one module per family of directions; this module runs them
in a fixed order.
"""

from __future__ import annotations

from collections.abc import Sequence

from studykit.content.cards import Card
from studykit.content.gcpause import gc_paused
from studykit.content.makers.conditions import condition_cards, zone_condition_cards
from studykit.content.makers.conflicts import conflict_cards
from studykit.content.makers.context import DeckContext, GenerateOptions
from studykit.content.makers.divisions import division_cards
from studykit.content.makers.free_cards import free_cards
from studykit.content.makers.index import FactIndex
from studykit.content.makers.indications import indication_cards
from studykit.content.makers.location import correspondence_cards, location_cards
from studykit.content.makers.maps import map_cards
from studykit.content.makers.microsystems import microsystem_cards
from studykit.content.makers.names import name_cards
from studykit.models import Condition, Deck, Microsystem, Zone
from studykit.models.deck import free_card_keys

ZONE_MAKERS = (
    name_cards,
    location_cards,
    indication_cards,
    division_cards,
    correspondence_cards,
)
"""The makers of a zone's cards, in the order its cards are listed."""


def deck_cards(ctx: DeckContext) -> list[Card]:
    """The cards of `ctx.deck`: each fact's, then the deck-wide ones."""
    deck = ctx.deck
    cards: list[Card] = []
    for fact in deck.facts:
        if isinstance(fact, Zone):
            for make in ZONE_MAKERS:
                cards += make(fact, ctx)
        elif isinstance(fact, Condition):
            cards += condition_cards(fact, ctx)
        elif isinstance(fact, Microsystem):
            cards += microsystem_cards(fact, ctx)
        cards += conflict_cards(fact, ctx)
    cards += zone_condition_cards(ctx)
    for free, key in zip(deck.cards, free_card_keys(deck.cards), strict=True):
        cards += free_cards(free, key, ctx)
    cards += map_cards(ctx)
    return cards


def generate_cards(
    decks: Sequence[Deck],
    only: Sequence[str] | None = None,
    options: GenerateOptions | None = None,
) -> list[Card]:
    """Cards of the decks named in `only` (default: all), with references resolved
    against every deck in `decks`."""
    options = options or GenerateOptions()
    index = FactIndex(decks)
    wanted = set(only) if only is not None else None
    cards: list[Card] = []
    with gc_paused():
        for deck in decks:
            if wanted is None or deck.id in wanted:
                cards.extend(deck_cards(DeckContext(deck, index, options)))
    return cards


__all__ = ["GenerateOptions", "generate_cards"]
