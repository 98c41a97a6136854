"""Division cards of a zone: a cloze for the body part each part (e.g. MS6's upper 1/5)
maps to and what it treats."""

from __future__ import annotations

from studykit.content.cards import Card
from studykit.content.makers.context import DeckContext
from studykit.content.makers.names import zone_tags
from studykit.content.makers.wording import zone_name
from studykit.models import Zone


def division_cards(zone: Zone, ctx: DeckContext) -> list[Card]:
    """`division:ID`, one cloze per settled, teachable division. The body part is
    hidden with the indications (one deletion): shown, it would hint at them."""
    cards: list[Card] = []
    name = zone_name(zone)
    for division in zone.divisions:
        sources = division.sources or zone.sources
        treats = ctx.claims(division.treats, sources)
        if not treats or zone.disputed(f"division:{division.id}") or not ctx.teachable(sources):
            continue
        what = "; ".join(c.text for c in treats)
        hidden = [what]
        if division.body_part:
            hidden.insert(0, division.body_part)
            text = (
                f"The {division.part} of {name} ({{{{c1::{division.body_part}}}}}) "
                f"treats {{{{c1::{what}}}}}."
            )
        else:
            text = f"The {division.part} of {name} treats {{{{c1::{what}}}}}."
        shown = text
        for answer in hidden:
            shown = shown.replace(f"{{{{c1::{answer}}}}}", answer)
        blanked = text
        for answer in hidden:
            blanked = blanked.replace(f"{{{{c1::{answer}}}}}", "[...]")
        cards.append(
            ctx.card(
                zone,
                zone.id,
                f"division:{division.id}",
                "cloze",
                blanked,
                shown,
                cloze=text,
                answers=hidden,
                sources=sources,
                tags=zone_tags(zone),
            )
        )
    return cards
