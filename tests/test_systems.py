"""Declared systems: an ear deck speaks of the ear in its questions, options, Anki deck
path and schema help, while the built-in scalp decks keep their ids and deck names."""

from __future__ import annotations

import sqlite3
import zipfile
from pathlib import Path

import pytest

from studykit.anki import export_package
from studykit.commands.schema import deck_schema
from studykit.content.generate import generate_cards
from studykit.content.loader import load_decks
from studykit.errors import DeckError
from studykit.models import BUILTIN_SYSTEMS, SYSTEM_TITLES

EAR_DECK = """\
id: ear-nada
title: Ear points for NADA
version: 1.0.0
systems:
  - id: auricular
    title: Auricular
    noun: point
    microsystem: ear
    body_region: auricle
    regions: [triangular fossa, cymba conchae, cavum conchae]
facts:
  - kind: zone
    id: shenmen
    system: auricular
    code: TF4
    names: {english: Shenmen, hanzi: 神门}
    location: {description: In the lateral third of the triangular fossa, region: triangular fossa}
    indications: [insomnia]
    sources: [{citation: textbook}]
  - kind: zone
    id: kidney
    system: auricular
    code: CO10
    names: {english: Kidney, hanzi: 肾}
    location: {description: On the lower border of the inferior crus, region: cymba conchae}
    indications: [low back pain]
    sources: [{citation: textbook}]
  - kind: zone
    id: liver
    system: auricular
    code: CO12
    names: {english: Liver, hanzi: 肝}
    location: {description: Behind the Stomach point, region: cymba conchae}
    indications: [hypochondriac pain]
    sources: [{citation: textbook}]
  - kind: zone
    id: lung
    system: auricular
    code: CO14
    names: {english: Lung, hanzi: 肺}
    location: {description: Around the Heart point, region: cavum conchae}
    indications: [cough]
    sources: [{citation: textbook}]
  - kind: condition
    id: insomnia
    names: {english: Insomnia}
    category: psychiatric
    treated_by: [shenmen, kidney]
    sources: [{citation: textbook}]
"""


@pytest.fixture
def ear_deck(tmp_path: Path) -> Path:
    path = tmp_path / "ear.yaml"
    path.write_text(EAR_DECK, encoding="utf-8")
    return path


def test_questions_use_the_declared_systems_title(ear_deck: Path) -> None:
    decks = [d.deck for d in load_decks([ear_deck])]
    cards = {c.id: c for c in generate_cards(decks, ["ear-nada"])}
    assert cards["ear-nada/shenmen/code-name"].front.startswith("TF4 (Auricular): ")
    assert cards["ear-nada/insomnia/zones:auricular"].front == (
        "Insomnia: which Auricular points treat it?"  # the system's noun
    )
    assert cards["ear-nada/shenmen/location-zone"].front.startswith(
        "Which of the Auricular points does this describe?"
    )
    assert not any("Other" in card.front for card in cards.values())


def test_choice_options_come_only_from_zones_of_the_same_system(ear_deck: Path) -> None:
    loaded = load_decks([ear_deck])  # with the built-in decks: Jiao's 'other' zones, ...
    decks = [d.deck for d in loaded]
    ear_titles = {"TF4 Shenmen", "CO10 Kidney", "CO12 Liver", "CO14 Lung"}
    choices = [c for c in generate_cards(decks, ["ear-nada"]) if c.kind == "choice"]
    assert choices
    for card in choices:
        assert set(card.choices) <= ear_titles, card.choices


