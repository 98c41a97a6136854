"""Division cards of a zone: a cloze for what each part (e.g. MS6's upper 1/5) treats."""

from __future__ import annotations

from studykit.content.cards import Card
from studykit.content.makers.context import DeckContext
from studykit.content.makers.names import zone_tags
from studykit.models import Zone


def division_cards(zone: Zone, ctx: DeckContext) -> list[Card]:
    """`division:ID`, one cloze per settled, teachable division."""
    cards: list[Card] = []
    title = zone.title()
    for division in zone.divisions:
        sources = division.sources or zone.sources
        treats = ctx.claims(division.treats, sources)
        if not treats or zone.disputed(f"division:{division.id}") or not ctx.teachable(sources):
            continue
        what = "; ".join(c.text for c in treats)
        body = f" ({division.body_part})" if division.body_part else ""
        text = f"The {division.part} of {title}{body} treats {{{{c1::{what}}}}}."
        cards.append(
            ctx.card(
                zone,
                zone.id,
                f"division:{division.id}",
                "cloze",
                text.replace(f"{{{{c1::{what}}}}}", "[...]"),
                text.replace(f"{{{{c1::{what}}}}}", what),
                cloze=text,
                answers=[what],
                sources=sources,
                tags=zone_tags(zone),
            )
        )
    return cards
