"""Name cards of a zone: code ↔ English name, Chinese ↔ English name."""

from __future__ import annotations

import functools

from studykit.content.cards import Card
from studykit.content.makers.context import DeckContext
from studykit.models import SYSTEM_TITLES, Zone
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
    disputed or unverified."""
    if not ctx.teachable(zone.sources) or zone.disputed("names"):
        return []
    system = SYSTEM_TITLES[zone.system]
    title = zone.title()
    names = zone.names
    chinese = chinese_name(zone)
    tags = zone_tags(zone)
    cards: list[Card] = []
    if zone.code:
        cards.append(
            ctx.card(
                zone,
                zone.id,
                "code-name",
                "typed",
                f"{zone.code} ({system}): what is its English name?",
                f"{names.english}" + (f"\n{chinese}" if chinese else ""),
                answers=[names.english, *names.aliases],
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
                f"{system}: what is the code of the {names.english}?",
                zone.code,
                answers=[zone.code],
                sources=zone.sources,
                tags=tags,
            )
        )
    if names.hanzi:
        cards.append(
            ctx.card(
                zone,
                zone.id,
                "chinese-english",
                "typed",
                f"{chinese} ({system}): what is it called in English?",
                title,
                answers=[names.english, *names.aliases, *([zone.code] if zone.code else [])],
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
                f"{title} ({system}): its Chinese name, in characters and pinyin?",
                chinese,
                sources=zone.sources,
                tags=tags,
            )
        )
    return cards
