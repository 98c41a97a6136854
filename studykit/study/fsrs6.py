"""The FSRS-6 memory model, counted in study days: one answer's effect on a card.

The formulas and the state machine are those of py-fsrs 6.3.2 (`fsrs.Scheduler.
review_card`), with two differences that are the point of this module:

- elapsed time is a whole number of *study days* given by the caller (the day-start
  hour defines a day, as in Anki), not the 24-hour periods py-fsrs counts from the
  exact review times, so an answer a few minutes "early" on the next study day still
  takes the long-term path, and a second answer on the same study day the short-term
  one;
- a review interval comes back unrounded, so the caller can fuzz it the way Anki does
  (`studykit.study.fuzz`).

Why not call py-fsrs: it can only count 24-hour periods, and rebuilding a store replays
every answer ever given (1,000,000 at scale); this step costs about 2 µs against about
10 µs for `review_card`. `tests/test_memory.py` checks both give the same stability,
difficulty, state, step and interval on thousands of random answers.
"""

from __future__ import annotations

import math
from datetime import timedelta
from typing import NamedTuple

DEFAULT_PARAMETERS: tuple[float, ...] = (
    0.212,
    1.2931,
    2.3065,
    8.2956,
    6.4133,
    0.8334,
    3.0194,
    0.001,
    1.8722,
    0.1666,
    0.796,
    1.4835,
    0.0614,
    0.2629,
    1.6483,
    0.6014,
    1.8729,
    0.5425,
    0.0912,
    0.0658,
    0.1542,
)
"""FSRS-6 default weights (`fsrs.DEFAULT_PARAMETERS` of py-fsrs 6.3.2)."""
STABILITY_MIN = 0.001
MIN_DIFFICULTY, MAX_DIFFICULTY = 1.0, 10.0
NEW, LEARNING, REVIEW, RELEARNING = range(4)
AGAIN, HARD, GOOD, EASY = range(1, 5)


class Step(NamedTuple):
    """The memory after one answer, and how long until the card comes back.

    Exactly one of `days` (a review interval, unrounded) and `wait` (a learning or
    relearning step) is set. A tuple: a replay makes a million of them.
    """

    state: int
    step: int | None
    stability: float
    difficulty: float
    days: float | None
    wait: timedelta | None


