"""Zone shapes, derived from each zone's definition in landmark terms.

A zone's shape comes from, in order:

1. `DEFINITIONS`, keyed by zone ref: the location of the deck, restated in landmark terms
   where the deck says it in words (`ms8`: from BL6 1.5 cun backward along the meridian);
2. the deck itself, when its `location.start` and `location.end` both carry acupoint codes
   the head model knows (`ms6`: from EX-HN1 to GB6).

Nothing here is a drawn coordinate: every shape is computed from the landmarks of
`studykit.maps.landmarks`. Divisions (upper 1/5, middle 2/5, lower 2/5) become fractions
of the line, measured from its upper end.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Literal

from studykit.maps.head import (
    DIRECTIONS,
    Distance,
    Keep,
    Vec3,
    arc_between,
    cut,
    mirror,
    polyline_length,
    scale,
    scalp_point,
    tangent,
    walk,
)
from studykit.maps.landmarks import (
    LANDMARKS_BY_ID,
    AlongLine,
    AlongMidline,
    HeadModel,
    Place,
    Scalp,
    Walk,
    landmark_for_code,
    turned,
)
from studykit.models import Zone

PointRef = str | Place
"""A landmark id or a construction from landmarks."""


# -- shape definitions ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Line:
    """The scalp line from one point to another (round `toward`, if given)."""

    start: PointRef
    end: PointRef
    toward: str | None = None


@dataclass(frozen=True, slots=True)
class Meridian:
    """From `start`, `length` cun along the channel, parallel to the midline (positive:
    backward, i.e. away from the face; negative: toward it), `lateral` cun further out."""

    start: str
    length: float
    lateral: float = 0.0


@dataclass(frozen=True, slots=True)
class Path:
    """From `start`, `distance` across the scalp toward `direction` (both ways at once
    with `both_ways`, e.g. a line centred on a point)."""

    start: PointRef
    direction: str
    distance: Distance
    keep: Keep = "section"
    turn: float = 0.0
    turn_toward: str = "anterior"
    both_ways: bool = False


@dataclass(frozen=True, slots=True)
class Band:
    """An area from the midline point `front` to `back`, `half_width` cun either side of
    the midline, extended by `extend` cun at both ends."""

    front: str
    back: str
    half_width: float
    extend: float = 0.0


@dataclass(frozen=True, slots=True)
class Part:
    """A fraction of another zone's line, measured from its upper end."""

    of: str
    start: float
    end: float


@dataclass(frozen=True, slots=True)
class Several:
    """A zone drawn as several lines (e.g. the three lines of Jiao's usage area)."""

    parts: tuple[Line | Meridian | Path, ...]


Definition = Line | Meridian | Path | Band | Part | Several


@dataclass(frozen=True, slots=True)
class Entry:
    """A zone's definition in landmark terms, and what it follows where sources differ."""

    definition: Definition
    note: str = ""
    """E.g. which source's version is drawn when the location is disputed."""


_CM: Literal["cm"] = "cm"
_EB_OCC = ("eyebrow-midpoint", "eop-tip")


def _parallel_to_motor(cm: float) -> Line:
    """Jiao's areas parallel to the motor area: both ends moved `cm` backward (negative:
    forward), the upper along the midline, the lower along the eyebrow–occipital line."""
    return Line(
        AlongMidline("motor-upper", cm),
        AlongLine("motor-lower", *_EB_OCC, cm),
    )


_VERTIGO_CENTRE = Walk("ear-apex", "up", Distance(1.5, _CM), keep="coronal")

