"""The quiz's card cache: the same cards as generating them, and regenerated when stale."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from studykit.commands import quiz
from studykit.commands.quiz import CACHE_NAME, load_quiz_cards, read_cache_file, write_cache_file
from studykit.content.generate import generate_cards
from studykit.content.loader import load_decks


def test_cached_cards_equal_the_generated_ones(tmp_path: Path) -> None:
    generated = generate_cards([loaded.deck for loaded in load_decks([])])
    first = load_quiz_cards([], cache_dir=tmp_path)  # writes the cache
    assert (tmp_path / CACHE_NAME).exists()
    cached = load_quiz_cards([], cache_dir=tmp_path)
    assert cached.cards == generated
    assert cached.cards == first.cards
    assert [c.to_json() for c in cached.cards] == [c.to_json() for c in generated]
    assert cached.decks == first.decks
    assert any(card.figure_choices for card in cached.cards)  # the map fields survive


def test_a_fresh_cache_is_read_not_regenerated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = load_quiz_cards([], cache_dir=tmp_path)

    def regenerate(*args: object) -> None:
        raise AssertionError("the cache was fresh, yet the cards were generated again")

    monkeypatch.setattr(quiz, "_generate", regenerate)
    assert load_quiz_cards([], cache_dir=tmp_path).cards == first.cards


def test_each_distinct_value_is_stored_once(tmp_path: Path) -> None:
    quiz = load_quiz_cards([], cache_dir=tmp_path)
    data = read_cache_file(tmp_path / CACHE_NAME)
    assert data is not None
    spelled = [repr(value) for value in data["values"]]
    assert len(spelled) == len(set(spelled))
    sources = {card.source for card in quiz.cards}
    assert sum(value in sources for value in data["values"] if isinstance(value, str)) == len(
        sources
    )
    assert len(data["cards"]) == len(quiz.cards)


def test_a_damaged_or_stale_cache_is_regenerated(tmp_path: Path, small_deck: Path) -> None:
    cache = tmp_path / CACHE_NAME
    fresh = load_quiz_cards([str(small_deck)], cache_dir=tmp_path)
    data = read_cache_file(cache)
    assert data is not None
    data["cards"][0] = (len(data["values"]) + 5,) * len(data["fields"])  # an index too far
    write_cache_file(cache, data)
    assert load_quiz_cards([str(small_deck)], cache_dir=tmp_path).cards == fresh.cards

    cache.write_text("{not a cache", encoding="utf-8")
    assert read_cache_file(cache) is None
    assert load_quiz_cards([str(small_deck)], cache_dir=tmp_path).cards == fresh.cards

    small_deck.write_text(
        small_deck.read_text(encoding="utf-8").replace("Tiny test deck", "Renamed deck"),
        encoding="utf-8",
    )
    renamed = load_quiz_cards([str(small_deck)], cache_dir=tmp_path)
    assert "Renamed deck" in renamed.titles.values()
    written = read_cache_file(cache)
    assert written is not None
    assert "Renamed deck" in [deck["title"] for deck in written["decks"]]


def test_a_cache_with_a_changed_byte_is_never_decoded(
    tmp_path: Path, small_deck: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The CRC-32 in front of the bytes is checked before `marshal` reads them (marshal
    is not meant for damaged data): a flipped byte means regenerate, not decode."""
    cache = tmp_path / CACHE_NAME
    fresh = load_quiz_cards([str(small_deck)], cache_dir=tmp_path)
    raw = bytearray(cache.read_bytes())
    raw[len(raw) // 2] ^= 0x01
    cache.write_bytes(bytes(raw))

    def never(data: bytes) -> object:
        raise AssertionError("a damaged cache was decoded")

    monkeypatch.setattr(quiz.marshal, "loads", never)
    assert read_cache_file(cache) is None
    monkeypatch.undo()
    again = load_quiz_cards([str(small_deck)], cache_dir=tmp_path)
    assert again.cards == fresh.cards
    assert read_cache_file(cache) is not None  # written afresh


def test_cached_cards_keep_their_numeric_ids_without_hashing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = load_quiz_cards([], cache_dir=tmp_path)
    expected = [card.numeric for card in first.cards]

    def never(text_id: str) -> int:
        raise AssertionError("a cached card's numeric id was computed again")

    monkeypatch.setattr("studykit.content.cards.numeric_id", never)
    cached = load_quiz_cards([], cache_dir=tmp_path)
    assert [card.numeric for card in cached.cards] == expected


def test_the_old_json_cache_is_removed_when_the_new_one_is_written(tmp_path: Path) -> None:
    old = tmp_path / "cards-cache.json"
    old.write_text("{}", encoding="utf-8")
    load_quiz_cards([], cache_dir=tmp_path)
    assert (tmp_path / CACHE_NAME).exists()
    assert not old.exists()


def test_an_edit_of_the_same_size_is_seen_by_its_modification_time(
    tmp_path: Path, small_deck: Path
) -> None:
    """The cache is keyed by each file's size and modification time (not its bytes): an
    edit that keeps the size is seen because it changes the time, to the nanosecond."""
    load_quiz_cards([str(small_deck)], cache_dir=tmp_path)
    before = small_deck.stat()
    text = small_deck.read_text(encoding="utf-8")
    small_deck.write_text(text.replace("Tiny test deck", "Tiny best deck"), encoding="utf-8")
    assert small_deck.stat().st_size == before.st_size
    os.utime(small_deck, ns=(before.st_atime_ns, before.st_mtime_ns + 1))
    edited = load_quiz_cards([str(small_deck)], cache_dir=tmp_path)
    assert "Tiny best deck" in edited.titles.values()
