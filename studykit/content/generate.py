"""Facts → cards, in several directions per fact.

Rules that protect students: a part of a fact that sources dispute is never taught as
settled (a card teaches the dispute instead), and `unverified` parts make no card unless
the student opts in. Choice distractors are drawn from the same system and fact kind with
numbers derived from the card id (`_stable_numbers`), so a card looks the same on every
run and machine.
"""

from __future__ import annotations

import hashlib
import itertools
import operator
import re
import struct
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from studykit.content.cards import Card, CardKind, card_id
from studykit.content.gcpause import gc_paused
from studykit.content.map_cards import add_map_cards
from studykit.models import (
    KIND_LABELS,
    SYSTEM_TITLES,
    Claim,
    Condition,
    Deck,
    FactBase,
    FreeCard,
    Landmark,
    Microsystem,
    Source,
    Zone,
    best_confidence,
    split_zone_ref,
)
from studykit.models.base import CONFIDENCE_RANK
from studykit.models.deck import CLOZE_DELETION, cloze_deletions, free_card_keys, render_cloze
from studykit.models.slugs import slug

CHOICE_OPTIONS = 4
_SOURCE_CONTENT = operator.attrgetter("ref", "citation", "url", "confidence", "note", "kind")
"""What a source's citation is made of (sources with equal content cite alike)."""
MAX_OPTION_LENGTH = 80
"""Longest answer of another card that is drawn as a choice option."""


@dataclass(frozen=True, slots=True)
class GenerateOptions:
    """What to generate."""

    include_unverified: bool = False
    """Also make cards from facts and parts marked `unverified`."""


class _Index:
    """Facts of all loaded decks, for references, distractors and uniqueness checks."""

    def __init__(self, decks: Sequence[Deck]) -> None:
        self.decks = {deck.id: deck for deck in decks}
        self.zones: dict[tuple[str, str], Zone] = {}
        self.zones_by_system: dict[str, list[Zone]] = defaultdict(list)
        self.microsystems: list[Microsystem] = []
        for deck in decks:
            for fact in deck.facts:
                if isinstance(fact, Zone):
                    self.zones[(deck.id, fact.id)] = fact
                    self.zones_by_system[fact.system].append(fact)
                elif isinstance(fact, Microsystem):
                    self.microsystems.append(fact)
        self._only_owner: dict[tuple[str, str], str | None] | None = None
        self._peer_titles: dict[str, list[str]] = {}
        self._related: dict[int, set[str]] | None = None
        self._disputed: dict[str, list[tuple[str, str]]] | None = None
        self._normals: dict[str, str] = {}
        self.pool_normals: dict[int, list[str]] = {}
        """Normalised titles of each list `peer_titles` returned (kept alive by it)."""

    def normal(self, text: str) -> str:
        """`_normal(text)`, remembered: the same titles and indications are compared
        again for every choice card of a system."""
        known = self._normals.get(text)
        if known is None:
            known = self._normals[text] = _normal(text)
        return known

    def peer_titles(self, group: str) -> list[str]:
        """Sorted unique titles of the zones of a system (or of all microsystems), the pool
        choice distractors are drawn from."""
        titles = self._peer_titles.get(group)
        if titles is None:
            if group == "microsystem":
                names = {m.names.english for m in self.microsystems}
            else:
                names = {z.title() for z in self.zones_by_system[group]}
            titles = self._peer_titles[group] = sorted(names)
            self.pool_normals[id(titles)] = [self.normal(title) for title in titles]
        return titles

    def related_titles(self, zone: Zone) -> set[str]:
        """Titles of the zones linked to `zone` by `corresponds_to`, either way: never
        offered as wrong options, since they lie over the same area."""
        if self._related is None:
            related: dict[int, set[str]] = defaultdict(set)
            for (deck_id, _), other in self.zones.items():
                for ref in other.corresponds_to:
                    target = self.zone(ref.zone, deck_id)
                    if target is not None:
                        related[id(other)].add(target.title())
                        related[id(target)].add(other.title())
            self._related = related
        return self._related.get(id(zone), set())

    def disputed_owners(self, system: str, text: str) -> set[str]:
        """Titles of the zones of `system` that a source (in a recorded dispute) says treat
        this: they are not safe wrong options for "which zone treats ..."."""
        if self._disputed is None:
            disputed: dict[str, list[tuple[str, str]]] = defaultdict(list)
            for zone in self.zones.values():
                for conflict in zone.conflicts:
                    if conflict.about == "indications" or conflict.about.startswith("division"):
                        for position in conflict.positions:
                            disputed[zone.system].append(
                                (zone.title(), self.normal(position.value))
                            )
            self._disputed = disputed
        positions = self._disputed.get(system)
        if not positions:
            return set()
        wanted = self.normal(text)
        return {title for title, value in positions if wanted in value}

    def zone(self, ref: str, own_deck: str) -> Zone | None:
        return self.zones.get(split_zone_ref(ref, own_deck))

    def only_owner(self, system: str, text: str) -> str | None:
        """The title of the one zone of `system` that lists this indication (normalised);
        None when no zone or several zones (with different titles) list it."""
        if self._only_owner is None:
            owners: dict[tuple[str, str], str | None] = {}
            for zone in self.zones.values():
                title, group = zone.title(), zone.system
                for claims in (zone.indications, *[d.treats for d in zone.divisions]):
                    for claim in claims:
                        key = (group, self.normal(claim.text))
                        if owners.setdefault(key, title) != title:
                            owners[key] = None  # several zones: the answer is not unique
            self._only_owner = owners
        return self._only_owner.get((system, self.normal(text)))


