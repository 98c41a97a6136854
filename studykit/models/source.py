"""Where a fact comes from, and how sure we are of it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Literal, get_args

from pydantic import (
    Field,
    PrivateAttr,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

from studykit.models.base import CONFIDENCE_RANK, Confidence, DeckModel, Text

KNOWN_REFERENCES = "known_references"
"""Validation context key: the deck's reference keys, so that validation fails on a source
citing a key that is not among them (the loader then says which and where)."""


SourceKind = Literal[
    "standard",
    "textbook",
    "peer-reviewed-paper",
    "exam-note",
    "clinic-or-teaching-site",
    "encyclopedia-or-aggregator",
    "popular-article",
    "machine-written-summary",
]
"""What kind of work a source is; it decides how much the source weighs in a dispute."""

SOURCE_KINDS: tuple[str, ...] = get_args(SourceKind)
"""The kinds in order of weight, strongest first."""

KIND_LABELS: dict[str, str] = {kind: kind.replace("-", " ") for kind in SOURCE_KINDS}
"""How a kind reads on a card's source line, e.g. `peer-reviewed paper`."""

KIND_WEIGHT: dict[str, int] = {
    "standard": 6,
    "textbook": 6,
    "peer-reviewed-paper": 5,
    "exam-note": 4,
    "clinic-or-teaching-site": 3,
    "encyclopedia-or-aggregator": 2,
    "popular-article": 1,
    "machine-written-summary": 0,
}
"""Standard and textbook outweigh a paper, which outweighs an exam note, and so on down; a
machine-written summary weighs nothing (it is never a side of a dispute)."""

AUTHORITATIVE = KIND_WEIGHT["textbook"]
"""The weight from which a side of a dispute prevails over every lighter side."""


class Reference(DeckModel):
    """A work cited by the deck, given once under `references:` and cited by its key."""

    citation: Text
    """The full citation: authors, title, journal or site, year."""
    url: str | None = None
    """Where the work can be read, if public."""
    kind: SourceKind | None = None
    """What kind of work it is: `standard`, `textbook`, `peer-reviewed-paper`, `exam-note`,
    `clinic-or-teaching-site`, `encyclopedia-or-aggregator`, `popular-article` or
    `machine-written-summary`. Shown on the card's source line, and decides whether a side
    of a dispute prevails; a work of unknown kind can be a side but never prevails."""
    author_notes: list[Text] = Field(default_factory=list)
    """Notes for the deck's authors about this work (e.g. what was not read); shown by
    `studykit lint` and `studykit preview --author`, never on a card."""


class Source(DeckModel):
    """One source backing a fact or a part of it."""

    ref: str | None = None
    """Key of a work listed in the deck's `references:` (e.g. `S4`); or give `citation`."""
    citation: Text | None = None
    """The citation written out, when the work is not in `references:`."""
    url: str | None = None
    """Optional link to the source."""
    confidence: Confidence = "verified"
    """`verified` (read in this source), `two-sources` (two or more agree) or `unverified`."""
    note: str | None = None
    """What exactly this source says, where that matters (e.g. a page or a quote); shown to
    students on the source line."""
    kind: SourceKind | None = None
    """The kind of work (see `Reference.kind`); for a `citation` written out here, or to
    override the kind of the referenced work."""

    @field_validator("ref")
    @classmethod
    def _ref_is_known(cls, value: str | None, info: ValidationInfo) -> str | None:
        known = info.context.get(KNOWN_REFERENCES) if info.context else None
        if value is not None and known is not None and value not in known:
            raise ValueError(f"unknown reference '{value}'")
        return value

    @model_validator(mode="after")
    def _needs_ref_or_citation(self) -> Source:
        if not self.ref and not self.citation:
            raise ValueError("a source needs either 'ref' (a key in references) or 'citation'")
        return self


def best_confidence(sources: list[Source]) -> Confidence:
    """The strongest confidence among sources; no sources at all counts as unverified."""
    best: Confidence = "unverified"
    for source in sources:
        if CONFIDENCE_RANK[source.confidence] > CONFIDENCE_RANK[best]:
            best = source.confidence
    return best


