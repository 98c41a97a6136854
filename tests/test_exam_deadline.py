"""Deadline-aware scheduling: the pure rule, and the store's answer and button labels."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from store_fixtures import NOW, make_cards, open_store

from studykit.study.days import study_day
from studykit.study.deadline import DeadlinePolicy, shortened_interval
from studykit.study.exams import Exam, add_exam
from studykit.study.memory import GOOD, Memory, MemoryModel
from studykit.study.scheduling import Rating

MODEL = MemoryModel()
TODAY = date(2025, 3, 10).toordinal()


def test_a_review_that_would_jump_past_the_exam_comes_back_before_it() -> None:
    memory = Memory(stability=30.0, difficulty=5.0)
    interval = MODEL.interval_for(30.0)  # 30 days: past an exam in 20
    days = shortened_interval(interval, memory, TODAY, TODAY + 20, 0.95, MODEL)
    assert 1 <= days <= 19
    # the earliest day from which one more Good keeps exam-day recall at the target
    after = MODEL.after(memory, days, GOOD)
    assert MODEL.retrievability(20 - days, after.stability) >= 0.95
    before = MODEL.after(memory, days - 1, GOOD)
    assert MODEL.retrievability(21 - days, before.stability) < 0.95


def test_intervals_are_kept_when_the_rule_does_not_apply() -> None:
    memory = Memory(stability=30.0, difficulty=5.0)
    # back before the exam anyway
    assert shortened_interval(15, memory, TODAY, TODAY + 20, 0.95, MODEL) == 15
    # recall on exam day already at the target
    assert shortened_interval(30, memory, TODAY, TODAY + 5, 0.95, MODEL) == 30
    # exam over, or today
    assert shortened_interval(30, memory, TODAY, TODAY - 3, 0.99, MODEL) == 30
    assert shortened_interval(30, memory, TODAY, TODAY, 0.99, MODEL) == 30
    # exam tomorrow: no study day in between, never under one day
    assert shortened_interval(30, memory, TODAY, TODAY + 1, 0.99, MODEL) == 30


def test_never_on_or_after_exam_day_even_for_an_unreachable_target() -> None:
    memory = Memory(stability=3.0, difficulty=9.0)
    assert shortened_interval(10, memory, TODAY, TODAY + 6, 0.99, MODEL) == 5


def test_answers_and_button_labels_follow_the_exam(tmp_path: Path) -> None:
    store = open_store(tmp_path / "s.sqlite3", cards=make_cards("deck", 2) + make_cards("other", 1))
    text = "deck/f00/forward"
    now = NOW
    for _ in range(4):  # Good until the interval is long
        store.answer(text, Rating.GOOD, now, 1000)
        due = store.next_due(text)
        assert due is not None
        now = max(now + timedelta(minutes=10), due)
    plain = store.preview(text, now)[Rating.GOOD]
    assert plain > timedelta(days=20)
    exam_day = (now + plain / 2).date()
    add_exam(store, Exam(exam_day, ("deck",), 0.97))
    store.reload_settings()
    label = store.preview(text, now)[Rating.GOOD]
    assert label < plain
    result = store.answer(text, Rating.GOOD, now, 1000)
    assert result.interval == label  # the button showed what the answer gives
    due_day = study_day(result.next_due, store.settings)
    assert study_day(now, store.settings) < due_day < exam_day.toordinal()
    # another deck is not covered by the exam; after the exam, normal again
    policy = DeadlinePolicy([Exam(exam_day, ("deck",), 0.97)], store.settings)
    good = store.scheduler.preview_states(store.card_state(text), now)[Rating.GOOD]
    assert policy.adjust("deck", good, now) != good
    assert policy.adjust("other", good, now) is good
    late = now + timedelta(days=plain.days)
    assert store.preview(text, late) == store.scheduler.preview(store.card_state(text), late)
    store.close()


def test_doctor_accepts_shortened_due_dates(tmp_path: Path) -> None:
    store = open_store(tmp_path / "s.sqlite3", cards=make_cards("deck", 1))
    text = "deck/f00/forward"
    now = NOW
    add_exam(store, Exam((NOW + timedelta(days=12)).date(), (), 0.99))
    store.reload_settings()
    for _ in range(5):
        store.answer(text, Rating.GOOD, now, 1000)
        due = store.next_due(text)
        assert due is not None
        now = max(now + timedelta(minutes=10), due)
    assert store.doctor().healthy
    store.close()


def test_adding_an_exam_marks_the_answers_before_it_as_scheduled_under_earlier_rules(
    tmp_path: Path,
) -> None:
    """`doctor` replays answers from the last change of rules: an exam is such a change."""
    from studykit.study.migrations import REPLAY_FROM_KEY

    store = open_store(tmp_path / "s.sqlite3", cards=make_cards("deck", 2))
    store.answer("deck/f00/forward", Rating.GOOD, NOW, 1000)
    store.answer("deck/f01/forward", Rating.GOOD, NOW, 1000)
    store.set_setting(REPLAY_FROM_KEY, "0")
    add_exam(store, Exam(date(2025, 4, 1), ()))
    assert store.get_setting(REPLAY_FROM_KEY) == "2"
