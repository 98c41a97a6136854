"""Projections of the head (top, left, right, front, back) and the 2-D scenes drawn from them.

A scene is a list of polylines and dots in view coordinates (cm, y up), each with a role
(`head`, `feature`, `guide`, `context`, `zone`, `division`, `landmark`); the SVG and text
renderers only draw scenes. Only the parts of a line on the visible side of the head are
kept.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from studykit.maps.geometry import ZoneShape
from studykit.maps.head import SEMI_AXES, Vec3, dot, mirror, scalp_point, surface_normal
from studykit.maps.landmarks import HeadModel

ViewName = Literal["top", "left", "right", "front", "back"]
VIEW_NAMES: tuple[ViewName, ...] = ("right", "left", "top", "front", "back")
"""Views in order of preference when two show a zone equally well."""

Point2 = tuple[float, float]
Role = Literal["head", "feature", "guide", "context", "zone", "division", "landmark"]


@dataclass(frozen=True, slots=True)
class View:
    """An orthographic view: screen axes and the direction toward the viewer."""

    name: ViewName
    title: str
    right: Vec3
    up: Vec3
    toward: Vec3

    def project(self, p: Vec3) -> Point2:
        return (dot(p, self.right), dot(p, self.up))

    def facing(self, p: Vec3) -> float:
        """How squarely the scalp at `p` faces the viewer (-1..1; > 0 is visible)."""
        return dot(surface_normal(p), self.toward)

    def silhouette(self) -> tuple[float, float]:
        """Semi-axes (across, up) of the head's outline in this view."""
        return (
            sum(abs(self.right[i]) * SEMI_AXES[i] for i in range(3)),
            sum(abs(self.up[i]) * SEMI_AXES[i] for i in range(3)),
        )


VIEWS: dict[str, View] = {
    "top": View("top", "top (vertex; face up)", (1, 0, 0), (0, 1, 0), (0, 0, 1)),
    "front": View("front", "front", (-1, 0, 0), (0, 0, 1), (0, 1, 0)),
    "back": View("back", "back", (1, 0, 0), (0, 0, 1), (0, -1, 0)),
    "right": View("right", "right side (face →)", (0, 1, 0), (0, 0, 1), (1, 0, 0)),
    "left": View("left", "left side (← face)", (0, -1, 0), (0, 0, 1), (-1, 0, 0)),
}


@dataclass(frozen=True, slots=True)
class Polyline:
    points: tuple[Point2, ...]
    role: Role
    closed: bool = False
    ref: str = ""
    """The zone drawn, for zone roles."""
    tone: str = ""
    """Colour class: `t0`..`t2` for divisions, `c0`..`c5` for zones of a many-zone map."""


@dataclass(frozen=True, slots=True)
class Dot:
    at: Point2
    role: Role
    label: str = ""


@dataclass(frozen=True, slots=True)
class Label:
    at: Point2
    text: str
    role: Role = "zone"
    tone: str = ""


@dataclass(slots=True)
class Scene:
    """One view of the head with what is drawn on it."""

    view: View
    lines: list[Polyline] = field(default_factory=list)
    dots: list[Dot] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)

    def bounds(self) -> tuple[float, float, float, float]:
        """(min x, min y, max x, max y) of the head and everything on it, cm."""
        xs = [p[0] for line in self.lines for p in line.points] + [d.at[0] for d in self.dots]
        ys = [p[1] for line in self.lines for p in line.points] + [d.at[1] for d in self.dots]
        return min(xs), min(ys), max(xs), max(ys)


def visibility(shape: ZoneShape, view: View) -> float:
    """Mean facing of the zone's points in a view (the better side of a paired zone)."""
    return _visibility(_side_normals(shape), view)


def _side_normals(shape: ZoneShape) -> list[list[Vec3]]:
    """The scalp normals at the zone's points, per side (one side, or both of a paired
    zone): worked out once for all five views."""
    sides = [list(shape.strokes)]
    if shape.bilateral:
        sides.append([tuple(mirror(p) for p in stroke) for stroke in shape.strokes])
    return [[surface_normal(p) for stroke in strokes for p in stroke] for strokes in sides]