class Model:
    """FSRS-6 with fixed weights, desired retention and (re)learning steps."""

    __slots__ = (
        "_decay",
        "_delta",
        "_e_w8",
        "_easy_difficulty",
        "_easy_part",
        "_factor",
        "_retention_term",
        "_short_forget",
        "learning_steps",
        "relearning_steps",
        "w",
    )

    def __init__(
        self,
        desired_retention: float,
        learning_steps: tuple[timedelta, ...],
        relearning_steps: tuple[timedelta, ...],
        parameters: tuple[float, ...] = DEFAULT_PARAMETERS,
    ) -> None:
        self.w = parameters
        self.learning_steps = learning_steps
        self.relearning_steps = relearning_steps
        self._decay: float = -parameters[20]
        self._factor: float = 0.9 ** (1 / self._decay) - 1
        self._retention_term: float = desired_retention ** (1 / self._decay) - 1
        self._easy_difficulty = self._initial_difficulty(EASY)
        self._easy_part = parameters[7] * self._easy_difficulty
        self._e_w8 = math.e ** parameters[8]
        self._short_forget = math.e ** (parameters[17] * parameters[18])
        self._delta = (0.0, *(-(parameters[6] * (rating - 3)) for rating in (1, 2, 3, 4)))

    def interval(self, stability: float) -> float:
        """Days until recall falls to the desired retention (unrounded)."""
        return stability / self._factor * self._retention_term  # py-fsrs's order: same bits

    def retrievability(self, stability: float, elapsed_days: int) -> float:
        """Probability of recall after `elapsed_days` study days."""
        return float((1 + self._factor * max(0, elapsed_days) / stability) ** self._decay)

    def answer(
        self,
        state: int,
        step: int | None,
        stability: float | None,
        difficulty: float | None,
        elapsed_days: int | None,
        rating: int,
    ) -> Step:
        """The card after `rating`; `elapsed_days` is None for a card never answered.

        Written out in one function (same operations in the same order as py-fsrs, so
        the same bits): a rebuild runs it once per answer ever given.
        """
        if state == NEW or stability is None or difficulty is None:
            s, d = self._initial(rating)
            return self._next(LEARNING, 0, s, d, rating)
        w = self.w
        if elapsed_days is not None and elapsed_days < 1:
            increase = math.e ** (w[17] * (rating - 3 + w[18])) * stability ** -w[19]
            if rating != AGAIN and increase < 1.0:
                increase = 1.0
            s = stability * increase
        else:
            elapsed = elapsed_days if elapsed_days is not None and elapsed_days > 0 else 0
            r = (1 + self._factor * elapsed / stability) ** self._decay
            if rating == AGAIN:
                long_term = (
                    w[11]
                    * difficulty ** -w[12]
                    * ((stability + 1) ** w[13] - 1)
                    * math.e ** ((1 - r) * w[14])
                )
                short_term = stability / self._short_forget
                s = long_term if long_term < short_term else short_term
            else:
                hard_penalty = w[15] if rating == HARD else 1
                easy_bonus = w[16] if rating == EASY else 1
                s = stability * (
                    1
                    + self._e_w8
                    * (11 - difficulty)
                    * stability ** -w[9]
                    * ((math.e ** ((1 - r) * w[10])) - 1)
                    * hard_penalty
                    * easy_bonus
                )
        if s < STABILITY_MIN:
            s = STABILITY_MIN
        damped = difficulty + (10.0 - difficulty) * self._delta[rating] / 9.0
        d = self._easy_part + (1 - w[7]) * damped
        d = MIN_DIFFICULTY if d < MIN_DIFFICULTY else MAX_DIFFICULTY if d > MAX_DIFFICULTY else d
        if state == REVIEW and (rating != AGAIN or not self.relearning_steps):
            return Step(REVIEW, None, s, d, s / self._factor * self._retention_term, None)
        return self._next(state, step, s, d, rating)

    def _next(self, state: int, step: int | None, s: float, d: float, rating: int) -> Step:
        if state == REVIEW:
            if rating == AGAIN and self.relearning_steps:
                return Step(RELEARNING, 0, s, d, None, self.relearning_steps[0])
            return Step(REVIEW, None, s, d, self.interval(s), None)
        steps = self.learning_steps if state == LEARNING else self.relearning_steps
        step = step or 0
        graduate = Step(REVIEW, None, s, d, self.interval(s), None)
        if not steps or (step >= len(steps) and rating != AGAIN):
            return graduate
        if rating == AGAIN:
            return Step(state, 0, s, d, None, steps[0])
        if rating == HARD:
            if step == 0:
                wait = steps[0] * 1.5 if len(steps) == 1 else (steps[0] + steps[1]) / 2.0
            else:
                wait = steps[step]
            return Step(state, step, s, d, None, wait)
        if rating == GOOD and step + 1 < len(steps):
            return Step(state, step + 1, s, d, None, steps[step + 1])
        return graduate

    def _initial(self, rating: int) -> tuple[float, float]:
        w = self.w
        s = max(w[rating - 1], STABILITY_MIN)
        return s, _clamp(self._initial_difficulty(rating))

    def _initial_difficulty(self, rating: int) -> float:
        w = self.w
        return float(w[4] - math.e ** (w[5] * (rating - 1)) + 1)


def _clamp(difficulty: float) -> float:
    return min(max(difficulty, MIN_DIFFICULTY), MAX_DIFFICULTY)


__all__ = ["DEFAULT_PARAMETERS", "Model", "Step"]