DEFINITIONS: dict[str, Entry] = {
    # International standard lines whose deck location is in words
    "scalp-standard-lines:ms1": Entry(Meridian("gv24", -1.0)),
    "scalp-standard-lines:ms2": Entry(Meridian("bl3", -1.0)),
    "scalp-standard-lines:ms3": Entry(Meridian("gb15", -1.0)),
    "scalp-standard-lines:ms4": Entry(Meridian("st8", -1.0, lateral=-0.75)),
    "scalp-standard-lines:ms8": Entry(Meridian("bl6", 1.5)),
    "scalp-standard-lines:ms9": Entry(Meridian("gb17", 1.5)),
    "scalp-standard-lines:ms13": Entry(
        Meridian("gv18", 1.5, lateral=0.5), note="length as MS12 (unverified)"
    ),
    "scalp-standard-lines:ms14": Entry(Meridian("bl9", 2.0)),
    # Jiao's landmark lines and areas, in cm on the model
    "jiao-scalp-areas:ap-midline": Entry(Line("glabella", "eop-lower", toward="up")),
    "jiao-scalp-areas:eyebrow-occipital-line": Entry(Line(*_EB_OCC, toward="right")),
    "jiao-scalp-areas:motor": Entry(Line("motor-upper", "motor-lower")),
    "jiao-scalp-areas:sensory": Entry(_parallel_to_motor(1.5)),
    "jiao-scalp-areas:chorea-tremor": Entry(_parallel_to_motor(-1.5)),
    "jiao-scalp-areas:vasomotor": Entry(_parallel_to_motor(-3.0)),
    "jiao-scalp-areas:speech-1": Entry(Part("jiao-scalp-areas:motor", 0.6, 1.0)),
    "jiao-scalp-areas:vertigo-auditory": Entry(
        Path(_VERTIGO_CENTRE, "anterior", Distance(2.0, _CM), keep="level", both_ways=True)
    ),
    "jiao-scalp-areas:speech-2": Entry(
        Path(
            Walk("parietal-tubercle", "posterior", Distance(2.0, _CM), turn=45, turn_toward="down"),
            "down",
            Distance(3.0, _CM),
            keep="sagittal",
        )
    ),
    "jiao-scalp-areas:speech-3": Entry(
        Path(_VERTIGO_CENTRE, "posterior", Distance(4.0, _CM), keep="level")
    ),
    "jiao-scalp-areas:usage": Entry(
        Several(
            (
                Path("parietal-tubercle", "down", Distance(3.0, _CM)),
                Path("parietal-tubercle", "down", Distance(3.0, _CM), turn=40),
                Path(
                    "parietal-tubercle",
                    "down",
                    Distance(3.0, _CM),
                    turn=40,
                    turn_toward="posterior",
                ),
            )
        )
    ),
    "jiao-scalp-areas:foot-motor-sensory": Entry(
        Path(
            Walk("ap-midline-middle", "right", Distance(1.0, _CM)),
            "posterior",
            Distance(3.0, _CM),
            keep="sagittal",
        )
    ),
    "jiao-scalp-areas:vision": Entry(
        Path(
            Walk("eop-tip", "right", Distance(1.0, _CM), keep="level"),
            "up",
            Distance(4.0, _CM),
            keep="sagittal",
        )
    ),
    "jiao-scalp-areas:balance": Entry(
        Path(
            Walk("eop-tip", "right", Distance(3.5, _CM), keep="level"),
            "down",
            Distance(4.0, _CM),
            keep="sagittal",
        ),
        note="location disputed: drawn as S12 gives it (3.5 cm lateral, 4 cm downward)",
    ),
    "jiao-scalp-areas:stomach": Entry(
        Path(Scalp(0.0, 2.25), "posterior", Distance(2.0, _CM), keep="sagittal")
    ),
    "jiao-scalp-areas:thoracic": Entry(
        Path(
            Scalp(0.0, 2.25 / 2),
            "posterior",
            Distance(2.0, _CM),
            keep="sagittal",
            both_ways=True,
        ),
        note="location disputed: drawn as S11 gives it (4 cm centred on the hairline, "
        "midway between the stomach area and the midline)",
    ),
    "jiao-scalp-areas:reproduction": Entry(
        Path(Scalp(0.0, 2.25 * 1.5), "posterior", Distance(2.0, _CM), keep="sagittal")
    ),
    # Zhu's bands on the midline
    "zhu-scalp:head-face": Entry(Band("gv24", "gv24", 0.5, extend=0.5)),
    "zhu-scalp:upper-jiao": Entry(Band("gv23", "gv22", 1.5)),
    "zhu-scalp:middle-jiao": Entry(Band("gv22", "gv21", 1.5)),
    "zhu-scalp:lower-jiao": Entry(Band("gv21", "gv20", 1.5)),
}
"""Zone ref → definition in landmark terms, for zones whose deck location is in words.

Not defined (no length or ends in any source seen): `jiao-scalp-areas:mental-emotional`."""


