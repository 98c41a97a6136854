"""Planning to an exam: predicted recall on exam day and the workload to get there.

For each card the planner samples possible futures with the FSRS model the scheduler
uses (the student's fitted parameters if adopted): on each due study day before the
exam the card is recalled with its predicted probability, answered with the rating
shares of `StudentModel`, and rescheduled as the scheduler would (with deadline-aware
scheduling). A card's predicted recall on exam day is the mean, over its futures, of
its recall probability on that day; a card never introduced counts as not known.

Cards that are alike share their futures: every new card introduced `h` days before
the exam has the same prospects, so those are sampled once per `h` (`_Profiles`);
each card already studied is sampled on its own, several times when a deck is small,
and in a large deck an evenly spread subset stands for the rest (`_walks`), so deck
figures stay steady and 100,000 cards plan in about a second.

Elapsed time is counted in study days throughout (`studykit.study.days`).
"""

from __future__ import annotations

import math
import random
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from studykit.study.days import StudyDays, day_of, study_day
from studykit.study.deadline import shortened_interval
from studykit.study.exams import Exam, load_exams, upcoming
from studykit.study.fit import fitted_parameters
from studykit.study.memory import AGAIN, GOOD, Memory, MemoryModel
from studykit.study.scheduling import (
    CardState,
    Rating,
    Scheduler,
    SchedulerSettings,
    day_start,
)

if TYPE_CHECKING:
    from studykit.study.store import Store

LEAD_DAYS = 7
"""Every card should be introduced at least this many days before the exam."""
PATHS_PER_DECK = 1200
"""Sampled futures per deck for studied cards (`_walks`)."""
PATHS_PER_START = 128
"""Sampled futures per introduction day for new cards."""
CURVE_POINTS = 12
"""Points of the predicted-recall-over-time curve."""
CURVE_CARDS = 2000
"""Sampled futures of studied cards used for the recall-over-time curve."""


@dataclass(frozen=True, slots=True)
class StudentModel:
    """How the planner assumes the student answers.

    The defaults are the rating shares of fsrs-rs's simulator (measured on Anki users):
    a new card's first answer Again/Hard/Good/Easy, and Hard/Good/Easy when a card is
    recalled. A card is recalled with the probability FSRS predicts.
    """

    first: tuple[float, float, float, float] = (0.24, 0.094, 0.495, 0.171)
    recalled: tuple[float, float, float] = (0.224, 0.631, 0.145)

    def first_rating(self, rng: random.Random) -> int:
        return _draw(rng, self.first, 1)

    def recalled_rating(self, rng: random.Random) -> int:
        return _draw(rng, self.recalled, 2)


def _draw(rng: random.Random, shares: Sequence[float], first: int) -> int:
    roll = rng.random() * sum(shares)
    for offset, share in enumerate(shares):
        roll -= share
        if roll < 0:
            return first + offset
    return first + len(shares) - 1


@dataclass(frozen=True, slots=True)
class PlanCard:
    """What the planner needs of a card (from the store's card table)."""

    deck: str
    state: int
    """0 new, 1 learning, 2 review, 3 relearning."""
    stability: float | None = None
    difficulty: float | None = None
    last_day: int | None = None
    """Study-day ordinal of the last answer."""
    due_day: int | None = None
    fact: str | None = None
    """Cards of one fact are introduced on different days (None: a fact of its own)."""


@dataclass(frozen=True, slots=True)
class DayLoad:
    """Expected cards on one study day: new introduced and reviews (learning steps aside)."""

    day: date
    new: float
    reviews: float

    @property
    def total(self) -> float:
        return self.new + self.reviews


@dataclass(frozen=True, slots=True)
class DeckForecast:
    deck: str
    unseen: int
    learning: int
    review: int
    predicted_recall: float
    """Expected share of the deck's cards recalled on exam day, current settings."""


