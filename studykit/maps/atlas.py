"""The zones of loaded decks, their shapes, and the maps drawn from them."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from functools import lru_cache

from studykit.errors import StudykitError
from studykit.maps.geometry import ShapeBuilder, ZoneShape
from studykit.maps.landmarks import HeadModel
from studykit.maps.svg import render_scenes
from studykit.maps.text import TextMap, TextMode, render_scene
from studykit.maps.views import (
    PALETTE,
    VIEW_NAMES,
    VIEWS,
    View,
    best_view,
    views_showing,
    visibility,
    zone_scene,
)
from studykit.models import SYSTEM_TITLES, Deck, Zone


class UnknownZoneError(StudykitError):
    """A zone was named that no loaded deck has, or that has no map."""

    exit_code = 2


class Atlas:
    """Maps of the zones of some decks (zone refs are `deck-id:zone-id`)."""

    def __init__(self, decks: Sequence[Deck]) -> None:
        self.zones: dict[str, Zone] = {}
        for deck in decks:
            for fact in deck.facts:
                if isinstance(fact, Zone):
                    self.zones[f"{deck.id}:{fact.id}"] = fact
        self.head = HeadModel()
        self._builder = ShapeBuilder(self.head)
        self._svg: dict[tuple[object, ...], str] = {}

    # -- zones ---------------------------------------------------------------------------

    def shape(self, ref: str) -> ZoneShape | None:
        """The zone's shape, or None if it has no landmark definition."""
        return self._builder.shape(ref, self.zones.get(ref), self.zones)

    def has_map(self, ref: str) -> bool:
        return ref in self.zones and self.shape(ref) is not None

    def drawable(self, system: str | None = None) -> list[str]:
        """Refs of the zones that have a shape (of one system, if given), in deck order."""
        return [
            ref
            for ref, zone in self.zones.items()
            if (system is None or zone.system == system) and self.shape(ref) is not None
        ]

    def title(self, ref: str) -> str:
        zone = self.zones[ref]
        return f"{zone.title()} ({SYSTEM_TITLES[zone.system]})"

    def short_label(self, ref: str) -> str:
        zone = self.zones[ref]
        return zone.code or zone.names.english

    def resolve(self, name: str) -> str:
        """A zone ref from `deck:zone`, a zone id, or a code like `MS6`.

        Raises:
            UnknownZoneError: no zone, or several, go by that name.
        """
        if name in self.zones:
            return name
        wanted = name.strip().lower()
        found = [
            ref
            for ref, zone in self.zones.items()
            if ref.split(":", 1)[1] == wanted or (zone.code or "").lower() == wanted
        ]
        if len(found) == 1:
            return found[0]
        if found:
            raise UnknownZoneError(f"{name!r} is ambiguous: {', '.join(found)}")
        close = [ref for ref in self.zones if wanted and wanted in ref]
        hint = f"; did you mean {', '.join(close[:5])}?" if close else ""
        raise UnknownZoneError(f"no zone {name!r} in the loaded decks{hint}")

    # -- views ---------------------------------------------------------------------------

    def _shapes(self, refs: Sequence[str]) -> list[ZoneShape]:
        shapes = []
        for ref in refs:
            if ref not in self.zones:
                raise UnknownZoneError(f"no zone {ref!r} in the loaded decks")
            shape = self.shape(ref)
            if shape is None:
                raise UnknownZoneError(
                    f"{ref} has no map: its location gives no landmarks to draw it from"
                )
            shapes.append(shape)
        return shapes

    def best_view(self, refs: Sequence[str]) -> str:
        """The name of the view that shows these zones best."""
        return best_view(self._shapes(refs)).name

    def _views(self, shapes: list[ZoneShape], view: str | Sequence[str] | None) -> list[View]:
        if view is None:
            return [best_view(shapes)]
        names = [view] if isinstance(view, str) else list(view)
        if names == ["all"]:
            names = [
                name
                for name in VIEW_NAMES
                if any(VIEWS[name] in views_showing(shape) for shape in shapes)
            ]
        unknown = [name for name in names if name not in VIEWS]
        if unknown:
            raise UnknownZoneError(
                f"unknown view {unknown[0]!r}; choose from {', '.join(VIEW_NAMES)} or all"
            )
        return [VIEWS[name] for name in names]

    # -- outputs -------------------------------------------------------------------------

    def svg(
        self,
        refs: Sequence[str],
        view: str | Sequence[str] | None = None,
        *,
        highlight: Sequence[str] | None = None,
        labels: bool = True,
        title: str | None = None,
    ) -> str:
        """An SVG of the zones; `highlight` (default: all) stand out, the rest are faint.

        With `labels=False` nothing on the map names a zone (for map cards) and no zone's
        divisions are drawn (fifths on one option only would single it out); landmarks
        are still dotted.
        """
        key = (
            "svg",
            tuple(refs),
            view if isinstance(view, str | None) else tuple(view),
            None if highlight is None else tuple(highlight),
            labels,
            title,
        )
        if key in self._svg:
            return self._svg[key]
        shapes = self._shapes(refs)
        lit = set(refs if highlight is None else highlight)
        bright = [s for s in shapes if s.ref in lit]
        faint = [s for s in shapes if s.ref not in lit]
        views = self._views(bright or shapes, view)
        many = len(bright) > 1
        numbers = {s.ref: str(i + 1) for i, s in enumerate(bright)} if many and labels else {}
        if labels and faint:
            numbers.update({s.ref: self.short_label(s.ref) for s in faint})
        home = {s.ref: max(views, key=lambda v: visibility(s, v)).name for s in shapes}
        scenes = []
        for one in views:
            here = {ref: text for ref, text in numbers.items() if home[ref] == one.name}
            scene = zone_scene(one, self.head, bright, faint, here, divisions=labels)
            if not labels:
                scene.dots[:] = [type(d)(d.at, d.role, "") for d in scene.dots]
            scenes.append(scene)
        if title is None:
            title = "; ".join(self.title(s.ref) for s in bright) if labels and not many else ""
        notes = [s.note for s in bright if s.note and labels and not many]
        legend: list[tuple[str, str]] = []
        if len(bright) == 1 and bright[0].divisions and labels:
            legend = [(f"t{i}", mark.label) for i, mark in enumerate(bright[0].divisions)]
        elif many and labels:
            legend = [
                (f"c{i % len(PALETTE)}", f"{i + 1} {self.short_label(s.ref)}")
                for i, s in enumerate(bright)
            ]
        description = title if labels else "scalp map with one zone highlighted"
        svg = render_scenes(
            scenes, title=title, notes=notes, legend=legend, description=description
        )
        self._svg[key] = svg
        return svg

    def text(
        self,
        ref: str,
        width: int = 40,
        height: int = 16,
        *,
        view: str | None = None,
        mode: TextMode = "braille",
        labels: bool = True,
    ) -> TextMap:
        """One zone drawn in text characters, in its best view (or `view`)."""
        shapes = self._shapes([ref])
        one = self._views(shapes, view)[0]
        scene = zone_scene(one, self.head, shapes, divisions=labels)
        return render_scene(scene, width, height, mode, labels=labels)

    def media_filename(self, ref: str, *, labels: bool = False) -> str:
        """A unique basename for the zone's SVG as Anki media (names no zone, changes
        when the drawing changes)."""
        digest = hashlib.blake2b(digest_size=8)
        digest.update(ref.encode())
        digest.update(self.svg([ref], labels=labels).encode())
        return f"studykit-map-{digest.hexdigest()}.svg"


_SAFE = re.compile(r"[^a-z0-9-]+")


@lru_cache(maxsize=1)
def builtin_atlas() -> Atlas:
    """The atlas of the built-in decks (loaded once)."""
    from studykit.content.loader import load_decks

    return Atlas([loaded.deck for loaded in load_decks([])])


__all__ = ["Atlas", "UnknownZoneError", "builtin_atlas"]
