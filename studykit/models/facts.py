"""The facts a deck teaches: scalp zones, the conditions they treat, and microsystems.

Cards are generated from these; nothing here knows about cards or scheduling.
"""

from __future__ import annotations

import difflib
from typing import Annotated, Any, Literal

from pydantic import (
    Field,
    GetJsonSchemaHandler,
    PrivateAttr,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

from studykit.models.base import Confidence, DeckModel, Identifier, Text
from studykit.models.slugs import slug
from studykit.models.source import Conflict, Source, best_confidence
from studykit.models.systems import BUILTIN_SYSTEMS, KNOWN_SYSTEMS, SystemDeclaration

System = Identifier
"""The id of the system a zone belongs to: a built-in scalp system or one the deck
declares under `systems:`."""

SYSTEM_TITLES: dict[str, str] = {key: system.title for key, system in BUILTIN_SYSTEMS.items()}
"""Titles of the built-in scalp systems (a deck's own systems have theirs in `systems:`)."""


def _text_or_mapping(value: Any, key: str) -> Any:
    """Let a plain string stand for a mapping with just `key` (short form in YAML)."""
    return {key: value} if isinstance(value, str) else value


def _with_short_form(
    core_schema: CoreSchema, handler: GetJsonSchemaHandler, key: str
) -> JsonSchemaValue:
    """The JSON Schema of a model that also accepts a plain string for its `key` field.

    Editors then accept the short form (`- motor aphasia`) that validation accepts.
    """
    reference = handler(core_schema)
    mapping = handler.resolve_ref_schema(reference)
    long_form = dict(mapping)
    short_form = dict(long_form["properties"][key])
    short_form.pop("title", None)
    short_form["description"] = f"Short form: just the `{key}`. " + short_form.get(
        "description", ""
    )
    title = long_form.pop("title", None)
    mapping.clear()
    if title:
        mapping["title"] = title
    mapping["anyOf"] = [short_form, long_form]
    return reference


class Names(DeckModel):
    """What a thing is called, in each language students meet it in."""

    english: Text
    """English name, e.g. `Anterior oblique line of vertex-temporal`."""
    pinyin: Text | None = None
    """Pinyin with tone marks, e.g. `dǐng niè qián xié xiàn`."""
    hanzi: Text | None = None
    """Chinese characters, e.g. `顶颞前斜线`."""
    aliases: list[Text] = Field(default_factory=list)
    """Other accepted names (translations, old names, spellings)."""


class Claim(DeckModel):
    """A statement with optional sources of its own (else the fact's sources apply)."""

    text: Text
    """The statement, e.g. `motor aphasia`."""
    key: Identifier | None = None
    """Stable key of the statement: the cards made from it (e.g. "which zone treats …")
    hang on it, so a correction of `text` keeps the students' progress. Left out, the key
    is the text's words (lowercase, hyphens): fixing a typo then starts those cards over
    unless you add the old key here (`studykit lint --since OLD.yaml` names it)."""
    sources: list[Source] = Field(default_factory=list)
    """Sources for this statement; empty means the fact's own sources."""

    @model_validator(mode="before")
    @classmethod
    def _short_form(cls, value: Any) -> Any:
        return _text_or_mapping(value, "text")

    def card_key(self) -> str:
        """The key the statement's cards hang on: `key`, else the text as a slug."""
        return self.key or slug(self.text)

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return _with_short_form(core_schema, handler, "text")

    def confidence(self, fact_sources: list[Source]) -> Confidence:
        """This claim's confidence: its own sources, or the fact's when it has none."""
        return best_confidence(self.sources or fact_sources)


class Landmark(DeckModel):
    """A point a zone starts or ends at, usually an acupoint."""

    code: str | None = None
    """Acupoint code, e.g. `GB6` or `EX-HN1`."""
    name: Text | None = None
    """Point name, e.g. `Xuanli` or `Qian Shencong`."""
    description: Text | None = None
    """Where it is, when no point code says it (e.g. `1 cun anterior to GV20`)."""

    @model_validator(mode="after")
    def _not_empty(self) -> Landmark:
        if not (self.code or self.name or self.description):
            raise ValueError("a landmark needs at least one of 'code', 'name' or 'description'")
        return self

    def label(self) -> str:
        """`GB6 (Xuanli)`, `EX-HN1 (Qian Shencong): 1 cun anterior to GV20`, ..."""
        if self.code and self.name:
            head = f"{self.code} ({self.name})"
        else:
            head = self.code or self.name or ""
        if self.description:
            return f"{head}: {self.description}" if head else self.description
        return head


class Location(DeckModel):
    """Where a zone lies on the body part of its microsystem (scalp, ear, hand, …)."""

    description: Text
    """The location in words, as a student should be able to say it."""
    start: Landmark | None = None
    """Where the line starts."""
    end: Landmark | None = None
    """Where the line ends."""
    length: Text | None = None
    """Length, e.g. `1.5 cun` or `4 cm`."""
    region: Text | None = None
    """The anatomical region of the microsystem the zone lies in, one of its system's
    `regions`: e.g. `forehead` or `parietal` on the scalp, `triangular fossa` or
    `cavum conchae` on the ear."""
    sources: list[Source] = Field(default_factory=list)
    """Sources for the location; empty means the fact's own sources."""


class Division(DeckModel):
    """A part of a zone with its own indications (e.g. MS6's upper 1/5)."""

    id: Identifier
    """Short stable id of the part, e.g. `upper-1-5`."""
    part: Text
    """The part in words, e.g. `upper 1/5`."""
    body_part: Text | None = None
    """The body region it maps to, e.g. `contralateral lower limb and trunk`."""
    treats: list[Claim] = Field(min_length=1)
    """What this part treats."""
    sources: list[Source] = Field(default_factory=list)
    """Sources for this division; empty means the zone's own sources."""


class FactBase(DeckModel):
    """Fields every fact has."""

    id: Identifier
    """Stable id within the deck; cards and progress hang on it, so do not rename it."""
    sources: list[Source] = Field(min_length=1)
    """Where the fact comes from: at least one source."""
    conflicts: list[Conflict] = Field(default_factory=list)
    """Parts of the fact on which sources disagree; no card teaches them as settled."""
    notes: list[Text] = Field(default_factory=list)
    """Remarks for students, shown on the back of the fact's cards."""
    author_notes: list[Text] = Field(default_factory=list)
    """Notes for the deck's authors (what was not read, what to check next); shown by
    `studykit lint` and `studykit preview --author`, never on a card."""
    priority: int = 0
    """Order of introduction: the new cards of facts and free cards with a higher priority
    come first in the quiz (default 0, the order of the file)."""

    def confidence(self) -> Confidence:
        """The fact's overall confidence: the best of its sources."""
        return best_confidence(self.sources)

    def disputed(self, part: str) -> bool:
        """True if sources of comparable weight disagree about `part` of this fact (a
        dispute with a prevailing standard or textbook side is taught as settled)."""
        return bool(self.conflicts) and any(c.about == part and c.open for c in self.conflicts)

    def open_conflicts(self) -> list[Conflict]:
        """The disputes taught as disputes (comparable weights), each with its real sides."""
        return [c.open_dispute() for c in self.conflicts if c.open]

    def card_notes(self) -> list[str]:
        """What the back of the fact's cards says besides the answer: the notes, then the
        minority views that a prevailing standard or textbook outweighs."""
        if not self.conflicts:
            return self.notes
        return [*self.notes, *(line for c in self.conflicts for line in c.minority_notes())]


class ZoneRef(DeckModel):
    """A reference from a condition to a zone that treats it."""

    zone: Annotated[str, Field(pattern=r"^([a-z0-9][a-z0-9-]*:)?[a-z0-9][a-z0-9-]*$")]
    """`deck-id:zone-id` (or just `zone-id` for a zone in the same deck)."""
    division: Identifier | None = None
    """The id of the zone's division used, if only part of it (e.g. `lower-2-5`)."""
    note: Text | None = None
    """How the zone is used for this condition (side, combination, ...)."""
    sources: list[Source] = Field(default_factory=list)
    """Sources for this use; empty means the condition's own sources."""

    @model_validator(mode="before")
    @classmethod
    def _short_form(cls, value: Any) -> Any:
        return _text_or_mapping(value, "zone")

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return _with_short_form(core_schema, handler, "zone")


class Zone(FactBase):
    """A line, area or point of one system on a microsystem (scalp, ear, hand, …)."""

    kind: Literal["zone"] = "zone"
    """Fact kind: `zone`."""
    system: System
    """The system's id: one the deck declares under `systems:` (e.g. `auricular`), or a
    built-in scalp system: `international`, `jiao`, `zhu`, `ynsa`, `fang`, `tang`, `other`."""
    code: str | None = None
    """Standard code, e.g. `MS6`, `TF4` or `HX6,7i`; leave out where the system has none."""
    names: Names
    """English, pinyin and Chinese names."""
    location: Location
    """Where the zone lies."""
    channel: Text | None = None
    """The channel (meridian) the line lies on, if any."""
    divisions: list[Division] = Field(default_factory=list)
    """Parts with their own indications (e.g. upper 1/5, middle 2/5, lower 2/5)."""
    indications: list[Claim] = Field(default_factory=list)
    """What the zone treats."""
    technique: list[Text] = Field(default_factory=list)
    """Needling notes specific to this zone."""
    corresponds_to: list[ZoneRef] = Field(default_factory=list)
    """Zones of other systems over the same area (e.g. Jiao's motor area and MS6)."""
    _system_title: str | None = PrivateAttr(default=None)
    _system_pool: str | None = PrivateAttr(default=None)
    _system_noun: str | None = PrivateAttr(default=None)

    def system_title(self) -> str:
        """The title of the zone's system as its deck declares it (`Auricular`), or the
        built-in scalp system's (`Jiao`)."""
        return self._private("_system_title") or SYSTEM_TITLES.get(self.system, self.system)

    def system_pool(self) -> str:
        """The zone's system across loaded decks, for choice options: a built-in scalp
        system is one system in every deck (`jiao`); a declared one is its deck's own
        (`my-deck:auricular`), since two decks may name the same points differently."""
        return self._private("_system_pool") or self.system

    def system_noun(self) -> str | None:
        """What its system calls one of its zones (`point`), if it says."""
        return self._private("_system_noun")  # type: ignore[no-any-return]

    def declare_system(self, deck_id: str, system: SystemDeclaration) -> None:
        """Remember the zone's system declaration (done by its deck when validated)."""
        self._system_title = system.title
        self._system_noun = system.noun
        builtin = BUILTIN_SYSTEMS.get(system.id) is system
        self._system_pool = system.id if builtin else f"{deck_id}:{system.id}"

    @field_validator("system")
    @classmethod
    def _system_is_declared(cls, value: str, info: ValidationInfo) -> str:
        known = info.context.get(KNOWN_SYSTEMS) if info.context else None
        if known is not None and value not in known:
            raise ValueError(unknown_system_message(value, known))
        return value

    @field_validator("code")
    @classmethod
    def _code_has_no_spaces(cls, value: str | None) -> str | None:
        if value is not None and " " in value.strip():
            raise ValueError(f"write the code without spaces, e.g. {value.replace(' ', '')!r}")
        return value.strip() if value else value

    def title(self) -> str:
        """`MS6 Anterior oblique line of vertex-temporal`, or just the name without a code."""
        return f"{self.code} {self.names.english}" if self.code else self.names.english


class Condition(FactBase):
    """A disorder and the zones that treat it, in each system."""

    kind: Literal["condition"] = "condition"
    """Fact kind: `condition`."""
    names: Names
    """Names of the condition."""
    category: Text
    """A grouping such as `neurological`, `pain`, `urogenital`, `psychiatric`."""
    treated_by: list[ZoneRef] = Field(min_length=1)
    """Zones that treat it, by reference (`deck-id:zone-id`)."""


class Microsystem(FactBase):
    """An acupuncture microsystem: one body region read as a map of the whole body."""

    kind: Literal["microsystem"] = "microsystem"
    """Fact kind: `microsystem`."""
    names: Names
    """Names of the system."""
    founder: Text
    """Who founded or first described it."""
    year: int | Text
    """Year (or period) it was founded or first presented, e.g. `1957`."""
    map_idea: Text
    """How the body is mapped onto the region (e.g. `an inverted fetus on the ear`)."""
    body_region: Text
    """The region that carries the map, e.g. `ear`, `scalp`, `hand`."""


def unknown_system_message(system: str, known: set[str] | frozenset[str]) -> str:
    """What to say about a zone whose system is neither declared nor built in."""
    own = sorted(known - BUILTIN_SYSTEMS.keys())
    declared = f"declared here: {', '.join(own)}; " if own else ""
    close = difflib.get_close_matches(system, sorted(known), n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    return (
        f"unknown system '{system}'{hint}; {declared}built in: {', '.join(BUILTIN_SYSTEMS)}; "
        "declare it under 'systems:' at the top of the deck (id, title, microsystem, "
        "body_region, regions)"
    )


def split_zone_ref(ref: str, own_deck: str) -> tuple[str, str]:
    """`deck-id:zone-id` → (deck id, zone id); a bare `zone-id` belongs to `own_deck`."""
    deck_id, _, zone_id = ref.rpartition(":")
    return deck_id or own_deck, zone_id


Fact = Annotated[Zone | Condition | Microsystem, Field(discriminator="kind")]
"""Any fact; the `kind` key says which."""

FACT_KINDS: tuple[str, ...] = ("zone", "condition", "microsystem")

__all__ = [
    "FACT_KINDS",
    "SYSTEM_TITLES",
    "Claim",
    "Condition",
    "Division",
    "Fact",
    "FactBase",
    "Landmark",
    "Location",
    "Microsystem",
    "Names",
    "System",
    "Zone",
    "ZoneRef",
    "split_zone_ref",
    "unknown_system_message",
]