@dataclass(frozen=True, slots=True)
class ExamPlan:
    """The plan for one exam."""

    exam: Exam
    today: date
    days_left: int
    decks: list[DeckForecast]
    predicted_recall: float
    """Overall, with the current settings (new cards as the limits allow)."""
    unseen_on_exam_day: float
    """Cards the current limits leave unintroduced by exam day."""
    lead_days: int
    new_per_day_needed: int | None
    """New cards per day (all the exam's decks together) to introduce every card at
    least `lead_days` before the exam; None when fewer days than that are left."""
    plan_recall: float | None
    """Predicted recall on exam day when following that plan."""
    workload: list[DayLoad]
    """Per-day forecast until the exam, following the plan (or the current limits
    when no plan is possible)."""
    current_workload: list[DayLoad]
    """Per-day forecast with the current limits."""
    recall_curve: list[tuple[date, float]]
    """Predicted recall (current settings) on days until the exam."""
    warnings: list[str] = field(default_factory=list)

    @property
    def unseen(self) -> int:
        return sum(deck.unseen for deck in self.decks)

    @property
    def learning(self) -> int:
        return sum(deck.learning for deck in self.decks)

    @property
    def review(self) -> int:
        return sum(deck.review for deck in self.decks)

    @property
    def peak(self) -> DayLoad | None:
        return max(self.workload, key=lambda load: load.total, default=None)

    def today_load(self) -> DayLoad | None:
        return self.current_workload[0] if self.current_workload else None

    def to_json(self) -> dict[str, Any]:
        peak = self.peak
        return {
            "exam": self.exam.to_dict(),
            "today": self.today.isoformat(),
            "days_left": self.days_left,
            "cards": {"unseen": self.unseen, "learning": self.learning, "review": self.review},
            "predicted_recall": round(self.predicted_recall, 4),
            "unseen_on_exam_day": round(self.unseen_on_exam_day, 1),
            "decks": [
                {
                    "deck": d.deck,
                    "unseen": d.unseen,
                    "learning": d.learning,
                    "review": d.review,
                    "predicted_recall": round(d.predicted_recall, 4),
                }
                for d in self.decks
            ],
            "lead_days": self.lead_days,
            "new_per_day_needed": self.new_per_day_needed,
            "plan_recall": None if self.plan_recall is None else round(self.plan_recall, 4),
            "workload": [_load_json(load) for load in self.workload],
            "current_workload": [_load_json(load) for load in self.current_workload],
            "peak": None if peak is None else _load_json(peak),
            "recall_curve": [
                {"date": day.isoformat(), "recall": round(value, 4)}
                for day, value in self.recall_curve
            ],
            "warnings": self.warnings,
        }


def _load_json(load: DayLoad) -> dict[str, Any]:
    return {
        "date": load.day.isoformat(),
        "new": round(load.new, 1),
        "reviews": round(load.reviews, 1),
    }


