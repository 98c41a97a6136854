"""Location cards of a zone: where it is, which zone a description is, how long it is,
and which zone of another system it lies over."""

from __future__ import annotations

from studykit.content.cards import Card
from studykit.content.makers.context import DeckContext
from studykit.content.makers.names import zone_tags
from studykit.content.makers.text import names_landmark, names_word
from studykit.content.makers.wording import (
    be,
    capitalised,
    kind_of,
    one_of,
    peers_phrase,
    system_name,
    zone_subject,
)
from studykit.models import Zone
from studykit.models.slugs import slug


def location_cards(zone: Zone, ctx: DeckContext) -> list[Card]:
    """`location` (with the zone's map as answer, when drawable), `location-zone` (a
    choice among zones of the same system and kind, those of the same region first;
    none if the description names the zone) and `length`; none while the location is
    disputed or unverified."""
    location = zone.location
    sources = location.sources or zone.sources
    if zone.disputed("location") or not ctx.teachable(sources):
        return []
    subject = zone_subject(zone)
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
            f"Where {be(zone)} {subject}?",
            "\n".join(lines),
            sources=sources,
            tags=tags,
            answer_figure=answer_map,
        )
    ]
    gives_away = zone.names.english.lower() in location.description.lower() or (
        zone.code is not None and names_word(location.description, zone.code)
    )
    if not gives_away:
        kind = kind_of(zone)
        tiers = [ctx.index.zone_pool(zone.system, kind)]
        if location.region:
            tiers.insert(0, ctx.index.zone_pool(zone.system, kind, location.region))
        options = ctx.choice(
            ctx.card_id(zone.id, "location-zone"),
            title,
            tiers,
            exclude=ctx.index.related_titles(zone),
            about=location.description,
        )
        cards.append(
            ctx.choice_card(
                zone,
                zone.id,
                "location-zone",
                f"Which of {peers_phrase(zone.system, kind)} does this describe? "
                f"{location.description}",
                title,
                options,
                basic_front=f"Which {one_of(zone.system, kind)} does this describe? "
                f"{location.description}",
                about=location.description,
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
                f"How long {be(zone)} {subject}?",
                location.length,
                sources=sources,
                tags=tags,
            )
        )
    return cards


def correspondence_cards(zone: Zone, ctx: DeckContext) -> list[Card]:
    """`corresponds:DECK-ZONE`: which zone of another system lies over the same area."""
    cards: list[Card] = []
    verb = "lie" if be(zone) == "are" else "lies"
    for ref in zone.corresponds_to:
        other = ctx.index.zone(ref.zone, ctx.deck.id)
        sources = ref.sources or zone.sources
        if other is None or not ctx.teachable(sources):
            continue
        other_system = system_name(other.system)
        which = f"{other_system} {kind_of(other)}" if other_system else kind_of(other)
        cards.append(
            ctx.card(
                zone,
                zone.id,
                "corresponds:" + slug(ref.zone.replace(":", "-"), 80),
                "basic",
                f"{capitalised(zone_subject(zone))} {verb} over which {which}?",
                other.title() + (f"\n{ref.note}" if ref.note else ""),
                sources=sources,
                tags=(*zone_tags(zone), "correspondence"),
            )
        )
    return cards
