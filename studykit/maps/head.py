"""A schematic head: an ellipsoid scalp, its midline, and walks along its surface.

Coordinates are centimetres, anatomical RAS: x to the subject's right, y anterior, z
superior, origin at the centre of the head at the level of the ear apices. Proportional
units (B-cun) are mapped onto this surface the way a practitioner measures them:

* along the anterior–posterior midline, piecewise between anatomical anchors (glabella,
  anterior hairline, GV20 at the vertex, GV17 over the occipital protuberance, posterior
  hairline), because a B-cun of the forehead is shorter than one of the occiput;
* across the head, a cun is `LATERAL_CM_PER_CUN` centimetres.

Jiao's areas are given in centimetres and are measured on the same surface, so both
systems share one drawing. The dimensions are a schematic adult head, not a measurement.
"""

from __future__ import annotations

import itertools
import math
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

Vec3 = tuple[float, float, float]

SEMI_AXES: Vec3 = (7.6, 9.6, 10.0)
"""Half breadth (x), half length (y) and height of the vertex over the ear apices (z), cm."""

LATERAL_CM_PER_CUN = 1.7
"""Centimetres per B-cun across the head: GB15, 2.25 cun lateral, then lies above the
pupil, and the scale is close to the vertex's along the midline (≈1.9 cm/cun)."""

MIDLINE_ANCHORS: tuple[tuple[float, float], ...] = (
    (-3.0, 2.0),  # glabella: level with the eyebrows and the ear apices
    (0.0, 35.0),  # anterior hairline
    (5.0, 90.0),  # GV20 at the vertex, on the line joining the ear apices
    (9.5, 172.0),  # GV17, just above the external occipital protuberance
    (12.0, 212.0),  # posterior hairline
)
"""(cun behind the anterior hairline, sagittal angle in degrees) pairs placing the
proportional midline measurements on the schematic head; 0° is straight ahead at ear-apex
level, 90° the vertex, 180° straight back."""

Keep = Literal["section", "level", "sagittal", "coronal"]
"""How a walk stays on course: `section` (the normal section, a surface geodesic on a
sphere), `level` (horizontal plane), `sagittal` (plane parallel to the midline) or
`coronal` (plane across the head)."""

_KEEP_NORMALS: dict[str, Vec3] = {
    "level": (0.0, 0.0, 1.0),
    "sagittal": (1.0, 0.0, 0.0),
    "coronal": (0.0, 1.0, 0.0),
}

DIRECTIONS: dict[str, Vec3] = {
    "anterior": (0.0, 1.0, 0.0),
    "posterior": (0.0, -1.0, 0.0),
    "up": (0.0, 0.0, 1.0),
    "down": (0.0, 0.0, -1.0),
    "right": (1.0, 0.0, 0.0),
    "left": (-1.0, 0.0, 0.0),
}
"""World directions a walk can start in (projected onto the scalp at the start)."""


# -- vector helpers ----------------------------------------------------------------------


def add(p: Vec3, q: Vec3) -> Vec3:
    return (p[0] + q[0], p[1] + q[1], p[2] + q[2])


def sub(p: Vec3, q: Vec3) -> Vec3:
    return (p[0] - q[0], p[1] - q[1], p[2] - q[2])


def scale(p: Vec3, k: float) -> Vec3:
    return (p[0] * k, p[1] * k, p[2] * k)


def dot(p: Vec3, q: Vec3) -> float:
    return p[0] * q[0] + p[1] * q[1] + p[2] * q[2]


def cross(p: Vec3, q: Vec3) -> Vec3:
    return (p[1] * q[2] - p[2] * q[1], p[2] * q[0] - p[0] * q[2], p[0] * q[1] - p[1] * q[0])


def norm(p: Vec3) -> float:
    return math.sqrt(dot(p, p))


def unit(p: Vec3) -> Vec3:
    length = norm(p)
    if length < 1e-12:
        raise ValueError(f"cannot normalise the zero vector {p}")
    return scale(p, 1.0 / length)


def distance(p: Vec3, q: Vec3) -> float:
    return norm(sub(p, q))


def mirror(p: Vec3) -> Vec3:
    """The same point on the other side of the head."""
    return (-p[0], p[1], p[2])


def polyline_length(points: tuple[Vec3, ...] | list[Vec3]) -> float:
    return sum(distance(a, b) for a, b in itertools.pairwise(points))


def point_along(points: tuple[Vec3, ...] | list[Vec3], fraction: float) -> Vec3:
    """The point at `fraction` of a polyline's length."""
    return cut(points, fraction, fraction)[0]


