"""The scheduler wraps fsrs faithfully and defines the study day (04:00 local)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import fsrs
import pytest

from studykit.study.scheduling import (
    CardState,
    Rating,
    Scheduler,
    SchedulerSettings,
    SettingsError,
    day_start,
    format_interval,
    next_day_start,
    study_date,
)

START = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)
SEQUENCE = [
    Rating.GOOD,
    Rating.GOOD,
    Rating.GOOD,
    Rating.AGAIN,
    Rating.HARD,
    Rating.GOOD,
    Rating.EASY,
    Rating.HARD,
    Rating.GOOD,
]
NO_FUZZ = SchedulerSettings(enable_fuzzing=False)


def _answer_times(scheduler: Scheduler, ratings: list[Rating]) -> list[tuple[Rating, datetime]]:
    """Answers given at each due time (two hours late, to vary elapsed time)."""
    state = CardState(card_id=7)
    moment = START
    answers = []
    for rating in ratings:
        answers.append((rating, moment))
        state = scheduler.review(state, rating, moment)
        assert state.due is not None
        moment = state.due + timedelta(hours=2)
    return answers


def test_intervals_equal_what_fsrs_gives_directly() -> None:
    ours = Scheduler(NO_FUZZ)
    theirs = fsrs.Scheduler(enable_fuzzing=False)
    state = CardState(card_id=7)
    card = fsrs.Card(card_id=7, due=START)
    for rating, moment in _answer_times(ours, SEQUENCE):
        state = ours.review(state, rating, moment)
        card, _ = theirs.review_card(card, fsrs.Rating(int(rating)), moment)
        assert state.due == card.due
        assert state.last_review == card.last_review == moment
        assert state.stability == card.stability
        assert state.difficulty == card.difficulty
        assert state.state == ("learning", "review", "relearning")[int(card.state) - 1]
        assert state.step == card.step
    assert state.reps == len(SEQUENCE)
    assert state.lapses == 1  # the one Again while in review


def test_known_sequence_gives_the_expected_shape() -> None:
    """Learning steps of 1 and 10 minutes, relearning 10 minutes, then days."""
    scheduler = Scheduler(NO_FUZZ)
    new = CardState(card_id=1)
    labels = {r: format_interval(d) for r, d in scheduler.preview(new, START).items()}
    assert labels[Rating.AGAIN] == "1m"
    assert labels[Rating.GOOD] == "10m"
    after_good = scheduler.review(new, Rating.GOOD, START)
    assert after_good.state == "learning"
    assert after_good.due == START + timedelta(minutes=10)
    in_review = scheduler.review(after_good, Rating.GOOD, after_good.due)
    assert in_review.state == "review"
    assert in_review.due is not None
    assert in_review.due - after_good.due >= timedelta(days=1)
    lapsed = scheduler.review(in_review, Rating.AGAIN, in_review.due)
    assert lapsed.state == "relearning"
    assert lapsed.due == in_review.due + timedelta(minutes=10)


def test_preview_equals_the_review_each_rating_would_give() -> None:
    scheduler = Scheduler(NO_FUZZ)
    state = CardState(card_id=3)
    moment = START
    for rating in SEQUENCE:
        preview = scheduler.preview(state, moment)
        for option in Rating:
            outcome = scheduler.review(state, option, moment)
            assert outcome.due is not None
            assert preview[option] == outcome.due - moment
        state = scheduler.review(state, rating, moment)
        assert state.due is not None
        moment = state.due


def test_fuzzed_review_stays_near_the_unfuzzed_interval() -> None:
    fuzzed, exact = Scheduler(SchedulerSettings()), Scheduler(NO_FUZZ)
    state = CardState(card_id=5)
    for rating, moment in _answer_times(exact, [Rating.GOOD] * 5):
        planned = exact.review(state, rating, moment)
        got = fuzzed.review(state, rating, moment)
        assert planned.due is not None
        assert got.due is not None
        days = (planned.due - moment) / timedelta(days=1)
        assert (
            abs((got.due - planned.due) / timedelta(days=1)) <= days * 0.25 + 2
        )  # fsrs fuzz: a few percent, plus rounding
        assert got.stability == planned.stability  # fuzz moves the date, not the memory
        state = planned


def test_reschedule_uses_the_log_like_replaying_it() -> None:
    scheduler = Scheduler(NO_FUZZ)
    answers = _answer_times(scheduler, SEQUENCE)
    replayed = CardState(card_id=7)
    for rating, moment in answers:
        replayed = scheduler.review(replayed, rating, moment)
    rebuilt = scheduler.reschedule(7, list(reversed(answers)), lapses=replayed.lapses)
    assert rebuilt == replayed
    assert scheduler.reschedule(7, []) == CardState(card_id=7)


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        Scheduler().review(CardState(card_id=1), Rating.GOOD, datetime(2025, 3, 10, 12))


def test_other_zones_are_converted_to_utc() -> None:
    scheduler = Scheduler(NO_FUZZ)
    berlin_noon = START.astimezone(timezone(timedelta(hours=1)))
    state = scheduler.review(CardState(card_id=1), Rating.GOOD, berlin_noon)
    assert state.due == START + timedelta(minutes=10)
    assert state.due is not None
    assert state.due.tzinfo is UTC


@pytest.mark.parametrize(
    ("delta", "label"),
    [
        (timedelta(seconds=30), "30s"),
        (timedelta(minutes=1), "1m"),
        (timedelta(minutes=5, seconds=30), "6m"),
        (timedelta(minutes=10), "10m"),
        (timedelta(hours=2), "2h"),
        (timedelta(hours=1, minutes=30), "1.5h"),
        (timedelta(days=1), "1d"),
        (timedelta(days=3), "3d"),
        (timedelta(days=63), "2.1mo"),
        (timedelta(days=438), "1.2y"),
    ],
)
def test_format_interval(delta: timedelta, label: str) -> None:
    assert format_interval(delta) == label


BERLIN = SchedulerSettings(timezone="Europe/Berlin")


@pytest.mark.parametrize(
    ("moment", "expected_day", "expected_start"),
    [
        # 03:59 in Berlin (UTC+1) still belongs to the day before
        (datetime(2025, 3, 10, 2, 59, tzinfo=UTC), date(2025, 3, 9), datetime(2025, 3, 9, 3)),
        # 04:00 in Berlin starts the new day
        (datetime(2025, 3, 10, 3, 0, tzinfo=UTC), date(2025, 3, 10), datetime(2025, 3, 10, 3)),
        (datetime(2025, 3, 10, 22, 0, tzinfo=UTC), date(2025, 3, 10), datetime(2025, 3, 10, 3)),
        # after the switch to summer time (30 March), 04:00 in Berlin is 02:00 UTC
        (datetime(2025, 3, 31, 1, 59, tzinfo=UTC), date(2025, 3, 30), datetime(2025, 3, 30, 2)),
        (datetime(2025, 3, 31, 2, 0, tzinfo=UTC), date(2025, 3, 31), datetime(2025, 3, 31, 2)),
    ],
)
def test_study_day_starts_at_four_local_time(
    moment: datetime, expected_day: date, expected_start: datetime
) -> None:
    assert study_date(moment, BERLIN) == expected_day
    assert day_start(moment, BERLIN) == expected_start.replace(tzinfo=UTC)
    assert next_day_start(moment, BERLIN) > moment >= day_start(moment, BERLIN)


def test_day_across_the_summer_time_switch_is_23_hours() -> None:
    moment = datetime(2025, 3, 29, 12, tzinfo=UTC)
    assert next_day_start(moment, BERLIN) - day_start(moment, BERLIN) == timedelta(hours=23)


def test_day_start_hour_is_configurable() -> None:
    midnight = SchedulerSettings(timezone="UTC", day_start_hour=0)
    assert day_start(datetime(2025, 3, 10, 0, 30, tzinfo=UTC), midnight) == datetime(
        2025, 3, 10, tzinfo=UTC
    )


def test_bad_settings_are_all_reported() -> None:
    with pytest.raises(SettingsError) as caught:
        SchedulerSettings(
            desired_retention=1.5, day_start_hour=25, new_per_day=-1, timezone="Mars/Olympus"
        )
    message = str(caught.value)
    for part in ("desired_retention", "day_start_hour", "new_per_day", "Mars/Olympus"):
        assert part in message


def test_settings_round_trip_through_json() -> None:
    settings = SchedulerSettings(
        desired_retention=0.85,
        learning_steps=(timedelta(minutes=2),),
        enable_fuzzing=False,
        new_per_day=7,
        timezone="Asia/Shanghai",
    )
    assert SchedulerSettings.from_json(settings.to_json()) == settings
    assert SchedulerSettings.from_json('{"new_per_day": 3, "from_the_future": 1}').new_per_day == 3
