"""Indication cards of a zone: what it treats, and which zone treats one indication."""

from __future__ import annotations

from studykit.content.cards import Card
from studykit.content.makers.citations import cited_by
from studykit.content.makers.context import DeckContext
from studykit.content.makers.names import zone_tags
from studykit.content.makers.text import claim_sources
from studykit.content.makers.wording import (
    is_plural,
    kind_of,
    one_of,
    peers_phrase,
    zone_subject,
)
from studykit.models import Zone
from studykit.models.slugs import slug


def indication_cards(zone: Zone, ctx: DeckContext) -> list[Card]:
    """`indications` (the settled list) and `indication-zone:TEXT` (a choice among
    zones of the same system and kind, for each indication only this zone of its
    system lists)."""
    settled = ctx.claims(zone.indications, zone.sources)
    if not settled:
        return []
    title = zone.title()
    tags = zone_tags(zone)
    sources = claim_sources(settled, zone.sources)
    cited = [cited_by(c.sources) for c in settled]
    if len(set(cited)) == 1:  # every line says the same: the card's sources say it once
        cited = [""] * len(settled)
    extra = ""
    if zone.disputed("indications"):
        extra = "Sources disagree on further indications: see the dispute card."
    does = "do" if is_plural(zone) else "does"
    cards = [
        ctx.card(
            zone,
            zone.id,
            "indications",
            "basic",
            f"What {does} {zone_subject(zone)} treat?",
            "\n".join(f"• {c.text}{who}" for c, who in zip(settled, cited, strict=True)),
            sources=sources,
            tags=tags,
            extra=extra,
        )
    ]
    kind = kind_of(zone)
    tiers = [ctx.index.zone_pool(zone.system, kind)]
    related = ctx.index.related_titles(zone)
    for claim in settled:
        if ctx.index.only_owner(zone.system, claim.text) != title:
            continue
        direction = f"indication-zone:{slug(claim.text)}"
        options = ctx.choice(
            ctx.card_id(zone.id, direction),
            title,
            tiers,
            exclude=related | ctx.index.disputed_owners(zone.system, claim.text),
            about=claim.text,
        )
        cards.append(
            ctx.choice_card(
                zone,
                zone.id,
                direction,
                f"For {claim.text}, which of {peers_phrase(zone.system, kind)} do you needle?",
                title,
                options,
                basic_front=f"For {claim.text}, which {one_of(zone.system, kind)} do you needle?",
                about=claim.text,
                sources=claim.sources or zone.sources,
                tags=tags,
            )
        )
    return cards
