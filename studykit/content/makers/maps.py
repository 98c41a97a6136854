"""Map cards: the head map as question or answer.

It decides only *which* zone maps a card shows (zone refs in `Card.figure`,
`figure_choices`, `answer_figure`); nothing is drawn here, and whether a zone can be
drawn is read from its definition alone (`geometry.definition_for`, via
`DeckContext.drawn_zones`), so generating 100,000 cards stays as fast as before.

Directions made per drawable zone whose location is settled (not disputed) and
teachable (not `unverified`, unless the student opts in):

* `map-zone`: the map with the zone highlighted, unlabelled → which zone is it?
  (choice; the distractors are other drawable zones of the same system and kind,
  those of the same region first);
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
from studykit.content.makers.choices import Pool, make_pool
from studykit.content.makers.context import DeckContext, DrawnZone
from studykit.content.makers.index import FactIndex
from studykit.content.makers.wording import kind_of, peers_phrase, zone_subject
from studykit.maps.geometry import Definition
from studykit.models.slugs import slug

MAP_LETTERS = "ABCD"


def map_cards(ctx: DeckContext) -> list[Card]:
    """The `map-zone` and `zone-map` cards of the deck's drawable, settled zones."""
    drawn = ctx.drawn_zones()
    if not any(d.settled for d in drawn):
        return []
    pools = _Pools(drawn, ctx.index)
    cards: list[Card] = []
    for one in drawn:
        if one.settled:
            cards.extend(_map_zone(ctx, one, pools.tiers(one, refs=False)))
            cards.extend(_zone_map(ctx, one, pools.tiers(one, refs=True)))
    return cards


class _Pools:
    """Distractor pools of a deck's drawable zones: same system and kind, those drawn in
    the same view first, without the zones drawn exactly like the one asked (those are
    no wrong answer). Built once per group, so a deck of N drawable zones costs O(N)."""

    def __init__(self, drawn: list[DrawnZone], index: FactIndex) -> None:
        self._drawn = drawn
        self._index = index
        self._alike: dict[tuple[str, Definition], set[str]] = defaultdict(set)
        for one in drawn:
            self._alike[(one.zone.system, one.definition)].add(one.ref)
        self._made: dict[tuple[object, ...], Pool] = {}

    def tiers(self, one: DrawnZone, *, refs: bool) -> list[Pool]:
        """Pools to draw the distractors of `one` from, closest first: refs of settled
        zones drawn in the same view (`refs=True`: maps as options must not differ in
        view, or the answer stands out), else names of drawable zones of the same view,
        region, or just system and kind."""
        zone = one.zone
        alike = frozenset(self._alike[(zone.system, one.definition)])
        kind = kind_of(zone)
        view = self._index.map_view(one.ref)
        if refs:
            return [self._pool(zone.system, kind, ("view", view), alike, refs)]
        tiers = [self._pool(zone.system, kind, ("view", view), alike, refs)]
        if zone.location.region:
            tiers.append(
                self._pool(zone.system, kind, ("region", zone.location.region), alike, refs)
            )
        tiers.append(self._pool(zone.system, kind, None, alike, refs))
        return tiers

    def _pool(
        self,
        system: str,
        kind: str,
        where: tuple[str, str | None] | None,
        alike: frozenset[str],
        refs: bool,
    ) -> Pool:
        key = (system, kind, where, alike, refs)
        if key not in self._made:
            self._made[key] = make_pool(
                (other.ref if refs else other.zone.title())
                for other in self._drawn
                if other.zone.system == system
                and kind_of(other.zone) == kind
                and self._is_where(other, where)
                and other.ref not in alike
                and (other.settled or not refs)
            )
        return self._made[key]

    def _is_where(self, other: DrawnZone, where: tuple[str, str | None] | None) -> bool:
        if where is None:
            return True
        if where[0] == "view":
            return self._index.map_view(other.ref) == where[1]
        return other.zone.location.region == where[1]


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


def _map_zone(ctx: DeckContext, one: DrawnZone, tiers: list[Pool]) -> list[Card]:
    """The highlighted map → the zone's name (distractors: names of the other maps)."""
    title = one.zone.title()
    choices = ctx.choice(ctx.card_id(one.zone.id, "map-zone"), title, tiers)
    if len(choices) < 2:
        return []
    kind = kind_of(one.zone)
    front = f"Which of {peers_phrase(one.zone.system, kind)} does the map highlight?"
    return [_choice_card(ctx, one, "map-zone", front, title, choices, figure=one.ref)]


def _zone_map(ctx: DeckContext, one: DrawnZone, tiers: list[Pool]) -> list[Card]:
    """The zone's name → which map shows it."""
    refs = ctx.choice(ctx.card_id(one.zone.id, "zone-map"), one.ref, tiers)
    if len(refs) < 2:
        return []
    options = tuple(f"Map {MAP_LETTERS[i]}" for i in range(len(refs)))
    right = options[refs.index(one.ref)]
    front = f"Which map shows {zone_subject(one.zone)}?"
    return [_choice_card(ctx, one, "zone-map", front, right, options, figure_choices=refs)]
