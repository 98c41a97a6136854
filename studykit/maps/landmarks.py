"""The landmarks zones are defined by, each placed by its proportional rule and sourced.

A landmark's `place` says how the head model finds it (a construction from the rule, never
a drawn coordinate); its `rule` says the same in words; its `sources` cite where the rule
comes from, with the confidence tags of the fact reference (`unverified` = from memory,
not seen in a source). Bilateral landmarks are placed on the subject's right; the left one
is the mirror image. Source keys are those of `scalp_facts.md` (see `REFERENCES`).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

from studykit.maps.head import (
    DIRECTIONS,
    Distance,
    Keep,
    Vec3,
    add,
    arc_between,
    cross,
    distance,
    dot,
    midline_point,
    midline_shift,
    point_along,
    polyline_length,
    scale,
    scalp_point,
    sub,
    surface_normal,
    tangent,
    unit,
    walk,
)
from studykit.models import Reference, Source
from studykit.models.base import Confidence

REFERENCES: dict[str, Reference] = {
    "S1": Reference(
        citation='heyttu.dk, "WHO Standard Scalp Acupuncture" (the WHO 1991 MS table)',
        url="https://www.heyttu.dk/post/who-standard-scalp-acupuncture",
    ),
    "S2": Reference(
        citation="Liu Z et al., Evid Based Complement Alternat Med 2012, Article 895032, Table 2",
        url="https://www.hindawi.com/journals/ecam/2012/895032/tab2/",
    ),
    "S3": Reference(
        citation="Annex A (Informative), International Standard Proposal of Scalp Acupuncture "
        "Point Line (English rendering of the Chinese standard's annex)",
        url="https://m.zhangyue.com/readbook/11526401/8.html",
    ),
    "S8": Reference(
        citation="WHO Standard Acupuncture Point Locations in the Western Pacific Region (2008), "
        "Governor Vessel GV15–GV20",
    ),
    "S9": Reference(citation='《中医刺灸》, "焦氏头针" (cha138.com copy)'),
    "S10": Reference(
        citation='"针家精要丨焦顺发:头针的临床研究" (Jiao Shunfa and his landmark lines)',
        url="https://www.nsfzsr.com/read/451243.html",
    ),
    "S14": Reference(
        citation='Brainscape "Scalp Acupuncture" flashcards',
        url="https://brainscape.com/flashcards/scalp-acupuncture-11364257/packs/20017101",
    ),
    "S19": Reference(
        citation='Hao JJ, "Precise location of Chinese scalp acupuncture areas" (Scribd 382794729)',
        url="https://ja.scribd.com/document/382794729",
    ),
    "S44": Reference(
        citation="Acupoint location pages: sacredlotus.com (GB7, GB17); meandqi.com (BL6, GB7); "
        "Atlas of Acupuncture p.620 (BL3, GV24); tcmhh.com (GB6, GB7, GB8); PMC8441043 "
        "Table 3 (ST8); studystack 250235 (Sishencong); wenke99 (GV21); eledia (GB8)",
    ),
    "MODEL": Reference(
        citation="studykit schematic head (an assumption of the drawing, not a source)",
    ),
}
"""Works the landmarks cite, keyed as in `scalp_facts.md`; `MODEL` marks assumptions."""


def _src(ref: str, confidence: Confidence = "verified", note: str | None = None) -> Source:
    return Source(ref=ref, confidence=confidence, note=note)


def _memory(note: str) -> Source:
    return Source(
        citation="standard textbook knowledge, not found in a source seen",
        confidence="unverified",
        note=note,
    )


def _model(note: str) -> Source:
    return Source(ref="MODEL", confidence="unverified", note=note)


# -- constructions ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Scalp:
    """`s` cun behind the anterior hairline on the midline, then `t` cun lateral."""

    s: float
    t: float = 0.0


@dataclass(frozen=True, slots=True)
class Walk:
    """From landmark `base`, `distance` across the scalp toward `direction`.

    `direction` is a world direction (`up`, `down`, `anterior`, `posterior`, `right`,
    `left`); `turn` rotates it in the scalp's tangent plane by that many degrees toward
    `turn_toward`.
    """

    base: str | Place
    direction: str
    distance: Distance
    keep: Keep = "section"
    turn: float = 0.0
    turn_toward: str = "anterior"


@dataclass(frozen=True, slots=True)
class AlongMidline:
    """The midline point `cm` behind (negative: in front of) midline landmark `base`."""

    base: str | Place
    cm: float


@dataclass(frozen=True, slots=True)
class MidlineMiddle:
    """The midpoint, along the midline, between two midline landmarks."""

    first: str
    second: str


@dataclass(frozen=True, slots=True)
class OnLine:
    """The point at `fraction` of the scalp line from `first` to `second`."""

    first: str
    second: str
    fraction: float


@dataclass(frozen=True, slots=True)
class LineCrossing:
    """Where the scalp line `first`→`second` (round `toward`) crosses the vertical line
    through landmark `vertical_of` (same front–back position), then `forward_cm` along it."""

    first: str
    second: str
    vertical_of: str
    forward_cm: float = 0.0
    toward: str = "right"


@dataclass(frozen=True, slots=True)
class AlongLine:
    """From `base` (a point on the scalp line `first`→`second`), `cm` along that line
    (positive: toward `second`)."""

    base: str | Place
    first: str
    second: str
    cm: float
    toward: str = "right"


@dataclass(frozen=True, slots=True)
class DownTheSide:
    """From midline landmark `base` straight across the head (in its coronal plane) down
    the right side to height `level` cm (0: the level of the ear apices)."""

    base: str
    level: float = 0.0


Place = (
    Scalp | Walk | AlongMidline | AlongLine | MidlineMiddle | OnLine | LineCrossing | DownTheSide
)


@dataclass(frozen=True, slots=True)
class Landmark:
    """A point on the head that zones are defined by."""

    id: str
    """Stable id, e.g. `gv20`, `ex-hn1-anterior`, `ear-apex`."""
    label: str
    """Short label on maps, e.g. `GV20`."""
    name: str
    """What it is called, e.g. `Baihui`, `external occipital protuberance (tip)`."""
    rule: str
    """Where it is, in the words of the proportional rule."""
    place: Place
    """How the head model finds it."""
    sources: tuple[Source, ...]
    """Where the rule comes from; `unverified` ones are from memory or the model."""
    code: str | None = None
    """The acupoint code if it is an acupoint, e.g. `GV20`, `EX-HN1`."""

    @property
    def verified(self) -> bool:
        """True if no source of the rule is `unverified`."""
        return all(source.confidence != "unverified" for source in self.sources)


_GV20_EARS = _memory("GV20 lies on the line joining the ear apices (WHO 2008 note)")

LANDMARKS: tuple[Landmark, ...] = (
    # -- the midline, in B-cun
    Landmark(
        "anterior-hairline",
        "AH",
        "anterior hairline (midline)",
        "origin of the midline measurements",
        Scalp(0.0),
        (_memory("proportional measurements start at the anterior hairline"),),
    ),
    Landmark(
        "glabella",
        "glabella",
        "glabella (眉间), midpoint between the eyebrows",
        "3 cun below the anterior hairline",
        Scalp(-3.0),
        (_memory("glabella to anterior hairline: 3 B-cun (standard proportional measurement)"),),
    ),
    Landmark(
        "posterior-hairline",
        "PH",
        "posterior hairline (midline)",
        "12 cun behind the anterior hairline",
        Scalp(12.0),
        (_memory("anterior to posterior hairline: 12 B-cun (standard proportional measurement)"),),
    ),
    Landmark(
        "gv24",
        "GV24",
        "Shenting",
        "on the midline, 0.5 cun within the anterior hairline",
        Scalp(0.5),
        (_src("S44", note="Atlas of Acupuncture p.620"),),
        code="GV24",
    ),
    Landmark(
        "gv23",
        "GV23",
        "Shangxing",
        "on the midline, 1 cun within the anterior hairline",
        Scalp(1.0),
        (_memory("GV23 1 cun within the anterior hairline"),),
        code="GV23",
    ),
    Landmark(
        "gv22",
        "GV22",
        "Xinhui",
        "on the midline, 2 cun within the anterior hairline",
        Scalp(2.0),
        (_memory("GV22 2 cun within the anterior hairline"),),
        code="GV22",
    ),
    Landmark(
        "gv21",
        "GV21",
        "Qianding",
        "on the midline, 3.5 cun within the anterior hairline (1.5 cun anterior to GV20)",
        Scalp(3.5),
        (_src("S44", note="wenke99 (a paediatric tuina source, not WHO)"),),
        code="GV21",
    ),
    Landmark(
        "ex-hn1-anterior",
        "EX-HN1",
        "Qian Shencong (anterior Sishencong)",
        "on the midline, 1 cun anterior to GV20",
        Scalp(4.0),
        (_src("S1", "two-sources"), _src("S2", "two-sources"), _src("S44", "two-sources")),
        code="EX-HN1",
    ),
    Landmark(
        "gv20",
        "GV20",
        "Baihui",
        "on the anterior median line, 5 cun superior to the anterior hairline",
        Scalp(5.0),
        (_src("S8"),),
        code="GV20",
    ),
    Landmark(
        "gv18",
        "GV18",
        "Qiangjian",
        "on the midline, 4 cun superior to the posterior hairline, 1.5 cun superior to GV17",
        Scalp(8.0),
        (_src("S8"),),
        code="GV18",
    ),
    Landmark(
        "gv17",
        "GV17",
        "Naohu",
        "in the depression superior to the external occipital protuberance, level with BL9 "
        "(2.5 cun above the posterior hairline)",
        Scalp(9.5),
        (_src("S8"),),
        code="GV17",
    ),
    # -- paired points, in B-cun
    Landmark(
        "bl3",
        "BL3",
        "Meichong",
        "0.5 cun within the anterior hairline, superior to the medial canthus",
        Scalp(0.5, 0.75),
        (
            _src("S44", note="Atlas of Acupuncture p.620: height and 'above the inner canthus'"),
            _memory("0.75 cun lateral: midway between GV24 and BL4 (1.5 cun lateral)"),
        ),
        code="BL3",
    ),
    Landmark(
        "gb15",
        "GB15",
        "Toulinqi",
        "0.5 cun within the anterior hairline, directly above the pupil",
        Scalp(0.5, 2.25),
        (
            _src("S3", note="superior to the pupil"),
            _memory("2.25 cun lateral: midway between GV24 and ST8"),
        ),
        code="GB15",
    ),
    Landmark(
        "st8",
        "ST8",
        "Touwei",
        "0.5 cun within the hairline at the corner of the forehead, 4.5 cun lateral to the midline",
        Scalp(0.5, 4.5),
        (_src("S44", note="PMC8441043 Table 3"),),
        code="ST8",
    ),
    Landmark(
        "bl6",
        "BL6",
        "Chengguang",
        "2.5 cun within the anterior hairline, 1.5 cun lateral to the midline",
        Scalp(2.5, 1.5),
        (_src("S44", note="meandqi.com"),),
        code="BL6",
    ),
    Landmark(
        "gb17",
        "GB17",
        "Zhengying",
        "2.5 cun within the anterior hairline, 2.25 cun lateral to the midline",
        Scalp(2.5, 2.25),
        (_src("S44", note="sacredlotus.com"),),
        code="GB17",
    ),
    Landmark(
        "bl9",
        "BL9",
        "Yuzhen",
        "level with the superior border of the external occipital protuberance (GV17), "
        "1.3 cun lateral to the posterior midline",
        Scalp(9.5, 1.3),
        (_src("S8", note="level with GV17"), _memory("1.3 cun lateral to the midline")),
        code="BL9",
    ),
    Landmark(
        "ear-apex",
        "ear apex",
        "ear apex (scalp above the apex of the auricle, TE20)",
        "level with the eyebrows, on the line from GV20 across the head",
        DownTheSide("gv20"),
        (_GV20_EARS, _model("the ear apices are level with the eyebrows")),
    ),
    Landmark(
        "gb8",
        "GB8",
        "Shuaigu",
        "directly above the ear apex, 1.5 cun within the hairline",
        Walk("ear-apex", "up", Distance(1.5), keep="coronal"),
        (_src("S44", "two-sources", "tcmhh.com, eledia"),),
        code="GB8",
    ),
    Landmark(
        "gb7",
        "GB7",
        "Qubin",
        "level with the ear apex, about one finger-breadth (1 cun) anterior to TE20",
        Walk("ear-apex", "anterior", Distance(1.0), keep="level"),
        (_src("S44", "two-sources", "sacredlotus.com, meandqi.com, tcmhh.com"),),
        code="GB7",
    ),
    Landmark(
        "gb4",
        "GB4",
        "Hanyan",
        "1/4 of the way from ST8 to GB7 along the temporal hairline",
        OnLine("st8", "gb7", 0.25),
        (_memory("GB4 at 1/4 from ST8 to GB7"),),
        code="GB4",
    ),
    Landmark(
        "gb6",
        "GB6",
        "Xuanli",
        "3/4 of the way from ST8 to GB7 along the temporal hairline",
        OnLine("st8", "gb7", 0.75),
        (_src("S44", note="tcmhh.com"),),
        code="GB6",
    ),
    # -- Jiao's landmarks, measured in cm on the model
    Landmark(
        "eyebrow-midpoint",
        "eyebrow",
        "upper border of the midpoint of the eyebrow",
        "level with the glabella, directly above the pupil",
        Scalp(-3.0, 2.25),
        (_src("S9", "two-sources"), _model("the eyebrow midpoint lies above the pupil")),
    ),
    Landmark(
        "eop-tip",
        "EOP",
        "external occipital protuberance (tip)",
        "just below GV17, which lies in the depression above it",
        AlongMidline("gv17", 0.8),
        (_src("S8", note="GV17 is superior to the EOP"), _model("the tip 0.8 cm below GV17")),
    ),
    Landmark(
        "eop-lower",
        "EOP lower",
        "external occipital protuberance (lower border)",
        "the lower border of the protuberance",
        AlongMidline("gv17", 1.6),
        (_model("the protuberance is about 1.6 cm high"),),
    ),
    Landmark(
        "ap-midline-middle",
        "mid AP",
        "midpoint of the anterior–posterior midline",
        "halfway along the midline from the glabella to the lower border of the EOP",
        MidlineMiddle("glabella", "eop-lower"),
        (_src("S9", "two-sources"), _src("S10", "two-sources"), _src("S14", "two-sources")),
    ),
    Landmark(
        "zygomatic-vertical",
        "zyg",
        "vertical line through the midpoint of the zygomatic arch",
        "about 2.5 cm in front of the ear (the zygomatic arch runs forward from the tragus)",
        Walk("ear-apex", "anterior", Distance(2.5, "cm"), keep="level"),
        (_model("midpoint of the zygomatic arch 2.5 cm in front of the tragus"),),
    ),
    Landmark(
        "motor-upper",
        "motor top",
        "upper point of Jiao's motor area",
        "0.5 cm posterior to the midpoint of the anterior–posterior midline",
        AlongMidline("ap-midline-middle", 0.5),
        (_src("S9", "two-sources"), _src("S10", "two-sources"), _src("S19", "two-sources")),
    ),
    Landmark(
        "motor-lower",
        "motor foot",
        "lower point of Jiao's motor area (anterior border of the temporal hairline)",
        "where the eyebrow–occipital line meets the anterior border of the temporal hairline; "
        "found, as S9 does where the hairline is unclear, where the vertical line from the "
        "midpoint of the zygomatic arch crosses the eyebrow–occipital line, moved 0.5 cm forward",
        LineCrossing("eyebrow-midpoint", "eop-tip", "zygomatic-vertical", forward_cm=0.5),
        (_src("S9", "two-sources"), _src("S19", "two-sources", "Hao: vertical line from ST7")),
    ),
    Landmark(
        "parietal-tubercle",
        "PT",
        "parietal tubercle (eminence)",
        "the most prominent point of the parietal bone, above and behind the ear",
        Walk("ear-apex-back", "up", Distance(4.0, "cm"), keep="coronal"),
        (_model("about 4 cm above and 2 cm behind the ear apex"),),
    ),
    Landmark(
        "ear-apex-back",
        "",
        "2 cm behind the ear apex (construction point)",
        "level with the ear apex, 2 cm behind it",
        Walk("ear-apex", "posterior", Distance(2.0, "cm"), keep="level"),
        (_model("construction point for the parietal tubercle"),),
    ),
)
"""Every landmark of the head model."""

LANDMARKS_BY_ID: dict[str, Landmark] = {landmark.id: landmark for landmark in LANDMARKS}

CODE_ALIASES: dict[str, str] = {"EX-HN1": "ex-hn1-anterior", "TE20": "ear-apex"}
"""Acupoint codes that name one landmark of a group (deck files say `EX-HN1` for Qian
Shencong, the anterior point of Sishencong)."""


def landmark_for_code(code: str) -> Landmark | None:
    """The landmark an acupoint code in a deck file means, if the model has it."""
    key = CODE_ALIASES.get(code.upper(), code.lower())
    return LANDMARKS_BY_ID.get(key)


class HeadModel:
    """Places every landmark on the schematic head (lazily, each once)."""

    def __init__(self, landmarks: Mapping[str, Landmark] = LANDMARKS_BY_ID) -> None:
        self.landmarks = landmarks
        self._points: dict[str, Vec3] = {}
        self._busy: set[str] = set()

    def point(self, landmark_id: str) -> Vec3:
        """The landmark's position (the right-hand one of a pair)."""
        if landmark_id in self._points:
            return self._points[landmark_id]
        if landmark_id not in self.landmarks:
            raise KeyError(f"no landmark {landmark_id!r} in the head model")
        if landmark_id in self._busy:
            raise ValueError(f"landmark {landmark_id!r} is defined in terms of itself")
        self._busy.add(landmark_id)
        try:
            point = self.place(self.landmarks[landmark_id].place)
        finally:
            self._busy.discard(landmark_id)
        self._points[landmark_id] = point
        return point

    def resolve(self, where: str | Place) -> Vec3:
        """A landmark id or a construction → its position."""
        return self.point(where) if isinstance(where, str) else self.place(where)

    def place(self, place: Place) -> Vec3:
        """Evaluate a construction."""
        if isinstance(place, Scalp):
            return scalp_point(place.s, place.t)
        if isinstance(place, Walk):
            return self.walk(place)[-1]
        if isinstance(place, AlongMidline):
            return midline_shift(self.resolve(place.base), place.cm)
        if isinstance(place, AlongLine):
            return self.along_line(place)
        if isinstance(place, MidlineMiddle):
            return point_along(self.midline(place.first, place.second), 0.5)
        if isinstance(place, OnLine):
            return point_along(self.line(place.first, place.second), place.fraction)
        if isinstance(place, DownTheSide):
            start = self.point(place.base)
            return walk_to_level(start, tangent(start, DIRECTIONS["right"]), place.level)[-1]
        return self.crossing(place)

    def along_line(self, place: AlongLine) -> Vec3:
        points = self.line(place.first, place.second, place.toward)
        base = self.resolve(place.base)
        nearest = min(range(len(points)), key=lambda i: distance(points[i], base))
        route = points[nearest:] if place.cm >= 0 else points[nearest::-1]
        route = [base, *route[1:]]
        total = polyline_length(route)
        if abs(place.cm) > total:
            raise ValueError(f"{place.cm} cm runs off the line {place.first}–{place.second}")
        return point_along(route, abs(place.cm) / total if total else 0.0)

    def walk(self, step: Walk) -> list[Vec3]:
        start = self.resolve(step.base)
        heading = tangent(start, DIRECTIONS[step.direction])
        if step.turn:
            heading = turned(start, heading, step.turn, DIRECTIONS[step.turn_toward])
        return walk(start, heading, step.distance.cm, step.keep)

    def midline(self, first: str, second: str) -> list[Vec3]:
        return arc_between(self.point(first), self.point(second), toward=(0.0, 0.0, 1.0))

    def line(self, first: str, second: str, toward: str | None = None) -> list[Vec3]:
        """The scalp line between two landmarks (round `toward`, if given)."""
        hint = DIRECTIONS[toward] if toward else None
        return arc_between(self.point(first), self.point(second), toward=hint)

    def crossing(self, place: LineCrossing) -> Vec3:
        points = self.line(place.first, place.second, place.toward)
        target_y = self.point(place.vertical_of)[1]
        for a, b in itertools.pairwise(points):
            if (a[1] - target_y) * (b[1] - target_y) <= 0 and a[1] != b[1]:
                hit = add(a, scale(sub(b, a), (target_y - a[1]) / (b[1] - a[1])))
                break
        else:
            raise ValueError(f"{place.first}–{place.second} does not cross {place.vertical_of}")
        if not place.forward_cm:
            return hit
        heading = tangent(hit, DIRECTIONS["anterior"])
        return walk(hit, heading, place.forward_cm)[-1]

    @cached_property
    def all_points(self) -> dict[str, Vec3]:
        """Every landmark placed (for drawing and checks)."""
        return {landmark_id: self.point(landmark_id) for landmark_id in self.landmarks}


