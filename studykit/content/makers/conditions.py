"""Condition cards: which zones of each system treat a condition, and which conditions
a zone is used for."""

from __future__ import annotations

from collections import defaultdict

from studykit.content.cards import Card
from studykit.content.makers.context import DeckContext
from studykit.models import SYSTEM_TITLES, Condition, Source, split_zone_ref
from studykit.models.slugs import slug


def condition_cards(condition: Condition, ctx: DeckContext) -> list[Card]:
    """`zones:SYSTEM`: the zones of one system that treat the condition (none while the
    zones are disputed)."""
    if condition.disputed("treated_by"):
        return []
    per_system: dict[str, list[str]] = defaultdict(list)
    sources_per_system: dict[str, list[Source]] = defaultdict(list)
    for ref in condition.treated_by:
        sources = ref.sources or condition.sources
        zone = ctx.index.zone(ref.zone, ctx.deck.id)
        if zone is None or not ctx.teachable(sources):
            continue
        label = zone.title()
        if ref.division:
            part = next((d.part for d in zone.divisions if d.id == ref.division), ref.division)
            label += f" ({part})"
        if ref.note:
            label += f": {ref.note}"
        per_system[zone.system].append(label)
        sources_per_system[zone.system].extend(sources)
    tags = (f"category::{slug(condition.category)}",)
    return [
        ctx.card(
            condition,
            condition.id,
            f"zones:{system}",
            "basic",
            f"{SYSTEM_TITLES[system]}: which zones treat {condition.names.english}?",
            "\n".join(f"• {label}" for label in labels),
            sources=sources_per_system[system],
            tags=(*tags, f"system::{system}"),
        )
        for system, labels in per_system.items()
    ]


def zone_condition_cards(ctx: DeckContext) -> list[Card]:
    """`zone-conditions` (fact `DECK:ZONE`): for each zone the deck's conditions refer
    to, the conditions it is used for."""
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
        system = SYSTEM_TITLES[zone.system]
        names = sorted({condition.names.english for condition, _ in uses})
        cards.append(
            ctx.card(
                None,
                f"{zone_deck}:{zone_id}",
                "zone-conditions",
                "basic",
                f"Which conditions is {zone.title()} ({system}) used for?",
                "\n".join(f"• {name}" for name in names),
                sources=[s for _, srcs in uses for s in srcs],
                tags=(f"system::{zone.system}", "fact::condition"),
            )
        )
    return cards
