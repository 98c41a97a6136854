"""Landmarks and zone shapes against the proportional rules they come from."""

from __future__ import annotations

import itertools
import math

import pytest

from studykit.content.loader import load_decks
from studykit.maps.atlas import Atlas
from studykit.maps.geometry import DEFINITIONS
from studykit.maps.head import (
    LATERAL_CM_PER_CUN,
    SEMI_AXES,
    arc_between,
    distance,
    point_along,
    polyline_length,
    scalp_coordinates,
)
from studykit.maps.landmarks import LANDMARKS, HeadModel, landmark_for_code
from studykit.models import Zone

MS = "scalp-standard-lines:"
JIAO = "jiao-scalp-areas:"


@pytest.fixture(scope="module")
def atlas() -> Atlas:
    return Atlas([loaded.deck for loaded in load_decks([])])


@pytest.fixture(scope="module")
def head(atlas: Atlas) -> HeadModel:
    return atlas.head


def on_scalp(p: tuple[float, float, float]) -> bool:
    a, b, c = SEMI_AXES
    return abs((p[0] / a) ** 2 + (p[1] / b) ** 2 + (p[2] / c) ** 2 - 1) < 1e-3  # < 0.1 mm


def coords(shape_points: tuple[tuple[float, float, float], ...]) -> list[tuple[float, float]]:
    return [scalp_coordinates(p) for p in shape_points]


def test_every_landmark_cites_a_source_and_lies_on_the_scalp(head: HeadModel) -> None:
    for landmark in LANDMARKS:
        assert landmark.sources, landmark.id
        assert on_scalp(head.point(landmark.id)), landmark.id


def test_memory_rules_are_marked_unverified() -> None:
    by_id = {landmark.id: landmark for landmark in LANDMARKS}
    assert by_id["gv20"].verified  # WHO 2008 wording, read in S8
    assert not by_id["bl9"].verified  # 1.3 cun lateral is from memory
    assert not by_id["gb4"].verified
    assert not by_id["parietal-tubercle"].verified  # an assumption of the model


@pytest.mark.parametrize(
    ("landmark_id", "s", "t"),
    [
        ("gv24", 0.5, 0.0),
        ("gv21", 3.5, 0.0),
        ("ex-hn1-anterior", 4.0, 0.0),
        ("gv20", 5.0, 0.0),
        ("gv18", 8.0, 0.0),  # 4 cun above the posterior hairline (12 cun)
        ("gv17", 9.5, 0.0),  # 1.5 cun below GV18
        ("bl6", 2.5, 1.5),
        ("gb17", 2.5, 2.25),
        ("st8", 0.5, 4.5),
    ],
)
def test_acupoints_sit_at_their_proportional_positions(
    head: HeadModel, landmark_id: str, s: float, t: float
) -> None:
    got_s, got_t = scalp_coordinates(head.point(landmark_id))
    assert got_s == pytest.approx(s, abs=1e-3)
    assert got_t == pytest.approx(t, abs=1e-3)


def test_deck_codes_resolve_to_landmarks() -> None:
    qian_shencong = landmark_for_code("EX-HN1")
    assert qian_shencong is not None
    assert qian_shencong.id == "ex-hn1-anterior"
    assert landmark_for_code("GB6") is not None
    assert landmark_for_code("XX99") is None


def test_gv20_is_midway_between_the_ear_apices(head: HeadModel) -> None:
    ear = head.point("ear-apex")
    gv20 = head.point("gv20")
    assert ear[1] == pytest.approx(gv20[1], abs=1e-9)
    assert ear[2] == pytest.approx(0.0, abs=1e-6)


def test_gb8_is_1_5_cun_directly_above_the_ear_apex(head: HeadModel) -> None:
    ear, gb8 = head.point("ear-apex"), head.point("gb8")
    assert gb8[1] == pytest.approx(ear[1], abs=1e-6)
    assert gb8[2] > ear[2]
    path = arc_between(ear, gb8)
    assert polyline_length(path) == pytest.approx(1.5 * LATERAL_CM_PER_CUN, rel=0.01)


def test_gb4_and_gb6_divide_the_temporal_hairline(head: HeadModel) -> None:
    hairline = head.line("st8", "gb7")
    total = polyline_length(hairline)
    for landmark_id, fraction in (("gb4", 0.25), ("gb6", 0.75)):
        p = head.point(landmark_id)
        walked = polyline_length(arc_between(head.point("st8"), p))
        assert walked / total == pytest.approx(fraction, abs=0.01)