# -- shapes -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DivisionMark:
    """A division of a line zone: fractions of the line from its upper end."""

    id: str
    label: str
    start: float
    end: float


@dataclass(frozen=True, slots=True)
class ZoneShape:
    """A zone on the head: lines (or area outlines) on the right side, or on the midline."""

    ref: str
    kind: Literal["line", "area"]
    strokes: tuple[tuple[Vec3, ...], ...]
    """Polylines on the subject's right (or on the midline); `area` strokes are closed."""
    definition: str
    """The definition in words, e.g. `line from EX-HN1 to GB6`."""
    landmarks: tuple[str, ...] = ()
    """Ids of the landmarks the definition uses (marked on maps)."""
    divisions: tuple[DivisionMark, ...] = ()
    note: str = ""
    bilateral: bool = field(init=False)

    def __post_init__(self) -> None:
        lateral = max(abs(p[0]) for stroke in self.strokes for p in stroke)
        crosses = any(p[0] < -1e-6 for stroke in self.strokes for p in stroke)
        object.__setattr__(self, "bilateral", lateral > 1e-6 and not crosses)

    def all_strokes(self) -> Iterator[tuple[Vec3, ...]]:
        """Every polyline, both sides for a paired zone."""
        yield from self.strokes
        if self.bilateral:
            for stroke in self.strokes:
                yield tuple(mirror(p) for p in stroke)

    def division_strokes(self) -> Iterator[tuple[DivisionMark, tuple[Vec3, ...]]]:
        """Each division's part of the line (both sides for a paired zone)."""
        for mark in self.divisions:
            piece = cut(self.strokes[0], mark.start, mark.end)
            yield mark, piece
            if self.bilateral:
                yield mark, tuple(mirror(p) for p in piece)

    @property
    def length_cm(self) -> float:
        """Length of the first line on the model, cm."""
        return polyline_length(self.strokes[0])


_DIVISION = re.compile(r"\b(upper|middle|lower)\s+(\d+)\s*/\s*(\d+)", re.IGNORECASE)


def division_marks(zone: Zone) -> tuple[DivisionMark, ...]:
    """Fractions of `upper 1/5`, `middle 2/5`, `lower 2/5`, ... taken in order from the top."""
    marks: list[DivisionMark] = []
    at = 0.0
    for division in zone.divisions:
        found = _DIVISION.search(division.part)
        if not found:
            return ()
        size = int(found.group(2)) / int(found.group(3))
        marks.append(DivisionMark(division.id, division.part, at, min(1.0, at + size)))
        at += size
    if marks and abs(at - 1.0) > 1e-6:
        return ()
    return tuple(marks)


def definition_for(ref: str, zone: Zone | None) -> Entry | None:
    """The zone's definition: the table's, else one read from the deck's point codes.

    Cheap (no geometry is computed), so card generation can ask it of every zone: a zone
    has a shape exactly when this is not None."""
    if ref in DEFINITIONS:
        return DEFINITIONS[ref]
    if zone is None or zone.location.start is None or zone.location.end is None:
        return None
    start_code, end_code = zone.location.start.code, zone.location.end.code
    start = landmark_for_code(start_code) if start_code else None
    if start is None or not end_code:
        return None
    end = landmark_for_code(end_code)
    if end is None or start.id == end.id:  # a point is no line to draw
        return None
    return Entry(Line(start.id, end.id))


