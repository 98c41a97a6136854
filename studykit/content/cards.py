"""The card: what a student is asked, generated from a fact (or written by hand).

A card's id is derived from (deck id, fact id, direction) and never from its text, so
fixing a typo in a fact keeps the student's progress on every card made from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

CardKind = Literal["basic", "typed", "choice", "cloze"]
CARD_KINDS: tuple[str, ...] = ("basic", "typed", "choice", "cloze")


def card_id(deck: str, fact: str, direction: str) -> str:
    """The stable text id of a card: `deck/fact/direction`."""
    return f"{deck}/{fact}/{direction}"


def fact_ref(deck: str, fact: str) -> str:
    """The text form `deck/fact` of a fact, as `Card.requires` names it."""
    return f"{deck}/{fact}"


def split_fact_ref(ref: str) -> tuple[str, str]:
    """`deck/fact` → (deck, fact)."""
    deck, _, fact = ref.partition("/")
    return deck, fact


def numeric_id(text_id: str) -> int:
    """A positive 63-bit integer for a text id (for FSRS `card_id`, SQLite and Anki)."""
    import hashlib  # here: the quiz starts from cached ids, without OpenSSL's ~1.5 ms

    digest = hashlib.blake2b(text_id.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") >> 1 or 1


@dataclass(slots=True)
class Card:
    """One flashcard. Text fields are plain text: renderers escape them.

    Treat a card as immutable (`dataclasses.replace` makes an edited copy). It is not a
    frozen dataclass because a frozen one costs ~10x more to build (3.8 µs vs 0.35 µs
    measured), and a large deck makes 100,000 cards."""

    id: str
    """Stable id `deck/fact/direction`."""
    deck: str
    fact: str
    """The fact the card comes from; cards of one fact are siblings."""
    direction: str
    """What is asked from what, e.g. `code-name`, `division:upper-1-5`."""
    kind: CardKind
    front: str
    back: str
    answers: tuple[str, ...] = ()
    """Accepted answers (typed cards) or the right option (choice cards)."""
    choices: tuple[str, ...] = ()
    """The options shown on a choice card, in order (the answer among them)."""
    cloze: str | None = None
    """Cloze text with `{{c1::...}}` deletions (cloze cards)."""
    tags: tuple[str, ...] = ()
    source: str = ""
    """Citations of the sources the answer rests on."""
    confidence: str = "verified"
    extra: str = ""
    """Notes shown after the answer."""
    figure: str | None = None
    """A zone ref (`deck-id:zone-id`) whose map is drawn with the question, unlabelled."""
    figure_choices: tuple[str, ...] = ()
    """One zone ref per option (a choice card whose options are maps), unlabelled."""
    answer_figure: str | None = None
    """A zone ref whose map is drawn with the answer (labels allowed)."""
    requires: tuple[str, ...] = ()
    """Facts (`deck/fact`) a card of which must be introduced before this card is: a
    card asking which zones treat a condition waits for the zones it names."""
    _numeric: int = field(default=0, init=False, repr=False, compare=False)

    @property
    def numeric(self) -> int:
        """The card's stable positive 63-bit number, derived from `id` (computed once)."""
        if not self._numeric:
            self._numeric = numeric_id(self.id)
        return self._numeric

    def to_json(self) -> dict[str, Any]:
        """The documented `studykit cards --json` form of this card."""
        return {
            "id": self.id,
            "deck": self.deck,
            "fact": self.fact,
            "direction": self.direction,
            "kind": self.kind,
            "front": self.front,
            "back": self.back,
            "answers": list(self.answers),
            "choices": list(self.choices),
            "cloze": self.cloze,
            "tags": list(self.tags),
            "source": self.source,
            "confidence": self.confidence,
            "extra": self.extra,
            "figure": self.figure,
            "figure_choices": list(self.figure_choices),
            "answer_figure": self.answer_figure,
            "requires": list(self.requires),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Card:
        """A card from its `to_json` form (keys added later may be missing: defaults)."""
        return cls(
            id=data["id"],
            deck=data["deck"],
            fact=data["fact"],
            direction=data["direction"],
            kind=data["kind"],
            front=data["front"],
            back=data["back"],
            answers=tuple(data["answers"]),
            choices=tuple(data["choices"]),
            cloze=data["cloze"],
            tags=tuple(data["tags"]),
            source=data["source"],
            confidence=data["confidence"],
            extra=data["extra"],
            figure=data.get("figure"),
            figure_choices=tuple(data.get("figure_choices", ())),
            answer_figure=data.get("answer_figure"),
            requires=tuple(data.get("requires", ())),
        )


__all__ = [
    "CARD_KINDS",
    "Card",
    "CardKind",
    "card_id",
    "fact_ref",
    "numeric_id",
    "split_fact_ref",
]
