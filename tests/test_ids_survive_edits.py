"""A typo fix keeps the card: its id, the student's progress in the store, and its note
in Anki; `lint --since` tells the author which edit would start a card over."""

from __future__ import annotations

from pathlib import Path

from anki.collection import Collection
from anki_support import import_package
from store_fixtures import NOW, open_store

from studykit.anki import export_package, note_guid
from studykit.authoring.lint import lint_paths
from studykit.content.cards import Card
from studykit.content.generate import generate_cards
from studykit.content.loader import load_decks
from studykit.models import Deck
from studykit.study.scheduling import Rating

T0 = 1_700_000_000.0

DECK = """\
id: typo
title: Typo deck
version: "{version}"
systems:
  - {{id: auricular, title: Auricular, microsystem: ear, body_region: auricle}}
facts:
  - kind: zone
    id: sympathetic
    system: auricular
    names: {{english: Sympathetic}}
    location: {{description: At the end of the inferior crus}}
    indications:
      - {indication}
      - palpitations
    sources: [{{citation: textbook}}]
  - kind: zone
    id: shenmen
    system: auricular
    names: {{english: Shenmen}}
    location: {{description: In the triangular fossa}}
    indications: [insomnia]
    sources: [{{citation: textbook}}]
"""
OLD_ID = "typo/sympathetic/indication-zone:gastrointestinal-spasm"


def write(path: Path, indication: str, version: str) -> tuple[list[Deck], list[Card]]:
    path.write_text(DECK.format(indication=indication, version=version), encoding="utf-8")
    decks = [d.deck for d in load_decks([path], with_builtins=False)]
    return decks, generate_cards(decks)


def test_a_one_character_fix_with_its_key_keeps_card_store_and_note(
    tmp_path: Path, col: Collection
) -> None:
    deck_path, package = tmp_path / "typo.yaml", tmp_path / "typo.apkg"
    decks, cards = write(deck_path, "gastrointestinal spasm", "1")
    assert OLD_ID in {card.id for card in cards}
    store = open_store(tmp_path / "store.sqlite3", cards=cards)
    store.answer(OLD_ID, Rating.GOOD, NOW, 4000)
    progress = store.card_state(OLD_ID)
    first = export_package(package, decks, cards, now=T0)
    assert import_package(col, package)["new"] == first.added == len(cards)

    # the fix: one character, and the old key so the card stays the same card
    fixed = "{text: gastrointestinal spasms, key: gastrointestinal-spasm}"
    decks, fixed_cards = write(deck_path, fixed, "2")
    by_id = {card.id: card for card in fixed_cards}
    assert set(by_id) == {card.id for card in cards}
    assert by_id[OLD_ID].front.startswith("For gastrointestinal spasms, which of the Auricular")

    synced = store.sync_cards(fixed_cards, NOW)
    assert (synced.added, synced.removed) == (0, 0)
    assert store.card_state(OLD_ID) == progress
    assert len(store.history(OLD_ID)) == 1

    second = export_package(package, decks, fixed_cards, now=T0 + 86_400)
    assert (second.added, second.withdrawn) == (0, 0)
    assert second.changed >= 1
    log = import_package(col, package)
    assert log["new"] == 0
    notes = {col.get_note(nid)["Key"]: col.get_note(nid) for nid in col.find_notes("")}
    assert col.note_count() == len(cards)
    assert notes[OLD_ID].guid == note_guid(by_id[OLD_ID])
    assert "gastrointestinal spasms," in notes[OLD_ID]["Front"]
    store.close()


def test_without_the_key_the_fix_makes_a_new_card_and_lint_says_which_key(
    tmp_path: Path,
) -> None:
    old = tmp_path / "old.yaml"
    write(old, "gastrointestinal spasm", "1")
    current = tmp_path / "typo.yaml"
    _, cards = write(current, "gastrointestinal spasms", "2")
    assert OLD_ID not in {card.id for card in cards}  # the id came from the text

    problems = lint_paths([current], with_builtins=False, since=old)
    (warning,) = [p for p in problems if "new card" in p.message]
    assert (warning.line, warning.column) == (13, 9)  # the edited indication
    assert "'key: gastrointestinal-spasm'" in warning.message
    assert OLD_ID in warning.message

    unchanged = lint_paths([old], with_builtins=False, since=old)
    assert not [p for p in unchanged if "new card" in p.message]