class ShapeBuilder:
    """Turns definitions into shapes with one head model (and caches them)."""

    def __init__(self, head: HeadModel | None = None) -> None:
        self.head = head or HeadModel()
        self._cache: dict[str, ZoneShape | None] = {}

    def definition_for(self, ref: str, zone: Zone | None) -> Entry | None:
        return definition_for(ref, zone)

    def shape(
        self, ref: str, zone: Zone | None = None, lookup: dict[str, Zone] | None = None
    ) -> ZoneShape | None:
        """The shape of zone `ref`, or None if it has no landmark definition."""
        if ref in self._cache:
            return self._cache[ref]
        entry = self.definition_for(ref, zone)
        shape = None
        if entry is not None:
            strokes, kind = self.strokes(entry.definition, lookup or {})
            used = tuple(dict.fromkeys(_landmarks_in(entry.definition, lookup or {}, self)))
            marks = division_marks(zone) if zone is not None and kind == "line" else ()
            if marks and strokes[0][0][2] < strokes[0][-1][2]:
                strokes = (tuple(reversed(strokes[0])), *strokes[1:])
            shape = ZoneShape(
                ref,
                kind,
                strokes,
                describe(entry.definition),
                used,
                marks,
                entry.note,
            )
        self._cache[ref] = shape
        return shape

    def strokes(
        self, definition: Definition, lookup: dict[str, Zone]
    ) -> tuple[tuple[tuple[Vec3, ...], ...], Literal["line", "area"]]:
        if isinstance(definition, Band):
            return (self.band(definition),), "area"
        if isinstance(definition, Several):
            return tuple(self.line(part) for part in definition.parts), "line"
        if isinstance(definition, Part):
            whole = self.shape(definition.of, lookup.get(definition.of), lookup)
            if whole is None:
                raise ValueError(f"{definition.of} has no shape to take a part of")
            return (cut(whole.strokes[0], definition.start, definition.end),), "line"
        return (self.line(definition),), "line"

    def line(self, definition: Line | Meridian | Path) -> tuple[Vec3, ...]:
        head = self.head
        if isinstance(definition, Line):
            hint = DIRECTIONS[definition.toward] if definition.toward else None
            return tuple(
                arc_between(head.resolve(definition.start), head.resolve(definition.end), hint)
            )
        if isinstance(definition, Meridian):
            s, t = _scalp_of(definition.start)
            t += definition.lateral
            steps = max(4, int(abs(definition.length) * 6))
            return tuple(
                scalp_point(round(s + definition.length * i / steps, 6), t)
                for i in range(steps + 1)
            )
        start = head.resolve(definition.start)
        heading = tangent(start, DIRECTIONS[definition.direction])
        if definition.turn:
            heading = turned(start, heading, definition.turn, DIRECTIONS[definition.turn_toward])
        forward = walk(start, heading, definition.distance.cm, definition.keep)
        if not definition.both_ways:
            return tuple(forward)
        backward = walk(start, scale(heading, -1.0), definition.distance.cm, definition.keep)
        return (*reversed(backward[1:]), *forward)

    def band(self, band: Band) -> tuple[Vec3, ...]:
        s0 = _scalp_of(band.front)[0] - band.extend
        s1 = _scalp_of(band.back)[0] + band.extend
        w = band.half_width
        n_s, n_t = max(4, int((s1 - s0) * 6)), max(4, int(w * 8))
        edge: list[Vec3] = []
        edge += [scalp_point(round(s0 + (s1 - s0) * i / n_s, 6), w) for i in range(n_s + 1)]
        edge += [scalp_point(round(s1, 6), w - 2 * w * i / n_t) for i in range(1, n_t + 1)]
        edge += [scalp_point(round(s1 - (s1 - s0) * i / n_s, 6), -w) for i in range(1, n_s + 1)]
        edge += [scalp_point(round(s0, 6), -w + 2 * w * i / n_t) for i in range(1, n_t + 1)]
        return tuple(edge)


def _scalp_of(landmark_id: str) -> tuple[float, float]:
    place = LANDMARKS_BY_ID[landmark_id].place
    if not isinstance(place, Scalp):
        raise ValueError(f"{landmark_id} is not placed by proportional scalp coordinates")
    return place.s, place.t