class Position(DeckModel):
    """One side of a disagreement between sources."""

    value: Text
    """What this side says."""
    sources: list[Source] = Field(min_length=1)
    """Who says it."""


@dataclass(frozen=True, slots=True)
class Weighed:
    """A dispute weighed: its sides, the prevailing one (if any) and the sides it outweighs."""

    sides: list[Position]
    prevailing: Position | None
    minority: list[Position]


class Conflict(DeckModel):
    """Sources disagree about part of a fact; that part is never taught as settled."""

    about: Annotated[str, StringConstraints(pattern=r"^[a-z0-9-]+(:[a-z0-9-]+)?$")]
    """The part in dispute: `indications`, `location`, `length`, `channel`, `names`, `year`,
    `founder`, `divisions`, or a division's part (e.g. `division:middle-2-5`)."""
    summary: Text
    """One sentence saying what is disputed."""
    positions: list[Position] = Field(min_length=2)
    """The competing values with their sources."""
    note: str | None = None
    """Our reading of the dispute, if any (shown on the dispute card)."""
    author_notes: list[Text] = Field(default_factory=list)
    """Notes for the deck's authors about this dispute; never on a card."""

    _weighed: Weighed | None = PrivateAttr(default=None)

    def weigh(self, kind_of: Callable[[Source], str | None]) -> Weighed:
        """Decide, from the kinds of the sources, whether this dispute is taught as one.

        A machine-written summary is never a side: a position backed only by such summaries
        is dropped. If one remaining side has a standard or textbook behind it and no other
        side has, that side prevails: it is taught as the answer and the others become
        notes. Otherwise (comparable weights) the dispute stays open and is taught as such.
        """
        weights = [_position_weight(p, kind_of) for p in self.positions]
        sides = [p for p, w in zip(self.positions, weights, strict=True) if w > 0]
        side_weights = [w for w in weights if w > 0]
        prevailing: Position | None = None
        if len(sides) == 1:
            prevailing = sides[0]
        elif sides:
            top = max(side_weights)
            if top >= AUTHORITATIVE and side_weights.count(top) == 1:
                prevailing = sides[side_weights.index(top)]
        minority = [p for p in sides if p is not prevailing] if prevailing else []
        self._weighed = Weighed(sides, prevailing, minority)
        return self._weighed

    @property
    def weighed(self) -> Weighed:
        """The result of `weigh` (every position a side, none prevailing, until weighed)."""
        return self._private("_weighed") or Weighed(list(self.positions), None, [])

    @property
    def open(self) -> bool:
        """True while sources of comparable weight disagree: the part is taught as a dispute."""
        weighed = self.weighed
        return weighed.prevailing is None and len(weighed.sides) >= 2

    def open_dispute(self) -> Conflict:
        """This dispute with only its real sides (no position backed only by a
        machine-written summary), for the card that teaches it."""
        sides = self.weighed.sides
        if len(sides) == len(self.positions):
            return self
        return self.model_copy(update={"positions": sides})

    def minority_notes(self) -> list[str]:
        """`Minority view on location: ... [S16]` for each side the prevailing one outweighs."""
        return [
            f"Minority view on {self.about}: {p.value} [{_who(p)}]" for p in self.weighed.minority
        ]


def _position_weight(position: Position, kind_of: Callable[[Source], str | None]) -> int:
    """The weight of the heaviest source behind a position; a source of unknown kind counts
    as a popular article (it can be a side, but never prevail)."""
    return max(KIND_WEIGHT.get(kind_of(s) or "popular-article", 1) for s in position.sources)


def _who(position: Position) -> str:
    return ", ".join(dict.fromkeys(s.ref or (s.citation or "")[:30] for s in position.sources))


__all__ = [
    "AUTHORITATIVE",
    "KIND_LABELS",
    "KIND_WEIGHT",
    "KNOWN_REFERENCES",
    "SOURCE_KINDS",
    "Conflict",
    "Position",
    "Reference",
    "Source",
    "SourceKind",
    "Weighed",
    "best_confidence",
]
