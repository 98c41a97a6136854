"""The review store at scale: 100,000 cards and 1,000,000 review-log rows (issue 15).

Builds a synthetic store (10 decks, 3 cards per fact; 75% of cards in review, 0.3% in
learning, 25% new; a year of answers) and prints, next to a baseline measured in the
same run, the median time of

- the quiz's whole per-answer step: store the answer, pick the next card, update the
  counts shown                                     target <= 5 ms
  (baseline: a bare SQLite UPDATE + INSERT + COMMIT on the same file)
- `studykit stats DECK --json`, the whole process   target <= 0.5 s
  (next to `studykit --version`: the interpreter's start-up)
- `studykit doctor` and `studykit doctor --rebuild` target <= 10 s each

    python bench/queue.py [--cards 100000] [--reviews 1000000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from studykit.content.cards import card_id, numeric_id
from studykit.study.scheduling import Rating, SchedulerSettings
from studykit.study.stats import compute_stats
from studykit.study.store import DoctorReport, Store, to_ms

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
    path = directory / "profiles" / "bench.sqlite3"  # `--data-dir DIR --profile bench`
    path.parent.mkdir(exist_ok=True)
    for leftover in path.parent.glob("bench*"):
        leftover.unlink()
    started = time.perf_counter()
    build(path, args.cards, args.reviews)
    size_mb = path.stat().st_size / 1e6
    print(
        f"synthetic store: {args.cards:,} cards, {args.reviews:,} reviews, "
        f"{size_mb:.0f} MB, built in {time.perf_counter() - started:.1f} s",
        flush=True,
    )

    start = time.perf_counter()
    store = Store.at(path)
    first = store.next_card(None, NOW)
    open_ms = (time.perf_counter() - start) * 1000
    # a heavy user: limits high enough that every review due today is shown
    store.save_settings(SchedulerSettings(new_per_day=100, reviews_per_day=10_000))
    print(f"open store + first card (cold): {open_ms:.2f} ms")
    assert first is not None
    db = store.connection
    db.execute("CREATE TABLE IF NOT EXISTS bench_baseline (x INTEGER)")
    some_id = numeric_id(first.card_id)

    def bare_answer() -> None:
        db.execute("BEGIN IMMEDIATE")
        db.execute("UPDATE cards SET reps = reps WHERE id = ?", (some_id,))
        db.execute("INSERT INTO bench_baseline VALUES (1)")
        db.execute("COMMIT")

    baseline = median_ms(bare_answer, 100)

    moment = [NOW - timedelta(hours=2)]  # no learning card due yet: reviews and new mix
    entry = [store.next_card(None, moment[0])]
    kinds: dict[str, int] = {}

    def quiz_step() -> None:
        current = entry[0]
        assert current is not None
        kinds[current.state] = kinds.get(current.state, 0) + 1
        store.answer(current.card_id, Rating.GOOD, moment[0], 4000)
        moment[0] += timedelta(seconds=20)
        entry[0] = store.next_card(None, moment[0])
        store.counts(None, moment[0])

    step = median_ms(quiz_step, 300)
    print(f"answered in the step: {json.dumps(kinds)}")
    parts: list[list[float]] = [[], [], []]
    for _ in range(100):  # the step's parts, each timed after a fresh answer
        current = entry[0]
        if current is None:
            break  # a small store ran out of cards for today
        began = time.perf_counter()
        store.answer(current.card_id, Rating.GOOD, moment[0], 4000)
        answered = time.perf_counter()
        moment[0] += timedelta(seconds=20)
        entry[0] = store.next_card(None, moment[0])
        picked = time.perf_counter()
        store.counts(None, moment[0])
        counted = time.perf_counter()
        parts[0].append((answered - began) * 1000)
        parts[1].append((picked - answered) * 1000)
        parts[2].append((counted - picked) * 1000)
    answer_only, next_only, counts_only = (statistics.median(p) for p in parts)

    def stats_deck() -> None:
        json.dumps(compute_stats(store, moment[0], "deck03").to_json())

    stats_ms = median_ms(stats_deck, 5)

    def command(*words: str) -> None:
        subprocess.run(
            [sys.executable, "-m", "studykit", "--data-dir", str(directory), *words],
            check=True,
            stdout=subprocess.DEVNULL,
        )

    stats_command = median_ms(lambda: command("--profile", "bench", "stats", "deck03", "--json"), 5)
    version_command = median_ms(lambda: command("--version"), 5)
    stats_all = median_ms(lambda: compute_stats(store, moment[0]).to_json(), 3)

    def timed(action: Callable[[], object]) -> tuple[float, float, object]:
        """Wall and CPU seconds of one run (CPU: this process, both threads)."""
        wall, cpu = time.perf_counter(), time.process_time()
        result = action()
        return time.perf_counter() - wall, time.process_time() - cpu, result

    doctor_s, doctor_cpu, report = timed(store.doctor)
    rebuild_s, rebuild_cpu, changed = timed(store.rebuild)
    doctor_again_s, doctor_again_cpu, after = timed(store.doctor)
    store.close()
    assert isinstance(report, DoctorReport)
    assert isinstance(after, DoctorReport)
    print(
        f"doctor: {len(report.mismatched):,} synthetic cards differ from their log; "
        f"rebuild changed {changed:,}; doctor afterwards healthy: {after.healthy}"
    )
    print(
        f"CPU time: doctor {doctor_cpu:.1f} s, rebuild {rebuild_cpu:.1f} s, doctor again "
        f"{doctor_again_cpu:.1f} s; load average {os.getloadavg()[0]:.1f} on "
        f"{os.cpu_count()} CPUs (wall time grows when other work shares them)"
    )

    rows = [
        ("per-answer step (answer+next+counts)", step, 5.0, baseline, "bare UPDATE+INSERT+COMMIT"),
        ("  store the answer", answer_only, None, baseline, "bare UPDATE+INSERT+COMMIT"),
        ("  pick the next card", next_only, None, baseline, "bare UPDATE+INSERT+COMMIT"),
        ("  update the counts", counts_only, None, baseline, "bare UPDATE+INSERT+COMMIT"),
        ("studykit stats DECK --json (process)", stats_command, 500.0, baseline, ""),
        ("  studykit --version (process)", version_command, None, baseline, ""),
        ("  compute_stats(DECK) + JSON", stats_ms, None, baseline, ""),
        ("stats --json (all decks)", stats_all, None, baseline, "bare UPDATE+INSERT+COMMIT"),
        ("doctor", doctor_s * 1000, 10_000.0, baseline, "bare UPDATE+INSERT+COMMIT"),
        ("doctor --rebuild", rebuild_s * 1000, 10_000.0, baseline, "bare UPDATE+INSERT+COMMIT"),
        ("doctor after rebuild", doctor_again_s * 1000, 10_000.0, baseline, "bare"),
    ]
    print(f"\nbaseline: bare UPDATE+INSERT+COMMIT median {baseline:.3f} ms")
    print(f"{'operation':38} {'median':>12} {'target':>10}  ratio to baseline")
    for name, value, target, base, _ in rows:
        verdict = "" if target is None else ("ok" if value <= target else "OVER")
        target_text = "" if target is None else f"{target:8.0f} ms"
        print(f"{name:38} {value:9.2f} ms {target_text:>11}  {value / base:9.1f}x  {verdict}")
    if not args.keep:
        shutil.rmtree(directory)


if __name__ == "__main__":
    main()
