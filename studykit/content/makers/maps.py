"""Map cards: the head map as question or answer.

It decides only *which* zone maps a card shows (zone refs in `Card.figure`,
`figure_choices`, `answer_figure`); nothing is drawn here, and whether a zone can be
drawn is read from its definition alone (`geometry.definition_for`, via
`DeckContext.drawn_zones`), so generating 100,000 cards stays as fast as before.

Directions made per drawable zone whose location is settled (not disputed) and
teachable (not `unverified`, unless the student opts in):

* `map-zone`: the map with the zone highlighted, unlabelled → which zone is it?
  (choice; the distractors are other drawable zones of the same system);
* `zone-map`: the zone's name → which of up to four maps shows it? (choice of
  "Map A"…"Map D", one zone ref per option).

The `location` and `location-zone` cards of a drawable zone get its map as
`answer_figure` (see `studykit.content.makers.location`).

Distractors come from the zone's own deck: a deck's cards (their number and every map
they draw) then do not depend on which other decks happen to be loaded, and whoever
draws a card needs only the card's own deck.
"""

from __future__ import annotations

from collections import defaultdict

from studykit.content.cards import Card
from studykit.content.makers.context import DeckContext, DrawnZone
from studykit.maps.geometry import Definition
from studykit.models import SYSTEM_TITLES
from studykit.models.slugs import slug

MAP_LETTERS = "ABCD"


def map_cards(ctx: DeckContext) -> list[Card]:
    """The `map-zone` and `zone-map` cards of the deck's drawable, settled zones."""
    drawn = ctx.drawn_zones()
    if not any(d.settled for d in drawn):
        return []
    pools = _Pools(drawn)
    cards: list[Card] = []
    for one in drawn:
        if one.settled:
            titles, refs = pools.for_zone(one)
            cards.extend(_map_zone(ctx, one, titles))
            cards.extend(_zone_map(ctx, one, refs))
    return cards


class _Pools:
    """Distractor pools per system, without the zones drawn exactly like the one asked
    (those are no wrong answer). Built once per deck and per group of look-alikes, so a
    deck of N drawable zones costs O(N)."""

    def __init__(self, drawn: list[DrawnZone]) -> None:
        titles: dict[str, set[str]] = defaultdict(set)
        refs: dict[str, list[str]] = defaultdict(list)
        self.alike: dict[tuple[str, Definition], list[DrawnZone]] = defaultdict(list)
        for one in drawn:
            titles[one.zone.system].add(one.zone.title())
            if one.settled:
                refs[one.zone.system].append(one.ref)
            self.alike[(one.zone.system, one.definition)].append(one)
        self.titles = {system: sorted(names) for system, names in titles.items()}
        self.refs = {system: sorted(found) for system, found in refs.items()}
        self._filtered: dict[tuple[str, Definition], tuple[list[str], list[str]]] = {}

    def for_zone(self, one: DrawnZone) -> tuple[list[str], list[str]]:
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


def _choice_card(
    ctx: DeckContext,
    one: DrawnZone,
    direction: str,
    front: str,
    right: str,
    choices: tuple[str, ...],
    *,
    figure: str | None = None,
    figure_choices: tuple[str, ...] = (),
) -> Card:
    """A map card (a choice) with its map refs."""
    zone = one.zone
    tags: tuple[str, ...] = (f"system::{zone.system}", "map")
    if zone.location.region:
        tags = (*tags, f"region::{slug(zone.location.region)}")
    return ctx.card(
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
        figure=figure,
        figure_choices=figure_choices,
    )


def _map_zone(ctx: DeckContext, one: DrawnZone, pool: list[str]) -> list[Card]:
    """The highlighted map → the zone's name (distractors: names of the other maps)."""
    title = one.zone.title()
    choices = ctx.choice(f"{one.ref}/map-zone", title, pool)
    if len(choices) < 2:
        return []
    system = SYSTEM_TITLES[one.zone.system]
    front = f"Which {system} zone is highlighted on the map?"
    return [_choice_card(ctx, one, "map-zone", front, title, choices, figure=one.ref)]


def _zone_map(ctx: DeckContext, one: DrawnZone, pool: list[str]) -> list[Card]:
    """The zone's name → which map shows it (distractors: maps of settled zones only,
    so no disputed location is drawn)."""
    refs = ctx.choice(f"{one.ref}/zone-map", one.ref, pool)
    if len(refs) < 2:
        return []
    options = tuple(f"Map {MAP_LETTERS[i]}" for i in range(len(refs)))
    right = options[refs.index(one.ref)]
    front = f"Which map shows {one.zone.title()} ({SYSTEM_TITLES[one.zone.system]})?"
    return [_choice_card(ctx, one, "zone-map", front, right, options, figure_choices=refs)]
