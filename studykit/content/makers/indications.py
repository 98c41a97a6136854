"""Indication cards of a zone: what it treats, and which zone treats one indication."""

from __future__ import annotations

from studykit.content.cards import Card
from studykit.content.makers.citations import cited_by
from studykit.content.makers.context import DeckContext
from studykit.content.makers.names import zone_tags
from studykit.content.makers.text import claim_sources
from studykit.models import SYSTEM_TITLES, Zone
from studykit.models.slugs import slug


def indication_cards(zone: Zone, ctx: DeckContext) -> list[Card]:
    """`indications` (the settled list) and `indication-zone:TEXT` (a choice, for each
    indication only this zone of its system lists)."""
    settled = ctx.claims(zone.indications, zone.sources)
    if not settled:
        return []
    system = SYSTEM_TITLES[zone.system]
    title = zone.title()
    tags = zone_tags(zone)
    sources = claim_sources(settled, zone.sources)
    cited = [cited_by(c.sources) for c in settled]
    if len(set(cited)) == 1:  # every line says the same: the card's sources say it once
        cited = [""] * len(settled)
    extra = ""
    if zone.disputed("indications"):
        extra = "Sources disagree on further indications: see the dispute card."
    cards = [
        ctx.card(
            zone,
            zone.id,
            "indications",
            "basic",
            f"What does {title} ({system}) treat?",
            "\n".join(f"• {c.text}{who}" for c, who in zip(settled, cited, strict=True)),
            sources=sources,
            tags=tags,
            extra=extra,
        )
    ]
    peers = ctx.index.peer_titles(zone.system)
    related = ctx.index.related_titles(zone)
    for claim in settled:
        if ctx.index.only_owner(zone.system, claim.text) != title:
            continue
        cards.append(
            ctx.card(
                zone,
                zone.id,
                f"indication-zone:{slug(claim.text)}",
                "choice",
                f"Which {system} zone treats {claim.text}?",
                title,
                answers=[title],
                choices=ctx.choice(
                    f"{zone.id}/{claim.text}",
                    title,
                    peers,
                    related | ctx.index.disputed_owners(zone.system, claim.text),
                ),
                sources=claim.sources or zone.sources,
                tags=tags,
            )
        )
    return cards
