"""The scheduler: FSRS-6 in study days, honest fuzzed buttons, the study day (04:00 local)."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone

import fsrs
import pytest

from studykit.study.days import to_ms
from studykit.study.fuzz import fuzz_bounds, fuzz_factor, fuzzed_days
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


def test_good_every_day_three_minutes_earlier_grows_like_three_minutes_later() -> None:
    """Issue 15: elapsed time is counted in study days, not 24-hour periods."""

    def intervals(step: timedelta) -> list[int]:
        scheduler = Scheduler(replace(NO_FUZZ, timezone="UTC"))
        state = scheduler.review(CardState(card_id=1), Rating.EASY, START)  # in review
        moment = START
        days = []
        for _ in range(6):
            assert state.due is not None
            # answered on the study day it is due, at the time of day drifting by `step`
            moment = datetime.combine(state.due.date(), moment.timetz()) + step
            state, interval = scheduler.outcome(state, Rating.GOOD, moment)
            days.append(interval.days)
        return days

    earlier, later = intervals(-timedelta(minutes=3)), intervals(timedelta(minutes=3))
    assert earlier == later
    assert earlier[-1] > 30  # and they grow (py-fsrs alone gives 1, 1, 1, ... earlier)


def test_a_second_answer_the_same_study_day_takes_the_short_term_path() -> None:
    scheduler = Scheduler(replace(NO_FUZZ, timezone="UTC"))
    model = scheduler.model
    state = scheduler.review(CardState(card_id=1), Rating.EASY, START)
    assert state.stability is not None
    assert state.difficulty is not None
    late_same_day = START + timedelta(hours=11)  # 23:00, same study day (starts 04:00)
    again = scheduler.review(state, Rating.GOOD, late_same_day)
    short = model.answer(2, None, state.stability, state.difficulty, 0, 3)
    assert again.stability == short.stability
    next_day = START + timedelta(hours=17)  # 05:00 next day: only 17 hours, but a new day
    long = model.answer(2, None, state.stability, state.difficulty, 1, 3)
    assert scheduler.review(state, Rating.GOOD, next_day).stability == long.stability
    assert long.stability != short.stability


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
    assert in_review.due == day_start(in_review.due, NO_FUZZ)  # due from its day's start
    assert in_review.due - after_good.due >= timedelta(hours=12)
    lapsed = scheduler.review(in_review, Rating.AGAIN, in_review.due)
    assert lapsed.state == "relearning"
    assert lapsed.due == in_review.due + timedelta(minutes=10)


def test_buttons_show_exactly_what_they_give_on_thousands_of_random_reviews() -> None:
    """Issue 15: with fuzz on, each label is the interval that answer schedules."""
    scheduler = Scheduler(SchedulerSettings(timezone="Europe/Berlin"))
    rng = random.Random(15)
    checked = fuzzed = 0
    for card in range(1, 301):
        state = CardState(card_id=card * 7919)
        moment = START + timedelta(minutes=rng.randint(0, 1440))
        for _ in range(rng.randint(3, 15)):
            preview = scheduler.preview(state, moment)
            rating = rng.choice([Rating.AGAIN, Rating.HARD, Rating.GOOD, Rating.GOOD, Rating.EASY])
            after, interval = scheduler.outcome(state, rating, moment)
            assert format_interval(preview[rating]) == format_interval(interval)
            assert preview[rating] == interval
            if after.state == "review":
                assert after.due is not None
                assert study_date(after.due, scheduler.settings) == study_date(
                    moment, scheduler.settings
                ) + timedelta(days=interval.days)
                assert after.due == day_start(after.due, scheduler.settings)
                raw = scheduler.model.interval(after.stability or 0)
                lower, upper = fuzz_bounds(raw, scheduler.settings.maximum_interval)
                assert lower <= interval.days <= upper
                fuzzed += interval.days != round(raw)
            else:
                assert after.due == moment + interval
            checked += 1
            state = after
            moment = (after.due or moment) + timedelta(minutes=rng.randint(0, 3000))
    assert checked > 2000
    assert fuzzed > 100  # fuzz is on and moves intervals


def test_fuzz_is_deterministic_and_never_leaves_anki_ranges() -> None:
    assert fuzz_factor(42, 3) == fuzz_factor(42, 3)
    assert fuzz_factor(42, 3) != fuzz_factor(42, 4)
    assert fuzz_bounds(3.0, 36500) == (2, 4)  # py-fsrs 6.3.2 could give 5
    assert fuzz_bounds(2.0, 36500) == (2, 2)  # below 2.5 days: no fuzz
    assert fuzz_bounds(100.0, 36500) == (93, 107)
    assert fuzz_bounds(100.0, 95) == (88, 95)  # clamped to the maximum first, as Anki
    drawn = {fuzzed_days(3.0, 36500, i / 1000) for i in range(1000)}
    assert drawn == {2, 3, 4}
    counts = [
        sum(fuzzed_days(3.0, 36500, fuzz_factor(c, 0)) == d for c in range(3000)) for d in (2, 3, 4)
    ]
    assert all(800 < n < 1200 for n in counts)  # evenly spread


def test_replay_is_review_after_review_in_the_log_order() -> None:
    scheduler = Scheduler(NO_FUZZ)
    answers = _answer_times(scheduler, SEQUENCE)
    replayed = CardState(card_id=7)
    for rating, moment in answers:
        replayed = scheduler.review(replayed, rating, moment)
    logged = [(int(rating), to_ms(moment)) for rating, moment in answers]
    assert scheduler.replay(CardState(card_id=7), logged)[0] == replayed
    assert scheduler.replay(CardState(card_id=7), [])[0] == CardState(card_id=7)


def test_an_answer_whose_clock_went_backwards_counts_as_the_same_day() -> None:
    scheduler = Scheduler(NO_FUZZ)
    state = scheduler.review(CardState(card_id=1), Rating.EASY, START)
    assert state.stability is not None
    assert state.difficulty is not None
    earlier = START - timedelta(days=2)  # the system clock was set back
    after = scheduler.review(state, Rating.GOOD, earlier)
    short = scheduler.model.answer(2, None, state.stability, state.difficulty, 0, 3)
    assert after.stability == short.stability
    assert after.last_review == earlier
    assert after.reps == 2


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        Scheduler().review(CardState(card_id=1), Rating.GOOD, datetime(2025, 3, 10, 12))


def test_the_memory_model_equals_py_fsrs_on_thousands_of_random_answers() -> None:
    """The study-day model is py-fsrs's, bit for bit, when the elapsed days agree."""
    reference = fsrs.Scheduler(enable_fuzzing=False)
    model = Scheduler(NO_FUZZ).model
    rng = random.Random(6)
    compared = 0
    for card_id in range(1, 301):
        card = fsrs.Card(card_id=card_id, due=START)
        ours: tuple[int, int | None, float | None, float | None] = (0, None, None, None)
        moment, last = START, None
        for _ in range(rng.randint(1, 30)):
            rating = rng.choice([1, 2, 3, 3, 3, 4])
            card, _ = reference.review_card(card, fsrs.Rating(rating), moment)
            elapsed = None if last is None else (moment - last).days
            step = model.answer(*ours, elapsed, rating)
            got = (
                step.wait
                if step.days is None
                else timedelta(days=fuzzed_days(step.days, 36500, None))
            )
            assert got == card.due - moment
            assert (step.state, step.step) == (int(card.state), card.step)
            assert (step.stability, step.difficulty) == (card.stability, card.difficulty)
            ours, last = (step.state, step.step, step.stability, step.difficulty), moment
            moment = card.due + (card.due - moment) * rng.uniform(-0.7, 1.0)
            moment += timedelta(minutes=rng.randint(0, 300))
            compared += 1
    assert compared > 3000


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