def _landmarks_in(item: object, lookup: dict[str, Zone], builder: ShapeBuilder) -> Iterator[str]:
    """Ids of the named landmarks a definition (or construction) rests on."""
    if isinstance(item, str):
        if item in LANDMARKS_BY_ID:
            yield item
        return
    if isinstance(item, Part):
        whole = builder.shape(item.of, lookup.get(item.of), lookup)
        if whole is not None:
            yield from whole.landmarks
        return
    if isinstance(item, Several):
        for part in item.parts:
            yield from _landmarks_in(part, lookup, builder)
        return
    for name in getattr(item, "__slots__", ()):
        value = getattr(item, name)
        if isinstance(value, str | Line | Meridian | Path | Walk | AlongMidline | AlongLine):
            yield from _landmarks_in(value, lookup, builder)
        elif isinstance(value, tuple):
            for sub_item in value:
                yield from _landmarks_in(sub_item, lookup, builder)


def _label(item: PointRef) -> str:
    if isinstance(item, str):
        landmark = LANDMARKS_BY_ID.get(item)
        return landmark.label if landmark and landmark.label else item
    if isinstance(item, Scalp):
        where = "on the midline" if not item.t else f"{item.t:g} cun lateral"
        return f"the point {item.s:g} cun behind the anterior hairline, {where}"
    if isinstance(item, AlongMidline):
        way = "behind" if item.cm >= 0 else "in front of"
        return f"the midline point {abs(item.cm):g} cm {way} {_label(item.base)}"
    if isinstance(item, AlongLine):
        way = "behind" if item.cm >= 0 else "in front of"
        return (
            f"the point {abs(item.cm):g} cm {way} {_label(item.base)} on the eyebrow–occipital line"
        )
    if isinstance(item, Walk):
        turn = f" turned {item.turn:g}° toward {item.turn_toward}" if item.turn else ""
        return f"{item.distance} {item.direction}{turn} from {_label(item.base)}"
    return type(item).__name__


def describe(definition: Definition) -> str:
    """A definition in words, e.g. `line from EX-HN1 to GB6`."""
    if isinstance(definition, Line):
        return f"line from {_label(definition.start)} to {_label(definition.end)}"
    if isinstance(definition, Meridian):
        way = "backward" if definition.length > 0 else "toward the face"
        side = "medial" if definition.lateral < 0 else "lateral"
        off = f", {abs(definition.lateral):g} cun {side} to it" if definition.lateral else ""
        length = f"{abs(definition.length):g} cun {way}"
        return f"from {_label(definition.start)}{off}, {length} parallel to the midline"
    if isinstance(definition, Path):
        turn = (
            f" turned {definition.turn:g}° toward {definition.turn_toward}"
            if definition.turn
            else ""
        )
        reach = (
            f"{definition.distance} each way" if definition.both_ways else str(definition.distance)
        )
        start = _label(definition.start)
        return f"from {start}, {reach} {definition.direction}{turn} ({definition.keep})"
    if isinstance(definition, Band):
        ends = f"{_label(definition.front)} to {_label(definition.back)}"
        if definition.front == definition.back:
            ends = f"centred on {_label(definition.front)}"
        extra = f", extended {definition.extend:g} cun at each end" if definition.extend else ""
        return f"area {ends}{extra}, {definition.half_width:g} cun either side of the midline"
    if isinstance(definition, Part):
        return (
            f"from {definition.start:.0%} to {definition.end:.0%} of {definition.of}, from the top"
        )
    return "; ".join(describe(part) for part in definition.parts)


def defined_refs() -> Sequence[str]:
    """Zone refs the table defines (other zones may be defined by their decks' codes)."""
    return tuple(DEFINITIONS)


__all__ = [
    "DEFINITIONS",
    "Band",
    "Definition",
    "DivisionMark",
    "Entry",
    "Line",
    "Meridian",
    "Part",
    "Path",
    "Several",
    "ShapeBuilder",
    "ZoneShape",
    "definition_for",
    "describe",
    "division_marks",
]
