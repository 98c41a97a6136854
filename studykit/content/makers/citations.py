"""A card's source line: the citations of the sources its answer rests on."""

from __future__ import annotations

import operator
from collections.abc import Iterable
from typing import Any

from studykit.models import KIND_LABELS, Reference, Source, best_confidence

_SOURCE_CONTENT = operator.attrgetter("ref", "citation", "url", "confidence", "note", "kind")
"""What a source's citation is made of (sources with equal content cite alike)."""


def cited_by(sources: list[Source]) -> str:
    """` [S4, S5]`: who says a claim that has sources of its own (empty otherwise)."""
    keys = [s.ref or (s.citation or "")[:30] for s in sources]
    return f" [{', '.join(dict.fromkeys(keys))}]" if keys else ""


class Citer:
    """Cites sources against one deck's references, remembering what it cited: a fact's
    ten cards cite the same source objects, mostly the very list the previous card did."""

    def __init__(self, references: dict[str, Reference]) -> None:
        self._references = references
        self._citations: dict[tuple[int, ...], tuple[str, str]] = {}
        self._cited_works: dict[tuple[Any, ...], tuple[str, str]] = {}
        self._last_sources: list[Source] | None = None
        self._last_citation = ("", "unverified")

    def cite(self, sources: Iterable[Source]) -> str:
        """`[S4] Citation <url> (kind; confidence): note; ...`, each work once: a work
        cited by several sources shows its best confidence and each different note."""
        works: dict[str, list[Source]] = {}
        for source in sources:
            works.setdefault(source.ref or source.citation or "", []).append(source)
        return "; ".join(self._label(cited) for cited in works.values())

    def _label(self, sources: list[Source]) -> str:
        """The citation of one work, from the sources citing it."""
        first = sources[0]
        reference = self._references.get(first.ref) if first.ref else None
        text = first.citation or (reference.citation if reference else first.ref or "")
        url = next((s.url for s in sources if s.url), None) or (
            reference.url if reference else None
        )
        label = f"[{first.ref}] {text}" if first.ref else text
        if url:
            label += f" <{url}>"
        kind = next((s.kind for s in sources if s.kind), None) or (
            reference.kind if reference else None
        )
        confidence = best_confidence(sources)
        label += f" ({KIND_LABELS[kind]}; {confidence})" if kind else f" ({confidence})"
        notes = list(dict.fromkeys(s.note for s in sources if s.note))
        if notes:
            label += ": " + "; ".join(notes)
        return label

    def citation(self, sources: list[Source]) -> tuple[str, str]:
        """(`cite(sources)`, their best confidence), remembered by the identity of the
        source objects (alive as long as the deck, so their ids are stable)."""
        if sources is self._last_sources:
            return self._last_citation
        key = tuple(map(id, sources))
        known = self._citations.get(key)
        if known is None:
            # each fact has source objects of its own, mostly citing the same works
            content = tuple(map(_SOURCE_CONTENT, sources))
            known = self._cited_works.get(content)
            if known is None:
                known = self._cited_works[content] = (
                    self.cite(sources),
                    best_confidence(sources),
                )
            self._citations[key] = known
        self._last_sources = sources  # held, so its identity stays unique while compared
        self._last_citation = known
        return known
