"""SVG and text renderings of the head maps."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from studykit.content.loader import load_decks
from studykit.maps import (
    UnknownZoneError,
    atlas_for,
    media_filename,
    render_rich,
    render_svg,
    render_text,
)
from studykit.maps.atlas import Atlas

GOLDEN = Path(__file__).parent / "data" / "maps"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def atlas() -> Atlas:
    return atlas_for([loaded.deck for loaded in load_decks([])])


def _texts(svg: str) -> list[str]:
    root = ET.fromstring(svg)
    return ["".join(node.itertext()) for node in root.iter(f"{SVG}text")]


def test_every_drawable_zone_renders_to_well_formed_svg(atlas: Atlas) -> None:
    refs = atlas.drawable()
    assert len(refs) >= 30
    for ref in refs:
        root = ET.fromstring(atlas.svg([ref]))
        assert root.tag == f"{SVG}svg", ref
        assert root.findall(f".//{SVG}polyline") or root.findall(f".//{SVG}polygon"), ref
        assert root.find(f"{SVG}style") is not None  # self-contained styling
        assert "href" not in atlas.svg([ref])  # nothing external


def test_single_zone_map_names_it_and_its_landmarks(atlas: Atlas) -> None:
    texts = _texts(atlas.svg(["scalp-standard-lines:ms6"]))
    assert texts[0] == "MS6 Anterior oblique line of vertex-temporal (International Standard)"
    assert "GB6" in texts
    assert {"upper 1/5", "middle 2/5", "lower 2/5"} <= set(texts)  # the divisions' legend


def test_unlabelled_map_names_no_zone(atlas: Atlas) -> None:
    for ref in ("scalp-standard-lines:ms6", "jiao-scalp-areas:motor"):
        zone = atlas.zones[ref]
        svg = atlas.svg([ref], labels=False)
        words = " ".join(_texts(svg))
        assert zone.names.english not in svg
        assert not zone.code or zone.code not in words
        assert "GB6" not in words


def test_system_map_draws_every_view_with_a_numbered_legend(atlas: Atlas) -> None:
    refs = atlas.drawable("international")
    root = ET.fromstring(atlas.svg(refs, "all", title="International"))
    views = {g.get("class") for g in root.iter(f"{SVG}g")}
    assert {"view-right", "view-top", "view-front", "view-back"} <= views
    texts = _texts(atlas.svg(refs, "all", title="International"))
    assert "1 MS1" in texts
    assert "14 MS14" in texts


def test_svg_escapes_text(atlas: Atlas) -> None:
    svg = atlas.svg(["scalp-standard-lines:ms6"], title="<b>&</b>")
    assert "<b>" not in svg
    assert ET.fromstring(svg) is not None


def test_disputed_zone_says_which_version_is_drawn(atlas: Atlas) -> None:
    texts = _texts(atlas.svg(["jiao-scalp-areas:balance"]))
    assert any("disputed" in text and "S12" in text for text in texts)


def test_unknown_zone_and_view_are_clear_errors(atlas: Atlas) -> None:
    with pytest.raises(UnknownZoneError, match="no zone"):
        atlas.svg(["scalp-standard-lines:ms99"])
    with pytest.raises(UnknownZoneError, match="has no map"):
        atlas.svg(["jiao-scalp-areas:mental-emotional"])
    with pytest.raises(UnknownZoneError, match="unknown view"):
        atlas.svg(["scalp-standard-lines:ms6"], "sideways")


def test_resolve_accepts_codes_and_ids(atlas: Atlas) -> None:
    assert atlas.resolve("MS6") == "scalp-standard-lines:ms6"
    assert atlas.resolve("motor") == "jiao-scalp-areas:motor"
    assert atlas.resolve("jiao-scalp-areas:motor") == "jiao-scalp-areas:motor"
    with pytest.raises(UnknownZoneError):
        atlas.resolve("nowhere")


def test_text_map_golden_ms6() -> None:
    expected = (GOLDEN / "ms6_right_40x16.txt").read_text(encoding="utf-8").splitlines()
    assert render_text("scalp-standard-lines:ms6", 40, 16) == expected


def test_text_map_golden_blocks() -> None:
    expected = (GOLDEN / "motor_top_36x14_blocks.txt").read_text(encoding="utf-8").splitlines()
    got = render_text("jiao-scalp-areas:motor", 36, 14, view="top", mode="blocks")
    assert got == expected


@pytest.mark.parametrize(("width", "height"), [(80, 22), (40, 16), (20, 8)])
def test_text_map_fills_exactly_the_size_asked(width: int, height: int) -> None:
    lines = render_text("scalp-standard-lines:ms12", width, height)
    assert len(lines) == height
    assert all(len(line) == width for line in lines)
    assert any(line.strip() for line in lines)


def test_rich_text_marks_the_zone(atlas: Atlas) -> None:
    drawn = atlas.text("scalp-standard-lines:ms5", 40, 16, view="top")
    assert any("zone" in row for row in drawn.roles)
    rich = render_rich("scalp-standard-lines:ms5", 40, 16, view="top")
    assert rich.plain == "\n".join(drawn.lines)
    assert any(span.style == "bold dark_orange" for span in rich.spans)


def test_media_filenames_are_unique_basenames_that_name_no_zone(atlas: Atlas) -> None:
    names = {ref: atlas.media_filename(ref) for ref in atlas.drawable()}
    assert len(set(names.values())) == len(names)
    for ref, name in names.items():
        assert name.endswith(".svg")
        assert "/" not in name
        assert ref.split(":")[1] not in name.removeprefix("studykit-map-")
    assert media_filename("scalp-standard-lines:ms6") == names["scalp-standard-lines:ms6"]


def test_module_functions_use_the_builtin_decks() -> None:
    svg = render_svg(["scalp-standard-lines:ms5"], "top")
    assert ET.fromstring(svg).tag == f"{SVG}svg"