def _visibility(side_normals: list[list[Vec3]], view: View) -> float:
    """`visibility` from `_side_normals` (each point's facing is `View.facing`)."""
    best = -1.0
    for normals in side_normals:
        best = max(best, sum(dot(normal, view.toward) for normal in normals) / len(normals))
    return best


def home_view(shape: ZoneShape) -> str:
    """The name of the view a zone's map is drawn in when drawn alone (`best_view`)."""
    return best_view([shape]).name


def best_view(shapes: Sequence[ZoneShape]) -> View:
    """The view that shows these zones best (the worst-shown zone counts most)."""
    if not shapes:
        return VIEWS["right"]
    normals = [_side_normals(shape) for shape in shapes]
    return max(
        (VIEWS[name] for name in VIEW_NAMES),
        key=lambda view: (min(_visibility(n, view) for n in normals), -_rank(view)),
    )


def _rank(view: View) -> int:
    return VIEW_NAMES.index(view.name)


def views_showing(shape: ZoneShape, threshold: float = 0.35) -> list[View]:
    """Every view in which the zone faces the viewer well enough to be read."""
    return [VIEWS[name] for name in VIEW_NAMES if visibility(shape, VIEWS[name]) >= threshold]


def visible_runs(view: View, points: Iterable[Vec3], margin: float = -0.03) -> list[list[Point2]]:
    """The visible stretches of a polyline, projected."""
    runs: list[list[Point2]] = []
    current: list[Point2] = []
    for p in points:
        if view.facing(p) > margin:
            current.append(view.project(p))
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return [run if len(run) > 1 else [run[0], run[0]] for run in runs]


# -- the head --------------------------------------------------------------------------


def _ellipse(cx: float, cy: float, rx: float, ry: float, count: int = 72) -> tuple[Point2, ...]:
    return tuple(
        (cx + rx * math.cos(2 * math.pi * i / count), cy + ry * math.sin(2 * math.pi * i / count))
        for i in range(count + 1)
    )


def head_scene(view: View, head: HeadModel) -> Scene:
    """The head in one view: outline, ears, nose, eyes, hairlines and the midline."""
    scene = Scene(view)
    rx, ry = view.silhouette()
    scene.lines.append(Polyline(_ellipse(0.0, 0.0, rx, ry), "head", closed=True))
    a, b, _c = SEMI_AXES
    ear_top = head.point("ear-apex")[2]
    if view.name in ("left", "right"):
        sign = 1.0 if view.name == "right" else -1.0
        scene.lines.append(Polyline(_ellipse(-0.4 * sign, ear_top - 2.6, 1.3, 2.6), "feature"))
        nose = ((sign * b * 0.985, -1.0), (sign * (b + 1.6), -4.2), (sign * b * 0.9, -4.8))
        scene.lines.append(Polyline(nose, "feature"))
        eye_y = sign * (b - 1.2)
        scene.lines.append(Polyline(((eye_y, -1.5), (eye_y - sign * 0.8, -1.5)), "feature"))
    elif view.name in ("front", "back"):
        for side in (-1.0, 1.0):
            scene.lines.append(
                Polyline(_ellipse(side * (a + 0.5), ear_top - 2.6, 0.6, 2.6), "feature")
            )
        if view.name == "front":
            for side in (-1.0, 1.0):
                scene.lines.append(Polyline(_ellipse(side * 3.3, -1.8, 1.0, 0.45), "feature"))
            scene.lines.append(Polyline(((0.0, -1.2), (-0.9, -4.4), (0.0, -4.8)), "feature"))
            scene.lines.append(Polyline(_ellipse(0.0, -7.0, 2.0, 0.5), "feature"))
    else:  # top
        for side in (-1.0, 1.0):
            scene.lines.append(Polyline(_ellipse(side * (a + 0.4), 0.0, 0.5, 1.3), "feature"))
        scene.lines.append(Polyline(((-1.0, b * 0.99), (0.0, b + 1.6), (1.0, b * 0.99)), "feature"))
    for curve in _hairlines(head):
        for run in visible_runs(view, curve):
            scene.lines.append(Polyline(tuple(run), "guide"))
    midline = [scalp_point(-3.0 + 0.25 * i, 0.0) for i in range(61)]
    for run in visible_runs(view, midline):
        scene.lines.append(Polyline(tuple(run), "guide"))
    return scene


