"""The Anki export, checked by importing it into a real Anki collection (the `anki` package).

What matters to a student: a re-import adds no duplicates, updates exactly the notes whose
facts changed, keeps study progress and the student's own edits, and a note-type change
is handled as documented (no duplicates, no lost progress).
"""

from __future__ import annotations

import dataclasses
import re
import sqlite3
import zipfile
from pathlib import Path
from typing import Any

import pytest
from anki.collection import Collection
from anki_support import import_package

from studykit.anki import NOTE_TYPES, export_package, note_guid, read_lock
from studykit.anki.notetypes import BASIC, COMMON_FIELDS, typed_script
from studykit.content.cards import Card
from studykit.content.generate import generate_cards
from studykit.content.loader import load_decks
from studykit.models import Deck

T0 = 1_700_000_000.0
"""The first export (2023-11-14); later exports are pinned after it."""

DECK = """\
id: anki-test
title: Anki test deck
version: 1.0.0
references:
  S1: {citation: "WHO Scientific Group 1991", url: "https://example.org/who?a=1&b=2"}
facts:
  - kind: zone
    id: ms5
    system: international
    code: MS5
    names: {english: Middle line of vertex, pinyin: dǐng zhōng xiàn, hanzi: 顶中线}
    location:
      description: On the midline of the vertex <img src=x onerror=alert(1)>
      start: {code: GV20, name: Baihui}
      end: {code: GV21, name: Qianding}
      length: 1.5 cun
      region: parietal
    divisions:
      - id: upper
        part: upper 1/5
        body_part: lower limb
        treats: [paralysis of the lower limb]
    indications: ["<script>alert('x')</script> vertex headache", "nocturnal enuresis 🌙"]
    notes: ["Also written 頂中線.\\nSecond line of the note."]
    sources: [{ref: S1, confidence: two-sources}]
  - kind: zone
    id: ms8
    system: international
    code: MS8
    names: {english: Lateral line 1 of vertex}
    location: {description: "1.5 cun lateral to the midline, back from BL6", length: 1.5 cun}
    sources: [{ref: S1, confidence: two-sources}]
  - kind: zone
    id: ms9
    system: international
    code: MS9
    names: {english: Lateral line 2 of vertex}
    location: {description: "2.25 cun lateral to the midline, back from GB17"}
    sources: [{ref: S1, confidence: two-sources}]
  - kind: condition
    id: enuresis
    names: {english: Enuresis}
    category: urogenital
    treated_by: [ms5]
    sources: [{ref: S1}]
"""
OLD_MS9 = "2.25 cun lateral to the midline, back from GB17"
NEW_MS9 = "2.25 cun lateral to the midline, 1.5 cun back from GB17"
EDITED = {"anki-test/ms9/location", "anki-test/ms9/location-zone"}
"""The cards whose text mentions MS9's location: an edit of it changes exactly these."""
DECK_NAME = "TCM::Scalp acupuncture::Anki test deck"


OWN_SCRIPT = f"<script>\n{typed_script()}</script>"
"""The one script studykit puts on a card: the forgiving type-in check (typed backs)."""


def without_own_script(html: str) -> str:
    return html.replace(OWN_SCRIPT, "")


def load(path: Path) -> tuple[list[Deck], list[Card]]:
    decks = [loaded.deck for loaded in load_decks([path], with_builtins=False)]
    return decks, generate_cards(decks)


@pytest.fixture
def deck_file(tmp_path: Path) -> Path:
    path = tmp_path / "anki-test.yaml"
    path.write_text(DECK, encoding="utf-8")
    return path


def note_by_key(col: Collection, key: str) -> Any:
    (note_id,) = [nid for nid in col.find_notes("") if col.get_note(nid)["Key"] == key]
    return col.get_note(note_id)


def scheduling(col: Collection) -> dict[str, tuple[int, ...]]:
    """Every card's scheduling state, by its note's GUID."""
    rows = col.db.all(
        "SELECT n.guid, c.type, c.queue, c.due, c.ivl, c.factor, c.reps, c.lapses, c.left, "
        "c.did FROM cards c JOIN notes n ON n.id = c.nid"
    )
    return {row[0]: tuple(row[1:]) for row in rows}