def test_ms5_lies_on_the_midline_between_gv20_and_gv21_and_is_1_5_cun(atlas: Atlas) -> None:
    shape = atlas.shape(MS + "ms5")
    assert shape is not None
    assert not shape.bilateral
    points = coords(shape.strokes[0])
    assert all(abs(t) < 1e-6 for _, t in points)
    assert all(3.5 - 1e-3 <= s <= 5.0 + 1e-3 for s, _ in points)
    assert max(s for s, _ in points) - min(s for s, _ in points) == pytest.approx(1.5, abs=1e-3)


@pytest.mark.parametrize(
    ("zone", "lateral", "start", "end"),
    [
        ("ms8", 1.5, 2.5, 4.0),  # 1.5 cun lateral to MS5, from BL6 1.5 cun back
        ("ms9", 2.25, 2.5, 4.0),  # 2.25 cun lateral to MS5, from GB17 1.5 cun back
        ("ms13", 0.5, 8.0, 9.5),  # 0.5 cun lateral to MS12, parallel to it
        ("ms14", 1.3, 9.5, 11.5),  # from BL9 straight down 2 cun
        ("ms1", 0.0, 0.5, -0.5),  # from GV24 down 1 cun: 0.5 above, 0.5 below the hairline
        ("ms3", 2.25, 0.5, -0.5),
        ("ms4", 3.75, 0.5, -0.5),  # 0.75 cun medial to ST8
    ],
)
def test_lines_parallel_to_the_midline(
    atlas: Atlas, zone: str, lateral: float, start: float, end: float
) -> None:
    shape = atlas.shape(MS + zone)
    assert shape is not None
    points = coords(shape.strokes[0])
    assert all(abs(t - lateral) < 1e-3 for _, t in points)
    assert points[0][0] == pytest.approx(start, abs=1e-3)
    assert points[-1][0] == pytest.approx(end, abs=1e-3)
    assert shape.bilateral == (lateral > 0)


def test_ms8_runs_beside_ms5(atlas: Atlas) -> None:
    ms5, ms8 = atlas.shape(MS + "ms5"), atlas.shape(MS + "ms8")
    assert ms5 is not None
    assert ms8 is not None
    s5 = sorted(s for s, _ in coords(ms5.strokes[0]))
    s8 = sorted(s for s, _ in coords(ms8.strokes[0]))
    assert s8[-1] - s8[0] == pytest.approx(s5[-1] - s5[0], abs=1e-3)


def test_ms7_runs_about_1_cun_behind_ms6(atlas: Atlas) -> None:
    """S4/S5 say MS7 lies 1 cun behind MS6 and parallel to it; the model derives both
    lines from other points (EX-HN1→GB6, GV20→GB7), so this checks it emerges."""
    ms6, ms7 = atlas.shape(MS + "ms6"), atlas.shape(MS + "ms7")
    assert ms6 is not None
    assert ms7 is not None
    for fraction in (0.0, 0.25, 0.5):
        p = point_along(ms6.strokes[0], fraction)
        gap = min(distance(p, q) for q in ms7.strokes[0]) / LATERAL_CM_PER_CUN
        assert 0.75 <= gap <= 1.25, (fraction, gap)
    assert point_along(ms7.strokes[0], 0.5)[1] < point_along(ms6.strokes[0], 0.5)[1]


def test_ms6_divisions_are_fifths_from_the_top(atlas: Atlas) -> None:
    shape = atlas.shape(MS + "ms6")
    assert shape is not None
    spans = [(mark.id, mark.start, mark.end) for mark in shape.divisions]
    assert spans == [
        ("upper-1-5", 0.0, pytest.approx(0.2)),
        ("middle-2-5", pytest.approx(0.2), pytest.approx(0.6)),
        ("lower-2-5", pytest.approx(0.6), pytest.approx(1.0)),
    ]
    assert shape.strokes[0][0][2] > shape.strokes[0][-1][2]  # starts at the vertex
    pieces = list(shape.division_strokes())
    assert len(pieces) == 6  # three parts, both sides
    lengths = [polyline_length(piece) for mark, piece in pieces[::2]]
    assert lengths[1] == pytest.approx(2 * lengths[0], rel=0.02)


def _midline_arc(head: HeadModel, first: str, second: str) -> float:
    return polyline_length(head.midline(first, second))


def test_jiao_motor_upper_point_is_0_5_cm_behind_the_middle_of_the_midline(
    head: HeadModel,
) -> None:
    front = _midline_arc(head, "glabella", "motor-upper")
    back = _midline_arc(head, "motor-upper", "eop-lower")
    assert front - back == pytest.approx(1.0, abs=0.02)  # 0.5 cm past the middle


