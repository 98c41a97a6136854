"""90 days of study with 400 cards, before and after counting elapsed time in study days.

A simulated student opens the quiz every evening at 19:00 (UTC; the study day starts
at 04:00) and answers, 8 seconds a card: learning cards due now first, then the reviews
due today (most overdue first) and up to 20 new cards. The same student (one seeded
random stream per card) meets two schedulers:

- before: py-fsrs 6.3.2's `Scheduler` as studykit 0.1 used it (elapsed time in 24-hour
  periods, its own fuzz, due at the exact moment);
- after: `studykit.study.scheduling.Scheduler` (elapsed time in study days, Anki's
  seeded fuzz, due at the start of the study day).

The student's memory is a third model, neutral between the two: FSRS-6 driven by the
exact elapsed time (fractional days; the same-day formula below 12 hours). Recalled
answers are Good (85 %), Hard (10 %) or Easy (5 %); forgotten ones Again.

Printed: answers given in 90 days; recalled, the share of answers to review cards
that were not Again; and memory, the mean chance (in the student's model) of recalling
each card at the start of an evening, averaged over the last 30 evenings.

    python bench/simulate.py [--days 90] [--cards 400] [--seed 1]
"""

from __future__ import annotations

import argparse
import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import fsrs

from studykit.study.fsrs6 import DEFAULT_PARAMETERS
from studykit.study.scheduling import CardState, Rating, Scheduler, SchedulerSettings

START = datetime(2025, 3, 10, 19, 0, tzinfo=UTC)
SECONDS_PER_CARD = 8
NEW_PER_DAY = 20
W = DEFAULT_PARAMETERS
DECAY = -W[20]
FACTOR = 0.9 ** (1 / DECAY) - 1


@dataclass
class Memory:
    """What the student really remembers of one card (the neutral model)."""

    rng: random.Random
    stability: float | None = None
    difficulty: float = 5.0
    last: datetime | None = None

    def answer(self, now: datetime) -> Rating:
        """Answer now: recall with the model's probability, then learn from it."""
        if self.stability is None or self.last is None:
            recalled = self.rng.random() < 0.6  # a new card: seen once, often not known
            rating = self._rating(recalled)
            self.stability = W[int(rating) - 1]
            self.difficulty = min(max(W[4] - math.e ** (W[5] * (int(rating) - 1)) + 1, 1), 10)
            self.last = now
            return rating
        days = (now - self.last).total_seconds() / 86_400
        r = (1 + FACTOR * days / self.stability) ** DECAY
        rating = self._rating(self.rng.random() < r)
        g, s, d = int(rating), self.stability, self.difficulty
        if days < 0.5:
            s = s * max(math.e ** (W[17] * (g - 3 + W[18])) * s ** -W[19], 1 if g > 1 else 0)
        elif g == 1:
            s = min(
                W[11] * d ** -W[12] * ((s + 1) ** W[13] - 1) * math.e ** ((1 - r) * W[14]),
                s / math.e ** (W[17] * W[18]),
            )
        else:
            bonus = (W[15] if g == 2 else 1) * (W[16] if g == 4 else 1)
            s = s * (
                1
                + math.e ** W[8] * (11 - d) * s ** -W[9] * (math.e ** ((1 - r) * W[10]) - 1) * bonus
            )
        damped = d + (10 - d) * -(W[6] * (g - 3)) / 9
        easy = W[4] - math.e ** (W[5] * 3) + 1
        self.difficulty = min(max(W[7] * easy + (1 - W[7]) * damped, 1), 10)
        self.stability = max(s, 0.001)
        self.last = now
        return rating

    def retrievability(self, now: datetime) -> float:
        """The chance the student would recall the card at `now`."""
        if self.stability is None or self.last is None:
            return 0.0
        days = (now - self.last).total_seconds() / 86_400
        return float((1 + FACTOR * days / self.stability) ** DECAY)

    def _rating(self, recalled: bool) -> Rating:
        if not recalled:
            return Rating.AGAIN
        roll = self.rng.random()
        return Rating.GOOD if roll < 0.85 else Rating.HARD if roll < 0.95 else Rating.EASY