def study(col: Collection, keys: list[str]) -> None:
    """Answer the cards of these notes "Good" through Anki's scheduler."""
    for key in keys:
        card = note_by_key(col, key).cards()[0]
        card.start_timer()
        col.sched.answerCard(card, 3)


def first_import(deck_file: Path, col: Collection) -> tuple[Path, list[Card]]:
    """Export the deck at T0 next to its file and import it: the student's starting point."""
    out = deck_file.with_name("out.apkg")
    decks, cards = load(deck_file)
    export_package(out, decks, cards, now=T0)
    import_package(col, out)
    return out, cards


def package_notes(path: Path) -> list[tuple[Any, ...]]:
    """The notes table of a package, as Anki will read it."""
    with zipfile.ZipFile(path) as package:
        data = package.read("collection.anki2")
    connection = sqlite3.connect(":memory:")
    try:
        connection.deserialize(data)
        return connection.execute("SELECT * FROM notes ORDER BY id").fetchall()
    finally:
        connection.close()


def test_import_into_fresh_collection_gives_every_note_deck_and_field(
    deck_file: Path, tmp_path: Path, col: Collection
) -> None:
    decks, cards = load(deck_file)
    out = tmp_path / "out.apkg"
    result = export_package(out, decks, cards, now=T0)

    log = import_package(col, out)

    assert log["new"] == len(cards) == result.notes == result.added
    assert col.note_count() == col.card_count() == len(cards)
    assert {d.name for d in col.decks.all_names_and_ids()} == {
        "Default",
        "TCM",
        "TCM::Scalp acupuncture",
        DECK_NAME,
    }
    assert all(
        c.did == col.decks.id_for_name(DECK_NAME) for c in map(col.get_card, col.find_cards(""))
    )
    note_types = {col.get_note(nid).note_type()["name"] for nid in col.find_notes("")}
    assert note_types == {t.name for t in NOTE_TYPES.values()}

    by_key = {card.id: card for card in cards}
    typed = note_by_key(col, "anki-test/ms5/code-name")
    assert typed.guid == note_guid(by_key["anki-test/ms5/code-name"])
    assert typed.keys() == ["Front", "Back", "Typed", "Answers", "Source", "Extra", "Key"]
    assert typed["Typed"] == "Middle line of vertex"
    assert typed["Back"] == "Middle line of vertex<br>顶中线 dǐng zhōng xiàn"
    assert typed["Extra"] == "Also written 頂中線.<br>Second line of the note."
    assert '<a href="https://example.org/who?a=1&amp;b=2">' in typed["Source"]
    assert typed.mod == int(T0)
    tags = set(typed.tags)
    assert {
        "studykit::deck::anki-test",
        "studykit::system::international",
        "studykit::region::parietal",
        "studykit::kind::typed",
        "studykit::deck-version::1.0.0",
        "studykit::direction::code-name",
    } <= tags
    enuresis = note_by_key(col, "anki-test/enuresis/zones:international")
    assert "studykit::condition::enuresis" in enuresis.tags
    every_tag = {tag for nid in col.find_notes("") for tag in col.get_note(nid).tags}
    assert all(" " not in tag and tag.startswith("studykit::") for tag in every_tag)
    assert {tag.split("::")[0] for tag in col.tags.all()} == {"studykit"}  # one root
    assert len(col.find_notes("tag:studykit::kind::cloze")) == 1
    choices = [c for c in cards if c.kind == "choice" and "system::international" in c.tags]
    found = col.find_notes("tag:studykit::system::international tag:studykit::kind::choice")
    assert len(found) == len(choices) > 0


