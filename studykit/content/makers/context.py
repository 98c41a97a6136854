"""What a card maker may know besides its fact: the deck, every loaded fact, the options,
and the shared ways to cite, tag and offer choices. Makers only read it; its caches are
memos that make a large deck fast, never state a maker depends on."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from studykit.content.cards import Card, CardKind, card_id
from studykit.content.makers.choices import Pool, lone_echo, pick_options
from studykit.content.makers.citations import Citer
from studykit.content.makers.index import FactIndex
from studykit.content.makers.text import unique_answers
from studykit.maps.geometry import Definition, definition_for
from studykit.models import Claim, Condition, Deck, Microsystem, Source, Zone


@dataclass(frozen=True, slots=True)
class GenerateOptions:
    """What to generate."""

    include_unverified: bool = False
    """Also make cards from facts and parts marked `unverified`."""
    keep: Mapping[str, tuple[str, ...]] = field(default_factory=dict, hash=False)
    """Options shown before, by card id (map cards: zone refs): a choice card keeps them
    while they are still valid (see `pick_options`). The Anki export passes what its
    lock file remembers; without it, options are the hash draw."""


@dataclass(frozen=True, slots=True)
class DrawnZone:
    """A zone of the deck that the head map can draw."""

    ref: str
    zone: Zone
    definition: Definition
    settled: bool
    """Its location may be taught (not disputed; verified unless opted in)."""


class DeckContext:
    """The read-only context of one deck's card makers."""

    def __init__(self, deck: Deck, index: FactIndex, options: GenerateOptions) -> None:
        self.deck = deck
        self.index = index
        self.options = options
        citer = Citer(deck.references)
        self.cite = citer.cite
        """The citations of some sources as a card shows them."""
        self.citation = citer.citation
        """(`cite(sources)`, their best confidence), remembered."""
        self._deck_tag = f"deck::{deck.id}"
        self._tags: dict[tuple[str, str, tuple[str, ...]], tuple[str, ...]] = {}
        self._drawn: list[DrawnZone] | None = None
        self._taught_maps: dict[str, str] = {}

    # -- what may be taught ---------------------------------------------------------------

    def teachable(self, sources: list[Source]) -> bool:
        """Whether cards may rest on these sources (unverified ones only on opt-in)."""
        return self.options.include_unverified or self.citation(sources)[1] != "unverified"

    def claims(self, claims: list[Claim], fact_sources: list[Source]) -> list[Claim]:
        """The claims that may be taught (their own sources, else the fact's)."""
        fact_teachable = self.teachable(fact_sources)
        return [c for c in claims if (self.teachable(c.sources) if c.sources else fact_teachable)]

    # -- maps -----------------------------------------------------------------------------

    def drawn_zones(self) -> list[DrawnZone]:
        """The deck's zones the head map can draw, in deck order. Whether a zone can be
        drawn is read from its definition alone, so nothing is drawn here."""
        if self._drawn is None:
            drawn: list[DrawnZone] = []
            for fact in self.deck.facts:
                if isinstance(fact, Zone):
                    ref = f"{self.deck.id}:{fact.id}"
                    entry = definition_for(ref, fact)
                    if entry is not None:
                        settled = not fact.disputed("location") and self.teachable(
                            fact.location.sources or fact.sources
                        )
                        drawn.append(DrawnZone(ref, fact, entry.definition, settled))
            self._drawn = drawn
            self._taught_maps = {d.zone.id: d.ref for d in drawn if d.settled}
        return self._drawn

    def answer_map(self, zone: Zone) -> str | None:
        """The zone ref whose map a location card of `zone` shows with its answer."""
        self.drawn_zones()
        return self._taught_maps.get(zone.id)

    # -- cards ----------------------------------------------------------------------------

    def choice(
        self,
        card: str,
        right: str,
        tiers: Sequence[Pool],
        *,
        exclude: Iterable[str] = (),
        about: str = "",
    ) -> tuple[str, ...]:
        """`right` and up to three distractors for the card with id `card` (see
        `pick_options`), or the options this card showed before if still valid."""
        return pick_options(
            card,
            right,
            tiers,
            self.index.normal,
            exclude=exclude,
            about=about,
            keep=self.options.keep.get(card),
        )

    def choice_card(
        self,
        fact: Zone | Condition | Microsystem | None,
        fact_id: str,
        direction: str,
        front: str,
        right: str,
        options: tuple[str, ...],
        *,
        basic_front: str | None = None,
        about: str = "",
        sources: list[Source],
        tags: tuple[str, ...] = (),
        answer_figure: str | None = None,
    ) -> Card:
        """A choice card; a basic card (same id, asking `basic_front`) when its options
        would give the answer away: fewer than two, or the answer the only one echoing
        `about`."""
        kind: CardKind = "choice"
        answers: tuple[str, ...] = (right,)
        if len(options) < 2 or (about and lone_echo(about, options, right)):
            kind, options, answers = "basic", (), ()
            front = basic_front or front
        return self.card(
            fact,
            fact_id,
            direction,
            kind,
            front,
            right,
            answers=answers,
            choices=options,
            sources=sources,
            tags=tags,
            answer_figure=answer_figure,
        )

    def card_id(self, fact_id: str, direction: str) -> str:
        """The id of this deck's card of `fact_id` in `direction`."""
        return card_id(self.deck.id, fact_id, direction)

    def card(
        self,
        fact: Zone | Condition | Microsystem | None,
        fact_id: str,
        direction: str,
        kind: CardKind,
        front: str,
        back: str,
        *,
        sources: list[Source],
        tags: tuple[str, ...] = (),
        answers: Sequence[str] = (),
        choices: Sequence[str] = (),
        cloze: str | None = None,
        extra: str = "",
        confidence: str | None = None,
        figure: str | None = None,
        figure_choices: tuple[str, ...] = (),
        answer_figure: str | None = None,
        requires: tuple[str, ...] = (),
    ) -> Card:
        """A card of this deck. The hot path of generation (10 calls per fact): what is
        the same for many cards (tags, citations) is looked up, not rebuilt."""
        if fact is None:
            notes, fact_kind = extra, ""
        else:
            fact_kind = fact.kind
            notes = "\n".join(fact.card_notes()) if fact.notes or fact.conflicts else ""
            if extra:
                notes = f"{extra}\n{notes}" if notes else extra
        prefix = direction.partition(":")[0] if ":" in direction else direction
        tag_key = (prefix, fact_kind, tags)
        card_tags = self._tags.get(tag_key)
        if card_tags is None:
            card_tags = self._tags[tag_key] = self._tags_for(prefix, fact_kind, tags)
        citation, best = self.citation(sources)
        deck_id = self.deck.id
        return Card(  # positional, in the order of Card's fields (faster than keywords)
            card_id(deck_id, fact_id, direction),
            deck_id,
            fact_id,
            direction,
            kind,
            front,
            back,
            unique_answers(answers) if answers else (),
            tuple(choices) if choices else (),
            cloze,
            card_tags,
            citation,
            confidence or best,
            notes,
            figure,
            figure_choices,
            answer_figure,
            requires,
        )

    def _tags_for(self, prefix: str, fact_kind: str, extra: Sequence[str]) -> tuple[str, ...]:
        """Tags of a card from its direction prefix, fact kind (or "") and extra tags."""
        tags = [self._deck_tag, f"direction::{prefix}"]
        if fact_kind:
            tags.append(f"fact::{fact_kind}")
        return tuple(dict.fromkeys([*tags, *extra]))
