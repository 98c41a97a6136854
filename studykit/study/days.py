"""The study day: it starts at a local hour (04:00 by default, as in Anki), not at midnight.

The scheduler, the queue, statistics, the optimizer and the planner all count days
here (`study_date`, `study_day` as an ordinal, `StudyDays` for many log times).

Everything is stored in UTC; only these functions look at local time, in the zone the
settings name or else the system's, with daylight-saving changes respected. A day
whose start hour does not exist (it falls in a spring-forward gap) starts when the
clock jumps past it, so `day_start(now) <= now < next_day_start(now)` always holds.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import cache
from typing import Protocol


class DaySettings(Protocol):
    """What the calendar needs from `SchedulerSettings`."""

    @property
    def day_start_hour(self) -> int: ...

    def local_zone(self) -> tzinfo | None: ...


@cache
def zone(name: str) -> tzinfo:
    """The IANA zone `name` (raises for an unknown one)."""
    from zoneinfo import ZoneInfo

    return ZoneInfo(name)


def as_utc(moment: datetime) -> datetime:
    """`moment` in UTC; naive datetimes are refused (their zone would be a guess)."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"a timezone-aware datetime is needed, got naive {moment.isoformat()}")
    if moment.tzinfo is UTC:
        return moment
    return moment.astimezone(UTC)


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
QUARTER_HOUR_MS = 900_000
"""Every zone's offset is a multiple of this, so a study day starts on one of them."""
_MS = timedelta(milliseconds=1)


def to_ms(moment: datetime) -> int:
    """A UTC-aware datetime as integer epoch milliseconds (how the store keeps time)."""
    return (as_utc(moment) - EPOCH) // _MS


def from_ms(ms: int) -> datetime:
    """Epoch milliseconds back to a UTC-aware datetime."""
    return EPOCH + timedelta(milliseconds=ms)


def study_date(now: datetime, settings: DaySettings) -> date:
    """The calendar date of the study day containing `now`."""
    local = _wall(as_utc(now), settings.local_zone())
    if local.hour < settings.day_start_hour:
        return local.date() - timedelta(days=1)
    return local.date()


def day_start(now: datetime, settings: DaySettings) -> datetime:
    """Start of the study day containing `now`, as a UTC-aware datetime."""
    return date_start(study_date(now, settings), settings)


def next_day_start(now: datetime, settings: DaySettings) -> datetime:
    """Start of the study day after the one containing `now` (UTC); "due today" is before it."""
    return date_start(study_date(now, settings) + timedelta(days=1), settings)


def date_start(day: date, settings: DaySettings) -> datetime:
    """The first moment (UTC) whose local time is at or past the start hour of `day`."""
    target = datetime.combine(day, time(settings.day_start_hour))
    where = settings.local_zone()
    guess = (target.astimezone() if where is None else target.replace(tzinfo=where)).astimezone(UTC)
    if _wall(guess, where) == target and _wall(guess - timedelta(hours=1), where) < target:
        return guess
    # the hour is skipped (a spring-forward gap) or repeated: search for the first
    # moment at or past it; local offsets lie within a day of UTC
    low = target.replace(tzinfo=UTC) - timedelta(hours=26)
    high = target.replace(tzinfo=UTC) + timedelta(hours=26)
    while high - low > timedelta(seconds=1):
        middle = low + (high - low) / 2
        if _wall(middle, where) >= target:
            high = middle
        else:
            low = middle
    return high.replace(microsecond=0)


def _wall(moment: datetime, where: tzinfo | None) -> datetime:
    """The local wall-clock time of a UTC moment, without zone."""
    return (moment.astimezone() if where is None else moment.astimezone(where)).replace(tzinfo=None)


class DayNumbers:
    """Study-day numbers of epoch-millisecond times, cached per quarter hour.

    Replaying a long review log asks for the day of every answer; every zone's offset
    is a multiple of 15 minutes, so one conversion per quarter hour is enough.
    """

    __slots__ = ("known", "settings")

    def __init__(self, settings: DaySettings) -> None:
        self.settings = settings
        self.known: dict[int, int] = {}
        """Quarter hour (epoch ms // `QUARTER_HOUR_MS`) -> study day, as computed so far."""

    def day(self, ms: int) -> int:
        """The study day containing `ms` as a proleptic ordinal (`date.toordinal`)."""
        bucket = ms // QUARTER_HOUR_MS
        found = self.known.get(bucket)
        if found is None:
            found = study_date(from_ms(bucket * QUARTER_HOUR_MS), self.settings).toordinal()
            self.known[bucket] = found
        return found

    of_ms = day


StudyDays = DayNumbers
"""The name the optimizer and the planner use."""


def study_day(moment: datetime, settings: DaySettings) -> int:
    """The study day containing `moment`, as a date ordinal (`date.toordinal`)."""
    return study_date(as_utc(moment), settings).toordinal()


def day_of(ordinal: int) -> date:
    """The calendar date of a study-day ordinal."""
    return date.fromordinal(ordinal)


__all__ = [
    "QUARTER_HOUR_MS",
    "DayNumbers",
    "DaySettings",
    "StudyDays",
    "as_utc",
    "date_start",
    "day_of",
    "day_start",
    "from_ms",
    "next_day_start",
    "study_date",
    "study_day",
    "to_ms",
    "zone",
]
