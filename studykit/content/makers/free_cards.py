"""Hand-written cards: basic, basic-and-reverse, typed, choice and cloze."""

from __future__ import annotations

from collections import defaultdict

from studykit.content.cards import Card, CardKind
from studykit.content.makers.choices import order_options
from studykit.content.makers.context import DeckContext
from studykit.content.makers.text import normal, single_cloze
from studykit.models import FreeCard
from studykit.models.deck import cloze_deletions, render_cloze

MAX_OPTION_LENGTH = 80
"""Longest answer of another card that is drawn as a choice option."""


def free_cards(free: FreeCard, key: str, ctx: DeckContext) -> list[Card]:
    """The cards of a hand-written card, with ids `deck/card:KEY/DIRECTION`.

    Directions: `forward` (basic, and the first of basic-and-reverse, so switching
    between the two keeps progress), `reverse`, `typed`, `choice`, `c1`, `c2`, ...
    """
    if free.sources and not ctx.teachable(free.sources):
        return []
    fact_id = f"card:{key}"
    sources, tags, extra = free.sources, tuple(free.tags), free.extra or ""
    front, back = free.front or "", free.back or ""
    if free.kind in {"basic", "basic-and-reverse"}:
        cards = [
            ctx.card(
                None,
                fact_id,
                "forward",
                "basic",
                front,
                back,
                sources=sources,
                tags=tags,
                extra=extra,
            )
        ]
        if free.kind == "basic-and-reverse":
            cards.append(
                ctx.card(
                    None,
                    fact_id,
                    "reverse",
                    "basic",
                    back,
                    front,
                    sources=sources,
                    tags=tags,
                    extra=extra,
                )
            )
        return cards
    if free.kind == "typed":
        accepted = free.accepted()
        return [
            ctx.card(
                None,
                fact_id,
                "typed",
                "typed",
                front,
                back or accepted[0],
                answers=accepted,
                sources=sources,
                tags=tags,
                extra=extra,
            )
        ]
    if free.kind == "choice":
        seed = ctx.card_id(fact_id, "choice")
        if free.distractors:
            choices = order_options(seed, [back, *dict.fromkeys(free.distractors)])
        else:
            pool = ctx.index.pool(distractor_pool(free, ctx.deck.cards))
            choices = ctx.choice(seed, back, [pool], about=front)
        kind: CardKind = "choice" if len(choices) > 1 else "basic"
        return [
            ctx.card(
                None,
                fact_id,
                "choice",
                kind,
                front,
                back,
                answers=[back],
                choices=choices if kind == "choice" else (),
                sources=sources,
                tags=tags,
                extra=extra,
            )
        ]
    text = free.text or ""
    deletions = cloze_deletions(text)
    return [
        ctx.card(
            None,
            fact_id,
            f"c{number}",
            "cloze",
            render_cloze(text, number),
            render_cloze(text, None),
            cloze=single_cloze(text, number),
            answers=[d.answer for d in deletions if d.number == number],
            sources=sources,
            tags=tags,
            extra=extra,
        )
        for number in sorted({d.number for d in deletions})
    ]


def distractor_pool(free: FreeCard, deck_cards: list[FreeCard]) -> list[str]:
    """Answers of the deck's other cards that fit as options (short, one line): those of
    the cards sharing the most tags with `free` when there are two or more, else all."""
    pool: list[tuple[str, set[str]]] = [
        (other.back, set(other.tags))
        for other in deck_cards
        if other is not free
        and other.kind != "cloze"
        and other.back
        and "\n" not in other.back
        and len(other.back) <= MAX_OPTION_LENGTH
    ]
    right = normal(free.back or "")
    by_overlap: dict[int, set[str]] = defaultdict(set)
    for back, tags in pool:
        if normal(back) != right:
            by_overlap[len(tags & set(free.tags))].add(back)
    closest = max((n for n in by_overlap if n > 0), default=0)
    if closest and len(by_overlap[closest]) >= 2:
        return sorted(by_overlap[closest])
    return sorted({back for back, _ in pool})
