"""A deck file: metadata, the works it cites, its facts and its free-form cards."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from pydantic import Field, model_validator

from studykit.models.base import DeckModel, Identifier, Tag, Text
from studykit.models.facts import Fact
from studykit.models.slugs import slug
from studykit.models.source import Reference, Source, SourceKind

FreeCardKind = Literal["basic", "basic-and-reverse", "typed", "choice", "cloze"]
"""What a free-form card asks: see `FreeCard.kind`."""

FREE_CARD_KINDS: tuple[str, ...] = ("basic", "basic-and-reverse", "typed", "choice", "cloze")

CLOZE_DELETION = re.compile(r"\{\{c(\d+)::(.+?)(?:::([^{}]*?))?\}\}", re.DOTALL)
"""An Anki-style cloze deletion: `{{c1::answer}}` or `{{c1::answer::hint}}`."""

_USES: dict[str, tuple[str, ...]] = {
    "basic": ("front", "back"),
    "basic-and-reverse": ("front", "back"),
    "typed": ("front", "back", "answers"),
    "choice": ("front", "back", "distractors"),
    "cloze": ("text",),
}
"""The content keys each kind reads; any other content key is a mistake."""


@dataclass(frozen=True, slots=True)
class ClozeDeletion:
    """One `{{cN::answer::hint}}` in a cloze text."""

    number: int
    answer: str
    hint: str | None
    start: int
    end: int


def cloze_deletions(text: str) -> list[ClozeDeletion]:
    """The deletions of a cloze text, in order of appearance."""
    return [
        ClozeDeletion(int(m[1]), m[2].strip(), (m[3] or "").strip() or None, m.start(), m.end())
        for m in CLOZE_DELETION.finditer(text)
    ]


def render_cloze(text: str, hide: int | None, *, mark: str = "[...]") -> str:
    """The cloze text with deletion `hide` blanked (as `[hint]` or `mark`), others shown."""

    def replace(match: re.Match[str]) -> str:
        if hide is not None and int(match[1]) == hide:
            hint = (match[3] or "").strip()
            return f"[{hint}]" if hint else mark
        return match[2].strip()

    return CLOZE_DELETION.sub(replace, text)


class FreeCard(DeckModel):
    """A hand-written card, for what does not fit a fact.

    Its cards get the ids `deck/card:KEY/DIRECTION`. Give `key` and progress survives any
    edit; without it the key is derived from the front (see `derived_key`).
    """

    key: Identifier | None = None
    """Stable key of the card; students' progress hangs on it, so never change it. Left out,
    it is the front's words (lowercase, no accents or punctuation, hyphens, first 48
    characters): edits to the back, to capitals and punctuation, or to the end of a long
    front keep progress; rewording the start of the front starts the card over."""
    kind: FreeCardKind = "basic"
    """`basic` (front → back), `basic-and-reverse` (also back → front), `typed` (the student
    types the answer: `back` and/or `answers`), `choice` (pick the `back` among
    `distractors`, or among other cards' answers when none are given) or `cloze` (`text`
    with `{{c1::...}}` deletions, one card per number)."""
    front: Text | None = None
    """The question (every kind but `cloze`)."""
    back: Text | None = None
    """The answer: shown after answering; for `choice`, the right option."""
    text: Text | None = None
    """Cloze text (kind `cloze`): `{{c1::hidden words}}` or `{{c1::hidden::hint}}`; each
    number makes one card, several deletions with one number are hidden together."""
    answers: list[Text] = Field(default_factory=list)
    """Typed cards: the accepted answers (the `back`, if given, is accepted too)."""
    distractors: list[Text] = Field(default_factory=list)
    """Choice cards: the wrong options; leave out to draw them from the deck's other cards."""
    extra: Text | None = None
    """A remark shown after the answer."""
    tags: list[Tag] = Field(default_factory=list)
    """Tags for filtering, e.g. `[safety, needling]`."""
    sources: list[Source] = Field(default_factory=list)
    """Where the answer comes from (optional, but `studykit lint` asks for it)."""
    author_notes: list[Text] = Field(default_factory=list)
    """Notes for the deck's authors; shown by `studykit lint` and `studykit preview
    --author`, never on a card (use `extra` for a remark students should read)."""

    @model_validator(mode="after")
    def _fields_fit_kind(self) -> FreeCard:
        uses = _USES[self.kind]
        problems = [
            f"'{name}' is not used by a {self.kind} card"
            + (f" ({_USED_BY[name]})" if name in _USED_BY else "")
            for name in ("front", "back", "text", "answers", "distractors")
            if getattr(self, name) and name not in uses
        ]
        if self.kind == "cloze":
            if not self.text:
                problems.append("a cloze card needs 'text' with deletions like {{c1::answer}}")
            elif not cloze_deletions(self.text):
                problems.append(
                    "the cloze text has no deletion: mark what to hide as {{c1::answer}}"
                )
        else:
            if not self.front:
                problems.append(f"a {self.kind} card needs 'front' (the question)")
            if self.kind == "typed" and not (self.back or self.answers):
                problems.append("a typed card needs 'back' or 'answers' (what may be typed)")
            elif self.kind != "typed" and not self.back:
                problems.append(f"a {self.kind} card needs 'back' (the answer)")
        if self.kind == "choice" and self.back:
            right = _normal(self.back)
            if any(_normal(d) == right for d in self.distractors):
                problems.append("the answer ('back') is also one of the 'distractors'")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def question(self) -> str:
        """The text a student reads first: the front, or the cloze text with blanks."""
        if self.kind == "cloze":
            return CLOZE_DELETION.sub("[...]", self.text or "")
        return self.front or ""

    def accepted(self) -> list[str]:
        """Every accepted answer: the back and the `answers` (typed), without repeats."""
        return list(dict.fromkeys(a for a in (self.back, *self.answers) if a))

    def derived_key(self) -> str:
        """The key used when none is given: the question's words as a slug (see `key`).

        Cloze deletions are left out, so correcting a hidden answer keeps progress.
        """
        return slug(self.question(), KEY_LENGTH)


