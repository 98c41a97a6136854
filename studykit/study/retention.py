"""A suggested desired retention, and the daily workload each choice implies.

fsrs-rs's `optimal_retention` finds the retention that costs the least study time per
card remembered, by simulating the student (their parameters, their decks' size and
new-card limit) for a year; `simulate` gives the reviews per day of a few choices,
so the student sees what a higher or lower retention would cost. The simulation is
capped at `SIMULATED_CARDS` cards (the per-day limit scaled alike) to stay quick;
reviews per day are scaled back to the real deck size.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from studykit.study.memory import DEFAULT_PARAMETERS

CHOICES: tuple[float, ...] = (0.80, 0.85, 0.90, 0.95)
SIMULATED_CARDS = 1000
DAYS = 365
SEED = 42


@dataclass(frozen=True, slots=True)
class RetentionChoice:
    retention: float
    reviews_per_day: float
    """Mean reviews per day over a year of study."""
    remembered: float
    """Share of the cards remembered after that year."""


@dataclass(frozen=True, slots=True)
class RetentionAdvice:
    optimal: float
    """Least study time per card remembered (fsrs-rs `optimal_retention`)."""
    choices: list[RetentionChoice]

    def to_json(self) -> dict[str, Any]:
        return {
            "optimal": round(self.optimal, 2),
            "choices": [
                {
                    "retention": c.retention,
                    "reviews_per_day": round(c.reviews_per_day, 1),
                    "remembered": round(c.remembered, 3),
                }
                for c in self.choices
            ],
        }


def suggest_retention(
    parameters: Sequence[float] | None,
    cards: int,
    new_per_day: int,
    current: float,
) -> RetentionAdvice:
    """Advice for a collection of `cards` cards introduced `new_per_day` a day."""
    import fsrs_rs_python

    weights = list(parameters or DEFAULT_PARAMETERS)
    simulated = max(1, min(cards, SIMULATED_CARDS))
    scale = cards / simulated if cards else 1.0
    config = fsrs_rs_python.default_simulator_config()
    config.deck_size = simulated
    config.learn_span = DAYS
    config.learn_limit = max(1, round(new_per_day / scale))
    config.review_limit = 1_000_000
    config.max_cost_perday = 1e9
    optimal = float(fsrs_rs_python.optimal_retention(config, weights))
    choices = []
    for retention in sorted({*CHOICES, round(current, 2)}):
        result = fsrs_rs_python.simulate(weights, retention, config, SEED)
        choices.append(
            RetentionChoice(
                retention=retention,
                reviews_per_day=sum(result.review_cnt_per_day) / DAYS * scale,
                remembered=result.memorized_cnt_per_day[-1] / simulated,
            )
        )
    return RetentionAdvice(optimal, choices)


__all__ = ["CHOICES", "RetentionAdvice", "RetentionChoice", "suggest_retention"]