def cut(points: tuple[Vec3, ...] | list[Vec3], start: float, end: float) -> tuple[Vec3, ...]:
    """The part of a polyline between two fractions of its length (start <= end)."""
    total = polyline_length(points)
    lo, hi = start * total, end * total
    out: list[Vec3] = []
    walked = 0.0
    for a, b in itertools.pairwise(points):
        step = distance(a, b)
        nxt = walked + step
        if step > 0 and nxt >= lo and walked <= hi:
            t0 = max(0.0, (lo - walked) / step)
            t1 = min(1.0, (hi - walked) / step)
            first = add(a, scale(sub(b, a), t0))
            if not out:
                out.append(first)
            out.append(add(a, scale(sub(b, a), t1)))
        walked = nxt
    if not out:
        out = [points[-1]]
    if len(out) == 1:
        out.append(out[0])
    return tuple(out)


# -- the surface -------------------------------------------------------------------------


def surface_normal(p: Vec3) -> Vec3:
    """Outward unit normal of the scalp at (or near) `p`."""
    a, b, c = SEMI_AXES
    return unit((p[0] / (a * a), p[1] / (b * b), p[2] / (c * c)))


def project_radially(p: Vec3) -> Vec3:
    """The scalp point on the ray from the centre through `p`."""
    a, b, c = SEMI_AXES
    k = math.sqrt((p[0] / a) ** 2 + (p[1] / b) ** 2 + (p[2] / c) ** 2)
    return scale(p, 1.0 / k)


def tangent(p: Vec3, direction: Vec3) -> Vec3:
    """`direction` projected onto the scalp's tangent plane at `p`, as a unit vector."""
    n = surface_normal(p)
    return unit(sub(direction, scale(n, dot(direction, n))))


class PlaneSection:
    """The ellipse where a plane cuts the scalp, parametrised by an angle."""

    def __init__(self, origin: Vec3, plane_normal: Vec3) -> None:
        m = unit(plane_normal)
        helper = (1.0, 0.0, 0.0) if abs(m[0]) < 0.9 else (0.0, 1.0, 0.0)
        e1 = unit(cross(m, helper))
        e2 = cross(m, e1)
        inv = tuple(1.0 / (axis * axis) for axis in SEMI_AXES)

        def form(u: Vec3, v: Vec3) -> float:
            return sum(u[i] * v[i] * inv[i] for i in range(3))

        q11, q12, q22 = form(e1, e1), form(e1, e2), form(e2, e2)
        l1, l2 = 2 * form(origin, e1), 2 * form(origin, e2)
        k = form(origin, origin) - 1.0
        det = q11 * q22 - q12 * q12
        cu = -(q22 * l1 - q12 * l2) / (2 * det)
        cv = -(-q12 * l1 + q11 * l2) / (2 * det)
        rhs = -(k + 0.5 * (l1 * cu + l2 * cv))
        if rhs <= 0:
            raise ValueError("the plane does not cut the head")
        # eigen-decomposition of the 2x2 form
        mean, diff = (q11 + q22) / 2, math.hypot((q11 - q22) / 2, q12)
        lam1, lam2 = mean + diff, mean - diff
        angle = 0.5 * math.atan2(2 * q12, q11 - q22)
        self._v1 = (math.cos(angle), math.sin(angle))
        self._v2 = (-math.sin(angle), math.cos(angle))
        self._r1, self._r2 = math.sqrt(rhs / lam1), math.sqrt(rhs / lam2)
        self._centre = add(origin, add(scale(e1, cu), scale(e2, cv)))
        self._e1, self._e2 = e1, e2

    def point(self, theta: float) -> Vec3:
        x1, x2 = self._r1 * math.cos(theta), self._r2 * math.sin(theta)
        u = x1 * self._v1[0] + x2 * self._v2[0]
        v = x1 * self._v1[1] + x2 * self._v2[1]
        # centre + (e1 u + e2 v), written out: the hot path of every map's geometry
        c, e1, e2 = self._centre, self._e1, self._e2
        return (
            c[0] + (e1[0] * u + e2[0] * v),
            c[1] + (e1[1] * u + e2[1] * v),
            c[2] + (e1[2] * u + e2[2] * v),
        )

    def angle(self, p: Vec3) -> float:
        rel = sub(p, self._centre)
        u, v = dot(rel, self._e1), dot(rel, self._e2)
        x1 = u * self._v1[0] + v * self._v1[1]
        x2 = u * self._v2[0] + v * self._v2[1]
        return math.atan2(x2 / self._r2, x1 / self._r1)

    def heading(self, theta: float) -> Vec3:
        """The direction of increasing angle at `theta`."""
        return sub(self.point(theta + 1e-4), self.point(theta - 1e-4))

    def arc(self, start: float, end: float, step: float = math.radians(1.0)) -> list[Vec3]:
        """Points from angle `start` to angle `end` (either way round)."""
        count = max(2, math.ceil(abs(end - start) / step) + 1)
        return [self.point(start + (end - start) * i / (count - 1)) for i in range(count)]

    def walk(self, start: float, sign: float, length: float) -> list[Vec3]:
        """Points from angle `start`, going `sign` (±1) round, until `length` cm."""
        step = math.radians(1.0) * sign
        points = [self.point(start)]
        walked, theta = 0.0, start
        for _ in range(720):
            nxt = self.point(theta + step)
            chord = distance(points[-1], nxt)
            if walked + chord >= length:
                fraction = (length - walked) / chord if chord else 0.0
                points.append(add(points[-1], scale(sub(nxt, points[-1]), fraction)))
                return points
            points.append(nxt)
            walked += chord
            theta += step
        raise ValueError(f"a walk of {length} cm does not fit on the head")


