"""Dispute cards: where sources disagree, a card teaches who says what, not a winner."""

from __future__ import annotations

from studykit.content.cards import Card
from studykit.content.makers.citations import cited_by
from studykit.content.makers.context import DeckContext
from studykit.models import Condition, Microsystem, Zone, best_confidence
from studykit.models.base import CONFIDENCE_RANK


def conflict_cards(fact: Zone | Condition | Microsystem, ctx: DeckContext) -> list[Card]:
    """`dispute:ABOUT`, one per open conflict (sources of comparable weight; a dispute
    with a prevailing standard or textbook side is taught as settled, its minority view in
    the notes) with at least two teachable positions. Each
    position names its sources by key; the card's source line cites them in full."""
    if not fact.conflicts:
        return []
    subject = fact.title() if isinstance(fact, Zone) else fact.names.english
    cards: list[Card] = []
    for conflict in fact.open_conflicts():
        positions = [
            f"• {p.value} —{cited_by(p.sources)}"
            for p in conflict.positions
            if ctx.teachable(p.sources)
        ]
        if len(positions) < 2:
            continue
        note = f"\n{conflict.note}" if conflict.note else ""
        cards.append(
            ctx.card(
                fact,
                fact.id,
                f"dispute:{conflict.about}",
                "basic",
                f"{subject}: {conflict.summary} What does each source say?",
                "Sources disagree:\n" + "\n".join(positions) + note,
                sources=[s for p in conflict.positions for s in p.sources],
                tags=("disputed",),
                confidence=min(
                    (best_confidence(p.sources) for p in conflict.positions),
                    key=CONFIDENCE_RANK.__getitem__,
                ),
            )
        )
    return cards