def _hairlines(head: HeadModel) -> list[list[Vec3]]:
    front = [scalp_point(0.0, -4.5 + 0.25 * i) for i in range(37)]
    back = [scalp_point(12.0, -5.0 + 0.25 * i) for i in range(41)]
    temple = head.line("st8", "gb7")
    return [front, back, temple, [mirror(p) for p in temple]]


# -- zones on the head -------------------------------------------------------------------


def add_zone(
    scene: Scene,
    shape: ZoneShape,
    head: HeadModel,
    *,
    role: Role = "zone",
    label: str = "",
    divisions: bool = True,
    landmarks: bool = True,
    tone: str = "",
) -> None:
    """Draw a zone (its visible parts) on a scene, with its divisions and landmarks."""
    view = scene.view
    marks = list(shape.division_strokes()) if divisions and role == "zone" else []
    if marks:
        for index, (_, piece) in enumerate(marks):
            shade = [m.id for m in shape.divisions].index(marks[index][0].id)
            for run in visible_runs(view, piece):
                scene.lines.append(
                    Polyline(tuple(run), "division", ref=shape.ref, tone=f"t{shade}")
                )
    else:
        for stroke in shape.all_strokes():
            for run in visible_runs(view, stroke):
                closed = shape.kind == "area" and len(run) == len(stroke)
                scene.lines.append(
                    Polyline(tuple(run), role, closed=closed, ref=shape.ref, tone=tone)
                )
    if label:
        anchor = _label_anchor(view, shape)
        if anchor is not None:
            scene.labels.append(Label(anchor, label, role, tone))
    if landmarks and role == "zone":
        for landmark_id in shape.landmarks:
            landmark = head.landmarks[landmark_id]
            point = head.point(landmark_id)
            for p in (point, mirror(point)) if abs(point[0]) > 1e-6 else (point,):
                if view.facing(p) > -0.03:
                    scene.dots.append(Dot(view.project(p), "landmark", landmark.label))


def _label_anchor(view: View, shape: ZoneShape) -> Point2 | None:
    best: tuple[float, Point2] | None = None
    for stroke in shape.all_strokes():
        for run in visible_runs(view, stroke):
            middle = run[len(run) // 2]
            score = len(run)
            if best is None or score > best[0]:
                best = (score, middle)
    return best[1] if best else None


def zone_scene(
    view: View,
    head: HeadModel,
    highlight: Sequence[ZoneShape],
    context: Sequence[ZoneShape] = (),
    labels: dict[str, str] | None = None,
    *,
    divisions: bool = True,
) -> Scene:
    """A view with zones highlighted (and others faint for context).

    One highlighted zone is drawn with its divisions (unless `divisions` is False) and
    landmarks; several get a colour each (`c0`..`c5`, by position) and no landmarks.
    Question maps draw no divisions: only a few zones have them, so they would single
    out the answer.
    """
    scene = head_scene(view, head)
    labels = labels or {}
    for shape in context:
        add_zone(scene, shape, head, role="context", label=labels.get(shape.ref, ""))
    single = len(highlight) == 1
    for index, shape in enumerate(highlight):
        add_zone(
            scene,
            shape,
            head,
            label=labels.get(shape.ref, ""),
            divisions=single and divisions,
            landmarks=single,
            tone="" if single else f"c{index % len(PALETTE)}",
        )
    return scene


PALETTE: tuple[str, ...] = ("#e8590c", "#1c7ed6", "#2f9e44", "#ae3ec9", "#d6336c", "#f08c00")
"""Mid-tone colours for the zones of a many-zone map (read on light and dark)."""


__all__ = [
    "PALETTE",
    "VIEWS",
    "VIEW_NAMES",
    "Dot",
    "Label",
    "Polyline",
    "Scene",
    "View",
    "ViewName",
    "best_view",
    "head_scene",
    "home_view",
    "views_showing",
    "visibility",
    "zone_scene",
]