def turned(at: Vec3, heading: Vec3, degrees: float, toward: Vec3) -> Vec3:
    """`heading` rotated in the tangent plane at `at` by `degrees`, toward `toward`."""
    side = unit(cross(surface_normal(at), heading))
    if dot(side, toward) < 0:
        side = scale(side, -1.0)
    radians = math.radians(degrees)
    return add(scale(heading, math.cos(radians)), scale(side, math.sin(radians)))


def walk_to_level(start: Vec3, heading: Vec3, level: float = 0.0) -> list[Vec3]:
    """Walk across the head in a coronal plane from `start` down to height `level`."""
    path = walk(start, heading, 40.0, "coronal")
    out = [path[0]]
    for a, b in itertools.pairwise(path):
        if (a[2] - level) * (b[2] - level) <= 0 and a[2] != b[2]:
            out.append(add(a, scale(sub(b, a), (level - a[2]) / (b[2] - a[2]))))
            return out
        out.append(b)
    raise ValueError("the walk never reaches the level")


__all__ = [
    "CODE_ALIASES",
    "LANDMARKS",
    "LANDMARKS_BY_ID",
    "REFERENCES",
    "AlongLine",
    "AlongMidline",
    "DownTheSide",
    "HeadModel",
    "Landmark",
    "LineCrossing",
    "MidlineMiddle",
    "OnLine",
    "Place",
    "Scalp",
    "Walk",
    "landmark_for_code",
    "midline_point",
]
