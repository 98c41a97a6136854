"""Plan: each exam ahead, with the daily workload and the predicted recall as charts.

The charts use the block-character `bar_chart` the stats screen uses (readable at 80
columns, no plotting dependency for two small charts).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar
from weakref import WeakKeyDictionary

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from studykit.tui.widgets.key_bar import KeyBar
from studykit.tui.widgets.render import bar_chart

if TYPE_CHECKING:
    from datetime import datetime

    from studykit.study.planner import ExamPlan
    from studykit.study.store import Store
    from studykit.tui.session import StudySession

COLUMNS = 36
"""At most this many columns per chart (days are grouped when the exam is further)."""


_cache: WeakKeyDictionary[Store, tuple[tuple[object, ...], list[ExamPlan]]] = WeakKeyDictionary()


def exam_plans(store: Store, now: datetime) -> list[ExamPlan]:
    """The plans of the exams ahead, computed again only when the study day, the
    answers, the settings or the exams changed (the home screen asks on every return)."""
    from studykit.study.days import study_day
    from studykit.study.exams import EXAMS_KEY, load_exams
    from studykit.study.planner import plans

    if not load_exams(store):
        return []
    with store.guard():
        answers = store.connection.execute(
            "SELECT MAX(id), (SELECT COUNT(*) FROM reviews WHERE undone_at IS NOT NULL) "
            "FROM reviews"
        ).fetchone()
    key = (
        study_day(now, store.settings),
        tuple(answers),
        store.settings.to_json(),
        store.scheduler.parameters,
        store.get_setting(EXAMS_KEY),
    )
    cached = _cache.get(store)
    if cached is None or cached[0] != key:
        cached = (key, plans(store, now))
        _cache[store] = cached
    return cached[1]


def exam_line(plan: ExamPlan, reviews_today: int) -> Text:
    """The home screen's line: exam in N days · predicted recall · today's work."""
    new_today = plan.workload[0].new if plan.workload else 0.0
    text = Text("Exam ", style="bold")
    text.append(f"in {plan.days_left} day{'' if plan.days_left == 1 else 's'}")
    text.append(" · ", style="dim")
    text.append(f"predicted recall {plan.predicted_recall:.0%}")
    text.append(" · ", style="dim")
    text.append(f"today: {new_today:.0f} new, {reviews_today} reviews")
    text.append("   p: plan", style="dim")
    return text


def grouped(values: Sequence[float], columns: int = COLUMNS) -> tuple[list[float], int]:
    """`values` averaged over groups of days so they fit `columns`; and the group size."""
    size = max(1, -(-len(values) // columns))
    groups = [values[i : i + size] for i in range(0, len(values), size)]
    return [sum(group) / len(group) for group in groups], size


def plan_text(plan: ExamPlan) -> Text:
    exam = plan.exam
    decks = ", ".join(exam.decks) if exam.decks else "all decks"
    text = Text(f"Exam on {exam.day.isoformat()}", style="bold")
    text.append(f"  {decks} · {plan.days_left} days left · target {exam.target:.0%}\n", style="dim")
    text.append(
        f"{plan.unseen} unseen, {plan.learning} learning, {plan.review} in review · "
        f"predicted recall on exam day {plan.predicted_recall:.1%}\n"
    )
    for deck in plan.decks:
        text.append(f"  {deck.deck:<30}", style="dim")
        text.append(f"{deck.predicted_recall:>7.1%}\n")
    if plan.new_per_day_needed is not None and plan.unseen:
        text.append(
            f"To introduce every card {plan.lead_days} days before: "
            f"{plan.new_per_day_needed} new a day → recall {plan.plan_recall:.1%}\n",
            style="bold",
        )
    for warning in plan.warnings:
        text.append(f"! {warning}\n", style="yellow")
    if plan.workload:
        loads, size = grouped([load.total for load in plan.workload])
        unit = "per day" if size == 1 else f"per day, {size}-day averages"
        text.append(f"\nCards {unit}, until the exam\n", style="bold")
        text.append_text(bar_chart([round(v) for v in loads], ("today", "exam")))
        text.append("\n")
    if plan.recall_curve:
        text.append("\nPredicted recall (%), until exam day\n", style="bold")
        values = [round(value * 100) for _, value in plan.recall_curve]
        text.append_text(bar_chart(values, ("soon", "exam day")))
        text.append("\n")
    return text


class PlanScreen(Screen[None]):
    """The plan of every exam ahead (`studykit plan` with charts)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Back")]

    def __init__(self, session: StudySession) -> None:
        super().__init__(id="plan")
        self.session = session

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="plan-body"):
            yield Static(id="plan-text")
        yield KeyBar()

    def on_mount(self) -> None:
        plans = exam_plans(self.session.store, self.session.now())
        if not plans:
            body = Text("No exam ahead.", style="bold")
            body.append("\nSet one with: studykit exam set YYYY-MM-DD [DECK...]", style="dim")
        else:
            body = Text()
            for plan in plans:
                body.append_text(plan_text(plan))
                body.append("\n")
        self.query_one("#plan-text", Static).update(body)

    def action_close(self) -> None:
        self.dismiss(None)


def memory_model_text(session: StudySession) -> Text:
    """For the settings screen: when FSRS was last fitted (and whether a new fit is
    worth it), and the suggested desired retention with the workload of each choice."""
    from studykit.study.fit import REFIT_AFTER_REVIEWS, fitted_parameters
    from studykit.study.optimizer import fit_status
    from studykit.study.retention import suggest_retention

    store = session.store
    status = fit_status(store)
    text = Text("Memory model: ", style="bold")
    if status.fitted_at is None:
        text.append("FSRS defaults (never fitted to you)")
    else:
        fitted = status.fitted_at[:10]
        text.append(f"fitted to you on {fitted}" if status.adopted else "FSRS defaults")
        if not status.adopted:
            text.append(f" (the fit of {fitted} was not better)", style="dim")
    if status.offer:
        text.append(
            f"\n{status.reviews_since:,} reviews since"
            f"{' the last fit' if status.fitted_at else ' you started'} "
            f"(a new fit is worth it after {REFIT_AFTER_REVIEWS:,}): run ",
            style="yellow",
        )
        text.append("studykit optimize", style="bold yellow")
    with store.guard():
        cards = store.connection.execute(
            "SELECT COUNT(*) FROM cards WHERE removed_at IS NULL AND suspended = 0"
        ).fetchone()[0]
    settings = store.settings
    advice = suggest_retention(
        fitted_parameters(store),
        cards,
        settings.new_per_day * max(1, len(session.deck_ids)),
        settings.desired_retention,
    )
    text.append("\nSuggested desired retention: ", style="bold")
    text.append(f"{advice.optimal:.0%}")
    text.append(" (least study time per card remembered)\n", style="dim")
    text.append("Reviews a day over a year:", style="dim")
    for choice in advice.choices:
        mine = abs(choice.retention - settings.desired_retention) < 0.005
        per_day = choice.reviews_per_day
        text.append(
            f"  {choice.retention:.0%} → {per_day:.1f}"
            if per_day < 10
            else f"  {choice.retention:.0%} → {per_day:.0f}",
            style="bold" if mine else "",
        )
    return text
