"""Shared pydantic configuration and small value types for deck files."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, StringConstraints

Identifier = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=80),
]
"""A lowercase id: letters, digits and hyphens, e.g. `ms6` or `scalp-standard-lines`."""

Tag = Annotated[str, StringConstraints(pattern=r"^[^\s,;A-Z]+$", max_length=80)]
"""A tag as Anki stores it: no spaces, commas or semicolons, lowercase; letters of any
script are kept (`耳穴`, `stroke`, `week-3`)."""

Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]
"""Non-empty text; surrounding whitespace is ignored."""

Confidence = Literal["verified", "two-sources", "unverified"]
"""How well a fact is backed: read in one source, agreed by two or more, or not yet checked."""

CONFIDENCE_RANK: dict[str, int] = {"unverified": 0, "verified": 1, "two-sources": 2}


class DeckModel(BaseModel):
    """Base for every model read from a deck file: unknown keys are errors, docs become schema."""

    model_config = ConfigDict(
        extra="forbid",
        use_attribute_docstrings=True,
        str_strip_whitespace=True,
        validate_default=False,
    )

    def _private(self, name: str) -> Any:
        """The private attribute `name` (None if unset), read from pydantic's store: the
        plain `self._name` raises and catches an AttributeError inside pydantic on every
        read (~3 µs), and card generation reads a zone's system ~10 times per zone."""
        private = self.__pydantic_private__
        return private.get(name) if private else None
