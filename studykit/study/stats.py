"""Progress statistics from the review store (what `studykit stats` prints).

All figures come from indexed queries on the store; no deck file is read. Days are
study days (starting at `SchedulerSettings.day_start_hour`, local time), so a review
at 02:00 counts for the day before, as in Anki. Undone answers are never counted.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import pairwise
from typing import Any

from studykit.study.scheduling import date_start, study_date
from studykit.study.store import Store, to_ms

MATURE_DAYS = 21.0
"""A review card given an interval of at least this many days is "mature" (Anki's line)."""
WINDOW_DAYS = 30
"""Days covered by retention, reviews per day and the forecast."""


@dataclass(frozen=True, slots=True)
class Retention:
    """Answers to review cards in a period, and how many were recalled (not Again)."""

    reviews: int
    passed: int

    @property
    def rate(self) -> float | None:
        return self.passed / self.reviews if self.reviews else None

    def to_json(self) -> dict[str, Any]:
        rate = self.rate
        return {
            "reviews": self.reviews,
            "passed": self.passed,
            "rate": None if rate is None else round(rate, 4),
        }


@dataclass(frozen=True, slots=True)
class DeckStats:
    """One deck's cards by state, and what it has due today."""

    cards: int
    new: int
    learning: int
    review: int
    suspended: int
    removed: int
    due_new: int
    due_learning: int
    due_review: int

    def to_json(self) -> dict[str, Any]:
        return {
            "cards": self.cards,
            "new": self.new,
            "learning": self.learning,
            "review": self.review,
            "suspended": self.suspended,
            "removed": self.removed,
            "due_today": {
                "new": self.due_new,
                "learning": self.due_learning,
                "review": self.due_review,
            },
        }


@dataclass(frozen=True, slots=True)
class Stats:
    """A profile's progress at one moment. `to_json` is the documented stable form."""

    study_day: date
    deck: str | None
    reviews_total: int
    reviews_today: int
    new_today: int
    due_today: int
    retention_young: Retention
    retention_mature: Retention
    reviews_per_day: list[tuple[date, int]]
    forecast: list[tuple[date, int]]
    decks: dict[str, DeckStats] = field(default_factory=dict)
    streak: int = 0

    @property
    def retention_all(self) -> Retention:
        young, mature = self.retention_young, self.retention_mature
        return Retention(young.reviews + mature.reviews, young.passed + mature.passed)

    def to_json(self) -> dict[str, Any]:
        """The `studykit stats --json` object (a stable interface; keys only get added).

        Keys:
            study_day: the current study day, "YYYY-MM-DD".
            deck: the deck the figures are limited to, or null for all decks.
            reviews_total: answers ever recorded (undone answers excluded).
            reviews_today: answers given today (new cards included).
            new_today: new cards started today.
            due_today: learning and review cards still to answer today, as the
                quiz will show them (buried siblings left out; new cards excluded:
                see decks.*.due_today.new).
            retention_30d: true retention of review cards over the last 30 days, as
                {"young": R, "mature": R, "all": R} with R = {"reviews": int,
                "passed": int, "rate": float or null}; passed = not rated Again;
                mature = the card's interval was 21 days or more.
            forecast: 30 objects {"date": "YYYY-MM-DD", "due": int}, today first
                (today includes overdue cards), counting learning and review cards
                by due date (no burying).
            reviews_per_day: 30 objects {"date": "YYYY-MM-DD", "reviews": int},
                oldest first, ending today.
            decks: {deck id: {"cards", "new", "learning", "review", "suspended",
                "removed", "due_today": {"new", "learning", "review"}}}; "cards"
                counts cards still in the deck, "learning" includes relearning.
            streak: consecutive study days with at least one answer, ending today
                (or yesterday, if nothing has been answered yet today).
        """
        return {
            "study_day": self.study_day.isoformat(),
            "deck": self.deck,
            "reviews_total": self.reviews_total,
            "reviews_today": self.reviews_today,
            "new_today": self.new_today,
            "due_today": self.due_today,
            "retention_30d": {
                "young": self.retention_young.to_json(),
                "mature": self.retention_mature.to_json(),
                "all": self.retention_all.to_json(),
            },
            "forecast": [{"date": d.isoformat(), "due": n} for d, n in self.forecast],
            "reviews_per_day": [
                {"date": d.isoformat(), "reviews": n} for d, n in self.reviews_per_day
            ],
            "decks": {deck: stats.to_json() for deck, stats in self.decks.items()},
            "streak": self.streak,
        }


def compute_stats(store: Store, now: datetime, deck: str | None = None) -> Stats:
    """Statistics of the store at `now`, for one deck or (None) all decks."""
    settings = store.settings
    db = store.connection
    today = study_date(now, settings)
    days = [today - timedelta(days=WINDOW_DAYS - 1 - i) for i in range(WINDOW_DAYS)]
    starts_ms = [to_ms(date_start(d, settings)) for d in days]
    end_today_ms = to_ms(date_start(today + timedelta(days=1), settings))
    where, params = ("", ()) if deck is None else (" AND deck = ?", (deck,))

    with store.guard():
        total = db.execute(f"SELECT COUNT(*) FROM reviews WHERE 1{where}", params).fetchone()[0]
        total -= db.execute(
            f"SELECT COUNT(*) FROM reviews WHERE undone_at IS NOT NULL{where}", params
        ).fetchone()[0]
        bounds = [*starts_ms, end_today_ms]
        per_day = [
            db.execute(
                "SELECT COUNT(*) FROM reviews WHERE reviewed_at >= ? AND reviewed_at < ? "
                f"AND undone_at IS NULL{where}",
                (start, end, *params),
            ).fetchone()[0]
            for start, end in pairwise(bounds)
        ]
        new_today = db.execute(
            "SELECT COUNT(*) FROM reviews WHERE reviewed_at >= ? AND reviewed_at < ? "
            f"AND undone_at IS NULL AND state_before = 0{where}",
            (starts_ms[-1], end_today_ms, *params),
        ).fetchone()[0]
        young_n, young_passed, mature_n, mature_passed = db.execute(
            "SELECT COUNT(*) - COUNT(mature), SUM(mature IS NULL AND rating > 1), "
            "COUNT(mature), SUM(mature IS NOT NULL AND rating > 1) FROM ("
            "SELECT rating, CASE WHEN scheduled_days >= ? THEN 1 END AS mature FROM reviews "
            "WHERE reviewed_at >= ? AND reviewed_at < ? AND undone_at IS NULL "
            f"AND state_before = 2{where})",
            (MATURE_DAYS, starts_ms[0], end_today_ms, *params),
        ).fetchone()
        horizon = [to_ms(date_start(today + timedelta(days=i), settings)) for i in range(31)]
        horizon[0] = 0  # today's count includes overdue cards
        forecast = [
            db.execute(
                "SELECT COUNT(*) FROM cards WHERE state IN (1, 2, 3) AND due >= ? AND due < ? "
                f"AND removed_at IS NULL AND suspended = 0{where}",
                (start, end, *params),
            ).fetchone()[0]
            for start, end in pairwise(horizon)
        ]
        deck_stats = _deck_stats(store, now, deck)
        streak = _streak(store, days, per_day, where, params)

    return Stats(
        study_day=today,
        deck=deck,
        reviews_total=int(total),
        reviews_today=per_day[-1],
        new_today=int(new_today),
        due_today=sum(d.due_learning + d.due_review for d in deck_stats.values()),
        retention_young=Retention(int(young_n), int(young_passed or 0)),
        retention_mature=Retention(int(mature_n), int(mature_passed or 0)),
        reviews_per_day=list(zip(days, per_day, strict=True)),
        forecast=[(today + timedelta(days=i), n) for i, n in enumerate(forecast)],
        decks=deck_stats,
        streak=streak,
    )


def _deck_stats(store: Store, now: datetime, deck: str | None) -> dict[str, DeckStats]:
    where, params = ("", ()) if deck is None else (" AND deck = ?", (deck,))
    tallies: dict[str, Counter[str]] = {}
    for name, state, suspended, count in store.connection.execute(
        "SELECT deck, state, suspended, COUNT(*) FROM cards "
        f"WHERE removed_at IS NULL{where} GROUP BY deck, state, suspended",
        params,
    ):
        tally = tallies.setdefault(name, Counter())
        tally["cards"] += count
        if suspended:
            tally["suspended"] += count
        tally[("new", "learning", "review", "learning")[state]] += count
    for name, count in store.connection.execute(
        f"SELECT deck, COUNT(*) FROM cards WHERE removed_at IS NOT NULL{where} GROUP BY deck",
        params,
    ):
        tallies.setdefault(name, Counter())["removed"] += count
    due = store.counts(None if deck is None else [deck], now)
    result = {}
    for name in sorted(set(tallies) | set(due)):
        tally = tallies.get(name, Counter())
        counts = due.get(name)
        result[name] = DeckStats(
            cards=tally["cards"],
            new=tally["new"],
            learning=tally["learning"],
            review=tally["review"],
            suspended=tally["suspended"],
            removed=tally["removed"],
            due_new=counts.new if counts else 0,
            due_learning=counts.learning if counts else 0,
            due_review=counts.review if counts else 0,
        )
    return result


def _streak(
    store: Store,
    days: Sequence[date],
    per_day: Sequence[int],
    where: str,
    params: tuple[str, ...],
) -> int:
    """Consecutive study days with answers, ending today (or yesterday)."""
    index = len(days) - 1
    if not per_day[index]:
        index -= 1  # today not started yet: the streak is still alive
    streak = 0
    while index >= 0 and per_day[index]:
        streak += 1
        index -= 1
    if index >= 0:
        return streak
    settings = store.settings
    day = days[0]
    while True:  # beyond the window: one indexed probe per earlier day
        day -= timedelta(days=1)
        start, end = date_start(day, settings), date_start(day + timedelta(days=1), settings)
        row = store.connection.execute(
            "SELECT 1 FROM reviews WHERE reviewed_at >= ? AND reviewed_at < ? "
            f"AND undone_at IS NULL{where} LIMIT 1",
            (to_ms(start), to_ms(end), *params),
        ).fetchone()
        if row is None:
            return streak
        streak += 1


__all__ = ["MATURE_DAYS", "WINDOW_DAYS", "DeckStats", "Retention", "Stats", "compute_stats"]
