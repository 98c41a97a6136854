"""Pausing the cyclic garbage collector while large decks are built."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Run the block with the cyclic collector off, then keep what it built out of later
    collections (`gc.freeze`), and leave the collector as it was.

    Python 3.11 runs a full collection each time the long-lived objects grow by a quarter,
    so building a 10,000-fact deck spent most of its time collecting (PyYAML's node tree:
    5.1 s with the collector, 0.8 s without), and the first collection after the block
    still walked every new object once (~0.1 s). Deck data, models and cards form no
    cycles: reference counting frees whatever is dropped, frozen or not."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


__all__ = ["gc_paused"]
