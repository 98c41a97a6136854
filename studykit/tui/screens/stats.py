"""Stats: reviews per day and the due forecast as charts, retention and streak."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from studykit.study.scheduling import format_interval
from studykit.tui.widgets.key_bar import KeyBar
from studykit.tui.widgets.render import bar_chart

if TYPE_CHECKING:
    from studykit.study.store import Store
    from studykit.tui.session import StudySession


def _percent(rate: float | None) -> str:
    return "–" if rate is None else f"{round(rate * 100)}%"


def today_summary(store: Store, now: datetime) -> Text:
    """One line for the deck list: answered today, streak, retention."""
    from studykit.study.stats import compute_stats

    stats = compute_stats(store, now)
    text = Text("Today: ", style="bold")
    text.append(f"{stats.reviews_today} answered ({stats.new_today} new)")
    text.append(" · ", style="dim")
    text.append(f"streak {stats.streak} day{'' if stats.streak == 1 else 's'}")
    text.append(" · ", style="dim")
    text.append(f"30-day retention {_percent(stats.retention_all.rate)}")
    return text


def forecast_for(store: Store, decks: Sequence[str], now: datetime) -> list[tuple[date, int]]:
    """The 30-day due forecast summed over `decks`."""
    from studykit.study.stats import compute_stats

    total: dict[date, int] = {}
    for deck in decks:
        for day, due in compute_stats(store, now, deck).forecast:
            total[day] = total.get(day, 0) + due
    return sorted(total.items())


def next_due_text(
    store: Store, decks: Sequence[str], now: datetime, soonest: datetime | None = None
) -> Text:
    """When the next cards of `decks` are due, in words (`soonest`: a known next due)."""
    text = Text()
    if soonest is not None and soonest > now:
        text.append("Next card back in ")
        text.append(format_interval(soonest - now), style="bold")
        local = soonest.astimezone(store.settings.local_zone())
        text.append(f" ({local.strftime('%H:%M')}). ")
    forecast = forecast_for(store, decks, now)
    if not forecast:
        return text
    later_today = forecast[0][1]
    if later_today:
        text.append(f"Later today: {later_today}. ")
    upcoming = [(day, due) for day, due in forecast[1:] if due]
    if upcoming:
        day, due = upcoming[0]
        when = "Tomorrow" if day == forecast[0][0] + timedelta(days=1) else day.strftime("%a %d %b")
        text.append(f"{when}: {due} due. ")
        week = sum(due for _, due in forecast[1:8])
        text.append(f"Next 7 days: {week}.")
    elif not later_today:
        text.append("Nothing scheduled in the next 30 days.")
    return text


class StatsScreen(Screen[None]):
    """Charts over the decks of this session: reviews per day, forecast, retention."""

    DEFAULT_CSS = """
    #stats-body { padding: 1 2; }
    #stats-body Static { height: auto; margin-bottom: 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Back")]

    def __init__(self, session: StudySession) -> None:
        super().__init__(id="stats")
        self.session = session

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="stats-body"):
            yield Static(id="stats-headline")
            yield Static(id="stats-reviews")
            yield Static(id="stats-forecast")
        yield KeyBar()

    def on_mount(self) -> None:
        from studykit.study.stats import compute_stats

        store, now = self.session.store, self.session.now()
        stats = compute_stats(store, now)
        headline = Text("Statistics", style="bold")
        headline.append(f"   study day {stats.study_day.isoformat()}\n\n", style="dim")
        rows = (
            ("Answered today", f"{stats.reviews_today} ({stats.new_today} new)"),
            ("Still due today", str(stats.due_today)),
            ("Answers ever", str(stats.reviews_total)),
            ("Streak", f"{stats.streak} day{'' if stats.streak == 1 else 's'}"),
            (
                "Retention, 30 days",
                f"{_percent(stats.retention_all.rate)} of {stats.retention_all.reviews} "
                f"reviews (young {_percent(stats.retention_young.rate)}, "
                f"mature {_percent(stats.retention_mature.rate)})",
            ),
            ("Desired retention", _percent(store.settings.desired_retention)),
        )
        for label, value in rows:
            headline.append(f"{label:<20}", style="dim")
            headline.append(value + "\n", style="bold")
        self.query_one("#stats-headline", Static).update(headline)
        reviews = [n for _, n in stats.reviews_per_day]
        title = Text(f"Answers per day, last 30 days (total {sum(reviews)})\n", style="bold")
        title.append_text(bar_chart(reviews, ("30 days ago", "today")))
        self.query_one("#stats-reviews", Static).update(title)
        forecast = forecast_for(store, self.session.deck_ids, now)
        due = [n for _, n in forecast]
        title = Text(f"Due in the next 30 days (total {sum(due)})\n", style="bold")
        title.append_text(bar_chart(due, ("today", "in 30 days")))
        self.query_one("#stats-forecast", Static).update(title)

    def action_close(self) -> None:
        self.dismiss(None)
