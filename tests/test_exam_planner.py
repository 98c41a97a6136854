"""The planner against students simulated with the FSRS model itself (seeded)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from studykit.study.exams import Exam
from studykit.study.planner import plan_exam
from studykit.study.scheduling import SchedulerSettings
from studykit.study.simulation import SimulatedStudent

START = date(2026, 1, 5)


def settings(new_per_day: int) -> SchedulerSettings:
    return SchedulerSettings(enable_fuzzing=False, timezone="UTC", new_per_day=new_per_day)


@pytest.mark.parametrize(
    ("decks", "new_per_day", "studied_days", "exam_in"),
    [
        ({"zones": 120, "conditions": 80}, 10, 0, 30),  # from the first day
        ({"zones": 150, "conditions": 100}, 5, 10, 25),  # mid-way, some never introduced
    ],
)
def test_predicted_exam_day_recall_is_within_3_points_of_the_simulated_student(
    decks: dict[str, int], new_per_day: int, studied_days: int, exam_in: int
) -> None:
    config = settings(new_per_day)
    exam = Exam(START + timedelta(days=exam_in), (), 0.95)
    student = SimulatedStudent(decks, config, seed=3)
    today = START + timedelta(days=studied_days)
    student.study(START, today, [exam])
    plan = plan_exam(student.plan_cards(), exam, today.toordinal(), config, seed=1)
    student.study(today, exam.day, [exam])
    outcome = student.outcome(exam.day)
    assert abs(plan.predicted_recall - outcome.recall) <= 0.03
    for forecast in plan.decks:
        assert abs(forecast.predicted_recall - outcome.deck_recall[forecast.deck]) <= 0.03
    never = sum(1 for card in outcome.cards if card.state.state == "new")
    assert plan.unseen_on_exam_day == never


def test_plan_needs_more_new_cards_a_day_and_says_so() -> None:
    config = settings(5)
    exam = Exam(START + timedelta(days=27), ("zones",), 0.95)
    student = SimulatedStudent({"zones": 200}, config)
    plan = plan_exam(student.plan_cards(), exam, START.toordinal(), config, seed=1)
    assert plan.days_left == 27
    assert plan.unseen == 200
    assert plan.new_per_day_needed == 10  # 200 cards in the 20 days before the last 7
    assert plan.unseen_on_exam_day == 200 - 27 * 5
    assert plan.plan_recall is not None
    assert plan.plan_recall > plan.predicted_recall
    # the plan's workload: 10 new cards on each of the first 20 days, none after
    assert [round(load.new) for load in plan.workload] == [10] * 20 + [0] * 7
    assert plan.peak is not None
    assert plan.peak.total >= 10
    assert any("unseen on exam day" in warning for warning in plan.warnings)
    assert any("needs 10 new cards a day" in warning for warning in plan.warnings)
    # following the plan with the simulated student gives what the plan predicted
    follow = SimulatedStudent({"zones": 200}, settings(10))
    follow.study(START, exam.day, [exam])
    assert abs(follow.outcome(exam.day).recall - plan.plan_recall) <= 0.03
    data = plan.to_json()
    assert data["new_per_day_needed"] == 10
    assert len(data["workload"]) == 27


def test_too_late_to_introduce_everything_is_a_warning() -> None:
    config = settings(20)
    exam = Exam(START + timedelta(days=5), (), 0.95)
    student = SimulatedStudent({"zones": 30}, config)
    plan = plan_exam(student.plan_cards(), exam, START.toordinal(), config)
    assert plan.new_per_day_needed is None
    assert any("fewer than 7 days" in warning for warning in plan.warnings)


def test_the_plan_is_deterministic_for_a_seed() -> None:
    config = settings(10)
    exam = Exam(START + timedelta(days=20), (), 0.95)
    cards = SimulatedStudent({"zones": 50}, config).plan_cards()
    first = plan_exam(cards, exam, START.toordinal(), config, seed=7).to_json()
    assert plan_exam(cards, exam, START.toordinal(), config, seed=7).to_json() == first


def test_siblings_are_introduced_on_different_days() -> None:
    from studykit.study.planner import PlanCard, _introduction_days

    def one_deck(cards: list[PlanCard], end: int, room_today: int) -> tuple[object, int]:
        return _introduction_days({"d": cards}, 100, end, room_today, 5, {"d": 5}, {"d": 5})["d"]

    # 3 facts with 3 cards each, 5 new a day: one card per fact a day
    cards = [PlanCard("d", 0, fact=f"f{i // 3}") for i in range(9)]
    days, never = one_deck(cards, 110, 5)
    assert days == {100: 3, 101: 3, 102: 3}
    assert never == 0
    # 2 study days left before the exam: a third of them never come
    days, never = one_deck(cards, 102, 5)
    assert (sum(days.values()), never) == (6, 3)  # type: ignore[attr-defined]
    # today's room is what is left of today's limit
    lone = [PlanCard("d", 0) for _ in range(7)]
    days, never = one_deck(lone, 110, 2)
    assert days == {100: 2, 101: 5}


def test_decks_share_the_profile_limit_and_take_turns() -> None:
    from studykit.study.planner import PlanCard, _introduction_days

    decks = {"a": [PlanCard("a", 0) for _ in range(4)], "b": [PlanCard("b", 0) for _ in range(9)]}
    caps = {"a": 5, "b": 5}
    plan = _introduction_days(decks, 100, 110, 5, 5, caps, caps)
    # 5 a day for both decks together: a takes 3 then 1, b 2, 4 (a ran out), then 3
    assert plan["a"] == ({100: 3, 101: 1}, 0)
    assert plan["b"] == ({100: 2, 101: 4, 102: 3}, 0)
    # a deck's own limit holds beneath the profile's
    capped = _introduction_days(decks, 100, 110, 5, 5, {"a": 1, "b": 5}, {"a": 1, "b": 5})
    assert capped["a"] == ({100: 1, 101: 1, 102: 1, 103: 1}, 0)
