"""Where a fact comes from, and how sure we are of it."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints, ValidationInfo, field_validator, model_validator

from studykit.models.base import CONFIDENCE_RANK, Confidence, DeckModel, Text

KNOWN_REFERENCES = "known_references"
"""Validation context key: the deck's reference keys, so that validation fails on a source
citing a key that is not among them (the loader then says which and where)."""


class Reference(DeckModel):
    """A work cited by the deck, given once under `references:` and cited by its key."""

    citation: Text
    """The full citation: authors, title, journal or site, year."""
    url: str | None = None
    """Where the work can be read, if public."""


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
    """What exactly this source says, where that matters (e.g. a page or a quote)."""

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
    """Our reading of the dispute, if any (still not taught as settled)."""


__all__ = ["KNOWN_REFERENCES", "Conflict", "Position", "Reference", "Source", "best_confidence"]
