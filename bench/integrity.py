"""What checking a store before writing costs: opening a store as studykit left it (the
everyday path), after its marker is gone (a crash, a copy: `integrity_check`), and with a
leftover `-wal` (tried on copies). Baseline: the same open with the checks switched off,
in the same run.

    python bench/integrity.py [--cards 20000] [--reviews 100000] [--runs 5]
"""

from __future__ import annotations

import argparse
import sqlite3
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from studykit.content.cards import Card, card_id
from studykit.study import integrity
from studykit.study.scheduling import Rating
from studykit.study.store import Store

NOW = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)


def build(path: Path, cards: int, reviews: int) -> None:
    made = [
        Card(card_id("d", f"f{i}", "x"), "d", f"f{i}", "x", "basic", "Q", "A") for i in range(cards)
    ]
    with Store.at(path) as store:
        store.sync_cards(made, NOW)
        for i in range(reviews):
            store.answer(made[i % cards].id, Rating.GOOD, NOW + timedelta(minutes=i), 1)


def best(runs: int, setup: Callable[[], None], action: Callable[[], None]) -> float:
    times = []
    for _ in range(runs):
        setup()
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cards", type=int, default=20_000)
    parser.add_argument("--reviews", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "s.sqlite3"
        build(path, args.cards, args.reviews)
        size = path.stat().st_size
        wal = Path(f"{path}-wal")

        def open_close() -> None:
            Store.at(path).close()

        def forget_marker() -> None:
            integrity.marker_path(path).unlink(missing_ok=True)

        def leave_wal() -> sqlite3.Connection:  # as a crash would: a session's -wal stays
            forget_marker()
            keeper = sqlite3.connect(path)
            keeper.execute("UPDATE settings SET value = value")
            keeper.commit()
            return keeper

        Store.at(path).close()
        everyday = best(args.runs, lambda: None, open_close)
        original = integrity.problem_before_open
        integrity.problem_before_open = lambda path: None  # type: ignore[assignment]
        baseline = best(args.runs, forget_marker, open_close)
        integrity.problem_before_open = original
        checked = best(args.runs, forget_marker, open_close)
        direct = best(args.runs, lambda: None, lambda: integrity.problem_before_open(path))
        keeper = leave_wal()
        assert wal.exists()
        with_wal = best(args.runs, lambda: None, lambda: integrity.problem_before_open(path))
        keeper.close()
    print(f"store: {args.cards:,} cards, {args.reviews:,} reviews, {size / 1e6:.1f} MB")
    print(f"  open+close, checks off (baseline)       {baseline:8.1f} ms")
    print(f"  open+close as studykit left it          {everyday:8.1f} ms  (everyday path)")
    print(f"  open+close after a crash or a copy      {checked:8.1f} ms  (integrity_check)")
    print(f"  the check alone, store as left          {direct:8.2f} ms")
    print(f"  the check alone, with a leftover -wal   {with_wal:8.1f} ms  (tried on copies)")


if __name__ == "__main__":
    main()
