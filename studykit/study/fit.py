"""The record of the last parameter fit, kept in the profile's settings table.

`studykit optimize` writes it (key `fsrs_fit`); the store reads the adopted
parameters from it when it builds its scheduler. Kept apart from the optimizer so
opening a store never imports the fitting code.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field
from typing import Any

from studykit.study.exams import SettingsTable

FIT_KEY = "fsrs_fit"
PARAMETER_COUNT = 21
"""FSRS-6 has 21 parameters."""
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
    if len(parameters) != PARAMETER_COUNT or not all(math.isfinite(v) for v in parameters):
        raise ValueError("not a set of FSRS-6 parameters")
    return parameters


def fitted_parameters(table: SettingsTable) -> tuple[float, ...] | None:
    """The parameters in use after the last fit, or None to use FSRS's defaults."""
    record = load_fit(table)
    return None if record is None else record.in_use


def save_fit(table: SettingsTable, record: FitRecord) -> None:
    table.set_setting(FIT_KEY, record.to_json())


__all__ = [
    "FIT_KEY",
    "REFIT_AFTER_REVIEWS",
    "FitRecord",
    "fitted_parameters",
    "load_fit",
    "save_fit",
]
