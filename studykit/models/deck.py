"""A deck file: metadata, the works it cites, its facts and its free-form cards."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from studykit.models.base import DeckModel, Identifier, Text
from studykit.models.facts import Fact
from studykit.models.source import Reference, Source


class FreeCard(DeckModel):
    """A hand-written card, for what does not fit a fact (extended by the authoring work)."""

    key: Identifier | None = None
    """Stable key of the card; progress hangs on it. Derived from the front when left out."""
    kind: Literal["basic"] = "basic"
    """Card kind."""
    front: Text
    """The question."""
    back: Text
    """The answer."""
    tags: list[Identifier] = Field(default_factory=list)
    """Tags for filtering."""
    sources: list[Source] = Field(default_factory=list)
    """Where the answer comes from."""


class Deck(DeckModel):
    """One deck file."""

    id: Identifier
    """Stable deck id, e.g. `scalp-standard-lines`; card ids start with it, so keep it."""
    title: Text
    """Title shown to students."""
    version: Text
    """Version of the deck's content, e.g. `1.0.0`; bump it when facts change."""
    description: Text | None = None
    """What the deck covers."""
    authors: list[Text] = Field(default_factory=list)
    """Who wrote the deck."""
    license: Text | None = None
    """Licence of the deck's text, e.g. `CC-BY-4.0`."""
    references: dict[str, Reference] = Field(default_factory=dict)
    """Works cited in this deck, by short key (e.g. `S4`), for `sources: [{ref: S4}]`."""
    facts: list[Fact] = Field(default_factory=list)
    """The facts the deck teaches; cards are generated from them."""
    cards: list[FreeCard] = Field(default_factory=list)
    """Free-form cards written by hand."""


__all__ = ["Deck", "FreeCard"]
