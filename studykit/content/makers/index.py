"""The facts of every loaded deck, for references, distractors and uniqueness checks."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from studykit.content.makers.choices import Pool, make_pool
from studykit.content.makers.text import normal as normal_text
from studykit.content.makers.wording import kind_of
from studykit.maps.geometry import ShapeBuilder
from studykit.maps.views import home_view
from studykit.models import Deck, Microsystem, Zone, split_zone_ref


class FactIndex:
    """What card makers may look up across decks. Read-only for its users: the lazily
    built tables are memos of the decks it was made from."""

    def __init__(self, decks: Sequence[Deck]) -> None:
        self.decks = {deck.id: deck for deck in decks}
        self.zones: dict[tuple[str, str], Zone] = {}
        self.zones_by_system: dict[str, list[Zone]] = defaultdict(list)
        self.microsystems: list[Microsystem] = []
        for deck in decks:
            for fact in deck.facts:
                if isinstance(fact, Zone):
                    self.zones[(deck.id, fact.id)] = fact
                    self.zones_by_system[fact.system_pool()].append(fact)
                elif isinstance(fact, Microsystem):
                    self.microsystems.append(fact)
        self._only_owner: dict[tuple[str, str], str | None] | None = None
        self._pools: dict[tuple[str, str, str | None], Pool] = {}
        self._by_kind: dict[tuple[str, str], list[Zone]] | None = None
        self._related: dict[int, set[str]] | None = None
        self._disputed: dict[str, list[tuple[str, str]]] | None = None
        self._normals: dict[str, str] = {}
        self._views: dict[str, str | None] = {}
        self._shapes: ShapeBuilder | None = None
        self._by_ref: dict[str, Zone] = {}

    def normal(self, text: str) -> str:
        """`text.normal(text)`, remembered: the same titles and indications are compared
        again for every choice card of a system."""
        known = self._normals.get(text)
        if known is None:
            known = self._normals[text] = normal_text(text)
        return known

    def zone_pool(self, system: str, kind: str, region: str | None = None) -> Pool:
        """Titles of the zones of one system and kind (and region, if given): the
        candidates for wrong options of a question whose answer is such a zone."""
        key = (system, kind, region)
        pool = self._pools.get(key)
        if pool is None:
            pool = self._pools[key] = make_pool(
                z.title()
                for z in self._zones_of_kind().get((system, kind), ())
                if region is None or z.location.region == region
            )
        return pool

    def _zones_of_kind(self) -> dict[tuple[str, str], list[Zone]]:
        """The zones of each (system, kind), sorted out once for every pool of them."""
        if self._by_kind is None:
            by_kind: dict[tuple[str, str], list[Zone]] = defaultdict(list)
            for system, zones in self.zones_by_system.items():
                for zone in zones:
                    by_kind[(system, kind_of(zone))].append(zone)
            self._by_kind = dict(by_kind)
        return self._by_kind

    def pool(self, items: list[str]) -> Pool:
        """A pool of `items`, made once for equal lists (hand-written cards of one deck
        share a few pools)."""
        key = ("items", "\n".join(items), None)
        pool = self._pools.get(key)
        if pool is None:
            pool = self._pools[key] = make_pool(items)
        return pool

    def microsystem_pool(self) -> Pool:
        """Names of every microsystem, the candidates for "which microsystem ..."."""
        key = ("microsystem", "", None)
        pool = self._pools.get(key)
        if pool is None:
            pool = self._pools[key] = make_pool(m.names.english for m in self.microsystems)
        return pool

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
                            disputed[zone.system_pool()].append(
                                (zone.title(), self.normal(position.value))
                            )
            self._disputed = disputed
        positions = self._disputed.get(system)
        if not positions:
            return set()
        wanted = self.normal(text)
        return {title for title, value in positions if wanted in value}

    def map_view(self, ref: str) -> str | None:
        """The view (`top`, `right`, ...) a drawable zone's map is drawn in, computed on
        first use (a few ms of geometry per deck with maps): options drawn in different
        views would single out the answer."""
        if ref not in self._views:
            if self._shapes is None:
                self._shapes = ShapeBuilder()
                self._by_ref = {f"{deck}:{zone}": fact for (deck, zone), fact in self.zones.items()}
            shape = self._shapes.shape(ref, self._by_ref.get(ref), self._by_ref)
            self._views[ref] = home_view(shape) if shape is not None else None
        return self._views[ref]

    def zone(self, ref: str, own_deck: str) -> Zone | None:
        """The zone a reference (`deck-id:zone-id` or a bare id in `own_deck`) names."""
        return self.zones.get(split_zone_ref(ref, own_deck))

    def only_owner(self, system: str, text: str) -> str | None:
        """The title of the one zone of `system` that lists this indication (normalised);
        None when no zone or several zones (with different titles) list it."""
        if self._only_owner is None:
            owners: dict[tuple[str, str], str | None] = {}
            for zone in self.zones.values():
                title, group = zone.title(), zone.system_pool()
                for claims in (zone.indications, *[d.treats for d in zone.divisions]):
                    for claim in claims:
                        key = (group, self.normal(claim.text))
                        if owners.setdefault(key, title) != title:
                            owners[key] = None  # several zones: the answer is not unique
            self._only_owner = owners
        return self._only_owner.get((system, self.normal(text)))
