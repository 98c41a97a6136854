"""Simulated students for the exam, planner and optimizer tests (seeded, small)."""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from datetime import date, datetime, timedelta

from store_fixtures import make_card

from studykit.study.memory import DEFAULT_PARAMETERS, Memory, MemoryModel
from studykit.study.planner import StudentModel
from studykit.study.scheduling import Rating, SchedulerSettings, date_start
from studykit.study.store import Store, to_ms

TRUE_PARAMETERS: tuple[float, ...] = tuple(
    {0: 1.0, 1: 3.0, 2: 8.0, 3: 20.0, 8: 1.5, 20: 0.3}.get(i, value)
    for i, value in enumerate(DEFAULT_PARAMETERS)
)
"""A student unlike FSRS's default one: new cards are remembered three to four times
longer at first, and the forgetting curve is steeper."""


def study_in_store(
    store: Store, first: date, until: date, *, parameters: Sequence[float], seed: int = 0
) -> int:
    """A student whose memory follows FSRS with `parameters` studies every day at noon
    (of the study day) through `Store.next_card` / `Store.answer`; returns answers given."""
    rng = random.Random(seed)
    student = StudentModel()
    model = MemoryModel(parameters)
    settings = store.settings
    truth: dict[str, tuple[Memory, int]] = {}
    answers = 0
    day = first
    while day < until:
        now = date_start(day, settings) + timedelta(hours=8)
        ordinal = day.toordinal()
        while (entry := store.next_card(None, now)) is not None:
            known = truth.get(entry.card_id)
            if known is None:
                rating = student.first_rating(rng)
            else:
                memory, last = known
                recalled = rng.random() < model.retrievability(ordinal - last, memory.stability)
                rating = student.recalled_rating(rng) if recalled else int(Rating.AGAIN)
            elapsed = 0 if known is None else ordinal - known[1]
            truth[entry.card_id] = (
                model.after(None if known is None else known[0], elapsed, rating),
                ordinal,
            )
            store.answer(entry.card_id, Rating(rating), now, 5000)
            answers += 1
            due = store.next_due(entry.card_id)
            now += timedelta(seconds=20)
            if due is not None and now < due < now + timedelta(minutes=30):
                now = due  # wait for the learning step rather than end the day
        day += timedelta(days=1)
    return answers


def write_log(
    store: Store, reviews: int, *, parameters: Sequence[float], start: datetime, seed: int = 0
) -> int:
    """About `reviews` answers of a simulated student, written straight into the store's
    review log (fast: no scheduling), with a card row for each card (deck `sim`).
    Intervals are FSRS's for the true memory, spread by +-30 % so that recall is seen at
    many elapsed times. Returns the number of answers written."""
    rng = random.Random(seed)
    model = MemoryModel(parameters)
    student = StudentModel()
    settings = SchedulerSettings(timezone="UTC")
    rows: list[tuple[int, int, date]] = []
    cards = []
    while len(rows) < reviews:
        card = make_card("sim", f"c{len(cards):05d}")
        cards.append(card)
        day = start.date() + timedelta(days=rng.randrange(200))
        rating = student.first_rating(rng)
        memory = model.after(None, 0, rating)
        rows.append((card.numeric, rating, day))
        for _ in range(rng.randint(3, 12)):
            interval = model.interval_for(memory.stability)
            interval = max(1, round(interval * rng.uniform(0.7, 1.3)))
            day += timedelta(days=interval)
            recalled = rng.random() < model.retrievability(interval, memory.stability)
            rating = student.recalled_rating(rng) if recalled else int(Rating.AGAIN)
            memory = model.after(memory, interval, rating)
            rows.append((card.numeric, rating, day))
    store.sync_cards(cards, start)
    db = store.connection
    db.execute("BEGIN")
    db.executemany(
        "INSERT INTO reviews (card_id, deck, fact, rating, reviewed_at, duration_ms, "
        "state_before, state_after, before, after) VALUES (?, 'sim', 'f', ?, ?, 0, 2, 2, ?, ?)",
        [
            (
                numeric,
                rating,
                to_ms(date_start(day, settings) + timedelta(hours=8)),
                json.dumps({"card_id": numeric, "state": "review"}),
                json.dumps({"card_id": numeric, "state": "review"}),
            )
            for numeric, rating, day in rows
        ],
    )
    db.execute("COMMIT")
    return len(rows)
