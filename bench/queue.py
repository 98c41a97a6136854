"""The review store at scale: 100,000 cards and 1,000,000 review-log rows.

Builds a synthetic store (10 decks, 3 cards per fact; 75% of cards in review, 0.3% in
learning, 25% new; a year of answers) and prints the median time to

- pick the next card (`Store.next_card`)         target < 5 ms
- build a session's queue (`Store.queue`)        target < 50 ms
- commit one answer (`Store.answer`, WAL, FULL)  target < 5 ms
- compute the statistics (`compute_stats`)       target < 200 ms

each next to a baseline measured in the same run (a primary-key lookup, a one-row
write transaction, a plain `COUNT(*)` of the log), as a ratio.

    python bench/queue.py [--cards 100000] [--reviews 1000000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from studykit.content.cards import card_id, numeric_id
from studykit.study.scheduling import Rating
from studykit.study.stats import compute_stats
from studykit.study.store import Store, to_ms

NOW = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)
DECKS = 10
DIRECTIONS = ("name-code", "code-name", "location")
DAY_MS = 86_400_000


def build(path: Path, cards: int, reviews: int, seed: int = 1) -> None:
    """Write the synthetic store with raw SQL (schema from `Store.at`)."""
    Store.at(path).close()
    rng = random.Random(seed)
    now_ms = to_ms(NOW)
    db = sqlite3.connect(path)
    db.execute("PRAGMA synchronous = OFF")
    card_rows = []
    reviewed = []
    per_deck = cards // DECKS
    for index in range(cards):
        deck = f"deck{index // per_deck % DECKS:02d}"
        fact = f"fact{index % per_deck // len(DIRECTIONS):05d}"
        text_id = card_id(deck, fact, DIRECTIONS[index % len(DIRECTIONS)])
        numeric = numeric_id(text_id)
        roll = rng.random()
        if roll < 0.25:
            card_rows.append(
                (
                    numeric,
                    text_id,
                    deck,
                    fact,
                    index,
                    0,
                    None,
                    None,
                    None,
                    None,
                    None,
                    0,
                    0,
                    now_ms - 400 * DAY_MS,
                )
            )
            continue
        if roll < 0.253:  # a few hundred cards in (re)learning, due around now
            state, step = (1, 1) if roll < 0.2515 else (3, 0)
            due = now_ms + rng.randint(-3_600_000, 3_600_000)
            last = due - 600_000
        else:
            state, step = 2, None
            due = now_ms + rng.randint(-3 * DAY_MS, 120 * DAY_MS)
            last = min(now_ms, due - rng.randint(1, 60) * DAY_MS)
        stability, difficulty = rng.uniform(0.5, 200), rng.uniform(1, 10)
        card_rows.append(
            (
                numeric,
                text_id,
                deck,
                fact,
                index,
                state,
                step,
                stability,
                difficulty,
                due,
                last,
                10,
                rng.randint(0, 3),
                now_ms - 400 * DAY_MS,
            )
        )
        reviewed.append((numeric, deck, fact))
    db.executemany(
        "INSERT INTO cards (id, text_id, deck, fact, position, state, step, stability, "
        "difficulty, due, last_review, reps, lapses, added_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        card_rows,
    )
    times = sorted(now_ms - rng.randint(0, 365 * DAY_MS) for _ in range(reviews))
    state_json = (
        '{{"card_id":{0},"state":"review","step":null,"stability":{1:.4f},'
        '"difficulty":{2:.4f},"due":"2025-01-{3:02d}T10:00:00+00:00",'
        '"last_review":"2024-12-{3:02d}T10:00:00+00:00","reps":{4},"lapses":0}}'
    )

    def log_rows():  # generated lazily: a million rows of JSON would fill memory
        for i, moment in enumerate(times):
            numeric, deck, fact = reviewed[rng.randrange(len(reviewed))]
            day = i % 28 + 1
            yield (
                numeric,
                deck,
                fact,
                rng.choice((1, 3, 3, 3, 3, 2, 4)),
                moment,
                rng.randint(1500, 15000),
                2,
                2,
                state_json.format(numeric, rng.uniform(1, 90), 5.0, day, i % 40),
                state_json.format(numeric, rng.uniform(1, 90), 5.1, day, i % 40 + 1),
                None,
                rng.uniform(1, 90),
            )

    db.executemany(
        "INSERT INTO reviews (card_id, deck, fact, rating, reviewed_at, duration_ms, "
        "state_before, state_after, before, after, typed_answer, scheduled_days) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        log_rows(),
    )
    db.commit()
    db.execute("ANALYZE")
    db.close()


def median_ms(action: Callable[[], object], runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=100_000)
    parser.add_argument("--reviews", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, help="build the store in DIR and keep it")
    args = parser.parse_args()

    directory = args.keep or Path(tempfile.mkdtemp(prefix="studykit-bench-"))
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "bench.sqlite3"
    if path.exists():
        path.unlink()
    started = time.perf_counter()
    build(path, args.cards, args.reviews)
    size_mb = path.stat().st_size / 1e6
    print(
        f"synthetic store: {args.cards:,} cards, {args.reviews:,} reviews, "
        f"{size_mb:.0f} MB, built in {time.perf_counter() - started:.1f} s"
    )

    start = time.perf_counter()
    store = Store.at(path)
    first = store.next_card(None, NOW)
    print(f"open store + first card (cold):  {(time.perf_counter() - start) * 1000:7.2f} ms")
    assert first is not None

    db = store.connection
    some_id = numeric_id(first.card_id)
    lookup = median_ms(
        lambda: db.execute("SELECT * FROM cards WHERE id = ?", (some_id,)).fetchall(), 200
    )
    db.execute("CREATE TABLE IF NOT EXISTS bench_baseline (x INTEGER)")

    def one_row_commit() -> None:
        db.execute("BEGIN IMMEDIATE")
        db.execute("INSERT INTO bench_baseline VALUES (1)")
        db.execute("COMMIT")

    write = median_ms(one_row_commit, 50)
    count_all = median_ms(lambda: db.execute("SELECT COUNT(*) FROM reviews").fetchone(), 5)

    queue = store.queue(None, NOW)
    counts = store.counts(None, NOW)
    kinds = {
        kind: sum(1 for e in queue if e.state == kind)
        for kind in ("learning", "relearning", "review", "new")
    }
    print(f"session queue: {len(queue):,} cards {json.dumps(kinds)}; {len(counts)} decks")

    next_card = median_ms(lambda: store.next_card(None, NOW), 50)
    next_card_deck = median_ms(lambda: store.next_card(["deck03"], NOW), 50)
    # two hours earlier no learning card is due: the pick mixes reviews and new cards
    early = NOW - timedelta(hours=2)
    next_card_mix = median_ms(lambda: store.next_card(None, early), 50)
    build_queue = median_ms(lambda: store.queue(None, NOW), 10)
    build_queue_deck = median_ms(lambda: store.queue(["deck03"], NOW), 10)

    moment = [NOW]

    def answer_next() -> None:
        entry = store.next_card(None, moment[0])
        assert entry is not None
        start = time.perf_counter()
        store.answer(entry.card_id, Rating.GOOD, moment[0], 4000)
        answer_times.append((time.perf_counter() - start) * 1000)
        moment[0] += timedelta(seconds=20)

    answer_times: list[float] = []
    for _ in range(50):
        answer_next()
    answer = statistics.median(answer_times)
    stats_ms = median_ms(lambda: compute_stats(store, moment[0]), 5)
    stats_deck = median_ms(lambda: compute_stats(store, moment[0], "deck03"), 5)
    store.close()

    rows = [
        ("next card (all decks)", next_card, 5, lookup, "pk lookup"),
        ("next card (one deck)", next_card_deck, 5, lookup, "pk lookup"),
        ("next card (no learning due)", next_card_mix, 5, lookup, "pk lookup"),
        ("session queue (all decks)", build_queue, 50, lookup, "pk lookup"),
        ("session queue (one deck)", build_queue_deck, 50, lookup, "pk lookup"),
        ("commit one answer", answer, 5, write, "1-row commit"),
        ("statistics (all decks)", stats_ms, 200, count_all, "COUNT(*) log"),
        ("statistics (one deck)", stats_deck, 200, count_all, "COUNT(*) log"),
    ]
    print(f"\n{'operation':28} {'median':>10} {'target':>8}  ratio to baseline")
    for name, value, target, base, base_name in rows:
        verdict = "ok" if value < target else "OVER"
        print(
            f"{name:28} {value:8.2f} ms {target:5d} ms  {value / base:7.1f}x {base_name} "
            f"({base:.3f} ms)  {verdict}"
        )
    if not args.keep:
        for leftover in directory.iterdir():
            leftover.unlink()
        directory.rmdir()


if __name__ == "__main__":
    main()
