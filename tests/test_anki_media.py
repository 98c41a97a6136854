"""Head maps as Anki media: in the package, referenced by basename, present after a real
Anki import (the `anki` package), and a changed drawing updates exactly its notes."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from anki.collection import Collection
from anki_support import import_package

from studykit.anki import export_package
from studykit.content.cards import Card
from studykit.content.generate import generate_cards
from studykit.content.loader import load_decks
from studykit.maps import geometry
from studykit.models import Deck

T0 = 1_700_000_000.0
IMG = re.compile(r'<img class="sk-day" src="([^"]+)"')
NIGHT_IMG = re.compile(r'<img class="sk-night" src="([^"]+)"')
DECK = """\
id: anki-media
title: Anki media test
version: "1"
references:
  S1: {citation: "Test source"}
facts:
  - kind: zone
    id: vertex
    system: international
    names: {english: Vertex test line}
    location:
      description: On the midline of the vertex
      start: {code: GV20}
      end: {code: GV21}
    sources: [{ref: S1, confidence: two-sources}]
  - kind: zone
    id: forehead
    system: international
    names: {english: Forehead test line}
    location:
      description: Forward along the midline
      start: {code: GV20}
      end: {code: GV24}
    sources: [{ref: S1, confidence: two-sources}]
  - kind: zone
    id: temple
    system: international
    names: {english: Temple test line}
    location:
      description: Across the temple
      start: {code: GB4}
      end: {code: GB6}
    sources: [{ref: S1, confidence: two-sources}]
"""


def load_deck(tmp_path: Path) -> tuple[list[Deck], list[Card]]:
    path = tmp_path / "anki-media.yaml"
    path.write_text(DECK, encoding="utf-8")
    decks = [loaded.deck for loaded in load_decks([path], with_builtins=False)]
    return decks, generate_cards(decks)


def package_media(path: Path) -> dict[str, bytes]:
    """The media files of a package by basename, read as Anki reads them."""
    with zipfile.ZipFile(path) as package:
        index: dict[str, str] = json.loads(package.read("media"))
        return {name: package.read(number) for number, name in index.items()}


def note_fields(col: Collection) -> dict[str, tuple[str, ...]]:
    return {col.get_note(n)["Key"]: tuple(col.get_note(n).values()) for n in col.find_notes("")}


def rendered(col: Collection, key: str) -> tuple[str, str]:
    (note_id,) = [n for n in col.find_notes("") if col.get_note(n)["Key"] == key]
    card = col.get_note(note_id).cards()[0]
    return card.question(), card.answer()


def maps_of(card: Card) -> set[str]:
    return {r for r in (card.figure, card.answer_figure, *card.figure_choices) if r}


def test_maps_are_media_files_referenced_by_basename(tmp_path: Path, col: Collection) -> None:
    decks, cards = load_deck(tmp_path)
    out = tmp_path / "maps.apkg"
    export_package(out, decks, cards, now=T0)

    media = package_media(out)
    assert media  # the maps are in the package
    for name, data in media.items():
        assert re.fullmatch(r"studykit-map-[0-9a-f]{16}-(day|night)\.svg", name)
        assert ET.fromstring(data).tag == "{http://www.w3.org/2000/svg}svg"
        assert b"prefers-color-scheme" not in data  # the card's night mode decides

    import_package(col, out)
    referenced: set[str] = set()
    for key, fields in note_fields(col).items():
        names = set(IMG.findall(" ".join(fields)))
        nights = set(NIGHT_IMG.findall(" ".join(fields)))
        card = next(c for c in cards if c.id == key)
        assert bool(names) == bool(maps_of(card)), key
        assert {n.replace("-day.svg", "-night.svg") for n in names} == nights
        referenced |= names | nights
    assert referenced == set(media)  # every file is used, every reference has its file
    media_dir = Path(col.media.dir())
    for name, data in media.items():
        assert col.media.have(name)
        assert (media_dir / name).read_bytes() == data


def test_question_map_on_the_front_answer_map_on_the_back(tmp_path: Path, col: Collection) -> None:
    decks, cards = load_deck(tmp_path)
    out = tmp_path / "maps.apkg"
    export_package(out, decks, cards, now=T0)
    import_package(col, out)
    media = package_media(out)

    question, answer = rendered(col, "anki-media/vertex/map-zone")
    (front_map,) = IMG.findall(question)
    assert "Vertex test line" not in media[front_map].decode()  # unlabelled on the question

    question, answer = rendered(col, "anki-media/vertex/location")
    assert not IMG.findall(question)
    (back_map,) = IMG.findall(answer)
    assert "Vertex test line" in media[back_map].decode()  # labelled with the answer

    zone_map = next(c for c in cards if c.id == "anki-media/vertex/zone-map")
    question, _ = rendered(col, zone_map.id)
    # options are maps drawn in the answer's view (the temple line, seen from the side,
    # is no option for the vertex line)
    assert len(IMG.findall(question)) == len(zone_map.figure_choices) == 2
    assert len(set(IMG.findall(question))) == 2  # different drawings


def test_a_changed_drawing_updates_exactly_the_notes_that_show_it(
    tmp_path: Path, col: Collection, monkeypatch: pytest.MonkeyPatch
) -> None:
    decks, cards = load_deck(tmp_path)
    out = tmp_path / "maps.apkg"
    first = export_package(out, decks, cards, now=T0)
    import_package(col, out)
    before = note_fields(col)

    # the same zone, the same card texts, drawn from another definition
    redrawn = geometry.Entry(geometry.Meridian("gv20", 2.0))
    monkeypatch.setitem(geometry.DEFINITIONS, "anki-media:vertex", redrawn)
    decks, again = load_deck(tmp_path)
    assert [(c.id, c.front, c.back) for c in again] == [(c.id, c.front, c.back) for c in cards]
    second = export_package(out, decks, again, now=T0 + 60)
    showing = {c.id for c in again if "anki-media:vertex" in maps_of(c)}

    assert first.added == len(cards)
    assert second.changed == len(showing) >= 5
    log = import_package(col, out)
    assert log == {
        "new": 0,
        "updated": len(showing),
        "duplicate": len(cards) - len(showing),
        "conflicting": 0,
        "missing_notetype": 0,
    }
    after = note_fields(col)
    assert {key for key in after if after[key] != before[key]} == showing
    for name in package_media(out):
        assert col.media.have(name)
