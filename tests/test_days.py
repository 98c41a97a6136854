"""Study days across daylight-saving changes, in a named zone and in the system's."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from store_fixtures import make_cards, open_store

from studykit.study.days import DayNumbers, date_start, day_start, next_day_start, study_date
from studykit.study.scheduling import Rating, SchedulerSettings
from studykit.study.store import to_ms


@pytest.fixture
def new_york_system_zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The system time zone set to New York (spring forward 9 March 2025 at 02:00)."""
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def _minutes(start: datetime, hours: int) -> Iterator[datetime]:
    for minute in range(0, hours * 60, 5):
        yield start + timedelta(minutes=minute)


@pytest.mark.parametrize("zone", [None, "America/New_York"])
@pytest.mark.usefixtures("new_york_system_zone")
def test_every_moment_lies_in_its_study_day_across_spring_forward(zone: str | None) -> None:
    settings = SchedulerSettings(day_start_hour=2, timezone=zone)  # 02:00 does not exist
    for moment in _minutes(datetime(2025, 3, 8, tzinfo=UTC), 72):
        assert day_start(moment, settings) <= moment < next_day_start(moment, settings)
    # the day of the gap starts when the clock jumps from 01:59:59 EST to 03:00 EDT
    assert date_start(datetime(2025, 3, 9).date(), settings) == datetime(2025, 3, 9, 7, tzinfo=UTC)


@pytest.mark.parametrize("zone", [None, "America/New_York"])
@pytest.mark.usefixtures("new_york_system_zone")
def test_a_repeated_hour_starts_the_day_at_its_first_occurrence(zone: str | None) -> None:
    settings = SchedulerSettings(day_start_hour=1, timezone=zone)  # 01:00 happens twice
    for moment in _minutes(datetime(2025, 11, 1, tzinfo=UTC), 72):
        assert day_start(moment, settings) <= moment < next_day_start(moment, settings)
    assert date_start(datetime(2025, 11, 2).date(), settings) == datetime(
        2025, 11, 2, 5, tzinfo=UTC
    )
    assert next_day_start(datetime(2025, 11, 2, 5, 30, tzinfo=UTC), settings) - day_start(
        datetime(2025, 11, 2, 5, 30, tzinfo=UTC), settings
    ) == timedelta(hours=25)


@pytest.mark.usefixtures("new_york_system_zone")
def test_an_overdue_card_stays_in_the_queue_through_the_gap(tmp_path: Path) -> None:
    settings = SchedulerSettings(day_start_hour=2, enable_fuzzing=False)  # system zone
    start = datetime(2025, 3, 9, 4, tzinfo=UTC)  # 23:00 EST on the 8th
    with open_store(tmp_path / "s.sqlite3", settings, make_cards("d", 1)) as store:
        store.answer("d/f00/forward", Rating.EASY, start - timedelta(days=30), 1000)
        store.connection.execute("UPDATE cards SET due = ?", (to_ms(start - timedelta(days=1)),))
        for moment in _minutes(start, 8):
            assert store.next_card(None, moment) is not None, moment


def test_day_numbers_agree_with_study_dates() -> None:
    settings = SchedulerSettings(timezone="Asia/Kolkata")  # UTC+05:30: quarter-hour offsets
    numbers = DayNumbers(settings)
    for moment in _minutes(datetime(2025, 3, 8, tzinfo=UTC), 50):
        assert numbers.day(to_ms(moment)) == study_date(moment, settings).toordinal()
