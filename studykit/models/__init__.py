"""Pydantic models of the deck format: facts, sources and deck files."""

from __future__ import annotations

from studykit.models.deck import Deck, FreeCard
from studykit.models.facts import (
    FACT_KINDS,
    SYSTEM_TITLES,
    Claim,
    Condition,
    Division,
    Fact,
    FactBase,
    Landmark,
    Location,
    Microsystem,
    Names,
    System,
    Zone,
    ZoneRef,
    split_zone_ref,
)
from studykit.models.source import (
    KIND_LABELS,
    SOURCE_KINDS,
    Conflict,
    Position,
    Reference,
    Source,
    SourceKind,
    best_confidence,
)

__all__ = [
    "FACT_KINDS",
    "KIND_LABELS",
    "SOURCE_KINDS",
    "SYSTEM_TITLES",
    "Claim",
    "Condition",
    "Conflict",
    "Deck",
    "Division",
    "Fact",
    "FactBase",
    "FreeCard",
    "Landmark",
    "Location",
    "Microsystem",
    "Names",
    "Position",
    "Reference",
    "Source",
    "SourceKind",
    "System",
    "Zone",
    "ZoneRef",
    "best_confidence",
    "split_zone_ref",
]