@dataclass(frozen=True, slots=True)
class Limits:
    """The daily limits the plan respects."""

    new_per_deck: int
    """New cards a day for each deck still introducing cards: the profile's limit shared
    among them (the queue lets decks take turns), or a deck's own limit if lower."""
    review_limit: int | None = None
    new_per_day: int | None = None
    """The profile's limit for all decks together (None: only `new_per_deck` applies)."""

    @classmethod
    def of(cls, settings: SchedulerSettings, introducing: int = 1) -> Limits:
        """The limits in `settings` when `introducing` decks still have new cards (the one
        place to follow when settings gain fields)."""
        share = -(-settings.new_per_day // max(1, introducing))  # decks take turns
        return cls(
            new_per_deck=share,
            review_limit=settings.reviews_per_day,
            new_per_day=settings.new_per_day,
        )

    @staticmethod
    def deck_cap(settings: SchedulerSettings, deck: str) -> int:
        """The most new cards `deck` may introduce a day: its own limit if it has one,
        else the profile's (decks that run out leave their turns to the others)."""
        own = settings.deck_limit(deck)
        if own is not None and own.new_per_day is not None:
            return min(own.new_per_day, settings.new_per_day)
        return settings.new_per_day


# ------------------------------------------------------------------ sampling


class _Walker:
    """Samples futures of cards until the exam."""

    def __init__(
        self,
        model: MemoryModel,
        student: StudentModel,
        exam_day: int,
        target: float,
        rng: random.Random,
    ) -> None:
        self.model = model
        self.student = student
        self.exam_day = exam_day
        self.target = target
        self.rng = rng

    def walk(self, memory: Memory, last: int, due: int) -> list[tuple[int, float]]:
        """Review days and stabilities of one future: (last, S) first, then each review
        before the exam (an answered-wrong card relearns the same day)."""
        model, rng, exam_day = self.model, self.rng, self.exam_day
        events = [(last, memory.stability)]
        while due < exam_day:
            elapsed = due - last
            if rng.random() < model.retrievability(elapsed, memory.stability):
                memory = model.after(memory, elapsed, self.student.recalled_rating(rng))
            else:
                memory = model.after(model.after(memory, elapsed, AGAIN), 0, GOOD)
            interval = model.interval_for(memory.stability)
            interval = shortened_interval(interval, memory, due, exam_day, self.target, model)
            last, due = due, due + interval
            events.append((last, memory.stability))
        return events

    def recall_at(self, events: list[tuple[int, float]], day: int) -> float:
        """Recall probability on `day` along one future (0 before it was introduced)."""
        found = None
        for event in events:
            if event[0] > day:
                break
            found = event
        if found is None:
            return 0.0
        return self.model.retrievability(day - found[0], found[1])


@dataclass(frozen=True, slots=True)
class _Introduction:
    memory: Memory
    interval: int


def introductions(
    settings: SchedulerSettings,
    parameters: Sequence[float] | None,
    student: StudentModel,
    rng: random.Random,
    samples: int = 256,
) -> list[_Introduction]:
    """How a new card leaves its first study day: the real scheduler (learning steps
    included) answered by the student model, `samples` times."""
    scheduler = Scheduler(_without_fuzz(settings), parameters)
    start = datetime(2001, 1, 1, 12, tzinfo=UTC)
    outcomes = []
    for _ in range(samples):
        state, now = CardState(card_id=1), start
        for step in range(30):
            rating = student.first_rating(rng) if step == 0 else student.recalled_rating(rng)
            state = scheduler.review(state, Rating(rating), now)
            assert state.due is not None
            if state.state == "review" or state.due - start >= timedelta(days=1):
                break
            now = state.due
        assert state.due is not None
        assert state.stability is not None
        assert state.difficulty is not None
        days = max(1, round((state.due - start) / timedelta(days=1)))
        outcomes.append(_Introduction(Memory(state.stability, state.difficulty), days))
    return outcomes


def _without_fuzz(settings: SchedulerSettings) -> SchedulerSettings:
    from dataclasses import replace

    return replace(settings, enable_fuzzing=False, timezone="UTC")


class _Profiles:
    """Expected recall and workload of a card introduced `h` days before the exam."""

    def __init__(self, walker: _Walker, starts: list[_Introduction], paths: int) -> None:
        self.walker = walker
        self.starts = starts
        self.paths = paths
        self._recall: dict[int, float] = {}
        self._load: dict[int, list[float]] = {}
        self._events: dict[int, list[list[tuple[int, float]]]] = {}
        self._recall_at: dict[tuple[int, int], float] = {}

    def _sample(self, h: int) -> None:
        exam = self.walker.exam_day
        intro = exam - h
        load = [0.0] * h
        recall = 0.0
        futures = []
        rng = self.walker.rng
        for _ in range(self.paths):
            start = self.starts[rng.randrange(len(self.starts))]
            events = self.walker.walk(start.memory, intro, intro + start.interval)
            for day, _s in events[1:]:
                load[day - intro] += 1
            last_day, stability = events[-1]
            recall += self.walker.model.retrievability(exam - last_day, stability)
            futures.append(events)
        self._recall[h] = recall / self.paths
        self._load[h] = [count / self.paths for count in load]
        self._events[h] = futures

    def recall(self, h: int) -> float:
        if h <= 0:
            return 0.0
        if h not in self._recall:
            self._sample(h)
        return self._recall[h]

    def load(self, h: int) -> list[float]:
        if h not in self._load:
            self._sample(h)
        return self._load[h]

    def recall_at(self, h: int, day: int) -> float:
        if h <= 0:
            return 0.0
        value = self._recall_at.get((h, day))
        if value is None:
            if h not in self._events:
                self._sample(h)
            futures = self._events[h]
            value = sum(self.walker.recall_at(events, day) for events in futures) / len(futures)
            self._recall_at[(h, day)] = value
        return value


def _walks(cards: list[PlanCard], rng: random.Random) -> list[tuple[PlanCard, float]]:
    """The futures to sample for a deck's studied cards, each with the number of cards
    it stands for: every card several times in a small deck, an evenly spread subset
    of `PATHS_PER_DECK` cards in a large one."""
    if not cards:
        return []
    if len(cards) <= PATHS_PER_DECK:
        samples = min(64, math.ceil(PATHS_PER_DECK / len(cards)))
        return [(card, 1 / samples) for card in cards for _ in range(samples)]
    step = len(cards) / PATHS_PER_DECK
    offset = rng.random()
    return [(cards[int((i + offset) * step)], step) for i in range(PATHS_PER_DECK)]


# ---------------------------------------------------------------- the plan


def plan_exam(
    cards: Sequence[PlanCard],
    exam: Exam,
    today: int,
    settings: SchedulerSettings,
    *,
    parameters: Sequence[float] | None = None,
    new_today: dict[str, int] | None = None,
    student: StudentModel | None = None,
    lead_days: int = LEAD_DAYS,
    seed: int = 0,
) -> ExamPlan:
    """The plan for `exam` from the cards of its decks (study days as ordinals).

    Args:
        cards: the active cards (not suspended, not removed) of the exam's decks, each
            deck's new cards in the order they will be introduced.
        today: today's study day.
        new_today: new cards already started today, per deck.
        seed: the plan is deterministic for a seed.
    """
    student = student or StudentModel()
    introducing = len({card.deck for card in cards if card.state == 0 or not _usable(card)})
    limits = Limits.of(settings, introducing)
    started_today = sum((new_today or {}).values())
    rng = random.Random(seed)
    model = MemoryModel(
        parameters,
        desired_retention=settings.desired_retention,
        maximum_interval=settings.maximum_interval,
    )
    exam_day = exam.day.toordinal()
    days_left = max(0, exam_day - today)
    walker = _Walker(model, student, exam_day, exam.target, rng)
    profiles = _Profiles(walker, introductions(settings, parameters, student, rng), PATHS_PER_START)
    by_deck: dict[str, list[PlanCard]] = defaultdict(list)
    for card in cards:
        by_deck[card.deck].append(card)

    load_seen = [0.0] * days_left
    curve_days = _curve_days(today, exam_day)
    curve_seen = [0.0] * len(curve_days)
    curve_weight = 0.0
    forecasts = []
    recall_total = 0.0
    seen_recall = 0.0
    unseen_left = 0.0
    current_new = [0.0] * days_left
    current_load = [0.0] * days_left
    curve_new = [0.0] * len(curve_days)
    unseen_total = 0
    deck_per_day = {deck: Limits.deck_cap(settings, deck) for deck in by_deck}
    introductions_by_deck = _introduction_days(
        {
            deck: [card for card in cards if card.state == 0 or not _usable(card)]
            for deck, cards in by_deck.items()
        },
        today,
        exam_day,
        max(0, settings.new_per_day - started_today),
        settings.new_per_day,
        {
            deck: max(0, per_day - (new_today or {}).get(deck, 0))
            for deck, per_day in deck_per_day.items()
        },
        deck_per_day,
    )
    for deck in sorted(by_deck):
        deck_cards = by_deck[deck]
        studied = [card for card in deck_cards if card.state != 0 and _usable(card)]
        unseen = len(deck_cards) - len(studied)
        walks = _walks(studied, rng)
        curve_every = max(1, len(walks) // max(1, CURVE_CARDS // len(by_deck)))
        deck_recall = 0.0
        for index, (card, weight) in enumerate(walks):
            assert card.stability is not None
            assert card.difficulty is not None
            assert card.last_day is not None
            assert card.due_day is not None
            memory = Memory(card.stability, card.difficulty)
            events = walker.walk(memory, card.last_day, max(today, card.due_day))
            last_day, stability = events[-1]
            deck_recall += model.retrievability(exam_day - last_day, stability) * weight
            for day, _s in events[1:]:
                load_seen[day - today] += weight
            if index % curve_every == 0:
                curve_weight += weight * curve_every
                for point, day in enumerate(curve_days):
                    curve_seen[point] += walker.recall_at(events, day) * weight * curve_every
        seen_recall += deck_recall
        # new cards as the current limits allow
        unseen_total += unseen
        intro_days, never = introductions_by_deck[deck]
        unseen_left += never
        for intro, count in intro_days.items():
            h = exam_day - intro
            deck_recall += profiles.recall(h) * count
            current_new[intro - today] += count
            for offset, load in enumerate(profiles.load(h)):
                current_load[intro - today + offset] += load * count
            for point, day in enumerate(curve_days):
                if day >= intro:
                    curve_new[point] += profiles.recall_at(h, day) * count
        recall_total += deck_recall
        forecasts.append(
            DeckForecast(
                deck=deck,
                unseen=unseen,
                learning=sum(card.state in (1, 3) for card in studied),
                review=sum(card.state == 2 for card in studied),
                predicted_recall=deck_recall / len(deck_cards) if deck_cards else 0.0,
            )
        )

    total_cards = len(cards)
    seen_cards = total_cards - unseen_total
    recall_curve = [
        (
            day_of(day),
            (
                (curve_seen[point] / curve_weight * seen_cards if curve_weight else 0.0)
                + curve_new[point]
            )
            / total_cards
            if total_cards
            else 0.0,
        )
        for point, day in enumerate(curve_days)
    ]
    current_workload = [
        DayLoad(day_of(today + i), current_new[i], load_seen[i] + current_load[i])
        for i in range(days_left)
    ]

    # the plan: every unseen card introduced at least lead_days before the exam
    window = days_left - lead_days
    needed: int | None = None
    plan_recall: float | None = None
    workload = current_workload
    if window >= 1 or not unseen_total:
        needed = math.ceil(unseen_total / window) if unseen_total else 0
        plan_new = [0.0] * days_left
        plan_load = [0.0] * days_left
        plan_recall_sum = seen_recall
        left = unseen_total
        for offset_day in range(days_left):
            count = min(needed, left)
            if count <= 0:
                break
            left -= count
            intro = today + offset_day
            plan_new[offset_day] += count
            plan_recall_sum += profiles.recall(exam_day - intro) * count
            for offset, load in enumerate(profiles.load(exam_day - intro)):
                plan_load[offset_day + offset] += load * count
        workload = [
            DayLoad(day_of(today + i), plan_new[i], load_seen[i] + plan_load[i])
            for i in range(days_left)
        ]
        plan_recall = plan_recall_sum / total_cards if total_cards else 0.0

    plan = ExamPlan(
        exam=exam,
        today=day_of(today),
        days_left=days_left,
        decks=forecasts,
        predicted_recall=recall_total / total_cards if total_cards else 0.0,
        unseen_on_exam_day=unseen_left,
        lead_days=lead_days,
        new_per_day_needed=needed,
        plan_recall=plan_recall,
        workload=workload,
        current_workload=current_workload,
        recall_curve=recall_curve,
    )
    return _with_warnings(plan, limits, len(by_deck))


def _usable(card: PlanCard) -> bool:
    return (
        card.stability is not None
        and card.difficulty is not None
        and card.last_day is not None
        and card.due_day is not None
    )


def _introduction_days(
    unseen: dict[str, list[PlanCard]],
    today: int,
    exam_day: int,
    room_today: int,
    per_day: int,
    deck_room_today: dict[str, int],
    deck_per_day: dict[str, int],
) -> dict[str, tuple[Counter[int], int]]:
    """Per deck: how many of its new cards are introduced on each day before the exam,
    and how many are not introduced by then. As the queue does: decks take turns (the
    one with fewest new cards that day first), each in its own order and under its own
    limit, all within the profile's daily limit, and one card per fact a day."""
    days: dict[str, Counter[int]] = {deck: Counter() for deck in unseen}
    waiting = {
        deck: [(index, card.fact) for index, card in enumerate(cards)]
        for deck, cards in unseen.items()
    }
    day = today
    while any(waiting.values()) and day < exam_day:
        room = room_today if day == today else per_day
        if room <= 0 and day > today:
            break
        limit = deck_room_today if day == today else deck_per_day
        taken: dict[str, set[int]] = {deck: set() for deck in waiting}
        facts: dict[str, set[str]] = {deck: set() for deck in waiting}
        cursor = dict.fromkeys(waiting, 0)
        total, progressed = 0, True
        while total < room and progressed:
            progressed = False
            for deck in sorted(waiting, key=lambda d: len(taken[d])):
                queue = waiting[deck]
                if total >= room or len(taken[deck]) >= limit[deck]:
                    continue
                while cursor[deck] < len(queue):
                    index, fact = queue[cursor[deck]]
                    cursor[deck] += 1
                    if fact is None or fact not in facts[deck]:
                        taken[deck].add(index)
                        if fact is not None:
                            facts[deck].add(fact)
                        total += 1
                        progressed = True
                        break
        for deck, indexes in taken.items():
            if indexes:
                days[deck][day] += len(indexes)
                waiting[deck] = [item for item in waiting[deck] if item[0] not in indexes]
        day += 1
    return {deck: (days[deck], len(waiting[deck])) for deck in unseen}


def _curve_days(today: int, exam_day: int) -> list[int]:
    span = exam_day - today
    if span <= 0:
        return [exam_day]
    points = min(CURVE_POINTS, span)
    return sorted({today + round(span * (i + 1) / points) for i in range(points)})


def _with_warnings(plan: ExamPlan, limits: Limits, decks: int) -> ExamPlan:
    warnings = []
    if plan.days_left == 0:
        warnings.append("the exam is today: nothing left to plan")
    if plan.unseen_on_exam_day:
        warnings.append(
            f"with the current limits (about {limits.new_per_deck} new cards a day per deck, one "
            f"card of a fact a day), {plan.unseen_on_exam_day:.0f} cards will still be "
            "unseen on exam day"
        )
    if plan.new_per_day_needed is None and plan.unseen:
        warnings.append(
            f"fewer than {plan.lead_days} days are left: the {plan.unseen} unseen cards "
            f"cannot all be introduced {plan.lead_days} days before the exam"
        )
    elif plan.new_per_day_needed and plan.new_per_day_needed > (
        limits.new_per_day if limits.new_per_day is not None else limits.new_per_deck * decks
    ):
        allowed = (
            f"{limits.new_per_day} a day for all decks"
            if limits.new_per_day is not None
            else f"{limits.new_per_deck} per deck, {decks} decks"
        )
        warnings.append(
            f"the plan needs {plan.new_per_day_needed} new cards a day, more than the "
            f"limit allows ({allowed}): raise it in the settings"
        )
    peak = plan.peak
    if limits.review_limit is not None and peak is not None and peak.total > limits.review_limit:
        warnings.append(
            f"the plan peaks at {peak.total:.0f} cards on {peak.day.isoformat()}, above "
            f"the review limit of {limits.review_limit}"
        )
    if plan.predicted_recall < plan.exam.target:
        warnings.append(
            f"predicted recall {plan.predicted_recall:.0%} is below the target "
            f"{plan.exam.target:.0%}"
        )
    from dataclasses import replace

    return replace(plan, warnings=warnings)


# ------------------------------------------------------------- from a store


def plan_cards(connection: Any, exam: Exam, settings: SchedulerSettings) -> list[PlanCard]:
    """The active cards of the exam's decks, new ones in introduction order."""
    of_ms = StudyDays(settings).of_ms
    where = "removed_at IS NULL AND suspended = 0"
    if exam.decks:
        where += f" AND deck IN ({', '.join('?' * len(exam.decks))})"
    rows = connection.execute(
        "SELECT deck, state, stability, difficulty, last_review, due, fact FROM cards "
        f"WHERE {where} ORDER BY deck, position",
        exam.decks,
    )
    return [
        PlanCard(deck, 0, fact=fact)
        if state == 0 or last_ms is None or due_ms is None or stability is None
        else PlanCard(deck, state, stability, difficulty, of_ms(last_ms), of_ms(due_ms), fact)
        for deck, state, stability, difficulty, last_ms, due_ms, fact in rows
    ]


def new_started_today(
    connection: Any, now: datetime, settings: SchedulerSettings
) -> dict[str, int]:
    """New cards answered for the first time today, per deck."""
    start = day_start(now, settings)
    rows = connection.execute(
        "SELECT deck, COUNT(*) FROM reviews WHERE reviewed_at >= ? AND undone_at IS NULL "
        "AND state_before = 0 GROUP BY deck",
        ((start - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(milliseconds=1),),
    )
    return {str(deck): int(count) for deck, count in rows}


def plans(
    store: Store, now: datetime, *, lead_days: int = LEAD_DAYS, seed: int = 0
) -> list[ExamPlan]:
    """The plan of every exam still ahead, soonest first (none without exams)."""
    settings = store.settings
    today = study_day(now, settings)
    parameters = fitted_parameters(store)
    result = []
    with store.guard():
        new_today = new_started_today(store.connection, now, settings)
        for exam in upcoming(load_exams(store), day_of(today)):
            cards = plan_cards(store.connection, exam, settings)
            result.append(
                plan_exam(
                    cards,
                    exam,
                    today,
                    settings,
                    parameters=parameters,
                    new_today=new_today,
                    lead_days=lead_days,
                    seed=seed,
                )
            )
    return result


__all__ = [
    "LEAD_DAYS",
    "DayLoad",
    "DeckForecast",
    "ExamPlan",
    "Limits",
    "PlanCard",
    "StudentModel",
    "introductions",
    "new_started_today",
    "plan_cards",
    "plan_exam",
    "plans",
]
