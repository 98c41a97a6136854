"""Choice notes keep the options the lock remembers (issue 17.3), while they are valid.

A fact added to a deck would rank first among some cards' fresh options; the export puts
the remembered options back, so those notes stay as the student has them. An option that
leaves the deck redraws only the cards that showed it; an edit of a card's own fact
redraws that card's options; a format-2 lock (no options remembered) is still read.
"""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from scalp_lines import ZONE, ZONES

from studykit.anki import export_package, note_guid, read_lock
from studykit.anki.keep import drawn_options
from studykit.anki.lock import LockEntry, lock_path_for
from studykit.content.cards import Card
from studykit.content.generate import generate_cards
from studykit.content.loader import load_decks
from studykit.content.makers.choices import make_pool, pick_options
from studykit.content.makers.text import normal
from studykit.models import Deck

T0 = 1_700_000_000.0
DAY = 86_400

FIRST = ("ms5", "ms6", "ms7", "ms8", "ms9")
GROWN = (*FIRST, "ms10")
Run = Callable[..., subprocess.CompletedProcess[str]]


def deck_text(
    zones: tuple[str, ...],
    edits: dict[str, str] | None = None,
    lines: dict[str, str] | None = None,
) -> str:
    """The deck: `edits` are new location descriptions, `lines` more YAML of a zone."""
    head = (
        'id: keep\ntitle: Keep\nversion: "1.0"\n'
        'references:\n  S1: {citation: "WHO Scientific Group 1991"}\nfacts:\n'
    )
    where = {z: (edits or {}).get(z, ZONES[z][2]) for z in zones}
    return head + "".join(
        ZONE.format(id=z, code=ZONES[z][0], name=ZONES[z][1], where=where[z])
        + (lines or {}).get(z, "")
        for z in zones
    )


def export(
    folder: Path,
    zones: tuple[str, ...],
    day: int,
    edits: dict[str, str] | None = None,
    lines: dict[str, str] | None = None,
) -> tuple[list[Card], dict[str, LockEntry]]:
    """Write the deck with these zones, export it over the package; the fresh cards and
    the lock afterwards."""
    source = folder / "keep.yaml"
    source.write_text(deck_text(zones, edits, lines), encoding="utf-8")
    decks: list[Deck] = [d.deck for d in load_decks([source], with_builtins=False)]
    cards = generate_cards(decks)
    out = folder / "keep.apkg"
    export_package(out, decks, cards, now=T0 + day * DAY)
    return cards, read_lock(lock_path_for(out))


def kept_notes(cards: list[Card], lock: dict[str, LockEntry]) -> dict[str, tuple[str, ...]]:
    """The choice notes whose options (in the lock) are not the cards' fresh draw."""
    return {
        card.id: options
        for card in cards
        if (options := lock[card.id].options) is not None and options != drawn_options(card)
    }


def changed_notes(before: dict[str, LockEntry], after: dict[str, LockEntry]) -> set[str]:
    return {
        key
        for key, entry in after.items()
        if key in before and entry.hash != before[key].hash and entry.withdrawn is None
    }


@pytest.fixture
def grown(tmp_path: Path) -> tuple[list[Card], dict[str, LockEntry], dict[str, LockEntry]]:
    """The first export, then MS10 added: (fresh cards, first lock, lock after)."""
    _, first = export(tmp_path, FIRST, 0)
    cards, lock = export(tmp_path, GROWN, 1)
    return cards, first, lock


def test_an_added_fact_leaves_every_other_note_as_it_was(
    grown: tuple[list[Card], dict[str, LockEntry], dict[str, LockEntry]], tmp_path: Path
) -> None:
    cards, first, lock = grown
    kept = kept_notes(cards, lock)
    assert len(kept) >= 2  # the newcomer ranks first on several cards' fresh draws
    assert all(
        any("MS10" in option for option in drawn_options(c) or ()) for c in cards if c.id in kept
    )
    assert {key: first[key].options for key in kept} == kept  # as first shipped
    assert changed_notes(first, lock) == set()
    assert {key: lock[key] for key in first} == first  # not even a new mod

    # the package shows the kept options, with the right answer's letter among them
    with zipfile.ZipFile(tmp_path / "keep.apkg") as package:
        (tmp_path / "col.anki2").write_bytes(package.read("collection.anki2"))
    connection = sqlite3.connect(tmp_path / "col.anki2")
    try:
        fields = dict(connection.execute("SELECT guid, flds FROM notes").fetchall())
    finally:
        connection.close()
    by_id = {card.id: card for card in cards}
    for key, options in kept.items():
        card = by_id[key]
        note = fields[note_guid(card)]
        shown = re.findall(r'<span class="sk-letter">[A-D]</span> ([^<]*)', note)
        assert tuple(shown) == options
        right = re.search(r'data-sk-right="(\d)"', note)
        assert right is not None
        assert options[int(right[1]) - 1] == card.answers[0]


def test_an_option_that_leaves_the_deck_redraws_only_the_cards_that_showed_it(
    grown: tuple[list[Card], dict[str, LockEntry], dict[str, LockEntry]], tmp_path: Path
) -> None:
    cards, _, lock = grown
    kept = kept_notes(cards, lock)
    # a zone among another zone's kept options, but not among all of them
    leaving = next(
        zone
        for zone in FIRST
        if 0
        < sum(
            any(option.startswith(ZONES[zone][0] + " ") for option in options)
            for key, options in kept.items()
            if not key.startswith(f"keep/{zone}/")
        )
        < len([key for key in kept if not key.startswith(f"keep/{zone}/")])
    )
    code = ZONES[leaving][0] + " "
    kept = {key: o for key, o in kept.items() if not key.startswith(f"keep/{leaving}/")}
    showed = {
        key
        for key, entry in lock.items()
        if entry.options
        and not key.startswith(f"keep/{leaving}/")
        and any(option.startswith(code) for option in entry.options)
    }

    fresh, after = export(tmp_path, tuple(z for z in GROWN if z != leaving), 2)

    assert changed_notes(lock, after) == showed
    by_id = {card.id: card for card in fresh}
    for key in showed:  # redrawn: the new draw, without the zone that left
        assert after[key].options == drawn_options(by_id[key])
    for key, options in kept.items():
        if key not in showed:  # still valid: still as first shipped
            assert after[key].options == options != drawn_options(by_id[key])
    assert showed & kept.keys()
    assert kept.keys() - showed


