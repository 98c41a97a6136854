"""When a card comes back: the FSRS-6 memory model counted in study days, with Anki's fuzz.

This module translates between studykit's plain values (`CardState`, `Rating`, UTC
datetimes) and the memory model (`studykit.study.memory`), and decides dates:

- elapsed time is the number of study days between two answers (a day starts at the
  settings' local hour, `studykit.study.days`), as in Anki, so answering a little
  earlier in the day than last time still counts a whole day, and a second answer on
  the same study day takes FSRS's short-term path;
- a review interval is whole days, fuzzed deterministically per card and answer count
  (`studykit.study.fuzz`), and the card is due at the start of that study day, so
  the interval a button shows is exactly the one the answer gives;
- learning and relearning steps are exact waits (minutes).

`Scheduler.replay` is the one code path: answering a card is replaying one answer,
and `studykit doctor --rebuild` replays the whole log through it. Everything is
stored and passed in UTC; the clock is always a parameter.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import IntEnum
from typing import Any

from studykit.study.days import (
    QUARTER_HOUR_MS,
    DayNumbers,
    as_utc,
    date_start,
    day_start,
    from_ms,
    next_day_start,
    study_date,
)
from studykit.study.days import to_ms as _ms
from studykit.study.fsrs6 import Model
from studykit.study.fuzz import fuzz_factor, fuzzed_days
from studykit.study.settings import SchedulerSettings, SettingsError

STATE_NAMES: tuple[str, ...] = ("new", "learning", "review", "relearning")
"""Card states by code: 0 new (never answered), 1-3 as `fsrs.State`."""


class Rating(IntEnum):
    """The four answer buttons; values equal `fsrs.Rating` (and Anki's ease)."""

    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4


@dataclass(frozen=True, slots=True)
class CardState:
    """The scheduling state of one card (what FSRS needs, plus review counters).

    `state` is "new" until the first answer; then "learning", "review" or
    "relearning" as `fsrs.State`. All datetimes are UTC-aware.
    """

    card_id: int
    """The card's numeric id (`Card.numeric`), also the `fsrs.Card.card_id`."""
    state: str = "new"
    step: int | None = None
    stability: float | None = None
    difficulty: float | None = None
    due: datetime | None = None
    last_review: datetime | None = None
    reps: int = 0
    """Answers given so far."""
    lapses: int = 0
    """Times a review card was forgotten (rated Again)."""

    @property
    def state_code(self) -> int:
        return STATE_NAMES.index(self.state)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (datetimes as ISO 8601 UTC) for the review log."""
        return {
            "card_id": self.card_id,
            "state": self.state,
            "step": self.step,
            "stability": self.stability,
            "difficulty": self.difficulty,
            "due": self.due.isoformat() if self.due else None,
            "last_review": self.last_review.isoformat() if self.last_review else None,
            "reps": self.reps,
            "lapses": self.lapses,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CardState:
        return cls(
            card_id=int(data["card_id"]),
            state=str(data["state"]),
            step=data.get("step"),
            stability=data.get("stability"),
            difficulty=data.get("difficulty"),
            due=_parse_time(data.get("due")),
            last_review=_parse_time(data.get("last_review")),
            reps=int(data.get("reps", 0)),
            lapses=int(data.get("lapses", 0)),
        )


def _parse_time(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


class Scheduler:
    """FSRS-6 in study days, configured from `SchedulerSettings`."""

    __slots__ = ("_days", "_model", "parameters", "settings")

    def __init__(
        self,
        settings: SchedulerSettings | None = None,
        parameters: Sequence[float] | None = None,
    ) -> None:
        self.settings = settings or SchedulerSettings()
        self.parameters = tuple(parameters) if parameters is not None else None
        """FSRS parameters fitted to the student (`studykit optimize`); None: defaults."""
        self._model: Model | None = None
        self._days = DayNumbers(self.settings)

    @property
    def model(self) -> Model:
        """The memory model (made on first use: opening a store schedules nothing)."""
        if self._model is None:
            s = self.settings
            fitted = {} if self.parameters is None else {"parameters": self.parameters}
            self._model = Model(s.desired_retention, s.learning_steps, s.relearning_steps, **fitted)
        return self._model

    def review(self, state: CardState, rating: Rating, now: datetime) -> CardState:
        """The card's state after answering `rating` at `now`."""
        return self.outcome(state, rating, now)[0]

    def outcome(
        self, state: CardState, rating: Rating, now: datetime
    ) -> tuple[CardState, timedelta]:
        """The card's state after `rating` at `now`, and the interval it was given.

        The interval is whole days for a review card (it is due at the start of that
        study day) or the exact step for a (re)learning card: what the button shows.
        """
        return self.replay(state, [(int(rating), _ms(now))])

    def preview(self, state: CardState, now: datetime) -> dict[Rating, timedelta]:
        """The interval each button gives at `now` (fuzz included: labels are exact)."""
        return {rating: self.outcome(state, rating, now)[1] for rating in Rating}

    def preview_states(self, state: CardState, now: datetime) -> dict[Rating, CardState]:
        """The state each button gives at `now` (fuzz included, as the answer would)."""
        return {rating: self.outcome(state, rating, now)[0] for rating in Rating}

    def replay(
        self, start: CardState, answers: Iterable[tuple[int, int]]
    ) -> tuple[CardState, timedelta]:
        """`start` after each (rating, epoch ms) answer, in the order given.

        The order is the log's, not the clock's: an answer whose clock went backwards
        is taken as it came (its elapsed days, negative, take the same-day path).
        Returns the final state and the interval the last answer gave (zero when
        there are no answers). Answering a card is replaying one answer, and
        `studykit doctor --rebuild` replays the whole log: one code path.
        """
        model = self.model
        answer = model.answer
        day_of = self._days.day
        code = STATE_NAMES.index(start.state)
        step, stability, difficulty = start.step, start.stability, start.difficulty
        reps, lapses = start.reps, start.lapses
        last_day = None if start.last_review is None else day_of(_ms(start.last_review))
        last = None
        known_days = self._days.known
        for rating, moment_ms in answers:
            day = known_days.get(moment_ms // QUARTER_HOUR_MS) or day_of(moment_ms)
            elapsed = None if code == 0 or last_day is None else day - last_day
            after = answer(code, step, stability, difficulty, elapsed, rating)
            lapses += code == 2 and rating == 1
            last = (after, reps, moment_ms, day)
            reps += 1
            code, step, stability, difficulty = after[0], after[1], after[2], after[3]
            last_day = day
        if last is None:
            return start, timedelta(0)
        after, reps_before, moment_ms, day = last
        moment = from_ms(moment_ms)
        if after.days is not None:
            settings = self.settings
            factor = fuzz_factor(start.card_id, reps_before) if settings.enable_fuzzing else None
            days = fuzzed_days(after.days, settings.maximum_interval, factor)
            interval = timedelta(days=days)
            due = date_start(date.fromordinal(day + days), settings)
        else:
            assert after.wait is not None
            interval = after.wait
            due = moment + interval
        state = CardState(
            card_id=start.card_id,
            state=STATE_NAMES[code],
            step=step,
            stability=stability,
            difficulty=difficulty,
            due=due,
            last_review=moment,
            reps=reps,
            lapses=lapses,
        )
        return state, interval


def format_interval(delta: timedelta) -> str:
    """A short label for a button: "45s", "1m", "10m", "2h", "3d", "2.1mo", "1.2y"."""
    seconds = delta.total_seconds()
    if seconds < 60:
        return f"{max(0, round(seconds))}s"
    minutes = seconds / 60
    if minutes < 59.5:
        return f"{round(minutes)}m"
    hours = minutes / 60
    if hours < 23.95:
        return f"{_one_decimal(hours)}h"
    days = hours / 24
    if days < 29.95:
        return f"{round(days)}d"
    if days < 365:
        return f"{_one_decimal(days / 30)}mo"
    return f"{_one_decimal(days / 365)}y"


def _one_decimal(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


__all__ = [
    "STATE_NAMES",
    "CardState",
    "Rating",
    "Scheduler",
    "SchedulerSettings",
    "SettingsError",
    "as_utc",
    "date_start",
    "day_start",
    "format_interval",
    "next_day_start",
    "study_date",
]