_NOT_WORD = re.compile(r"[\W_]+")


def _normal(text: str) -> str:
    """Text compared loosely: lowercase words separated by single spaces."""
    lower = text.lower()
    if lower.replace(" ", "").isalnum() and "  " not in lower and lower.strip() == lower:
        return lower  # already words and single spaces (most texts): no regex needed
    return _NOT_WORD.sub(" ", lower).strip()


class _DeckGenerator:
    """Makes the cards of one deck."""

    def __init__(self, deck: Deck, index: _Index, options: GenerateOptions) -> None:
        self.deck = deck
        self.index = index
        self.options = options
        self.cards: list[Card] = []
        self._citations: dict[tuple[int, ...], tuple[str, str]] = {}
        self._cited_works: dict[tuple[Any, ...], tuple[str, str]] = {}
        self._deck_tag = f"deck::{deck.id}"
        self._tags: dict[tuple[str, ...], tuple[str, ...]] = {}
        self._last_sources: list[Source] | None = None
        self._last_citation = ("", "unverified")

    # -- helpers --------------------------------------------------------------------------

    def teachable(self, sources: list[Source]) -> bool:
        return self.options.include_unverified or self.citation(sources)[1] != "unverified"

    def cite(self, sources: Iterable[Source]) -> str:
        parts: list[str] = []
        for source in sources:
            reference = self.deck.references.get(source.ref) if source.ref else None
            text = source.citation or (reference.citation if reference else source.ref or "")
            url = source.url or (reference.url if reference else None)
            label = f"[{source.ref}] {text}" if source.ref else text
            if url:
                label += f" <{url}>"
            kind = source.kind or (reference.kind if reference else None)
            label += (
                f" ({KIND_LABELS[kind]}; {source.confidence})"
                if kind
                else f" ({source.confidence})"
            )
            if source.note:
                label += f": {source.note}"
            if label not in parts:
                parts.append(label)
        return "; ".join(parts)

    def citation(self, sources: list[Source]) -> tuple[str, str]:
        """(`cite(sources)`, their best confidence), remembered: a fact's ten cards cite
        the same source objects (alive as long as the deck, so their ids are stable), and
        most often the very list the previous card cited."""
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

    def cited_by(self, sources: list[Source]) -> str:
        """` [S4, S5]`: who says a claim that has sources of its own (empty otherwise)."""
        keys = [s.ref or (s.citation or "")[:30] for s in sources]
        return f" [{', '.join(dict.fromkeys(keys))}]" if keys else ""

    def add(
        self,
        fact: FactBase | None,
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
    ) -> None:
        # The hot path of generation (10 calls per fact): what is the same for many cards
        # (tags, citations) is looked up, not rebuilt.
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
            card_tags = self._tags[tag_key] = self.tags_for(prefix, fact_kind, tags)
        citation, best = self.citation(sources)
        deck_id = self.deck.id
        self.cards.append(
            Card(  # positional, in the order of Card's fields (faster than keywords)
                card_id(deck_id, fact_id, direction),
                deck_id,
                fact_id,
                direction,
                kind,
                front,
                back,
                _unique_answers(answers) if answers else (),
                tuple(choices) if choices else (),
                cloze,
                card_tags,
                citation,
                confidence or best,
                notes,
            )
        )

    def tags_for(self, prefix: str, fact_kind: str, extra: Sequence[str]) -> tuple[str, ...]:
        """Tags of a card from its direction prefix, fact kind (or "") and extra tags."""
        tags = [self._deck_tag, f"direction::{prefix}"]
        if fact_kind:
            tags.append(f"fact::{fact_kind}")
        return tuple(dict.fromkeys([*tags, *extra]))

    def choice(
        self, seed: str, right: str, pool: Sequence[str], exclude: Iterable[str] = ()
    ) -> tuple[str, ...]:
        """Up to four options: the right one and distractors from `pool` (sorted, unique),
        shuffled stably. `exclude` names options that would also be right (e.g. a zone of
        the same system over the same area). Samples indexes, so it costs the same for 10
        peers or 10,000."""
        wanted = CHOICE_OPTIONS - 1
        normal = self.index.normal
        banned = {normal(right)}
        for other in exclude:
            banned.add(normal(other))
        size = len(pool)
        normals = self.index.pool_normals.get(id(pool))
        numbers = _stable_numbers(seed)
        picked: list[str] = []
        tried: set[int] = set()
        draws = 4 * (wanted + len(banned)) if size else 0  # a few repeats are fine
        for number in itertools.islice(numbers, draws):
            index = number % size
            if index in tried:
                continue
            tried.add(index)
            if (normal(pool[index]) if normals is None else normals[index]) not in banned:
                picked.append(pool[index])
                if len(picked) == wanted:
                    break
            if len(tried) == size:
                break
        if len(picked) < wanted and len(tried) < size:  # rare: unlucky draws
            others = [p for i, p in enumerate(pool) if i not in tried and normal(p) not in banned]
            while len(picked) < wanted and others:
                picked.append(others.pop(next(numbers) % len(others)))
        options = [right, *picked]
        _shuffle(options, numbers.__next__)
        return tuple(options)

    def claims(self, claims: list[Claim], fact_sources: list[Source]) -> list[Claim]:
        """The claims that may be taught (their own sources, else the fact's)."""
        fact_teachable = self.teachable(fact_sources)
        return [c for c in claims if (self.teachable(c.sources) if c.sources else fact_teachable)]

    # -- facts ----------------------------------------------------------------------------

    def run(self) -> list[Card]:
        for fact in self.deck.facts:
            if isinstance(fact, Zone):
                self.zone(fact)
            elif isinstance(fact, Condition):
                self.condition(fact)
            elif isinstance(fact, Microsystem):
                self.microsystem(fact)
            self.conflicts(fact)
        self.zone_conditions()
        for free, key in zip(self.deck.cards, free_card_keys(self.deck.cards), strict=True):
            self.free_card(free, key)
        add_map_cards(self)
        return self.cards

    def zone(self, zone: Zone) -> None:
        system = SYSTEM_TITLES[zone.system]
        title = zone.title()
        names = zone.names
        if names.hanzi and names.pinyin:
            chinese = f"{names.hanzi} {names.pinyin}"
        else:
            chinese = names.hanzi or names.pinyin or ""
        tags: tuple[str, ...] = (f"system::{zone.system}",)
        if zone.location.region:
            tags = (*tags, f"region::{slug(zone.location.region)}")
        named = self.teachable(zone.sources) and not zone.disputed("names")
        if named and zone.code:
            self.add(
                zone,
                zone.id,
                "code-name",
                "typed",
                f"{zone.code} ({system}): what is its English name?",
                f"{names.english}" + (f"\n{chinese}" if chinese else ""),
                answers=[names.english, *names.aliases],
                sources=zone.sources,
                tags=tags,
            )
            self.add(
                zone,
                zone.id,
                "name-code",
                "typed",
                f"{system}: what is the code of the {names.english}?",
                zone.code,
                answers=[zone.code],
                sources=zone.sources,
                tags=tags,
            )
        if named and names.hanzi:
            self.add(
                zone,
                zone.id,
                "chinese-english",
                "typed",
                f"{chinese} ({system}): what is it called in English?",
                title,
                answers=[names.english, *names.aliases, *([zone.code] if zone.code else [])],
                sources=zone.sources,
                tags=tags,
            )
            self.add(
                zone,
                zone.id,
                "english-chinese",
                "basic",
                f"{title} ({system}): its Chinese name, in characters and pinyin?",
                chinese,
                sources=zone.sources,
                tags=tags,
            )
        self.zone_location(zone, system, title, tags)
        self.zone_indications(zone, system, title, tags)
        for division in zone.divisions:
            sources = division.sources or zone.sources
            treats = self.claims(division.treats, sources)
            if (
                not treats
                or zone.disputed(f"division:{division.id}")
                or not self.teachable(sources)
            ):
                continue
            what = "; ".join(c.text for c in treats)
            body = f" ({division.body_part})" if division.body_part else ""
            text = f"The {division.part} of {title}{body} treats {{{{c1::{what}}}}}."
            self.add(
                zone,
                zone.id,
                f"division:{division.id}",
                "cloze",
                text.replace(f"{{{{c1::{what}}}}}", "[...]"),
                text.replace(f"{{{{c1::{what}}}}}", what),
                cloze=text,
                answers=[what],
                sources=sources,
                tags=tags,
            )
        for ref in zone.corresponds_to:
            other = self.index.zone(ref.zone, self.deck.id)
            sources = ref.sources or zone.sources
            if other is None or not self.teachable(sources):
                continue
            other_system = SYSTEM_TITLES[other.system]
            direction = "corresponds:" + slug(ref.zone.replace(":", "-"), 80)
            self.add(
                zone,
                zone.id,
                direction,
                "basic",
                f"{title} ({system}) lies over which zone of the {other_system} system?",
                other.title() + (f"\n{ref.note}" if ref.note else ""),
                sources=sources,
                tags=(*tags, "correspondence"),
            )

    def zone_location(self, zone: Zone, system: str, title: str, tags: tuple[str, ...]) -> None:
        location = zone.location
        sources = location.sources or zone.sources
        if zone.disputed("location") or not self.teachable(sources):
            return
        # The answer to "where": the description, the end points unless the description
        # names them already, the region. The length has a card of its own.
        lines = [location.description]
        if location.start and not _names_landmark(location.description, location.start):
            if location.end:
                lines.append(f"From {location.start.label()} to {location.end.label()}")
            else:
                lines.append(f"Starts at {location.start.label()}")
        if location.region:
            lines.append(f"Region: {location.region}")
        self.add(
            zone,
            zone.id,
            "location",
            "basic",
            f"Where is {title} ({system})?",
            "\n".join(lines),
            sources=sources,
            tags=tags,
        )
        peers = self.index.peer_titles(zone.system)
        gives_away = zone.names.english.lower() in location.description.lower() or (
            zone.code is not None and _names_word(location.description, zone.code)
        )
        if peers and not gives_away:
            self.add(
                zone,
                zone.id,
                "location-zone",
                "choice",
                f"Which {system} zone is this? {location.description}",
                title,
                answers=[title],
                choices=self.choice(
                    f"{self.deck.id}/{zone.id}", title, peers, self.index.related_titles(zone)
                ),
                sources=sources,
                tags=tags,
            )
        if location.length and not zone.disputed("length"):
            self.add(
                zone,
                zone.id,
                "length",
                "basic",
                f"How long is {title} ({system})?",
                location.length,
                sources=sources,
                tags=tags,
            )

    def zone_indications(self, zone: Zone, system: str, title: str, tags: tuple[str, ...]) -> None:
        settled = self.claims(zone.indications, zone.sources)
        if not settled:
            return
        sources = _claim_sources(settled, zone.sources)
        cited = [self.cited_by(c.sources) for c in settled]
        if len(set(cited)) == 1:  # every line says the same: the card's sources say it once
            cited = [""] * len(settled)
        extra = ""
        if zone.disputed("indications"):
            extra = "Sources disagree on further indications: see the dispute card."
        self.add(
            zone,
            zone.id,
            "indications",
            "basic",
            f"What does {title} ({system}) treat?",
            "\n".join(f"• {c.text}{who}" for c, who in zip(settled, cited, strict=True)),
            sources=sources,
            tags=tags,
            extra=extra,
        )
        peers = self.index.peer_titles(zone.system)
        related = self.index.related_titles(zone)
        for claim in settled:
            if self.index.only_owner(zone.system, claim.text) != title:
                continue
            self.add(
                zone,
                zone.id,
                f"indication-zone:{slug(claim.text)}",
                "choice",
                f"Which {system} zone treats {claim.text}?",
                title,
                answers=[title],
                choices=self.choice(
                    f"{zone.id}/{claim.text}",
                    title,
                    peers,
                    related | self.index.disputed_owners(zone.system, claim.text),
                ),
                sources=claim.sources or zone.sources,
                tags=tags,
            )

    def zone_conditions(self) -> None:
        """zone → conditions, for each zone the conditions of this deck refer to."""
        by_zone: dict[tuple[str, str], list[tuple[Condition, list[Source]]]] = defaultdict(list)
        for fact in self.deck.facts:
            if not isinstance(fact, Condition):
                continue
            for ref in fact.treated_by:
                sources = ref.sources or fact.sources
                if self.teachable(sources):
                    by_zone[split_zone_ref(ref.zone, self.deck.id)].append((fact, sources))
        for (zone_deck, zone_id), uses in sorted(by_zone.items()):
            zone = self.index.zones.get((zone_deck, zone_id))
            if zone is None:
                continue
            system = SYSTEM_TITLES[zone.system]
            names = sorted({condition.names.english for condition, _ in uses})
            sources = [s for _, srcs in uses for s in srcs]
            self.add(
                None,
                f"{zone_deck}:{zone_id}",
                "zone-conditions",
                "basic",
                f"Which conditions is {zone.title()} ({system}) used for?",
                "\n".join(f"• {name}" for name in names),
                sources=sources,
                tags=(f"system::{zone.system}", "fact::condition"),
            )

    def condition(self, condition: Condition) -> None:
        per_system: dict[str, list[str]] = defaultdict(list)
        sources_per_system: dict[str, list[Source]] = defaultdict(list)
        for ref in condition.treated_by:
            sources = ref.sources or condition.sources
            zone = self.index.zone(ref.zone, self.deck.id)
            if zone is None or not self.teachable(sources):
                continue
            label = zone.title()
            if ref.division:
                part = next((d.part for d in zone.divisions if d.id == ref.division), ref.division)
                label += f" ({part})"
            if ref.note:
                label += f": {ref.note}"
            per_system[zone.system].append(label)
            sources_per_system[zone.system].extend(sources)
        tags = (f"category::{slug(condition.category)}",)
        if condition.disputed("treated_by"):
            return
        for system, labels in per_system.items():
            self.add(
                condition,
                condition.id,
                f"zones:{system}",
                "basic",
                f"{SYSTEM_TITLES[system]}: which zones treat {condition.names.english}?",
                "\n".join(f"• {label}" for label in labels),
                sources=sources_per_system[system],
                tags=(*tags, f"system::{system}"),
            )

    def microsystem(self, system: Microsystem) -> None:
        if not self.teachable(system.sources):
            return
        name = system.names.english
        tags = (f"region::{slug(system.body_region)}",)
        proper_nouns = re.compile(r"\b[A-Z][a-z]{2,}")  # a system named after its founder
        named_after = set(proper_nouns.findall(system.founder)) & set(proper_nouns.findall(name))
        if not system.disputed("founder") and not named_after:
            self.add(
                system,
                system.id,
                "founder",
                "basic",
                f"Who founded {name} (the {system.body_region} microsystem)?",
                system.founder,
                sources=system.sources,
                tags=tags,
            )
        if not system.disputed("year"):
            year = str(system.year)
            kind: CardKind = "typed" if isinstance(system.year, int) else "basic"
            self.add(
                system,
                system.id,
                "year",
                kind,
                f"When was {name} founded or first presented?",
                year,
                answers=[year],
                sources=system.sources,
                tags=tags,
            )
        if not system.disputed("map-idea"):
            peers = self.index.peer_titles("microsystem")
            self.add(
                system,
                system.id,
                "map",
                "choice",
                f"Which microsystem maps the body like this? {system.map_idea}",
                name,
                answers=[name],
                choices=self.choice(system.id, name, peers),
                sources=system.sources,
                tags=tags,
            )

    def conflicts(self, fact: FactBase) -> None:
        """One card per dispute: it teaches who says what, not a winner."""
        if not fact.conflicts:
            return
        subject = fact.title() if isinstance(fact, Zone) else fact.names.english
        for conflict in fact.open_conflicts():
            positions = [
                f"• {p.value} — {self.cite(p.sources)}"
                for p in conflict.positions
                if self.teachable(p.sources)
            ]
            if len(positions) < 2:
                continue
            note = f"\n{conflict.note}" if conflict.note else ""
            self.add(
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

    def free_card(self, free: FreeCard, key: str) -> None:
        """The cards of a hand-written card, with ids `deck/card:KEY/DIRECTION`.

        Directions: `forward` (basic, and the first of basic-and-reverse, so switching
        between the two keeps progress), `reverse`, `typed`, `choice`, `c1`, `c2`, ...
        """
        if free.sources and not self.teachable(free.sources):
            return
        fact_id = f"card:{key}"
        common: dict[str, Any] = {
            "sources": free.sources,
            "tags": tuple(free.tags),
            "extra": free.extra or "",
        }
        front, back = free.front or "", free.back or ""
        if free.kind in {"basic", "basic-and-reverse"}:
            self.add(None, fact_id, "forward", "basic", front, back, **common)
            if free.kind == "basic-and-reverse":
                self.add(None, fact_id, "reverse", "basic", back, front, **common)
        elif free.kind == "typed":
            accepted = free.accepted()
            self.add(
                None,
                fact_id,
                "typed",
                "typed",
                front,
                back or accepted[0],
                answers=accepted,
                **common,
            )
        elif free.kind == "choice":
            seed = card_id(self.deck.id, fact_id, "choice")
            if free.distractors:
                options = [back, *dict.fromkeys(free.distractors)]
                _shuffle(options, _stable_numbers(seed).__next__)
                choices = tuple(options)
            else:
                choices = self.choice(seed, back, self.free_distractor_pool(free))
            kind: CardKind = "choice" if len(choices) > 1 else "basic"
            self.add(
                None,
                fact_id,
                "choice",
                kind,
                front,
                back,
                answers=[back],
                choices=choices if kind == "choice" else (),
                **common,
            )
        else:
            text = free.text or ""
            for number in sorted({d.number for d in cloze_deletions(text)}):
                hidden = [d.answer for d in cloze_deletions(text) if d.number == number]
                self.add(
                    None,
                    fact_id,
                    f"c{number}",
                    "cloze",
                    render_cloze(text, number),
                    render_cloze(text, None),
                    cloze=_single_cloze(text, number),
                    answers=hidden,
                    **common,
                )

    def free_distractor_pool(self, free: FreeCard) -> list[str]:
        """Answers of the deck's other cards that fit as options (short, one line): those of
        the cards sharing the most tags with `free` when there are two or more, else all."""
        pool: list[tuple[str, set[str]]] = [
            (other.back, set(other.tags))
            for other in self.deck.cards
            if other is not free
            and other.kind != "cloze"
            and other.back
            and "\n" not in other.back
            and len(other.back) <= MAX_OPTION_LENGTH
        ]
        right = _normal(free.back or "")
        by_overlap: dict[int, set[str]] = defaultdict(set)
        for back, tags in pool:
            if _normal(back) != right:
                by_overlap[len(tags & set(free.tags))].add(back)
        closest = max((n for n in by_overlap if n > 0), default=0)
        if closest and len(by_overlap[closest]) >= 2:
            return sorted(by_overlap[closest])
        return sorted({back for back, _ in pool})


def _unique_answers(answers: Sequence[str]) -> tuple[str, ...]:
    """The non-empty answers, each once, in order."""
    if len(answers) == 1:  # most cards: no set needed
        return (answers[0],) if answers[0] else ()
    return tuple(dict.fromkeys(filter(None, answers)))


_UNPACK_BLOCK = struct.Struct("<16I").unpack


def _stable_numbers(seed: str) -> Iterator[int]:
    """32-bit numbers fixed by a seed text, so a card's options and their order are the
    same on every run and machine: blake2b in counter mode, ~10x cheaper per card than
    seeding `random.Random` with text (SHA-512 plus a 2.5 KB state). Taken `% n`, the
    bias is below 1e-5 for our pool sizes."""
    key = seed.encode()
    for block in itertools.count():
        yield from _UNPACK_BLOCK(hashlib.blake2b(key + b"#%d" % block).digest())


def _shuffle(items: list[str], draw: Callable[[], int]) -> None:
    """Fisher-Yates, in place, with numbers from `draw`."""
    for last in range(len(items) - 1, 0, -1):
        other = draw() % (last + 1)
        items[last], items[other] = items[other], items[last]


def _names_landmark(description: str, landmark: Landmark) -> bool:
    """Whether a location description already names this landmark (by its point code, else
    by its name, else by its own description), so the answer need not say it twice."""
    if landmark.code:
        return _names_word(description, landmark.code)
    said = landmark.name or landmark.description
    return said is not None and said.lower() in description.lower()


def _names_word(text: str, word: str) -> bool:
    """Whether `word` occurs in `text` as a whole word (`MS6` in "behind MS6,", not in
    "MS61"); without a regex per word, which cost ~40 µs to compile for each zone."""
    start = text.find(word)
    while start != -1:
        end = start + len(word)
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        if not (before.isalnum() or before == "_") and not (after.isalnum() or after == "_"):
            return True
        start = text.find(word, start + 1)
    return False


def _single_cloze(text: str, number: int) -> str:
    """`text` with deletion `number` as `{{c1::...}}` and the others written out, so an
    exporter makes exactly this one card from it."""

    def replace(match: re.Match[str]) -> str:
        if int(match[1]) != number:
            return match[2].strip()
        return "{{c1::" + match[2].strip() + (f"::{match[3].strip()}" if match[3] else "") + "}}"

    return CLOZE_DELETION.sub(replace, text)


def _claim_sources(claims: list[Claim], fact_sources: list[Source]) -> list[Source]:
    """The sources of all claims (each once, strongest first)."""
    if len(fact_sources) == 1 and not any(c.sources for c in claims):
        return fact_sources  # the common case, kept as the same list (its citation is known)
    sources: list[Source] = []
    for claim in claims:
        for source in claim.sources or fact_sources:
            if source not in sources:
                sources.append(source)
    return sorted(sources, key=lambda s: -CONFIDENCE_RANK[s.confidence])


def generate_cards(
    decks: Sequence[Deck],
    only: Sequence[str] | None = None,
    options: GenerateOptions | None = None,
) -> list[Card]:
    """Cards of the decks named in `only` (default: all), with references resolved
    against every deck in `decks`."""
    options = options or GenerateOptions()
    index = _Index(decks)
    wanted = set(only) if only is not None else None
    cards: list[Card] = []
    with gc_paused():
        for deck in decks:
            if wanted is None or deck.id in wanted:
                cards.extend(_DeckGenerator(deck, index, options).run())
    return cards


__all__ = ["GenerateOptions", "generate_cards"]
