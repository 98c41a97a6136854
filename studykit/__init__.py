"""studykit: spaced-repetition study of scalp acupuncture, generated from sourced facts.

The public Python API (stable: names are added, never removed or renamed):

- `load_decks(paths, with_builtins=True)` reads and validates deck files (the built-in
  decks first); it raises `DeckError` with every problem as `file:line:column`.
- `generate_cards(decks)` makes the cards of validated decks (`[d.deck for d in loaded]`).
- `Card` is one generated card; its `id` (`deck/fact/direction`) never comes from its text.
- `Store.open(data_dir=..., profile=...)` opens a profile's review history (SQLite):
  `sync_cards(cards, now)`, `answer(card_id, rating, now, duration_ms=...)`,
  `card_state(card_id)` (`due`, `stability`, `difficulty`, `state`),
  `next_card(decks, now)`, `preview(card_id, now)`.
- `Rating` (AGAIN, HARD, GOOD, EASY) and `SchedulerSettings` (desired retention, limits,
  the hour a study day starts, ...).
- `compute_stats(store, now, deck=None)` gives the figures of `studykit stats --json`.
- `export_package(path, decks, cards)` writes an Anki package that updates in place.
- `StudykitError` is the base of every error studykit raises on purpose; `DeckError`
  carries the problems of broken deck files.

Names are imported on first use, so `import studykit` stays cheap (the quiz starts
without pydantic or genanki).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from studykit.anki.export import export_package
    from studykit.content.cards import Card
    from studykit.content.generate import generate_cards
    from studykit.content.loader import load_decks
    from studykit.errors import DeckError, StudykitError
    from studykit.study.scheduling import Rating, SchedulerSettings
    from studykit.study.stats import compute_stats
    from studykit.study.store import Store

_HOMES = {
    "load_decks": "studykit.content.loader",
    "generate_cards": "studykit.content.generate",
    "Card": "studykit.content.cards",
    "Rating": "studykit.study.scheduling",
    "SchedulerSettings": "studykit.study.scheduling",
    "Store": "studykit.study.store",
    "compute_stats": "studykit.study.stats",
    "export_package": "studykit.anki.export",
    "StudykitError": "studykit.errors",
    "DeckError": "studykit.errors",
}
"""Where each public name lives; `__getattr__` imports it on first use."""

__all__ = [
    "Card",
    "DeckError",
    "Rating",
    "SchedulerSettings",
    "Store",
    "StudykitError",
    "__version__",
    "compute_stats",
    "export_package",
    "generate_cards",
    "load_decks",
]


def __getattr__(name: str) -> Any:
    """Import a public name from its module the first time it is asked for."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'studykit' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
