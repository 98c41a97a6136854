"""Location cards of a zone: where it is, which zone a description is, how long it is,
and which zone of another system it lies over."""

from __future__ import annotations

from studykit.content.cards import Card
from studykit.content.makers.context import DeckContext
from studykit.content.makers.names import zone_tags
from studykit.content.makers.text import names_landmark, names_word
from studykit.models import SYSTEM_TITLES, Zone
from studykit.models.slugs import slug


def location_cards(zone: Zone, ctx: DeckContext) -> list[Card]:
    """`location` (with the zone's map as answer, when drawable), `location-zone` (a
    choice, unless the description names the zone) and `length`; none while the location
    is disputed or unverified."""
    location = zone.location
    sources = location.sources or zone.sources
    if zone.disputed("location") or not ctx.teachable(sources):
        return []
    system = SYSTEM_TITLES[zone.system]
    title = zone.title()
    tags = zone_tags(zone)
    answer_map = ctx.answer_map(zone)
    # The answer to "where": the description, the end points unless the description
    # names them already, the region. The length has a card of its own.
    lines = [location.description]
    if location.start and not names_landmark(location.description, location.start):
        if location.end:
            lines.append(f"From {location.start.label()} to {location.end.label()}")
        else:
            lines.append(f"Starts at {location.start.label()}")
    if location.region:
        lines.append(f"Region: {location.region}")
    cards = [
        ctx.card(
            zone,
            zone.id,
            "location",
            "basic",
            f"Where is {title} ({system})?",
            "\n".join(lines),
            sources=sources,
            tags=tags,
            answer_figure=answer_map,
        )
    ]
    peers = ctx.index.peer_titles(zone.system)
    gives_away = zone.names.english.lower() in location.description.lower() or (
        zone.code is not None and names_word(location.description, zone.code)
    )
    if peers and not gives_away:
        cards.append(
            ctx.card(
                zone,
                zone.id,
                "location-zone",
                "choice",
                f"Which {system} zone is this? {location.description}",
                title,
                answers=[title],
                choices=ctx.choice(
                    f"{ctx.deck.id}/{zone.id}", title, peers, ctx.index.related_titles(zone)
                ),
                sources=sources,
                tags=tags,
                answer_figure=answer_map,
            )
        )
    if location.length and not zone.disputed("length"):
        cards.append(
            ctx.card(
                zone,
                zone.id,
                "length",
                "basic",
                f"How long is {title} ({system})?",
                location.length,
                sources=sources,
                tags=tags,
            )
        )
    return cards


def correspondence_cards(zone: Zone, ctx: DeckContext) -> list[Card]:
    """`corresponds:DECK-ZONE`: which zone of another system lies over the same area."""
    cards: list[Card] = []
    system = SYSTEM_TITLES[zone.system]
    for ref in zone.corresponds_to:
        other = ctx.index.zone(ref.zone, ctx.deck.id)
        sources = ref.sources or zone.sources
        if other is None or not ctx.teachable(sources):
            continue
        other_system = SYSTEM_TITLES[other.system]
        cards.append(
            ctx.card(
                zone,
                zone.id,
                "corresponds:" + slug(ref.zone.replace(":", "-"), 80),
                "basic",
                f"{zone.title()} ({system}) lies over which zone of the {other_system} system?",
                other.title() + (f"\n{ref.note}" if ref.note else ""),
                sources=sources,
                tags=(*zone_tags(zone), "correspondence"),
            )
        )
    return cards
