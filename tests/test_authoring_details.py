"""Authoring details of issue 21.6: codes with commas, options split by a flow list's
commas, and problems that name a fact by its id."""

from __future__ import annotations

from pathlib import Path

from studykit.authoring.lint import lint_paths
from studykit.content.loader import read_deck

CODES = """\
id: codes
title: Codes
version: "1"
systems:
  - {id: auricular, title: Auricular, microsystem: ear, body_region: auricle}
facts:
  - kind: zone
    id: cervical
    system: auricular
    code: HX6,7i
    names: {english: Helix 6 and 7 inferior}
    location: {description: "Below the helix tubercle, near HX6 and HX1"}
    sources: [{citation: x}]
  - kind: zone
    id: ear-center
    system: auricular
    code: HX1
    names: {english: Ear Center}
    location: {description: On the helix crus; not HX9}
    sources: [{citation: x}]
"""

FLOW = """\
id: flow
title: Flow
version: "1"
cards:
  - key: split
    kind: choice
    front: Where was the NADA protocol developed?
    back: Lincoln Hospital, South Bronx
    distractors: [Bellevue Hospital, Manhattan, Mount Sinai, Upper East Side]
    sources: [{citation: x}]
  - key: quoted
    kind: choice
    front: Which hospital in the Bronx trained NADA's first specialists?
    back: Lincoln Hospital, South Bronx
    distractors: ["Bellevue Hospital, Manhattan", "Mount Sinai, Upper East Side"]
    sources: [{citation: x}]
  - key: plain
    kind: choice
    front: Which ear point is in the triangular fossa?
    back: Shenmen
    distractors: [Kidney, Liver, Lung]
    sources: [{citation: x}]
"""


def lint_text(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "deck.yaml"
    path.write_text(text, encoding="utf-8")
    return [f"{p.line}:{p.column}: {p.message}" for p in lint_paths([path], with_builtins=False)]


def test_a_code_with_commas_is_a_known_code(tmp_path: Path) -> None:
    found = [m for m in lint_text(tmp_path, CODES) if "names a zone" in m]
    assert len(found) == 1
    assert found[0].startswith("19:29:")
    assert "'HX9'" in found[0]


def test_options_split_by_a_flow_lists_commas_are_a_warning(tmp_path: Path) -> None:
    found = [m for m in lint_text(tmp_path, FLOW) if "every comma starts" in m]
    assert len(found) == 1
    assert found[0].startswith("9:18:")
    assert "'Bellevue Hospital, Manhattan' are two" in found[0]


def test_a_missing_key_names_the_fact_by_its_id(tmp_path: Path) -> None:
    path = tmp_path / "deck.yaml"
    path.write_text(CODES.replace("    sources: [{citation: x}]\n", "", 1), encoding="utf-8")
    loaded, problems = read_deck(path)
    assert loaded is None
    assert [p.message for p in problems] == [
        "missing required key 'sources' in fact 'cervical' ('facts[1]')"
    ]
