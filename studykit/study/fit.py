"""The record of the last parameter fit, kept in the profile's settings table.

`studykit optimize` writes it (key `fsrs_fit`); the store reads the adopted
parameters from it when it builds its scheduler. Kept apart from the optimizer so
opening a store never imports the fitting code.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from studykit.study.exams import SettingsTable

FIT_KEY = "fsrs_fit"
PARAMETER_COUNT = 21
"""FSRS-6 has 21 parameters."""
LOWER_BOUNDS: tuple[float, ...] = (
    *(0.001,) * 4,
    *(1.0, 0.001, 0.001, 0.001, 0.0, 0.0, 0.001, 0.001, 0.001, 0.001, 0.0, 0.0),
    *(1.0, 0.0, 0.0, 0.0, 0.1),
)
UPPER_BOUNDS: tuple[float, ...] = (
    *(100.0,) * 4,
    *(10.0, 4.0, 4.0, 0.75, 4.5, 0.8, 3.5, 5.0, 0.25, 0.9, 4.0, 1.0),
    *(6.0, 2.0, 2.0, 0.8, 0.8),
)
"""FSRS-6's parameter ranges (as `fsrs` checks them and fsrs-rs clamps them)."""
REFIT_AFTER_REVIEWS = 1000
"""A new fit is offered once this many reviews were added since the last one."""


@dataclass(frozen=True, slots=True)
class FitRecord:
    """What the last `optimize` found, and whether its parameters are in use."""

    fitted_at: str
    """ISO 8601 UTC time of the fit."""
    reviews: int
    """Reviews in the log when it was fitted (undone answers excluded)."""
    adopted: bool
    """Whether this fit's parameters replaced the ones in use."""
    fitted: tuple[float, ...]
    """The parameters this fit found."""
    in_use: tuple[float, ...] | None
    """The parameters the scheduler uses since: `fitted` if adopted, else the earlier
    ones (None: FSRS's defaults)."""
    figures: dict[str, Any] = field(default_factory=dict)
    """Log loss and RMSE of fitted and previous parameters, and how they were split."""

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)


def load_fit(table: SettingsTable) -> FitRecord | None:
    """The last fit, or None (never fitted, or the saved record is unreadable)."""
    text = table.get_setting(FIT_KEY)
    if not text:
        return None
    try:
        data = json.loads(text)
        record = FitRecord(
            fitted_at=str(data["fitted_at"]),
            reviews=int(data["reviews"]),
            adopted=bool(data["adopted"]),
            fitted=_parameters(data["fitted"]),
            in_use=None if data["in_use"] is None else _parameters(data["in_use"]),
            figures=dict(data.get("figures", {})),
        )
    except (ValueError, TypeError, KeyError):
        return None
    return record


def _parameters(values: Any) -> tuple[float, ...]:
    parameters = tuple(float(value) for value in values)
    if len(parameters) != PARAMETER_COUNT or not all(
        math.isfinite(value) and low <= value <= high
        for value, low, high in zip(parameters, LOWER_BOUNDS, UPPER_BOUNDS, strict=True)
    ):
        raise ValueError("not a set of FSRS-6 parameters")
    return parameters


def within_bounds(values: Any) -> tuple[float, ...]:
    """`values` rounded to 6 decimals and clamped into FSRS-6's ranges (fsrs-rs works in
    32-bit floats, so a parameter at a bound can come back a hair beyond it)."""
    return tuple(
        min(max(round(float(value), 6), low), high)
        for value, low, high in zip(values, LOWER_BOUNDS, UPPER_BOUNDS, strict=True)
    )


def fitted_parameters(table: SettingsTable) -> tuple[float, ...] | None:
    """The parameters in use after the last fit, or None to use FSRS's defaults."""
    record = load_fit(table)
    return None if record is None else record.in_use


def save_fit(table: SettingsTable, record: FitRecord) -> None:
    table.set_setting(FIT_KEY, record.to_json())


__all__ = [
    "FIT_KEY",
    "LOWER_BOUNDS",
    "REFIT_AFTER_REVIEWS",
    "UPPER_BOUNDS",
    "FitRecord",
    "fitted_parameters",
    "load_fit",
    "save_fit",
    "within_bounds",
]
