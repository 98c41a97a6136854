"""The FSRS memory model in whole study days, through fsrs-rs (the FSRS Anki uses).

The planner and deadline-aware scheduling ask "how likely is this card recalled on
that day?" and "what stability does a review on day t give?" for many cards, so they
use `fsrs_rs_python` (Rust, about 1 µs a step) rather than the scheduler's `fsrs`
package. Both implement FSRS-6 with the same 21 parameters; `interval_for` rounds and
clamps intervals exactly as `fsrs.Scheduler` does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from studykit.study.fsrs6 import DEFAULT_PARAMETERS

if TYPE_CHECKING:
    import fsrs_rs_python


AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4


@dataclass(frozen=True, slots=True)
class Memory:
    """A card's memory state: stability (days until recall falls to 90 %) and difficulty."""

    stability: float
    difficulty: float


class MemoryModel:
    """FSRS-6 with one parameter set, a desired retention and a maximum interval."""

    def __init__(
        self,
        parameters: Sequence[float] | None = None,
        *,
        desired_retention: float = 0.9,
        maximum_interval: int = 36500,
    ) -> None:
        self.parameters = tuple(parameters) if parameters is not None else DEFAULT_PARAMETERS
        self.desired_retention = desired_retention
        self.maximum_interval = maximum_interval
        self._decay = -self.parameters[20]
        self._factor = float(0.9 ** (1 / self._decay) - 1)
        self._interval_scale = float(desired_retention ** (1 / self._decay) - 1)

    @cached_property
    def _fsrs(self) -> fsrs_rs_python.FSRS:
        import fsrs_rs_python

        return fsrs_rs_python.FSRS(list(self.parameters))

    def retrievability(self, elapsed_days: float, stability: float) -> float:
        """Probability of recall `elapsed_days` after the last review (FSRS-6 curve)."""
        if elapsed_days <= 0:
            return 1.0
        return float((1 + self._factor * elapsed_days / stability) ** self._decay)

    def interval_for(self, stability: float) -> int:
        """Whole days until recall falls to the desired retention (as `fsrs.Scheduler`)."""
        days = round(stability / self._factor * self._interval_scale)
        return min(max(days, 1), self.maximum_interval)

    def after(self, memory: Memory | None, elapsed_days: int, rating: int) -> Memory:
        """The memory state after answering `rating` `elapsed_days` after the last review
        (0: a same-day review, FSRS's short-term update; `memory` None: a new card)."""
        import fsrs_rs_python

        current = (
            None
            if memory is None
            else fsrs_rs_python.MemoryState(memory.stability, memory.difficulty)
        )
        states = self._fsrs.next_states(current, self.desired_retention, max(0, elapsed_days))
        item = (states.again, states.hard, states.good, states.easy)[rating - 1]
        return Memory(item.memory.stability, item.memory.difficulty)


__all__ = ["AGAIN", "DEFAULT_PARAMETERS", "EASY", "GOOD", "HARD", "Memory", "MemoryModel"]