def test_an_edit_of_its_own_fact_redraws_a_card(
    grown: tuple[list[Card], dict[str, LockEntry], dict[str, LockEntry]], tmp_path: Path
) -> None:
    cards, _, lock = grown
    kept = kept_notes(cards, lock)
    edited = sorted(kept)[0]  # e.g. keep/ms7/location-zone
    fact = edited.split("/")[1]

    fresh, after = export(tmp_path, GROWN, 2, edits={fact: ZONES[fact][2] + ", on the scalp"})

    by_id = {card.id: card for card in fresh}
    assert edited in changed_notes(lock, after)
    assert after[edited].options == drawn_options(by_id[edited]) != kept[edited]
    assert {key.split("/")[1] for key in changed_notes(lock, after)} == {fact}
    for key, options in kept.items():
        if key != edited:
            assert after[key].options == options  # other facts' kept notes stay


def test_an_option_that_becomes_also_right_is_redrawn(
    grown: tuple[list[Card], dict[str, LockEntry], dict[str, LockEntry]], tmp_path: Path
) -> None:
    """Validity is generation's own rule, not just "still in the deck": a zone that now
    lies over the card's zone (`corresponds_to`) is no wrong option."""
    cards, _, lock = grown
    kept = kept_notes(cards, lock)
    key = sorted(kept)[0]
    asked = key.split("/")[1]
    right = next(card for card in cards if card.id == key).answers[0]
    other = next(
        zone
        for zone in GROWN
        if zone != asked
        and any(o.startswith(ZONES[zone][0] + " ") and o != right for o in kept[key])
    )
    line = f"    corresponds_to: [{{zone: {asked}}}]\n"

    fresh, after = export(tmp_path, GROWN, 2, lines={other: line})

    options = after[key].options
    assert options is not None
    assert options != kept[key]
    assert options == drawn_options(next(card for card in fresh if card.id == key))
    assert not any(option.startswith(ZONES[other][0] + " ") for option in options)


def test_a_format_2_lock_is_read_and_remembers_options_from_then_on(tmp_path: Path) -> None:
    export(tmp_path, FIRST, 0)
    path = lock_path_for(tmp_path / "keep.apkg")
    data = json.loads(path.read_text(encoding="utf-8"))
    data["format"] = 2
    data["notes"] = {key: value[:7] for key, value in data["notes"].items()}
    path.write_text(json.dumps(data), encoding="utf-8")
    assert all(entry.options is None for entry in read_lock(path).values())

    cards, lock = export(tmp_path, GROWN, 1)  # nothing remembered: the fresh draw

    assert kept_notes(cards, lock) == {}
    assert json.loads(path.read_text(encoding="utf-8"))["format"] == 3
    assert {key: e.options for key, e in lock.items()} == {
        card.id: drawn_options(card) for card in cards
    }


POOL = make_pool(["Alpha zone", "Beta zone", "Gamma zone", "Delta zone", "Epsilon zone"])


def draw(
    keep: tuple[str, ...] | None, exclude: tuple[str, ...] = (), about: str = ""
) -> tuple[str, ...]:
    """The options of a card whose answer is Alpha, from `POOL`."""
    return pick_options(
        "deck/fact/dir", "Alpha zone", [POOL], normal, keep=keep, exclude=exclude, about=about
    )


def test_remembered_options_are_kept_only_while_generation_would_take_them() -> None:
    fresh = draw(None)
    remembered = ("Epsilon zone", "Alpha zone", "Delta zone")
    assert remembered != fresh
    assert draw(remembered) == remembered  # valid: kept, in its order
    assert draw(remembered, exclude=("Delta zone",)) == draw(None, exclude=("Delta zone",))
    assert draw(("Epsilon zone", "Alpha zone", "Omega zone")) == fresh  # left the pool
    assert draw(("Epsilon zone", "Delta zone")) == fresh  # the right answer is missing
    assert draw(("Alpha zone",)) == fresh  # no choice at all
    about = "Next to the Delta zone"
    assert draw(remembered, about=about) == draw(None, about=about)  # the question names it


def test_the_command_keeps_options_drawn_among_every_loaded_deck(
    run_cli: Run, tmp_path: Path
) -> None:
    """`studykit export` draws options among the built-in decks' zones too (they are
    loaded); it passes them on, so the remembered options are checked against the same
    candidates and a fact added to the given deck changes no other note."""
    source, out = tmp_path / "keep.yaml", tmp_path / "keep.apkg"
    source.write_text(deck_text(FIRST), encoding="utf-8")
    assert run_cli("export", str(source), "-o", str(out)).returncode == 0
    first = read_lock(lock_path_for(out))
    source.write_text(deck_text(GROWN), encoding="utf-8")
    cards = generate_cards([d.deck for d in load_decks([source])], ["keep"])
    assert [c for c in cards if c.id in first and drawn_options(c) != first[c.id].options]

    result = run_cli("export", str(source), "-o", str(out))

    assert result.returncode == 0, result.stderr
    assert f"({len(cards) - len(first)} new, 0 changed, " in result.stdout
    assert {key: read_lock(lock_path_for(out))[key] for key in first} == first
