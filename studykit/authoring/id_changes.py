"""Which edits of a deck start cards over: card ids compared with an older copy.

Card ids come from stable keys, but where an author left a key out, it is the text's words
(an indication's text, a free card's front). Fixing a typo there makes a new card, and
each student's progress stays with the old one. Compared with the deck as it was (`lint
--since OLD.yaml`), every new id that is a small edit of a vanished one is a warning that
names the key that keeps the card.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from studykit.content.cards import Card
from studykit.content.generate import GenerateOptions, generate_cards
from studykit.content.loader import LoadedDeck, read_deck
from studykit.errors import DeckError, Problem
from studykit.models import Zone
from studykit.models.deck import free_card_keys

SIMILAR_KEYS = 0.75
"""difflib ratio from which a new key counts as an edit of a vanished one."""


def restarted_cards(
    old_path: Path, linted: Sequence[LoadedDeck], loaded: Sequence[LoadedDeck]
) -> list[Problem]:
    """Warnings (at the edited text) for each card of the linted deck with the old copy's
    id whose id an edit changed since the copy at `old_path`, with the key that keeps it.

    Raises:
        DeckError: the old copy cannot be read, or none of `linted` has its deck id.
    """
    old, problems = read_deck(old_path)
    if old is None:
        raise DeckError(problems)
    deck = next((d for d in linted if d.id == old.id), None)
    if deck is None:
        names = ", ".join(f"'{d.id}'" for d in linted)
        raise DeckError([Problem(old_path, 1, 1, f"this is deck '{old.id}', not {names}")])
    context = [d.deck for d in loaded if d.id != deck.id]
    options = GenerateOptions(include_unverified=True)
    before = generate_cards([*context, old.deck], [old.id], options)
    cards = generate_cards([*context, deck.deck], [deck.id], options)
    now_ids = {card.id for card in cards}
    old_ids = {card.id for card in before}
    vanished: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)
    for card in before:
        if card.id not in now_ids:
            vanished[_group(card)][_key(card)] = card.id
    found: list[Problem] = []
    for card in cards:
        if card.id in old_ids:
            continue
        candidates = vanished.get(_group(card), {})
        close = difflib.get_close_matches(_key(card), list(candidates), n=1, cutoff=SIMILAR_KEYS)
        if not close:
            continue
        where, what = _place(deck, card)
        found.append(
            dataclasses.replace(
                deck.problem_at(
                    where,
                    f"this edit makes a new card '{card.id}': students' progress stays with "
                    f"'{candidates[close[0]]}'; to keep it, give {what} 'key: {close[0]}'",
                ),
                severity="warning",
            )
        )
    return found


def _group(card: Card) -> tuple[str, str]:
    """Cards that may be one edited card: a fact's cards of one kind of question, or the
    free cards of one direction."""
    if card.fact.startswith("card:"):
        return "card:", card.direction
    return card.fact, card.direction.partition(":")[0]


def _key(card: Card) -> str:
    """The part of the id an edit of the text changes."""
    if card.fact.startswith("card:"):
        return card.fact.removeprefix("card:")
    return card.direction.partition(":")[2] or card.direction


def _place(deck: LoadedDeck, card: Card) -> tuple[tuple[str | int, ...], str]:
    """Where the text the id comes from is written, and what to give the key to."""
    if card.fact.startswith("card:"):
        keys = free_card_keys(deck.deck.cards)
        index = keys.index(card.fact.removeprefix("card:"))
        return ("cards", index), "the card"
    for index, fact in enumerate(deck.deck.facts):
        if fact.id != card.fact:
            continue
        if isinstance(fact, Zone):
            for number, claim in enumerate(fact.indications):
                if claim.card_key() == _key(card):
                    return ("facts", index, "indications", number), "the indication"
        return ("facts", index), "the item"
    return ("facts",), "the item"


__all__ = ["restarted_cards"]
