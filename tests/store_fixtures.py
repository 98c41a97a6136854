"""Helpers for the store tests: small synthetic cards, a fixed clock, a store factory."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path

from studykit.content.cards import Card, card_id
from studykit.study.scheduling import SchedulerSettings
from studykit.study.store import Store

NOW = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)
"""The fixed clock: Monday 10 March 2025, 12:00 UTC (13:00 in Berlin)."""
TEST_SETTINGS = SchedulerSettings(enable_fuzzing=False, timezone="Europe/Berlin")


def make_card(deck: str, fact: str, direction: str = "forward") -> Card:
    """A plain basic card (text does not matter to the store)."""
    return Card(
        id=card_id(deck, fact, direction),
        deck=deck,
        fact=fact,
        direction=direction,
        kind="basic",
        front=f"{fact}?",
        back=f"{fact}!",
    )


def make_cards(deck: str, facts: int, directions: tuple[str, ...] = ("forward",)) -> list[Card]:
    """`facts` facts of `deck` (`f00`, `f01`, ...), one card per direction each."""
    return [make_card(deck, f"f{i:02d}", d) for i in range(facts) for d in directions]


def open_store(
    path: Path, settings: SchedulerSettings = TEST_SETTINGS, cards: list[Card] | None = None
) -> Store:
    """A store at `path` with test settings (fuzz off, Berlin day boundaries)."""
    store = Store.at(path)
    store.save_settings(settings)
    if cards:
        store.sync_cards(cards, NOW)
    return store


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
