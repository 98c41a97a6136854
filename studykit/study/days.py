"""Study-day numbers: which study day a moment falls on, as an integer.

The optimizer, the planner and deadline-aware scheduling count elapsed time in
*study days* (a day starts at the profile's day-start hour, local time), as Anki
does. Every conversion goes through `study_day`, the one place to change when the
scheduler's own definition of a study day changes.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from studykit.study.scheduling import SchedulerSettings, as_utc, study_date

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_QUARTER_HOUR_MS = 900_000
"""Every time zone's offset is a multiple of 15 minutes, so a study day never starts
inside a quarter hour: conversions are cached per quarter hour."""


def study_day(moment: datetime, settings: SchedulerSettings) -> int:
    """The study day containing `moment`, as a date ordinal (`date.toordinal`)."""
    return study_date(as_utc(moment), settings).toordinal()


def day_of(ordinal: int) -> date:
    """The calendar date of a study-day ordinal."""
    return date.fromordinal(ordinal)


class StudyDays:
    """`study_day` for many epoch-millisecond times at once (the review log's format)."""

    __slots__ = ("_cache", "settings")

    def __init__(self, settings: SchedulerSettings) -> None:
        self.settings = settings
        self._cache: dict[int, int] = {}

    def of_ms(self, ms: int) -> int:
        """The study-day ordinal of an epoch-millisecond time."""
        bucket = ms // _QUARTER_HOUR_MS
        day = self._cache.get(bucket)
        if day is None:
            moment = _EPOCH + timedelta(milliseconds=bucket * _QUARTER_HOUR_MS)
            day = study_day(moment, self.settings)
            self._cache[bucket] = day
        return day


__all__ = ["StudyDays", "day_of", "study_day"]
