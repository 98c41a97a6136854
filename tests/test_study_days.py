"""Study-day numbers for the optimizer and the planner: cached per quarter hour, exact."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from studykit.study.days import StudyDays, study_day
from studykit.study.scheduling import SchedulerSettings, study_date


@pytest.mark.parametrize("zone", ["Asia/Kathmandu", "Europe/Berlin", "America/St_Johns"])
def test_cached_study_days_equal_the_schedulers_study_date(zone: str) -> None:
    settings = SchedulerSettings(timezone=zone, day_start_hour=4)
    days = StudyDays(settings)
    rng = random.Random(1)
    start = datetime(2025, 1, 1, tzinfo=UTC)
    for _ in range(3000):  # a year of random moments, DST changes included
        moment = start + timedelta(seconds=rng.randrange(366 * 86400))
        ms = int(moment.timestamp() * 1000)
        assert days.of_ms(ms) == study_date(moment, settings).toordinal()
        assert study_day(moment, settings) == days.of_ms(ms)