def walk(start: Vec3, direction: Vec3, length_cm: float, keep: Keep = "section") -> list[Vec3]:
    """The path from `start` across the scalp, setting off in `direction`, `length_cm` long."""
    heading = tangent(start, direction)
    if keep == "section":
        plane_normal = cross(heading, surface_normal(start))
    else:
        plane_normal = _KEEP_NORMALS[keep]
    section = PlaneSection(start, plane_normal)
    theta = section.angle(start)
    sign = 1.0 if dot(section.heading(theta), heading) >= 0 else -1.0
    if length_cm <= 0:
        return [start, start]
    return section.walk(theta, sign, length_cm)


def arc_between(p: Vec3, q: Vec3, toward: Vec3 | None = None) -> list[Vec3]:
    """The scalp line from `p` to `q` in the plane through both and the centre of the head.

    The shorter way round, unless `toward` is given: then the way whose middle lies more
    in that direction (e.g. round the side of the head).
    """
    plane_normal = cross(p, q)
    if norm(plane_normal) < 1e-9:
        raise ValueError("the two points are opposite each other; give a direction")
    section = PlaneSection((0.0, 0.0, 0.0), plane_normal)
    a, b = section.angle(p), section.angle(q)
    while b - a > math.pi:
        b -= 2 * math.pi
    while a - b > math.pi:
        b += 2 * math.pi
    if toward is not None:
        other = b - 2 * math.pi if b > a else b + 2 * math.pi
        short_mid, long_mid = section.point((a + b) / 2), section.point((a + other) / 2)
        if dot(long_mid, toward) > dot(short_mid, toward):
            b = other
    points = section.arc(a, b)
    points[0], points[-1] = p, q
    return points


# -- the midline and proportional scalp coordinates ------------------------------------


def midline_at_angle(psi_degrees: float) -> Vec3:
    _, b, c = SEMI_AXES
    psi = math.radians(psi_degrees)
    return (0.0, b * math.cos(psi), c * math.sin(psi))


@lru_cache(maxsize=1)
def _midline_table() -> tuple[list[float], list[float]]:
    """Sagittal angles every 0.25° and the arc length (cm) from 0° to each."""
    angles = [-20 + 0.25 * i for i in range(1041)]  # -20° .. 240°
    lengths = [0.0]
    for prev, cur in itertools.pairwise(angles):
        lengths.append(lengths[-1] + distance(midline_at_angle(prev), midline_at_angle(cur)))
    origin = lengths[angles.index(0.0)]
    return angles, [length - origin for length in lengths]


def _interpolate(xs: list[float], ys: list[float], x: float) -> float:
    i = min(max(bisect_left(xs, x), 1), len(xs) - 1)
    x0, x1 = xs[i - 1], xs[i]
    return ys[i - 1] + (ys[i] - ys[i - 1]) * (x - x0) / (x1 - x0)


def midline_angle(s: float) -> float:
    """Sagittal angle (degrees) of the midline point `s` cun behind the anterior hairline."""
    cuns = [anchor[0] for anchor in MIDLINE_ANCHORS]
    angles = [anchor[1] for anchor in MIDLINE_ANCHORS]
    return _interpolate(cuns, angles, s)


def midline_cun(psi_degrees: float) -> float:
    """Inverse of `midline_angle`."""
    cuns = [anchor[0] for anchor in MIDLINE_ANCHORS]
    angles = [anchor[1] for anchor in MIDLINE_ANCHORS]
    return _interpolate(angles, cuns, psi_degrees)


