"""A simulated student, to measure the planner and deadline-aware scheduling honestly.

The student's memory *is* the FSRS model: a card is recalled with the probability
FSRS predicts from its state (fsrs's own `Scheduler`, as the store uses it), answered
with `StudentModel`'s rating shares, and rescheduled by the real `Scheduler` and, when
asked, the real `DeadlinePolicy`. The student studies once a day, at noon, every due
card and the day's new cards (learning steps the same day), until the exam.

Used by the tests (small decks, fast) and by `bench/plan.py` (large ones). Seeded.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from studykit.study.days import study_day
from studykit.study.deadline import DeadlinePolicy
from studykit.study.exams import Exam
from studykit.study.memory import MemoryModel
from studykit.study.planner import PlanCard, StudentModel
from studykit.study.scheduling import (
    CardState,
    Rating,
    Scheduler,
    SchedulerSettings,
    date_start,
)

STUDY_HOUR = timedelta(hours=8)
"""The student studies 8 hours after the study day starts."""


@dataclass(slots=True)
class SimCard:
    deck: str
    state: CardState


@dataclass(frozen=True, slots=True)
class SimOutcome:
    """What happened until the exam."""

    recall: float
    """Mean probability of recall on exam day over all cards (unseen cards: 0)."""
    deck_recall: dict[str, float]
    answers: int
    """Every answer given, learning steps included."""
    reviews: int
    """Answers to cards in review (the daily review load)."""
    cards: list[SimCard]


class SimulatedStudent:
    """Studies decks day by day with the real scheduler."""

    def __init__(
        self,
        decks: dict[str, int],
        settings: SchedulerSettings,
        *,
        parameters: Sequence[float] | None = None,
        student: StudentModel | None = None,
        seed: int = 0,
    ) -> None:
        self.settings = replace(settings, enable_fuzzing=False)
        self.parameters = parameters
        self.student = student or StudentModel()
        self.rng = random.Random(seed)
        self.scheduler = Scheduler(self.settings, parameters)
        self.model = MemoryModel(parameters)
        next_id = iter(range(1, 10**9))
        self.cards = [
            SimCard(deck, CardState(card_id=next(next_id)))
            for deck, count in decks.items()
            for _ in range(count)
        ]
        self.answers = 0
        self.reviews = 0

    def study(self, first: date, until: date, exams: Sequence[Exam] = ()) -> None:
        """Study every day from `first` up to (not including) `until`."""
        policy = DeadlinePolicy(exams, self.settings, self.parameters)
        day = first
        while day < until:
            self._study_day(day, policy)
            day += timedelta(days=1)

    def _study_day(self, day: date, policy: DeadlinePolicy) -> None:
        now = date_start(day, self.settings) + STUDY_HOUR
        end = date_start(day + timedelta(days=1), self.settings)
        chosen = {id(card) for card in self._new_today()}
        for card in self.cards:
            if card.state.state == "new":
                if id(card) in chosen:
                    self._learn(card, now, end, policy)
            elif card.state.due is not None and card.state.due < end:
                self._learn(card, max(now, card.state.due), end, policy)

    def _new_today(self) -> list[SimCard]:
        """Today's new cards as the queue picks them: decks take turns (the one with
        fewest new cards so far today first), within the profile's daily limit."""
        fresh: dict[str, list[SimCard]] = {}
        for card in self.cards:
            if card.state.state == "new":
                fresh.setdefault(card.deck, []).append(card)
        picked: list[SimCard] = []
        taken = dict.fromkeys(fresh, 0)
        while len(picked) < self.settings.new_per_day and any(fresh.values()):
            for deck in sorted(fresh, key=lambda d: taken[d]):
                if fresh[deck] and len(picked) < self.settings.new_per_day:
                    picked.append(fresh[deck].pop(0))
                    taken[deck] += 1
        return picked

    def _learn(self, card: SimCard, now: datetime, end: datetime, policy: DeadlinePolicy) -> None:
        """Answer the card now and again at each learning step due before the day ends."""
        while True:
            state = card.state
            if state.state == "new":
                rating = self.student.first_rating(self.rng)
            else:
                if state.state == "review":
                    self.reviews += 1
                recalled = self.rng.random() < self._recall(state, now)
                rating = self.student.recalled_rating(self.rng) if recalled else Rating.AGAIN
            after = self.scheduler.review(state, Rating(rating), now)
            card.state = policy.adjust(card.deck, after, now)
            self.answers += 1
            due = card.state.due
            if due is None or due >= end:
                return
            now = max(now, due)

    def _recall(self, state: CardState, now: datetime) -> float:
        if state.last_review is None or state.stability is None:
            return 1.0
        elapsed = study_day(now, self.settings) - study_day(state.last_review, self.settings)
        return self.model.retrievability(elapsed, state.stability)

    def outcome(self, exam_day: date) -> SimOutcome:
        """Recall on exam day (the morning, before any review that day)."""
        exam = exam_day.toordinal()
        per_deck: dict[str, list[float]] = {}
        for card in self.cards:
            per_deck.setdefault(card.deck, []).append(self._recall_on(card.state, exam))
        everything = [value for values in per_deck.values() for value in values]
        return SimOutcome(
            recall=sum(everything) / len(everything) if everything else 0.0,
            deck_recall={deck: sum(v) / len(v) for deck, v in per_deck.items()},
            answers=self.answers,
            reviews=self.reviews,
            cards=list(self.cards),
        )

    def _recall_on(self, state: CardState, exam: int) -> float:
        if state.last_review is None or state.stability is None:
            return 0.0
        return self.model.retrievability(
            exam - study_day(state.last_review, self.settings), state.stability
        )

    def plan_cards(self) -> list[PlanCard]:
        """The cards as the planner reads them from a store."""
        cards = []
        for card in self.cards:
            state = card.state
            if state.state == "new" or state.last_review is None or state.due is None:
                cards.append(PlanCard(card.deck, 0))
                continue
            cards.append(
                PlanCard(
                    card.deck,
                    state.state_code,
                    state.stability,
                    state.difficulty,
                    study_day(state.last_review, self.settings),
                    study_day(state.due, self.settings),
                )
            )
        return cards


__all__ = ["STUDY_HOUR", "SimCard", "SimOutcome", "SimulatedStudent"]
