"""Interval fuzz as Anki does it: deterministic per card and review, within Anki's ranges.

Cards learnt together would otherwise stay together for ever; a small spread breaks
the clumps. Unlike py-fsrs's fuzz (drawn from the global random generator, and able
to round one day past its own range), the spread here is a pure function of the card
and how many times it has been answered, so the interval a button shows is the
interval that answer gives, and replaying the log gives the same dates again.

Ranges and rounding follow Anki's `rslib/src/scheduler/states/fuzz.rs`: no fuzz below
2.5 days; the spread is 1 day plus 15 % of the part between 2.5 and 7 days, 10 % of
the part between 7 and 20 days and 5 % of the rest; the result is
`floor(lower + factor * (1 + upper - lower))`, so it never leaves `[lower, upper]`.
"""

from __future__ import annotations

import math

FUZZ_RANGES: tuple[tuple[float, float, float], ...] = (
    (2.5, 7.0, 0.15),
    (7.0, 20.0, 0.10),
    (20.0, math.inf, 0.05),
)
"""(start, end, factor) in days, as in Anki."""
_MASK = (1 << 64) - 1


def fuzz_factor(card_id: int, reps: int) -> float:
    """A number in [0, 1) fixed by the card and its answer count (Anki seeds with id + reps)."""
    z = (card_id + reps + 0x9E3779B97F4A7C15) & _MASK  # splitmix64: cheap and well mixed
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
    z ^= z >> 31
    return (z >> 11) / float(1 << 53)


def fuzz_bounds(interval: float, maximum: int) -> tuple[int, int]:
    """The smallest and largest fuzzed interval for an unfuzzed one, in whole days."""
    interval = min(max(interval, 1.0), float(maximum))
    if interval < 2.5:
        days = min(max(_round(interval), 1), maximum)
        return days, days
    delta = 1.0
    for start, end, factor in FUZZ_RANGES:
        delta += factor * max(min(interval, end) - start, 0.0)
    lower = min(max(_round(interval - delta), 1), maximum)
    upper = min(max(_round(interval + delta), 1), maximum)
    if upper == lower and 2 < upper < maximum:
        upper = lower + 1
    return lower, upper


def fuzzed_days(interval: float, maximum: int, factor: float | None) -> int:
    """Whole days for an FSRS interval: fuzzed by `factor`, or just rounded when None."""
    if factor is None:
        return min(max(_round(interval), 1), maximum)
    lower, upper = fuzz_bounds(interval, maximum)
    return min(lower + math.floor(factor * (1 + upper - lower)), upper)


def _round(value: float) -> int:
    """Half away from zero, as Rust's `f32::round` (Python's `round` goes to even)."""
    return math.floor(value + 0.5)


__all__ = ["FUZZ_RANGES", "fuzz_bounds", "fuzz_factor", "fuzzed_days"]