def midline_arc_cm(psi_degrees: float) -> float:
    """Arc length along the midline from straight ahead (0°) to `psi_degrees`, cm."""
    angles, lengths = _midline_table()
    return _interpolate(angles, lengths, psi_degrees)


def midline_angle_at_arc(arc_cm: float) -> float:
    angles, lengths = _midline_table()
    return _interpolate(lengths, angles, arc_cm)


def midline_point(s: float) -> Vec3:
    """The midline point `s` cun behind the anterior hairline (negative: on the forehead)."""
    return midline_at_angle(midline_angle(s))


def midline_shift(point: Vec3, cm: float) -> Vec3:
    """A midline point moved `cm` backward (negative: forward) along the midline."""
    psi = math.degrees(math.atan2(point[2] / SEMI_AXES[2], point[1] / SEMI_AXES[1]))
    return midline_at_angle(midline_angle_at_arc(midline_arc_cm(psi) + cm))


def midline_angle_of(point: Vec3) -> float:
    """Sagittal angle (degrees, 0..360 from straight ahead) of a midline point."""
    psi = math.degrees(math.atan2(point[2] / SEMI_AXES[2], point[1] / SEMI_AXES[1]))
    return psi + 360.0 if psi < -30.0 else psi


@lru_cache(maxsize=4096)
def _lateral_section(s: float) -> tuple[PlaneSection, float]:
    psi = midline_angle(s)
    here = midline_at_angle(psi)
    ahead = sub(midline_at_angle(psi + 0.01), midline_at_angle(psi - 0.01))
    section = PlaneSection(here, ahead)
    return section, section.angle(here)


@lru_cache(maxsize=65536)
def scalp_point(s: float, t: float) -> Vec3:
    """The point `s` cun behind the anterior hairline and `t` cun to the right of the
    midline (negative: left), measured across the head perpendicular to the midline."""
    if t == 0:
        return midline_point(s)
    section, theta = _lateral_section(round(s, 6))
    sign = 1.0 if section.heading(theta)[0] > 0 else -1.0
    if t < 0:
        sign = -sign
    return section.walk(theta, sign, abs(t) * LATERAL_CM_PER_CUN)[-1]


def scalp_coordinates(p: Vec3) -> tuple[float, float]:
    """(s, t) in cun of a scalp point: the inverse of `scalp_point`, for checks.

    Found by bisection on the midline point whose perpendicular section holds `p`.
    """

    def offset(s: float) -> float:
        psi = midline_angle(s)
        here = midline_at_angle(psi)
        ahead = sub(midline_at_angle(psi + 0.01), midline_at_angle(psi - 0.01))
        return dot(sub(p, here), ahead)

    guess = midline_cun(midline_angle_of((0.0, p[1], p[2])))
    lo = hi = guess
    for step in range(1, 40):  # widen round the guess until the section sign changes
        lo, hi = guess - 0.25 * step, guess + 0.25 * step
        if offset(lo) * offset(hi) <= 0:
            break
    f_lo = offset(lo)
    for _ in range(50):
        mid = (lo + hi) / 2
        f_mid = offset(mid)
        if (f_mid > 0) == (f_lo > 0):
            lo, f_lo = mid, f_mid
        else:
            hi = mid
    s = (lo + hi) / 2
    if abs(p[0]) < 1e-9:
        return s, 0.0
    section, theta = _lateral_section(round(s, 6))
    target = section.angle(p)
    delta = target - theta
    while delta > math.pi:
        delta -= 2 * math.pi
    while delta < -math.pi:
        delta += 2 * math.pi
    length = polyline_length(section.arc(theta, theta + delta, math.radians(0.25)))
    return s, math.copysign(length / LATERAL_CM_PER_CUN, p[0])


@dataclass(frozen=True, slots=True)
class Distance:
    """A length as the sources give it: in B-cun or in centimetres."""

    value: float
    unit: Literal["cun", "cm"] = "cun"

    @property
    def cm(self) -> float:
        """On the schematic head (a cun across the head is `LATERAL_CM_PER_CUN` cm)."""
        return self.value * LATERAL_CM_PER_CUN if self.unit == "cun" else self.value

    def __str__(self) -> str:
        return f"{self.value:g} {self.unit}"


__all__ = [
    "DIRECTIONS",
    "LATERAL_CM_PER_CUN",
    "MIDLINE_ANCHORS",
    "SEMI_AXES",
    "Distance",
    "Keep",
    "PlaneSection",
    "Vec3",
    "arc_between",
    "cut",
    "midline_point",
    "midline_shift",
    "mirror",
    "point_along",
    "polyline_length",
    "project_radially",
    "scalp_coordinates",
    "scalp_point",
    "surface_normal",
    "tangent",
    "walk",
]
