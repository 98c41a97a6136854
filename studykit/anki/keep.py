"""Choice options that stay as the student first saw them in Anki.

Card generation draws a choice card's options by hashes (`content.makers.choices`), so
removing a fact changes only the cards that showed it. Adding a fact cannot be made
harmless that way: the newcomer ranks first on some cards. The lock file remembers the
options each choice note shipped with; a card whose fresh draw differs gets them back when

- every remembered option is still valid for it, by generation's own rules (still a
  candidate of the card's pools, not excluded as also right, not named by the question):
  the card is generated again with the remembered options offered (`GenerateOptions.keep`),
  and generation accepts them or draws afresh; and
- its note would then be exactly the note shipped last time (its own fact, text, sources
  and tags unchanged).

Otherwise the card keeps its new draw: an option that left the deck, or an edit of the
card's own fact, redraws that card only. Without a lock nothing is kept, so
`studykit cards --json` and the quiz keep the plain hash draw.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from studykit.anki.lock import LockEntry
from studykit.content.cards import Card

Redraw = Callable[[Mapping[str, tuple[str, ...]]], Sequence[Card]]
"""Generates the cards again with these remembered options offered, by card id."""
Unchanged = Callable[[Sequence[Card]], set[str]]
"""The ids of the cards whose notes would be exactly what their lock entries remember."""


def drawn_options(card: Card) -> tuple[str, ...] | None:
    """The options a choice card was drawn with, as the lock remembers them: the zone
    refs of a map choice (its options are only "Map A"…), else the option texts."""
    if card.kind != "choice" or not card.choices:
        return None
    if len(card.figure_choices) == len(card.choices):
        return card.figure_choices
    return card.choices


def remembered_options(
    cards: Sequence[Card], notes: Mapping[str, LockEntry]
) -> dict[str, tuple[str, ...]]:
    """The remembered options of the cards whose fresh draw differs from them."""
    wanted: dict[str, tuple[str, ...]] = {}
    for card in cards:
        entry = notes.get(card.id)
        if entry is None or entry.options is None or entry.withdrawn is not None:
            continue
        if entry.options != drawn_options(card):
            wanted[card.id] = entry.options
    return wanted


def keep_options(
    cards: Sequence[Card],
    notes: Mapping[str, LockEntry],
    redraw: Redraw,
    unchanged: Unchanged,
) -> tuple[list[Card], int]:
    """`cards`, with the remembered options put back where they are still valid and the
    note is otherwise unchanged (see the module's docstring); and how many were kept."""
    wanted = remembered_options(cards, notes)
    if not wanted:
        return list(cards), 0
    offered = [
        card
        for card in redraw(wanted)
        if card.id in wanted and drawn_options(card) == wanted[card.id]
    ]
    same = unchanged(offered)
    kept = {card.id: card for card in offered if card.id in same}
    return [kept.get(card.id, card) for card in cards], len(kept)


__all__ = ["drawn_options", "keep_options", "remembered_options"]
