"""Microsystem cards: founder, year, and which microsystem maps the body a given way."""

from __future__ import annotations

import re

from studykit.content.cards import Card, CardKind
from studykit.content.makers.context import DeckContext
from studykit.models import Microsystem
from studykit.models.slugs import slug

_PROPER_NOUN = re.compile(r"\b[A-Z][a-z]{2,}")


def microsystem_cards(system: Microsystem, ctx: DeckContext) -> list[Card]:
    """`founder` (unless the name gives the founder away), `year` and `map` (a choice
    among the microsystems); no card of a disputed part."""
    if not ctx.teachable(system.sources):
        return []
    name = system.names.english
    tags = (f"region::{slug(system.body_region)}",)
    cards: list[Card] = []
    # a system named after its founder
    named_after = set(_PROPER_NOUN.findall(system.founder)) & set(_PROPER_NOUN.findall(name))
    if not system.disputed("founder") and not named_after:
        cards.append(
            ctx.card(
                system,
                system.id,
                "founder",
                "basic",
                f"Who founded {name} (the {system.body_region} microsystem)?",
                system.founder,
                sources=system.sources,
                tags=tags,
            )
        )
    if not system.disputed("year"):
        year = str(system.year)
        kind: CardKind = "typed" if isinstance(system.year, int) else "basic"
        cards.append(
            ctx.card(
                system,
                system.id,
                "year",
                kind,
                f"When was {name} founded or first presented?",
                year,
                answers=[year],
                sources=system.sources,
                tags=tags,
            )
        )
    if not system.disputed("map-idea"):
        options = ctx.choice(
            ctx.card_id(system.id, "map"),
            name,
            [ctx.index.microsystem_pool()],
            about=system.map_idea,
        )
        cards.append(
            ctx.choice_card(
                system,
                system.id,
                "map",
                f"Which microsystem maps the body like this? {system.map_idea}",
                name,
                options,
                about=system.map_idea,
                sources=system.sources,
                tags=tags,
            )
        )
    return cards
