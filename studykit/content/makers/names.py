"""Name cards of a zone: code ↔ English name, Chinese ↔ English name."""

from __future__ import annotations

import functools

from studykit.content.cards import Card
from studykit.content.makers.context import DeckContext
from studykit.content.makers.text import not_shown
from studykit.content.makers.wording import is_plural, system_name, zone_label
from studykit.models import Zone
from studykit.models.slugs import slug


def zone_tags(zone: Zone) -> tuple[str, ...]:
    """The tags every card of a zone carries: its system and its region."""
    return _zone_tags(zone.system, zone.location.region)


@functools.cache
def _zone_tags(system: str, region: str | None) -> tuple[str, ...]:
    if region:
        return (f"system::{system}", f"region::{slug(region)}")
    return (f"system::{system}",)


def chinese_name(zone: Zone) -> str:
    """`顶中线 dǐng zhōng xiàn`: characters and pinyin, whichever the zone has."""
    names = zone.names
    if names.hanzi and names.pinyin:
        return f"{names.hanzi} {names.pinyin}"
    return names.hanzi or names.pinyin or ""


def name_cards(zone: Zone, ctx: DeckContext) -> list[Card]:
    """`code-name`, `name-code` (zones with a code) and `chinese-english`,
    `english-chinese` (zones with Chinese characters); none while the names are
    disputed or unverified. A typed card never accepts what its question shows (a
    student could copy it, e.g. the pinyin)."""
    if not ctx.teachable(zone.sources) or zone.disputed("names"):
        return []
    system = system_name(zone.system)
    names = zone.names
    chinese = chinese_name(zone)
    tags = zone_tags(zone)
    within = f" ({system})" if system else ""
    cards: list[Card] = []
    if zone.code:
        front = f"{zone.code}{within}: what is its English name?"
        cards.append(
            ctx.card(
                zone,
                zone.id,
                "code-name",
                "typed",
                front,
                f"{names.english}" + (f"\n{chinese}" if chinese else ""),
                answers=not_shown(front, [names.english, *names.aliases]),  # e.g. no code
                sources=zone.sources,
                tags=tags,
            )
        )
        cards.append(
            ctx.card(
                zone,
                zone.id,
                "name-code",
                "typed",
                f"{system}: what is the code of the {names.english}?"
                if system
                else f"What is the code of the {names.english}?",
                zone.code,
                answers=[zone.code],
                sources=zone.sources,
                tags=tags,
            )
        )
    if names.hanzi:
        called = "are they" if is_plural(zone) else "is it"
        front = f"{chinese}{within}: what {called} called in English?"
        accepted = not_shown(
            front, [names.english, *names.aliases, *([zone.code] if zone.code else [])]
        )
        if accepted:
            cards.append(
                ctx.card(
                    zone,
                    zone.id,
                    "chinese-english",
                    "typed",
                    front,
                    zone.title(),
                    answers=accepted,
                    sources=zone.sources,
                    tags=tags,
                )
            )
        cards.append(
            ctx.card(
                zone,
                zone.id,
                "english-chinese",
                "basic",
                f"{zone_label(zone)}: its Chinese name, in characters and pinyin?",
                chinese,
                sources=zone.sources,
                tags=tags,
            )
        )
    return cards
