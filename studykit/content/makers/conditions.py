"""Condition cards: which zones of each system treat a condition, and which conditions
a zone is used for."""

from __future__ import annotations

from collections import defaultdict

from studykit.content.cards import Card, fact_ref
from studykit.content.makers.context import DeckContext
from studykit.content.makers.wording import (
    be,
    kind_of,
    plural,
    system_name,
    zone_subject,
)
from studykit.models import Condition, Source, Zone, split_zone_ref
from studykit.models.slugs import slug


def condition_cards(condition: Condition, ctx: DeckContext) -> list[Card]:
    """`zones:SYSTEM`: the zones of one system that treat the condition (none while the
    zones are disputed). Each card requires the zones it names (`Card.requires`)."""
    if condition.disputed("treated_by"):
        return []
    per_system: dict[str, list[tuple[Zone, str]]] = defaultdict(list)
    sources_per_system: dict[str, list[Source]] = defaultdict(list)
    named: dict[str, list[str]] = defaultdict(list)
    for ref in condition.treated_by:
        sources = ref.sources or condition.sources
        zone = ctx.index.zone(ref.zone, ctx.deck.id)
        if zone is None or not ctx.teachable(sources):
            continue
        named[zone.system].append(fact_ref(*split_zone_ref(ref.zone, ctx.deck.id)))
        label = zone.title()
        if ref.division:
            part = next((d.part for d in zone.divisions if d.id == ref.division), ref.division)
            label += f" ({part})"
        if ref.note:
            label += f": {ref.note}"
        per_system[zone.system].append((zone, label))
        sources_per_system[zone.system].extend(sources)
    tags = (f"category::{slug(condition.category)}",)
    return [
        ctx.card(
            condition,
            condition.id,
            f"zones:{system}",
            "basic",
            f"{condition.names.english}: {_which_zones(system, [z for z, _ in uses])}?",
            "\n".join(f"• {label}" for _, label in uses),
            sources=sources_per_system[system],
            tags=(*tags, f"system::{system}"),
            requires=tuple(dict.fromkeys(named[system])),
        )
        for system, uses in per_system.items()
    ]


def _which_zones(system: str, zones: list[Zone]) -> str:
    """`which Jiao area treats it`, `which International Standard lines treat it`."""
    kinds = {kind_of(zone) for zone in zones}
    noun = kinds.pop() if len(kinds) == 1 else "zone"
    name = system_name(zones[0]) if zones else system_name(system)  # as the deck declares it
    which = f"which {name} " if name else "which "
    if len(zones) == 1 and be(zones[0]) == "is":
        return f"{which}{noun} treats it"
    return f"{which}{plural(noun)} treat it"


def zone_condition_cards(ctx: DeckContext) -> list[Card]:
    """`zone-conditions` (fact `DECK:ZONE`): for each zone the deck's conditions refer
    to, the conditions it is used for.

    Such a card requires the zone itself (a zone is met before the cards that ask what
    it relates to), not the conditions: a condition has no card of its own to introduce
    it, only its `zones:` cards, which are questions about relations too."""
    by_zone: dict[tuple[str, str], list[tuple[Condition, list[Source]]]] = defaultdict(list)
    for fact in ctx.deck.facts:
        if not isinstance(fact, Condition):
            continue
        for ref in fact.treated_by:
            sources = ref.sources or fact.sources
            if ctx.teachable(sources):
                by_zone[split_zone_ref(ref.zone, ctx.deck.id)].append((fact, sources))
    cards: list[Card] = []
    for (zone_deck, zone_id), uses in sorted(by_zone.items()):
        zone = ctx.index.zones.get((zone_deck, zone_id))
        if zone is None:
            continue
        names = sorted({condition.names.english for condition, _ in uses})
        which = "Which conditions" if len(names) > 1 else "Which condition"
        cards.append(
            ctx.card(
                None,
                f"{zone_deck}:{zone_id}",
                "zone-conditions",
                "basic",
                f"{which} {be(zone)} {zone_subject(zone)} used for?",
                "\n".join(f"• {name}" for name in names),
                sources=[s for _, srcs in uses for s in srcs],
                tags=(f"system::{zone.system}", "fact::condition"),
                requires=(fact_ref(zone_deck, zone_id),),
            )
        )
    return cards
