"""A student's year with an exported deck, in the real `anki` package.

First import; study with Anki's scheduler; an instructor's update (a text fix, a new fact,
a removed fact, an option's text changed, a new deck title) and the re-import. Anki must
add exactly the new notes, update exactly the notes whose content changed (the withdrawn
ones among them, tagged), leave every other note and all scheduling and the review log
alone, and add no duplicate and no second deck.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from anki.collection import Collection
from anki_support import import_package

from studykit.anki import WITHDRAWN_TAG, export_package, note_guid
from studykit.content.cards import Card
from studykit.content.generate import generate_cards
from studykit.content.loader import load_decks
from studykit.models import Deck

T0 = 1_700_000_000.0
DAY = 86_400

ZONE = """\
  - kind: zone
    id: {id}
    system: international
    code: {code}
    names: {{english: {name}}}
    location: {{description: "{where}", length: 1.5 cun, region: parietal}}
    sources: [{{ref: S1, confidence: two-sources}}]
"""
ZONES = {
    "ms5": ("MS5", "Middle line of vertex", "On the midline, from GV20 to GV21"),
    "ms6": ("MS6", "Anterior oblique line of vertex-temporal", "From EX-HN1 to GB6"),
    "ms7": ("MS7", "Posterior oblique line of vertex-temporal", "From GV20 to GB7"),
    "ms8": ("MS8", "Lateral line 1 of vertex", "1.5 cun lateral to MS5, back from BL6"),
    "ms9": ("MS9", "Lateral line 2 of vertex", "2.25 cun lateral to MS5, back from GB17"),
    "ms10": ("MS10", "Lateral line 1 of occiput", "From BL7 forward to GV20"),
}


def deck_text(
    *,
    title: str = "Round-trip deck",
    version: str = "1.0",
    zones: tuple[str, ...] = ("ms5", "ms6", "ms7", "ms8", "ms9"),
    edits: dict[str, tuple[str, str, str]] | None = None,
) -> str:
    table = {**ZONES, **(edits or {})}
    head = (
        f'id: roundtrip\ntitle: {title}\nversion: "{version}"\n'
        'references:\n  S1: {citation: "WHO Scientific Group 1991"}\nfacts:\n'
    )
    return head + "".join(
        ZONE.format(id=z, code=table[z][0], name=table[z][1], where=table[z][2]) for z in zones
    )


FIRST = deck_text()
UPDATE = deck_text(
    title="Scalp lines, revised",  # a new deck title
    version="1.1",
    zones=("ms5", "ms6", "ms7", "ms9", "ms10"),  # ms8 removed, ms10 new
    edits={
        # a text fix in one fact
        "ms9": (
            "MS9",
            "Lateral line 2 of vertex",
            "2.25 cun lateral to MS5, 1.5 cun back from GB17",
        ),
        # an option's text: MS6's name is an option on other facts' choice cards
        "ms6": ("MS6", "Anterior oblique line of vertex–temporal", "From EX-HN1 to GB6"),
    },
)


def load(path: Path) -> tuple[list[Deck], list[Card]]:
    decks = [loaded.deck for loaded in load_decks([path], with_builtins=False)]
    return decks, generate_cards(decks)


def by_key(col: Collection) -> dict[str, Any]:
    notes = (col.get_note(nid) for nid in col.find_notes(""))
    return {note["Key"]: note for note in notes}


def scheduling(col: Collection) -> dict[str, tuple[Any, ...]]:
    rows = col.db.all(
        "SELECT n.guid, c.id, c.type, c.queue, c.due, c.ivl, c.factor, c.reps, c.lapses, "
        "c.left, c.did, c.flags, c.data FROM cards c JOIN notes n ON n.id = c.nid"
    )
    return {row[0]: tuple(row[1:]) for row in rows}


def review_log(col: Collection) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in col.db.all("SELECT * FROM revlog ORDER BY id")]


def study(col: Collection, keys: list[str]) -> None:
    """Answer these notes' cards through Anki's scheduler: Good, then Again on the first."""
    notes = by_key(col)
    for rating, key in [(3, k) for k in keys] + [(1, keys[0])]:
        card = col.get_card(notes[key].cards()[0].id)
        card.start_timer()
        col.sched.answerCard(card, rating)


@pytest.fixture
def deck_file(tmp_path: Path) -> Path:
    path = tmp_path / "roundtrip.yaml"
    path.write_text(FIRST, encoding="utf-8")
    return path


def test_an_instructors_update_reimports_exactly_the_changed_notes(
    deck_file: Path, tmp_path: Path, col: Collection
) -> None:
    out = tmp_path / "course.apkg"
    decks, first_cards = load(deck_file)
    first = export_package(out, decks, first_cards, now=T0)
    first_log = import_package(col, out)
    assert first_log["new"] == first.added == len(first_cards) == col.note_count()

    # the student studies, flags a card and keeps a note of their own in an unchanged one
    col.decks.select(col.decks.id_for_name("TCM::Scalp acupuncture::Round-trip deck"))
    studied = ["roundtrip/ms9/location", "roundtrip/ms8/code-name", "roundtrip/ms5/code-name"]
    study(col, studied)
    mine = by_key(col)["roundtrip/ms5/code-name"]
    mine["Extra"] = "my mnemonic: five is the middle"
    mine.add_tag("my-exam")
    col.update_note(mine)
    col.set_user_flag_for_cards(2, [by_key(col)["roundtrip/ms9/location"].cards()[0].id])
    schedule_before, log_before = scheduling(col), review_log(col)
    assert len(log_before) == len(studied) + 1
    fields_before = {key: list(note.values()) for key, note in by_key(col).items()}

    # the instructor's update
    deck_file.write_text(UPDATE, encoding="utf-8")
    decks, cards = load(deck_file)
    second = export_package(out, decks, cards, now=T0 + 30 * DAY)
    log = import_package(col, out)

    old = {card.id: card for card in first_cards}
    new = {card.id: card for card in cards}
    added = new.keys() - old.keys()
    removed = old.keys() - new.keys()
    changed = {key for key in new.keys() & old.keys() if new[key] != old[key]}
    unchanged = (new.keys() & old.keys()) - changed
    print(
        f"round trip: {len(first_cards)} notes first; update: {len(added)} new, "
        f"{len(changed)} changed, {len(removed)} withdrawn, {len(unchanged)} unchanged; "
        f"Anki: {log}"
    )
    assert {k.split("/")[1] for k in added} == {"ms10"}
    assert {k.split("/")[1] for k in removed} == {"ms8"}
    assert "roundtrip/ms9/location" in changed  # the text fix
    assert "roundtrip/ms6/code-name" in changed  # the option's own fact
    options_with_ms6 = {
        key
        for key in changed
        if key.split("/")[1] not in {"ms6", "ms9"}
        and any("vertex–temporal" in choice for choice in new[key].choices)
    }
    assert options_with_ms6  # choice cards of other facts showing MS6 as an option

    # the package's counts and Anki's agree with what changed in the cards
    assert (second.added, second.changed, second.withdrawn) == (
        len(added),
        len(changed),
        len(removed),
    )
    assert log == {
        "new": len(added),
        "updated": len(changed) + len(removed),
        "duplicate": len(unchanged),
        "conflicting": 0,
        "missing_notetype": 0,
    }

    # no duplicates, no second deck (the new title keeps the deck's Anki name)
    notes = by_key(col)
    assert col.note_count() == len(notes) == len(new) + len(removed)
    assert len({note.guid for note in notes.values()}) == len(notes)
    assert {note.guid for key, note in notes.items() if key in new} == {
        note_guid(card) for card in cards
    }
    names = {d.name for d in col.decks.all_names_and_ids()} - {"Default"}
    assert names == {"TCM", "TCM::Scalp acupuncture", "TCM::Scalp acupuncture::Round-trip deck"}
    assert second.kept_names == (
        (
            "TCM::Scalp acupuncture::Round-trip deck",
            "TCM::Scalp acupuncture::Scalp lines, revised",
        ),
    )

    # scheduling, flags and the review log untouched; only the changed notes updated
    schedule_after = scheduling(col)
    assert {g: s for g, s in schedule_after.items() if g in schedule_before} == schedule_before
    assert schedule_before[notes["roundtrip/ms9/location"].guid][10] == 2  # the flag stays
    assert review_log(col) == log_before
    updated = {key for key, note in notes.items() if list(note.values()) != fields_before.get(key)}
    assert updated == changed | removed | added
    assert notes["roundtrip/ms5/code-name"]["Extra"] == "my mnemonic: five is the middle"
    assert "my-exam" in notes["roundtrip/ms5/code-name"].tags

    # the notes of the removed fact: tagged, marked, still scheduled as the student left them
    withdrawn = {col.get_note(nid)["Key"] for nid in col.find_notes(f"tag:{WITHDRAWN_TAG}")}
    assert withdrawn == removed
    gone = notes["roundtrip/ms8/code-name"]
    assert "Withdrawn in version 1.1" in gone["Front"]
    assert "Lateral line 1 of vertex" not in gone["Back"]  # no answer that may be wrong
    assert "Withdrawn in version 1.1" in gone.cards()[0].question()
    assert "studykit::deck-version::1.1" in gone.tags

    # the same update exported again changes nothing in Anki
    again = export_package(out, decks, cards, now=T0 + 31 * DAY)
    assert (again.added, again.changed, again.withdrawn) == (0, 0, 0)
    assert again.still_withdrawn == len(removed)
    assert import_package(col, out)["updated"] == 0


def test_a_fact_added_or_removed_changes_no_other_note(deck_file: Path, tmp_path: Path) -> None:
    """Stable options (issue 17.3, in card generation): only the notes of the fact itself,
    and the choice cards that showed a removed fact as an option, change."""
    out = tmp_path / "course.apkg"
    decks, cards = load(deck_file)
    export_package(out, decks, cards, now=T0)
    old = {card.id: card for card in cards}

    deck_file.write_text(deck_text(zones=("ms5", "ms6", "ms7", "ms8", "ms9", "ms10")))
    decks, cards = load(deck_file)
    grown = export_package(out, decks, cards, now=T0 + DAY)
    assert (grown.added, grown.changed) == (len(cards) - len(old), 0)

    deck_file.write_text(deck_text(zones=("ms5", "ms6", "ms7", "ms9", "ms10")))
    before = {card.id: card for card in cards}
    decks, cards = load(deck_file)
    shrunk = export_package(out, decks, cards, now=T0 + 2 * DAY)
    showed_ms8 = {
        key
        for key, card in before.items()
        if not key.startswith("roundtrip/ms8/") and any("MS8" in c for c in card.choices)
    }
    changed = {c.id for c in cards if c.id in before and before[c.id] != c}
    assert changed == showed_ms8
    assert shrunk.changed == len(showed_ms8)