def test_deck_text_is_escaped_and_unicode_survives_rendering(
    deck_file: Path, col: Collection
) -> None:
    first_import(deck_file, col)

    rendered = []
    for card_id in col.find_cards(""):
        card = col.get_card(card_id)
        rendered.append(card.question() + card.answer())
    everything = without_own_script("\n".join(rendered))
    assert "<script" not in everything
    images = re.findall(r"<img[^>]*>", everything)  # only the head maps' media
    assert all(
        re.fullmatch(
            r'<img class="sk-(day|night)" src="studykit-map-[0-9a-f]{16}-(day|night)\.svg" '
            r'alt="head map">',
            i,
        )
        for i in images
    )
    assert "&lt;script&gt;alert('x')&lt;/script&gt;" in everything
    assert "&lt;img src=x onerror=alert(1)&gt;" in everything
    for text in ("顶中线", "dǐng zhōng xiàn", "🌙", "頂中線"):
        assert text in everything


def test_choice_cloze_and_typed_cards_render_with_only_their_own_classes(
    deck_file: Path, col: Collection
) -> None:
    _, cards = first_import(deck_file, col)
    choice_card = next(c for c in cards if c.id == "anki-test/ms8/location-zone")

    choice = note_by_key(col, choice_card.id).cards()[0]
    question, answer = choice.question(), choice.answer()
    for letter, option in zip("ABC", choice_card.choices, strict=True):
        assert (
            f'<li class="sk-option"><span class="sk-letter">{letter}</span> {option}</li>'
        ) in question
    number = choice_card.choices.index("MS8 Lateral line 1 of vertex") + 1
    right = "ABC"[number - 1]
    assert (
        f'<span class="sk-letter" data-sk-right="{number}">{right}</span> '
        "MS8 Lateral line 1 of vertex"
    ) in answer
    body = re.sub(r"<style>.*?</style>", "", question, flags=re.DOTALL)
    assert "data-sk-right" not in body  # the front's HTML does not know the answer
    assert '<div class="sk-card sk-kind-choice">' in question
    assert '<div class="sk-options sk-revealed">' in answer
    assert '<div class="sk-options sk-revealed">' not in question

    cloze = note_by_key(col, "anki-test/ms5/division:upper").cards()[0]
    assert "paralysis of the lower limb" not in cloze.question()
    assert "[...]" in cloze.question()
    assert '<span class="cloze"' in cloze.answer()
    assert "paralysis of the lower limb" in cloze.answer()

    typed = note_by_key(col, "anki-test/ms5/code-name").cards()[0]
    assert "[[type:Typed]]" in typed.question()  # Anki's marker of the answer box
    assert "<script" not in "".join(c.question() + c.answer() for c in (choice, cloze))
    assert "<script" not in typed.question()
    assert OWN_SCRIPT in typed.answer()


def test_reexport_updates_only_the_edited_notes_and_keeps_progress_and_own_edits(
    deck_file: Path, col: Collection
) -> None:
    out, cards = first_import(deck_file, col)
    col.decks.select(col.decks.id_for_name(DECK_NAME))
    study(col, ["anki-test/ms9/location", "anki-test/ms5/code-name", "anki-test/ms8/length"])
    own = note_by_key(col, "anki-test/ms8/length")
    own["Extra"] = "my mnemonic: one and a half"
    col.update_note(own)
    before = scheduling(col)
    studied = note_by_key(col, "anki-test/ms9/location").guid
    assert before[studied][5] == 1  # reps: it was studied
    note_ids = {key: note_by_key(col, key).id for key in EDITED}

    deck_file.write_text(DECK.replace(OLD_MS9, NEW_MS9), encoding="utf-8")
    decks, cards = load(deck_file)
    result = export_package(out, decks, cards, now=T0 + 3600)
    log = import_package(col, out)

    assert (result.added, result.changed) == (0, len(EDITED))
    assert log == {
        "new": 0,
        "updated": len(EDITED),
        "duplicate": len(cards) - len(EDITED),
        "conflicting": 0,
        "missing_notetype": 0,
    }
    assert col.note_count() == col.card_count() == len(cards)
    for key in EDITED:
        note = note_by_key(col, key)
        assert note.id == note_ids[key]
        assert NEW_MS9 in note["Front"] + note["Back"]
        assert note.mod == int(T0) + 3600
    assert scheduling(col) == before
    assert note_by_key(col, "anki-test/ms8/length")["Extra"] == "my mnemonic: one and a half"


