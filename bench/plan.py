"""Exam planning at scale, and what deadline-aware scheduling buys.

1. Builds a store of 100,000 cards (10 decks; 75 % studied by a simulated student
   whose memory follows FSRS with known parameters, 25 % new) with about 1,000,000
   answers in its review log, and times, each next to a baseline measured in the
   same run:

   - `plan` for one exam on all decks 60 days ahead          target <= 2 s
     (baseline: reading the same card rows with a bare SELECT)
   - `optimize`'s fit: reading the log as study-day items, the fit on the earlier
     80 % and the evaluations on the later 20 %               target <= 15 s
     (baseline: reading the log's rows with a bare SELECT)
   - `optimize`'s rescheduling of every card (`Store.rebuild`, the replay
     `doctor --rebuild` uses; the study helper's issue 15 speeds it up)

2. Simulates students with the FSRS model itself (seeded) studying for an exam with
   plain scheduling, with deadline-aware scheduling (targets 0.95 and 0.97), and
   with a higher desired retention instead, and prints exam-day recall and reviews.

    python bench/plan.py [--cards 100000] [--reviews 1000000] [--skip-store]
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import tempfile
import time
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from studykit.content.cards import card_id, numeric_id
from studykit.study.exams import Exam, add_exam
from studykit.study.memory import DEFAULT_PARAMETERS, MemoryModel
from studykit.study.optimizer import optimize, review_items
from studykit.study.planner import StudentModel, plans
from studykit.study.scheduling import SchedulerSettings, date_start
from studykit.study.simulation import SimulatedStudent
from studykit.study.store import Store, to_ms

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
SETTINGS = SchedulerSettings(timezone="UTC", enable_fuzzing=False)
TRUE_PARAMETERS = tuple(
    {0: 1.0, 1: 3.0, 2: 8.0, 3: 20.0, 8: 1.5, 20: 0.3}.get(i, value)
    for i, value in enumerate(DEFAULT_PARAMETERS)
)
DECKS = 10
MAX_INTERVAL = 45
"""The simulated student's maximum interval (days), so a card has a dozen answers in
under two years and 75,000 cards make a million answers."""


def build(path: Path, cards: int, reviews: int, seed: int = 1) -> int:
    """The synthetic store; returns the number of answers written."""
    with Store.at(path) as store:
        store.save_settings(SETTINGS)
    rng = random.Random(seed)
    model = MemoryModel(TRUE_PARAMETERS, maximum_interval=MAX_INTERVAL)
    student = StudentModel()
    today = NOW.date()
    studied = cards * 3 // 4
    span = round(reviews / studied * 45)  # calibrated: about `reviews` answers in all
    card_rows = []
    review_rows = []
    state_json = json.dumps({"card_id": 0, "state": "review"})
    for index in range(cards):
        deck = f"deck{index % DECKS:02d}"
        text = card_id(deck, f"fact{index // DECKS:06d}", "forward")
        numeric = numeric_id(text)
        row = [numeric, text, deck, f"fact{index // DECKS:06d}", index, 0]
        if index % 4 == 3:
            card_rows.append((*row, None, None, None, None, None, 0, 0, to_ms(NOW)))
            continue
        # started some day in the last SPAN days, answered when due until today
        day = today - timedelta(days=rng.randint(1, span))
        rating = student.first_rating(rng)
        memory = model.after(None, 0, rating)
        answers = [(rating, day)]
        while True:
            interval = max(1, round(model.interval_for(memory.stability) * rng.uniform(0.7, 1.3)))
            if day + timedelta(days=interval) >= today:
                break
            day += timedelta(days=interval)
            recalled = rng.random() < model.retrievability(interval, memory.stability)
            rating = student.recalled_rating(rng) if recalled else 1
            memory = model.after(memory, interval, rating)
            answers.append((rating, day))
        due = day + timedelta(days=model.interval_for(memory.stability))
        for rating, answered in answers:
            at = to_ms(date_start(answered, SETTINGS) + timedelta(hours=8))
            review_rows.append((numeric, deck, rating, at, state_json))
        card_rows.append(
            (
                *row[:5],
                2,
                0,
                memory.stability,
                memory.difficulty,
                to_ms(date_start(due, SETTINGS) + timedelta(hours=8)),
                review_rows[-1][3],
                len(answers),
                0,
                to_ms(NOW),
            )
        )
    db = sqlite3.connect(path)
    db.execute("PRAGMA synchronous = OFF")
    with db:
        db.executemany(
            "INSERT INTO cards (id, text_id, deck, fact, position, state, step, stability, "
            "difficulty, due, last_review, reps, lapses, added_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            card_rows,
        )
        db.executemany(
            "INSERT INTO reviews (card_id, deck, fact, rating, reviewed_at, duration_ms, "
            "state_before, state_after, before, after) VALUES (?, ?, 'f', ?, ?, 0, 2, 2, ?, ?)",
            [(n, d, r, at, s, s) for n, d, r, at, s in review_rows],
        )
    db.close()
    return len(review_rows)


def timed(action):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def bench_store(cards: int, reviews: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.sqlite3"
        seconds, written = timed(lambda: build(path, cards, reviews))
        print(f"store: {cards:,} cards, {written:,} answers (built in {seconds:.1f} s)")
        with Store.at(path) as store:
            add_exam(store, Exam(NOW.date() + timedelta(days=60), (), 0.95))
            store.reload_settings()
            base, _ = timed(
                lambda: store.connection.execute(
                    "SELECT deck, state, stability, difficulty, last_review, due FROM cards "
                    "WHERE removed_at IS NULL AND suspended = 0 ORDER BY deck, position"
                ).fetchall()
            )
            seconds, found = timed(lambda: plans(store, NOW))
            plan = found[0]
            print(
                f"plan (1 exam, 60 days, {cards:,} cards): {seconds:.2f} s "
                f"(target <= 2 s; baseline SELECT of the card rows {base:.2f} s, "
                f"x{seconds / base:.0f}); predicted recall {plan.predicted_recall:.1%}, "
                f"{plan.new_per_day_needed} new a day needed"
            )
            base, _ = timed(
                lambda: store.connection.execute(
                    "SELECT card_id, rating, reviewed_at FROM reviews WHERE undone_at IS NULL "
                    "ORDER BY card_id, id"
                ).fetchall()
            )
            seconds, items = timed(lambda: review_items(store.connection, store.settings))
            print(
                f"optimize, reading {items.reviews:,} answers as study days ({len(items):,} "
                f"to predict): {seconds:.2f} s (baseline SELECT {base:.2f} s)"
            )
            stages: list[tuple[str, float]] = []
            last = [time.perf_counter()]

            def progress(message: str) -> None:
                now = time.perf_counter()
                stages.append((message, now - last[0]))
                last[0] = now

            seconds, result = timed(lambda: optimize(store, progress=progress, force=True))
            reading, fitting, testing = (stage for _, stage in stages[:3])
            fit_seconds = fitting + testing
            print(
                f"optimize on {result.reviews:,} answers: {reading + fit_seconds:.1f} s to read "
                f"({reading:.1f}), fit ({fitting:.1f}) and test ({testing:.1f}) "
                f"(target <= 15 s; baseline SELECT {base:.2f} s); "
                f"log loss in use {result.current.log_loss:.4f} -> fitted "
                f"{result.fitted.log_loss:.4f} on the later {result.test_items:,}"
            )
            print(
                f"optimize, rescheduling every card through Store.rebuild: "
                f"{seconds - reading - fit_seconds:.1f} s ({result.rescheduled:,} cards "
                f"changed); total {seconds:.1f} s"
            )


def bench_deadline(cards: int = 1000, days: int = 60, seeds: tuple[int, ...] = (1, 2, 3)) -> None:
    start = date(2026, 1, 5)
    exam_day = start + timedelta(days=days)
    settings = replace(SETTINGS, new_per_day=25)
    print(
        f"\nsimulated students ({cards} cards, 25 new a day, exam in {days} days, "
        f"{len(seeds)} seeds): exam-day recall, reviews (answers incl. learning steps)"
    )
    runs = [
        ("plain, desired retention 0.90", settings, None),
        ("deadline-aware, target 0.95", settings, 0.95),
        ("deadline-aware, target 0.97", settings, 0.97),
        ("plain, desired retention 0.95", replace(settings, desired_retention=0.95), None),
    ]
    for name, config, target in runs:
        recall = reviews = answers = 0.0
        for seed in seeds:
            student = SimulatedStudent({"zones": cards}, config, seed=seed)
            exams = [Exam(exam_day, (), target)] if target else []
            student.study(start, exam_day, exams)
            outcome = student.outcome(exam_day)
            recall += outcome.recall / len(seeds)
            reviews += outcome.reviews / len(seeds)
            answers += outcome.answers / len(seeds)
        print(f"  {name:32} recall {recall:.1%}  reviews {reviews:,.0f}  answers {answers:,.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--cards", type=int, default=100_000)
    parser.add_argument("--reviews", type=int, default=1_000_000)
    parser.add_argument("--skip-store", action="store_true")
    args = parser.parse_args()
    if not args.skip_store:
        bench_store(args.cards, args.reviews)
    bench_deadline()


if __name__ == "__main__":
    main()