_USED_BY = {
    "text": "only cloze cards have 'text'",
    "answers": "only typed cards have accepted 'answers'",
    "distractors": "only choice cards have 'distractors'",
    "front": "a cloze card asks its 'text'",
    "back": "a cloze card's answers are its deletions; put remarks in 'extra'",
}

KEY_LENGTH = 48
"""Characters of the question's slug that make a derived key."""


def free_card_keys(cards: Sequence[FreeCard]) -> list[str]:
    """The key of each card, in order: explicit keys as given; derived keys that collide
    with another card's key get `-2`, `-3`, ... in file order (lint warns about these)."""
    taken = {card.key for card in cards if card.key}
    keys: list[str] = []
    for card in cards:
        if card.key:
            keys.append(card.key)
            continue
        base = card.derived_key()
        key, number = base, 1
        while key in taken:
            number += 1
            key = f"{base}-{number}"
        taken.add(key)
        keys.append(key)
    return keys


def _normal(text: str) -> str:
    return re.sub(r"[\W_]+", " ", text.lower()).strip()


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

    @model_validator(mode="after")
    def _weigh_disputes(self) -> Deck:
        """Weigh every dispute by the kinds of its sources (see `Conflict.weigh`), so that
        a standard or textbook side prevails over lighter ones before cards are made."""
        for fact in self.facts:
            for conflict in fact.conflicts:
                conflict.weigh(self.kind_of)
        return self

    def author_notes_of(self, fact_id: str) -> list[str]:
        """The author-only notes behind the cards of a fact (or of a free card,
        `card:KEY`): its own, its disputes', and those of the works it cites directly."""
        if fact_id.startswith("card:"):
            key = fact_id.removeprefix("card:")
            pairs = zip(self.cards, free_card_keys(self.cards), strict=True)
            free = next((card for card, k in pairs if k == key), None)
            if free is None:
                return []
            return [*free.author_notes, *self._reference_notes(free.sources)]
        fact = next((f for f in self.facts if f.id == fact_id), None)
        if fact is None:
            return []
        notes = list(fact.author_notes)
        sources = list(fact.sources)
        for conflict in fact.conflicts:
            notes.extend(f"dispute on {conflict.about}: {n}" for n in conflict.author_notes)
            sources.extend(s for p in conflict.positions for s in p.sources)
        return [*notes, *self._reference_notes(sources)]

    def _reference_notes(self, sources: Sequence[Source]) -> list[str]:
        keys = dict.fromkeys(s.ref for s in sources if s.ref)
        return [
            f"[{key}] {note}"
            for key in keys
            if key in self.references
            for note in self.references[key].author_notes
        ]

    def kind_of(self, source: Source) -> SourceKind | None:
        """The kind of a source: its own, else that of the work it cites."""
        if source.kind is not None:
            return source.kind
        reference = self.references.get(source.ref) if source.ref else None
        return reference.kind if reference else None


__all__ = [
    "CLOZE_DELETION",
    "FREE_CARD_KINDS",
    "ClozeDeletion",
    "Deck",
    "FreeCard",
    "FreeCardKind",
    "cloze_deletions",
    "free_card_keys",
    "render_cloze",
]