@dataclass
class Tally:
    answers: int = 0
    review_answers: int = 0
    recalled: int = 0
    per_day: list[int] = field(default_factory=list)
    memory: list[float] = field(default_factory=list)
    """Each evening before studying: the mean chance of recalling each introduced card."""


Review = Callable[[int, Rating, datetime], tuple[str, datetime]]
"""(card, rating, now) -> (state after, due)."""


def simulate(days: int, cards: int, seed: int, review: Review) -> Tally:
    """The evenings of `days` days; `review` schedules one answer."""
    memories = [Memory(random.Random(seed * 100_003 + card)) for card in range(cards)]
    state: dict[int, tuple[str, datetime]] = {}  # card -> (state, due)
    introduced = 0
    tally = Tally()
    for day in range(days):
        now = START + timedelta(days=day)
        day_end = (now - timedelta(hours=19) + timedelta(days=1, hours=4)).replace(
            hour=4, minute=0
        )  # next 04:00
        new_today = 0
        before = tally.answers
        if introduced:
            chances = [memories[card].retrievability(now) for card in range(introduced)]
            tally.memory.append(sum(chances) / len(chances))
        while True:
            learning = sorted(
                (due, card)
                for card, (kind, due) in state.items()
                if kind in ("learning", "relearning") and due <= now
            )
            reviews = sorted(
                (due, card)
                for card, (kind, due) in state.items()
                if kind == "review" and due < day_end
            )
            if learning:
                card = learning[0][1]
            elif reviews:
                card = reviews[0][1]
            elif new_today < NEW_PER_DAY and introduced < cards:
                card = introduced
                introduced += 1
                new_today += 1
            else:  # wait for the next learning card of tonight, if any
                later = [
                    due
                    for kind, due in state.values()
                    if kind in ("learning", "relearning") and due < day_end
                ]
                if not later:
                    break
                now = max(now, min(later))
                continue
            kind_before = state.get(card, ("new", now))[0]
            rating = memories[card].answer(now)
            state[card] = review(card, rating, now)
            tally.answers += 1
            if kind_before == "review":
                tally.review_answers += 1
                tally.recalled += rating != Rating.AGAIN
            now += timedelta(seconds=SECONDS_PER_CARD)
        tally.per_day.append(tally.answers - before)
    return tally


def py_fsrs_before(seed: int) -> Review:
    """studykit 0.1: py-fsrs as is (24-hour periods, its global-random fuzz)."""
    random.seed(seed)  # py-fsrs draws its fuzz from the module-level generator
    scheduler = fsrs.Scheduler()
    known: dict[int, fsrs.Card] = {}

    def review(card: int, rating: Rating, now: datetime) -> tuple[str, datetime]:
        current = known.get(card) or fsrs.Card(card_id=card + 1, due=now)
        after, _ = scheduler.review_card(current, fsrs.Rating(int(rating)), now)
        known[card] = after
        return after.state.name.lower(), after.due

    return review


def study_days_after() -> Review:
    """This studykit: study days, seeded fuzz, due at the start of the day."""
    scheduler = Scheduler(SchedulerSettings(timezone="UTC"))
    known: dict[int, CardState] = {}

    def review(card: int, rating: Rating, now: datetime) -> tuple[str, datetime]:
        current = known.get(card) or CardState(card_id=card + 1)
        after = scheduler.review(current, rating, now)
        known[card] = after
        assert after.due is not None
        return after.state, after.due

    return review


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--cards", type=int, default=400)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(
        f"{args.cards} cards, {args.days} evenings at 19:00, {NEW_PER_DAY} new a day, "
        f"seed {args.seed}"
    )
    print(
        f"{'scheduler':34} {'answers':>8} {'reviews':>8} {'recalled':>9} "
        f"{'memory, last 30 days':>21}"
    )
    for name, review in (
        ("before: py-fsrs, 24-hour periods", py_fsrs_before(args.seed)),
        ("after: study days, seeded fuzz", study_days_after()),
    ):
        tally = simulate(args.days, args.cards, args.seed, review)
        recall = tally.recalled / tally.review_answers if tally.review_answers else 0.0
        memory = sum(tally.memory[-30:]) / len(tally.memory[-30:])
        print(
            f"{name:34} {tally.answers:8,} {tally.review_answers:8,} {recall:9.1%} {memory:21.1%}"
        )


if __name__ == "__main__":
    main()