def test_exporting_unchanged_decks_twice_gives_identical_notes_and_package(
    deck_file: Path, tmp_path: Path, col: Collection
) -> None:
    decks, cards = load(deck_file)
    out = tmp_path / "out.apkg"
    export_package(out, decks, cards, now=T0)
    first_notes, first_bytes = package_notes(out), out.read_bytes()
    lock = read_lock(out.with_name("out.apkg.lock.json"))

    again = export_package(out, decks, cards, now=T0 + 86_400)

    assert (again.added, again.changed, again.unchanged) == (0, 0, len(cards))
    assert package_notes(out) == first_notes
    assert out.read_bytes() == first_bytes
    assert read_lock(again.lock_path) == lock
    assert {row[3] for row in first_notes} == {int(T0)}  # mod: the first export's time
    import_package(col, out)
    assert import_package(col, out)["duplicate"] == len(cards)
    assert col.note_count() == len(cards)


def test_new_deck_version_tags_only_the_notes_that_changed(
    deck_file: Path, tmp_path: Path, col: Collection
) -> None:
    out = tmp_path / "out.apkg"
    export_package(out, *load(deck_file), now=T0)
    deck_file.write_text(
        DECK.replace(OLD_MS9, NEW_MS9).replace("version: 1.0.0", "version: 1.1.0"),
        encoding="utf-8",
    )
    decks, cards = load(deck_file)
    export_package(out, decks, cards, now=T0 + 60)
    import_package(col, out)

    search = "tag:studykit::deck-version::1.1.0"
    changed = {col.get_note(nid)["Key"] for nid in col.find_notes(search)}
    assert changed == EDITED
    old = col.find_notes("tag:studykit::deck-version::1.0.0")
    assert len(old) == len(cards) - len(EDITED)


def test_a_new_note_type_version_conflicts_instead_of_duplicating(
    deck_file: Path, col: Collection
) -> None:
    """The documented path: a field added → "studykit basic v2" with a new id. Anki keeps
    the student's v1 notes (and their progress) and adds no duplicate; after "Change Note
    Type" to v2 and an import with "update notes: always" the notes are on v2."""
    out, cards = first_import(deck_file, col)
    col.decks.select(col.decks.id_for_name(DECK_NAME))
    study(col, ["anki-test/ms5/location", "anki-test/ms8/location"])
    before = scheduling(col)
    basic_v2 = dataclasses.replace(
        BASIC,
        model_id=BASIC.model_id + 1,
        name="studykit basic v2",
        fields=(*COMMON_FIELDS, "Hint"),
    )
    basic_keys = {c.id for c in cards if c.kind == "basic"}

    result = export_package(
        out, load(deck_file)[0], cards, now=T0 + 60, note_types={**NOTE_TYPES, "basic": basic_v2}
    )
    log = import_package(col, out)

    assert result.changed == len(basic_keys)  # the note type is part of a note's content
    assert log["conflicting"] == len(basic_keys)
    assert (log["new"], log["updated"]) == (0, 0)
    assert col.note_count() == len(cards)
    assert col.find_notes('note:"studykit basic v2"') == []
    assert scheduling(col) == before

    old = col.models.by_name(BASIC.name)
    new = col.models.by_name("studykit basic v2")
    assert old is not None
    assert new is not None
    change = col.models.change_notetype_info(old_notetype_id=old["id"], new_notetype_id=new["id"])
    change.input.note_ids.extend(col.models.nids(old["id"]))
    col.models.change_notetype_of_notes(change.input)
    log = import_package(col, out, update_notes=1)  # "Update notes: Always"

    assert log["conflicting"] == 0
    assert log["new"] == 0
    moved = {col.get_note(nid)["Key"] for nid in col.find_notes('note:"studykit basic v2"')}
    assert moved == basic_keys
    assert col.note_count() == len(cards)
    assert scheduling(col) == before