def test_the_anki_deck_path_follows_the_microsystem(ear_deck: Path, tmp_path: Path) -> None:
    loaded = {d.id: d.deck for d in load_decks([ear_deck])}
    chosen = [loaded["ear-nada"], loaded["jiao-scalp-areas"]]
    cards = generate_cards(list(loaded.values()), [d.id for d in chosen])
    result = export_package(tmp_path / "out.apkg", chosen, cards, now=1_700_000_000.0)
    assert set(result.decks) == {
        "TCM::Auricular acupuncture::Ear points for NADA",
        "TCM::Scalp acupuncture::Jiao Shunfa's Scalp Areas",
    }
    with zipfile.ZipFile(tmp_path / "out.apkg") as package:
        (tmp_path / "col.db").write_bytes(package.read("collection.anki2"))
    with sqlite3.connect(tmp_path / "col.db") as db:
        names = db.execute("SELECT decks FROM col").fetchone()[0]
    assert "TCM::Auricular acupuncture::Ear points for NADA" in names


def test_the_built_in_auricular_deck_lands_under_auricular_acupuncture() -> None:
    deck = next(d.deck for d in load_decks([]) if d.id == "auricular")
    assert deck.microsystem_name() == "Auricular acupuncture"
    conditions = next(d.deck for d in load_decks([]) if d.id == "conditions")
    assert conditions.microsystem_name() == "Scalp acupuncture"  # no zones, no declaration


def test_a_zone_of_an_undeclared_system_is_reported_where_it_stands(tmp_path: Path) -> None:
    path = tmp_path / "typo.yaml"
    path.write_text(
        EAR_DECK.replace("system: auricular\n    code: CO10", "system: auriclar\n    code: CO10"),
        encoding="utf-8",
    )
    with pytest.raises(DeckError) as caught:
        load_decks([path], with_builtins=False)
    (problem,) = caught.value.problems
    assert (problem.line, problem.column) == (22, 13)
    assert problem.message.startswith("unknown system 'auriclar' (did you mean 'auricular'?)")


def test_a_built_in_system_cannot_be_declared_again(tmp_path: Path) -> None:
    path = tmp_path / "jiao.yaml"
    path.write_text(
        EAR_DECK.replace("id: auricular\n    title", "id: jiao\n    title"), encoding="utf-8"
    )
    with pytest.raises(DeckError) as caught:
        load_decks([path], with_builtins=False)
    assert any("'jiao' is a built-in scalp system" in p.message for p in caught.value.problems)


def test_the_built_in_scalp_systems_keep_their_ids_and_titles() -> None:
    assert SYSTEM_TITLES == {
        "international": "International Standard",
        "jiao": "Jiao",
        "zhu": "Zhu",
        "ynsa": "YNSA",
        "fang": "Fang",
        "tang": "Tang",
        "other": "Other",
    }
    assert {s.microsystem_name() for s in BUILTIN_SYSTEMS.values()} == {"Scalp acupuncture"}


def test_the_schema_help_speaks_of_the_microsystems_regions_not_the_head() -> None:
    definitions = deck_schema()["$defs"]
    region = definitions["Location"]["properties"]["region"]
    text = str(region)
    assert "of the head" not in text
    assert "on the ear" in text
    assert "`regions`" in text
    assert "systems" in deck_schema()["properties"]
    system_help = str(definitions["Zone"]["properties"]["system"])
    assert "systems:" in system_help


def test_the_auricular_deck_is_lint_clean_and_says_where_its_points_lie() -> None:
    from studykit.authoring.lint import NOTE, lint_paths
    from studykit.content.deckfiles import builtin_deck_dir

    path = builtin_deck_dir() / "auricular.yaml"
    assert [p for p in lint_paths([path]) if p.severity != NOTE] == []
    deck = next(d.deck for d in load_decks([]) if d.id == "auricular")
    zones = [f for f in deck.facts if f.kind == "zone" and f.system == "auricular"]
    regions = set(deck.system("auricular").regions)
    assert len(regions) == 15
    assert all(zone.location.region in regions for zone in zones)
    landmarks = [f for f in deck.facts if f.kind == "zone" and f.system == "auricle-landmarks"]
    assert len(landmarks) == 16  # the textbook's 16 landmarks of the auricle