def test_jiao_parallel_areas_are_1_5_cm_apart(atlas: Atlas, head: HeadModel) -> None:
    tops = {}
    for zone in ("vasomotor", "chorea-tremor", "motor", "sensory"):
        shape = atlas.shape(JIAO + zone)
        assert shape is not None
        tops[zone] = shape.strokes[0][0]
    order = ["vasomotor", "chorea-tremor", "motor", "sensory"]
    for front, back in itertools.pairwise(order):
        gap = polyline_length(arc_between(tops[front], tops[back]))
        assert gap == pytest.approx(1.5, abs=0.02), (front, back)


def test_jiao_foot_motor_sensory_area_starts_beside_the_middle_of_the_midline(
    atlas: Atlas, head: HeadModel
) -> None:
    """Textbook (头针, 足运感区): 1 cm lateral to the midpoint of the anterior–posterior
    midline, running 3 cm backward parallel to it (not from the sensory area's top)."""
    shape = atlas.shape(JIAO + "foot-motor-sensory")
    assert shape is not None
    line = shape.strokes[0]
    middle = head.point("ap-midline-middle")
    start, end = line[0], line[-1]
    assert polyline_length(arc_between(middle, start)) == pytest.approx(1.0, abs=0.02)
    assert polyline_length(line) == pytest.approx(3.0, abs=0.02)
    assert end[1] < start[1]  # runs backward (y grows toward the face)
    assert shape.bilateral
    laterals = [t for _, t in coords(line)]
    assert max(laterals) - min(laterals) < 1e-3  # parallel to the midline


def test_jiao_vertigo_auditory_area_is_4_cm_centred_1_5_cm_above_the_ear(
    atlas: Atlas, head: HeadModel
) -> None:
    shape = atlas.shape(JIAO + "vertigo-auditory")
    assert shape is not None
    line = shape.strokes[0]
    assert polyline_length(line) == pytest.approx(4.0, abs=0.02)
    assert len({round(p[2], 6) for p in line}) == 1  # horizontal
    middle = point_along(line, 0.5)
    ear = head.point("ear-apex")
    assert polyline_length(arc_between(ear, middle)) == pytest.approx(1.5, abs=0.02)


def test_speech_1_is_the_lower_two_fifths_of_the_motor_area(atlas: Atlas) -> None:
    motor, speech = atlas.shape(JIAO + "motor"), atlas.shape(JIAO + "speech-1")
    assert motor is not None
    assert speech is not None
    assert speech.length_cm == pytest.approx(0.4 * motor.length_cm, rel=0.01)
    assert distance(speech.strokes[0][-1], motor.strokes[0][-1]) < 1e-6


def _has_landmark_definition(ref: str, zone: Zone) -> bool:
    if ref in DEFINITIONS:
        return True
    start, end = zone.location.start, zone.location.end
    return bool(
        start
        and end
        and start.code
        and end.code
        and landmark_for_code(start.code)
        and landmark_for_code(end.code)
    )


def test_every_zone_with_a_landmark_definition_gets_a_shape(atlas: Atlas) -> None:
    defined = [ref for ref, zone in atlas.zones.items() if _has_landmark_definition(ref, zone)]
    assert len(defined) >= 30
    for ref in defined:
        shape = atlas.shape(ref)
        assert shape is not None, ref
        assert shape.length_cm > 0.5, ref
        for stroke in shape.strokes:
            assert all(on_scalp(p) for p in stroke), ref
    undrawn = [ref for ref in atlas.zones if atlas.shape(ref) is None]
    assert set(undrawn).isdisjoint(defined)
    assert JIAO + "mental-emotional" in undrawn


def test_table_refs_name_real_zones(atlas: Atlas) -> None:
    assert set(DEFINITIONS) <= set(atlas.zones)


def test_deck_codes_define_lines_without_the_table(atlas: Atlas) -> None:
    assert MS + "ms6" not in DEFINITIONS
    shape = atlas.shape(MS + "ms6")
    assert shape is not None
    assert shape.definition == "line from EX-HN1 to GB6"
    assert shape.landmarks == ("ex-hn1-anterior", "gb6")


def test_zhu_bands_are_areas_across_the_midline(atlas: Atlas) -> None:
    shape = atlas.shape("zhu-scalp:upper-jiao")
    assert shape is not None
    assert shape.kind == "area"
    assert not shape.bilateral
    ts = [t for _, t in coords(shape.strokes[0])]
    assert min(ts) == pytest.approx(-1.5, abs=1e-3)
    assert max(ts) == pytest.approx(1.5, abs=1e-3)
    assert math.isclose(min(abs(t) for t in ts), 0.0, abs_tol=0.5)
