"""What the commands that read the review store share: opening it, naming decks."""

from __future__ import annotations

import argparse
import difflib

from studykit.errors import UnknownDeckError
from studykit.study.store import Store


def open_store(args: argparse.Namespace) -> Store:
    """The store of `--profile` in `--data-dir` (or $STUDYKIT_HOME, or the user data dir)."""
    return Store.open(data_dir=args.data_dir, profile=args.profile)


def resolve_deck(store: Store, name: str | None) -> str | None:
    """`name` if the store has cards of that deck id.

    Raises:
        UnknownDeckError: the store has no card of that deck (exit status 2).
    """
    if name is None:
        return None
    known = store.deck_ids()
    if name not in known:
        listed = ", ".join(known) if known else "none yet"
        close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        raise UnknownDeckError(
            f"no cards of deck {name!r} in the review store{hint} (decks there: {listed})"
        )
    return name
