"""Statistics from the store on a fixed clock: counts, retention, forecast, streak."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from store_fixtures import NOW, make_cards, open_store

from studykit.content.cards import numeric_id
from studykit.study.scheduling import Rating
from studykit.study.stats import compute_stats
from studykit.study.store import Store, to_ms

DAY = timedelta(days=1)


def set_review(store: Store, text_id: str, last_review_ago: timedelta, due_in: timedelta) -> None:
    """Put a card in review with a given interval (what the log will call scheduled days)."""
    store.connection.execute(
        "UPDATE cards SET state = 2, step = NULL, stability = 30, difficulty = 5, "
        "last_review = ?, due = ?, reps = 3 WHERE id = ?",
        (to_ms(NOW - last_review_ago), to_ms(NOW + due_in), numeric_id(text_id)),
    )


def test_counts_of_today_and_all_time(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.sqlite3", cards=make_cards("a", 5) + make_cards("b", 2)) as s:
        s.answer("a/f00/forward", Rating.GOOD, NOW - 2 * DAY, 1000)
        # 03:30 in Berlin today belongs to yesterday's study day
        s.answer("a/f01/forward", Rating.GOOD, NOW.replace(hour=2, minute=30), 1000)
        s.answer("a/f02/forward", Rating.GOOD, NOW.replace(hour=3, minute=5), 1000)
        s.answer("a/f03/forward", Rating.AGAIN, NOW, 1000)
        s.answer("b/f00/forward", Rating.EASY, NOW, 1000)
        s.answer("b/f01/forward", Rating.EASY, NOW, 1000)
        s.undo_last()
        stats = compute_stats(s, NOW)
        assert stats.reviews_total == 5
        assert stats.reviews_today == 3
        assert stats.new_today == 3
        per_day = dict(stats.reviews_per_day)
        assert per_day[NOW.date()] == 3
        assert per_day[NOW.date() - DAY] == 1
        assert per_day[NOW.date() - 2 * DAY] == 1
        assert len(stats.reviews_per_day) == 30
        assert stats.reviews_per_day[-1][0] == NOW.date()
        assert stats.streak == 3

        only_b = compute_stats(s, NOW, "b")
        assert (only_b.reviews_total, only_b.reviews_today) == (1, 1)
        assert set(only_b.decks) == {"b"}


def test_retention_young_and_mature(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.sqlite3", cards=make_cards("d", 6)) as s:
        for i, (interval, rating) in enumerate(
            [
                (4, Rating.GOOD),
                (4, Rating.AGAIN),
                (10, Rating.HARD),
                (30, Rating.AGAIN),
                (30, Rating.GOOD),
                (60, Rating.EASY),
            ]
        ):
            text_id = f"d/f{i:02d}/forward"
            set_review(s, text_id, interval * DAY, timedelta(0))
            s.answer(text_id, rating, NOW, 1000)
        # answered again at once: it had just been given a long (mature) interval
        s.answer("d/f00/forward", Rating.GOOD, NOW + timedelta(minutes=1), 1000)
        assert s.history("d/f00/forward")[-1].before.due - NOW >= 21 * DAY
        stats = compute_stats(s, NOW + timedelta(minutes=2))
        young, mature = stats.retention_young, stats.retention_mature
        assert (young.reviews, young.passed) == (3, 2)
        assert (mature.reviews, mature.passed) == (4, 3)
        assert stats.retention_all.rate == 5 / 7
        # answers older than 30 study days are not counted
        later = compute_stats(s, NOW + 31 * DAY)
        assert later.retention_all.reviews == 0


def test_forecast_and_due_today(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.sqlite3", cards=make_cards("d", 8)) as s:
        set_review(s, "d/f00/forward", 9 * DAY, -3 * DAY)  # overdue: today
        set_review(s, "d/f01/forward", 9 * DAY, timedelta(hours=1))
        set_review(s, "d/f02/forward", 9 * DAY, DAY)
        set_review(s, "d/f03/forward", 9 * DAY, 29 * DAY)
        set_review(s, "d/f04/forward", 9 * DAY, 45 * DAY)  # beyond the forecast
        s.suspend("d/f01/forward")
        stats = compute_stats(s, NOW)
        forecast = dict(stats.forecast)
        assert len(stats.forecast) == 30
        assert forecast[NOW.date()] == 1
        assert forecast[NOW.date() + DAY] == 1
        assert forecast[NOW.date() + 29 * DAY] == 1
        assert sum(forecast.values()) == 3
        assert stats.due_today == 1
        deck = stats.decks["d"]
        assert (deck.cards, deck.new, deck.review, deck.suspended) == (8, 3, 5, 1)
        assert (deck.due_new, deck.due_review) == (3, 1)


def test_streak_reaches_beyond_the_window(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.sqlite3", cards=make_cards("d", 1)) as s:
        for days_ago in range(1, 46):  # every day for 45 days, but not yet today
            s.answer("d/f00/forward", Rating.GOOD, NOW - days_ago * DAY, 1000)
        s.answer("d/f00/forward", Rating.GOOD, NOW - 50 * DAY, 1000)
        assert compute_stats(s, NOW).streak == 45
        s.answer("d/f00/forward", Rating.GOOD, NOW, 1000)
        assert compute_stats(s, NOW).streak == 46
        assert compute_stats(s, NOW + 2 * DAY).streak == 0


def test_json_has_the_documented_keys(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.sqlite3", cards=make_cards("d", 2)) as s:
        s.answer("d/f00/forward", Rating.GOOD, NOW, 1000)
        data = json.loads(json.dumps(compute_stats(s, NOW).to_json()))
    assert set(data) == {
        "study_day",
        "deck",
        "reviews_total",
        "reviews_today",
        "new_today",
        "due_today",
        "retention_30d",
        "forecast",
        "reviews_per_day",
        "decks",
        "streak",
    }
    assert set(data["retention_30d"]) == {"young", "mature", "all"}
    assert data["forecast"][0] == {"date": "2025-03-10", "due": 1}
    assert data["decks"]["d"]["due_today"] == {"new": 1, "learning": 1, "review": 0}
    assert data["study_day"] == "2025-03-10"
