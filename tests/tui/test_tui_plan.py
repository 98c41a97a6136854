"""Pilot tests of the exam line on the home screen and the plan screen (issue 18)."""

from __future__ import annotations

from datetime import timedelta

from test_tui_review import shown
from tui_support import NOW, AppFactory, sync

from studykit.study.exams import Exam, add_exam
from studykit.study.store import Store
from studykit.tui.screens.plan import PlanScreen, grouped

SIZE = (100, 40)


@sync
async def test_home_shows_no_exam_line_without_an_exam(make_app: AppFactory) -> None:
    app = make_app(start="home")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not app.screen.query_one("#exam-line").display
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, PlanScreen)
        assert "No exam ahead." in shown(app, "plan-text")


@sync
async def test_home_line_and_plan_screen_with_an_exam(make_app: AppFactory, store: Store) -> None:
    add_exam(store, Exam((NOW + timedelta(days=20)).date(), (), 0.95))
    store.reload_settings()
    app = make_app(start="home")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        line = shown(app, "exam-line")
        # 4 new cards in 13 days (20 days left, introduced 7 days before): 1 a day
        assert line.startswith("Exam in 20 days · predicted recall ")
        assert "today: 1 new, 0 reviews" in line
        await pilot.press("p")
        await pilot.pause()
        text = shown(app, "plan-text")
        assert "Exam on 2025-03-23" in text
        assert "4 unseen, 0 learning, 0 in review" in text
        assert "1 new a day" in text
        assert "Cards per day, until the exam" in text
        assert "Predicted recall (%), until exam day" in text
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.id == "home"


def test_long_horizons_are_grouped_to_fit_the_chart() -> None:
    values, size = grouped([1.0] * 36 + [3.0] * 36)
    assert size == 2
    assert len(values) == 36
    assert values[0] == 1.0
    assert values[-1] == 3.0


@sync
async def test_settings_show_the_memory_model_and_a_suggested_retention(
    make_app: AppFactory,
) -> None:
    app = make_app(start="home")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("comma")
        await pilot.pause()
        text = shown(app, "memory-model")
        assert "Memory model: FSRS defaults (never fitted to you)" in text
        assert "Suggested desired retention: " in text
        assert "90% → " in text


def test_plans_are_computed_again_only_when_something_changed(store: Store) -> None:
    from studykit.study.scheduling import Rating
    from studykit.tui.screens.plan import exam_plans

    assert exam_plans(store, NOW) == []
    add_exam(store, Exam((NOW + timedelta(days=20)).date(), (), 0.95))
    first = exam_plans(store, NOW)
    assert exam_plans(store, NOW) is first
    card = store.next_card(None, NOW)
    assert card is not None
    store.answer(card.card_id, Rating.GOOD, NOW, 1000)
    second = exam_plans(store, NOW)
    assert second is not first
    assert second[0].unseen == first[0].unseen - 1
    store.undo_last()
    assert exam_plans(store, NOW) is not second
