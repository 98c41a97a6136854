"""Map cards: the head map as question or answer.

Called at the end of each deck's card generation. It decides only *which* zone maps a
card shows (zone refs in `Card.figure`, `figure_choices`, `answer_figure`); nothing is
drawn here, and whether a zone can be drawn is read from its definition alone
(`geometry.definition_for`), so generating 100,000 cards stays as fast as before.

Directions added per drawable zone whose location is settled (not disputed) and
teachable (not `unverified`, unless the student opts in):

* `map-zone`: the map with the zone highlighted, unlabelled → which zone is it?
  (choice; the distractors are other drawable zones of the same system);
* `zone-map`: the zone's name → which of up to four maps shows it? (choice of
  "Map A"…"Map D", one zone ref per option).

The `location` and `location-zone` cards of a drawable zone get its map as
`answer_figure`.

Distractors come from the zone's own deck: a deck's cards (their number and every map
they draw) then do not depend on which other decks happen to be loaded, and whoever
draws a card needs only the card's own deck.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from studykit.maps.geometry import Definition, definition_for
from studykit.models import Zone
from studykit.models.slugs import slug

if TYPE_CHECKING:
    from studykit.content.generate import _DeckGenerator

MAP_LETTERS = "ABCD"
ANSWER_FIGURE_DIRECTIONS = frozenset({"location", "location-zone"})


@dataclass(frozen=True, slots=True)
class _Drawn:
    """A drawable zone of the deck being generated."""

    ref: str
    zone: Zone
    definition: Definition
    settled: bool
    """Its location may be taught (not disputed; verified unless opted in)."""


def add_map_cards(generator: _DeckGenerator) -> None:
    """Add the map cards of `generator.deck` and mark its location cards' answer maps."""
    deck = generator.deck
    drawn: list[_Drawn] = []
    for fact in deck.facts:
        if isinstance(fact, Zone):
            ref = f"{deck.id}:{fact.id}"
            entry = definition_for(ref, fact)
            if entry is not None:
                settled = not fact.disputed("location") and generator.teachable(
                    fact.location.sources or fact.sources
                )
                drawn.append(_Drawn(ref, fact, entry.definition, settled))
    taught = {d.zone.id: d.ref for d in drawn if d.settled}
    if not taught:
        return
    cards = generator.cards
    for position, card in enumerate(cards):
        if card.direction in ANSWER_FIGURE_DIRECTIONS and card.fact in taught:
            cards[position] = replace(card, answer_figure=taught[card.fact])
    pools = _Pools(drawn)
    for one in drawn:
        if one.settled:
            titles, refs = pools.for_zone(one)
            _map_zone(generator, one, titles)
            _zone_map(generator, one, refs)


class _Pools:
    """Distractor pools per system, without the zones drawn exactly like the one asked
    (those are no wrong answer). Built once per deck and per group of look-alikes, so a
    deck of N drawable zones costs O(N)."""

    def __init__(self, drawn: list[_Drawn]) -> None:
        titles: dict[str, set[str]] = defaultdict(set)
        refs: dict[str, list[str]] = defaultdict(list)
        self.alike: dict[tuple[str, Definition], list[_Drawn]] = defaultdict(list)
        for one in drawn:
            titles[one.zone.system].add(one.zone.title())
            if one.settled:
                refs[one.zone.system].append(one.ref)
            self.alike[(one.zone.system, one.definition)].append(one)
        self.titles = {system: sorted(names) for system, names in titles.items()}
        self.refs = {system: sorted(found) for system, found in refs.items()}
        self._filtered: dict[tuple[str, Definition], tuple[list[str], list[str]]] = {}

    def for_zone(self, one: _Drawn) -> tuple[list[str], list[str]]:
        """Sorted names (of drawable zones) and refs (of settled ones) to draw the
        distractors of `one` from (`choice` leaves out the right answer itself)."""
        key = (one.zone.system, one.definition)
        titles, refs = self.titles[key[0]], self.refs.get(key[0], [])
        group = self.alike[key]
        if len(group) == 1:
            return titles, refs
        if key not in self._filtered:
            names = {other.zone.title() for other in group}
            drawn_alike = {other.ref for other in group}
            self._filtered[key] = (
                [title for title in titles if title not in names],
                [ref for ref in refs if ref not in drawn_alike],
            )
        return self._filtered[key]


def _add_choice(
    generator: _DeckGenerator,
    one: _Drawn,
    direction: str,
    front: str,
    right: str,
    choices: tuple[str, ...],
    **figures: object,
) -> None:
    """Add a map card (a choice) and put its map refs on it (`add` knows no figures)."""
    zone = one.zone
    tags: tuple[str, ...] = (f"system::{zone.system}", "map")
    if zone.location.region:
        tags = (*tags, f"region::{slug(zone.location.region)}")
    generator.add(
        zone,
        zone.id,
        direction,
        "choice",
        front,
        right,
        answers=[right],
        choices=choices,
        sources=zone.location.sources or zone.sources,
        tags=tags,
    )
    generator.cards[-1] = replace(generator.cards[-1], **figures)  # type: ignore[arg-type]


def _map_zone(generator: _DeckGenerator, one: _Drawn, pool: list[str]) -> None:
    """The highlighted map → the zone's name (distractors: names of the other maps)."""
    title = one.zone.title()
    choices = generator.choice(f"{one.ref}/map-zone", title, pool)
    if len(choices) >= 2:
        system = one.zone.system_title()
        front = f"Which {system} zone is highlighted on the map?"
        _add_choice(generator, one, "map-zone", front, title, choices, figure=one.ref)


def _zone_map(generator: _DeckGenerator, one: _Drawn, pool: list[str]) -> None:
    """The zone's name → which map shows it (distractors: maps of settled zones only,
    so no disputed location is drawn)."""
    refs = generator.choice(f"{one.ref}/zone-map", one.ref, pool)
    if len(refs) >= 2:
        options = tuple(f"Map {MAP_LETTERS[i]}" for i in range(len(refs)))
        right = options[refs.index(one.ref)]
        front = f"Which map shows {one.zone.title()} ({one.zone.system_title()})?"
        _add_choice(generator, one, "zone-map", front, right, options, figure_choices=refs)


__all__ = ["ANSWER_FIGURE_DIRECTIONS", "MAP_LETTERS", "add_map_cards"]
