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


PRIORITY = """\
id: course
title: Course
version: "1"
facts:
  - kind: zone
    id: ms5
    system: international
    names: {english: Middle line of vertex}
    location: {description: On the midline of the vertex}
    sources: [{citation: x}]
cards:
  - key: later
    front: Which textbook chapter teaches ear acupuncture?
    back: 耳针
    sources: [{citation: x}]
  - key: first
    front: Which five points does the NADA protocol use?
    back: Shenmen, Sympathetic, Kidney, Liver, Lung
    priority: 1
    sources: [{citation: x}]
"""


def test_a_priority_puts_an_instructors_card_first_among_new_cards(tmp_path: Path) -> None:
    from store_fixtures import NOW, open_store

    from studykit.content.generate import generate_cards
    from studykit.content.loader import load_decks

    path = tmp_path / "course.yaml"
    path.write_text(PRIORITY, encoding="utf-8")
    decks = [d.deck for d in load_decks([path], with_builtins=False)]
    cards = generate_cards(decks)
    assert cards[0].id == "course/card:first/forward"
    assert [c.fact for c in cards[1:]] == ["ms5"] * (len(cards) - 2) + ["card:later"]
    store = open_store(tmp_path / "store.sqlite3", cards=cards)
    assert store.queue(["course"], NOW)[0].card_id == "course/card:first/forward"
    store.close()

    plain = generate_cards(
        [d.deck for d in load_decks([_without_priority(path)], with_builtins=False)]
    )
    assert plain[-1].id == "course/card:first/forward"  # without it: the order of the file


def _without_priority(path: Path) -> Path:
    path.write_text(PRIORITY.replace("    priority: 1\n", ""), encoding="utf-8")
    return path


def test_a_region_its_system_does_not_list_is_a_warning(tmp_path: Path) -> None:
    text = CODES.replace(
        "  - {id: auricular, title: Auricular, microsystem: ear, body_region: auricle}",
        "  - id: auricular\n    title: Auricular\n    microsystem: ear\n"
        "    body_region: auricle\n    regions: [helix, helix crus]",
    ).replace(
        'location: {description: "Below the helix tubercle, near HX6 and HX1"}',
        'location: {description: "Below the helix tubercle, near HX6 and HX1", region: helx}',
    )
    found = [m for m in lint_text(tmp_path, text) if "region" in m]
    assert found == [
        "16:83: 'helx' is not a region of the Auricular system (did you mean 'helix'?); "
        "its regions: helix, helix crus"
    ]
