"""Deadline-aware scheduling: a review that would jump past an exam comes back before it.

FSRS schedules a card for when its recall falls to the desired retention. With an
exam set, a review card whose next due day is on or after the exam, and whose
predicted recall on exam day would be below the exam's target, is brought forward:
to the *earliest* study day from which one more successful (Good) review keeps its
predicted recall on exam day at or above the target. Earliest rather than the day
before the exam, so the extra reviews spread over the weeks before it instead of
piling up on its eve. The shortened interval is never under one study day and never
lands on or after exam day; after the exam, scheduling is normal again.

`shortened_interval` is the pure rule; `DeadlinePolicy` applies it to a `CardState`
the scheduler returned (used by `Store.answer` and `Store.preview`, so the buttons
show it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta

from studykit.study.days import day_of, study_day
from studykit.study.exams import Exam, SettingsTable, exam_for, load_exams
from studykit.study.memory import GOOD, Memory, MemoryModel
from studykit.study.scheduling import CardState, SchedulerSettings, date_start


def shortened_interval(
    interval: int,
    memory: Memory,
    today: int,
    exam_day: int,
    target: float,
    model: MemoryModel,
) -> int:
    """The interval (study days) a card just reviewed on `today` should get.

    Args:
        interval: the interval FSRS scheduled, in study days.
        memory: the card's memory state after this review.
        today: the study day of the review (an ordinal, as `exam_day`).
        exam_day: the exam's study day.
        target: the recall on exam day to aim for.
        model: the FSRS model (parameters, desired retention).
    """
    days_left = exam_day - today
    if days_left <= 0 or interval < days_left:
        return interval  # exam over, or the card comes back before it anyway
    if model.retrievability(days_left, memory.stability) >= target:
        return interval
    latest = days_left - 1
    if latest < 1:
        return interval  # the exam is tomorrow: no study day left in between

    def reaches(k: int) -> bool:
        after = model.after(memory, k, GOOD)
        return model.retrievability(days_left - k, after.stability) >= target

    if not reaches(latest):
        return latest
    low, high = 1, latest  # reaches(high); recall on exam day grows with k
    while low < high:
        middle = (low + high) // 2
        if reaches(middle):
            high = middle
        else:
            low = middle + 1
    return low


class DeadlinePolicy:
    """`shortened_interval` for the cards of a profile with its exams."""

    __slots__ = ("exams", "model", "settings")

    def __init__(
        self,
        exams: Sequence[Exam],
        settings: SchedulerSettings,
        parameters: Sequence[float] | None = None,
    ) -> None:
        self.exams = list(exams)
        self.settings = settings
        self.model = MemoryModel(
            parameters,
            desired_retention=settings.desired_retention,
            maximum_interval=settings.maximum_interval,
        )

    @classmethod
    def load(
        cls,
        table: SettingsTable,
        settings: SchedulerSettings,
        parameters: Sequence[float] | None = None,
    ) -> DeadlinePolicy:
        """The policy for the exams saved in `table` (none: it changes nothing)."""
        return cls(load_exams(table), settings, parameters)

    def adjust(self, deck: str, after: CardState, now: datetime) -> CardState:
        """`after` (a card's state after an answer at `now`) with its due date brought
        before the exam when the rule asks for it; otherwise `after` itself."""
        if (
            not self.exams
            or after.state != "review"
            or after.due is None
            or after.stability is None
            or after.difficulty is None
        ):
            return after
        today = study_day(now, self.settings)
        exam = exam_for(self.exams, deck, day_of(today))
        if exam is None:
            return after
        interval = study_day(after.due, self.settings) - today
        days = shortened_interval(
            interval,
            Memory(after.stability, after.difficulty),
            today,
            exam.day.toordinal(),
            exam.target,
            self.model,
        )
        if days == interval:
            return after
        due = now + timedelta(days=days)
        if study_day(due, self.settings) != today + days:  # a daylight-saving change
            due = date_start(day_of(today + days), self.settings)
        return replace(after, due=due)


__all__ = ["DeadlinePolicy", "shortened_interval"]
