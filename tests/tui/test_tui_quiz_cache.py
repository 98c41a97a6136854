"""The quiz's card cache: the same cards as generating them, and regenerated when stale."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from studykit.commands import quiz
from studykit.commands.quiz import CACHE_NAME, load_quiz_cards
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
    data = json.loads((tmp_path / CACHE_NAME).read_text(encoding="utf-8"))
    spelled = [json.dumps(value, ensure_ascii=False) for value in data["values"]]
    assert len(spelled) == len(set(spelled))
    sources = {card.source for card in quiz.cards}
    assert sum(value in sources for value in data["values"] if isinstance(value, str)) == len(
        sources
    )
    assert len(data["cards"]) == len(quiz.cards)


def test_a_damaged_or_stale_cache_is_regenerated(tmp_path: Path, small_deck: Path) -> None:
    cache = tmp_path / CACHE_NAME
    fresh = load_quiz_cards([str(small_deck)], cache_dir=tmp_path)
    data = json.loads(cache.read_text(encoding="utf-8"))
    data["cards"][0] = [len(data["values"]) + 5] * len(data["fields"])  # an index too far
    cache.write_text(json.dumps(data), encoding="utf-8")
    assert load_quiz_cards([str(small_deck)], cache_dir=tmp_path).cards == fresh.cards

    cache.write_text("{not json", encoding="utf-8")
    assert load_quiz_cards([str(small_deck)], cache_dir=tmp_path).cards == fresh.cards

    small_deck.write_text(
        small_deck.read_text(encoding="utf-8").replace("Tiny test deck", "Renamed deck"),
        encoding="utf-8",
    )
    renamed = load_quiz_cards([str(small_deck)], cache_dir=tmp_path)
    assert "Renamed deck" in renamed.titles.values()
    written = json.loads(cache.read_text(encoding="utf-8"))
    assert "Renamed deck" in [deck["title"] for deck in written["decks"]]


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
