"""Fixtures for the quiz tests: a temporary store (UTC, no fuzzing), the cards synced
into it at a frozen moment, and the app factory with that clock."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path

import pytest
from tui_support import DECK, NOW, AppFactory, make_cards

from studykit.content.cards import Card
from studykit.study.store import Store
from studykit.tui.app import StudyApp, create_app

SNAPSHOT_SIZES = {"60x15": (60, 15), "80x24": (80, 24), "160x45": (160, 45)}
"""The smallest terminal the quiz supports, the usual one, and a large one."""


@pytest.fixture(params=list(SNAPSHOT_SIZES.values()), ids=list(SNAPSHOT_SIZES))
def snap_size(request: pytest.FixtureRequest) -> tuple[int, int]:
    """Each snapshot test runs at every size of SNAPSHOT_SIZES."""
    return request.param  # type: ignore[no-any-return]


@pytest.fixture
def cards() -> list[Card]:
    return make_cards()


@pytest.fixture
def store(tmp_path: Path, cards: list[Card]) -> Iterator[Store]:
    """A fresh store in a temp dir, in UTC, with the cards synced at NOW."""
    opened = Store.open(data_dir=tmp_path / "home")
    opened.save_settings(replace(opened.settings, timezone="UTC", enable_fuzzing=False))
    opened.sync_cards(cards, NOW)
    yield opened
    opened.close()


@pytest.fixture
def make_app(store: Store, cards: list[Card]) -> AppFactory:
    """`make_app(start="review", cards=None)`: the app over the temp store, clock frozen."""

    def build(start: str = "review", chosen: Sequence[Card] | None = None) -> StudyApp:
        return create_app(
            store,
            list(chosen if chosen is not None else cards),
            now=lambda: NOW,
            deck_titles={DECK: "Test deck"},
            start=start,  # type: ignore[arg-type]
            cursor_blink=False,
        )

    return build
