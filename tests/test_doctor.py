"""`Store.doctor` and `Store.rebuild`: the log is the truth, replayed in its own order."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from store_fixtures import NOW, TEST_SETTINGS, make_cards, open_store

from studykit.study.scheduling import Rating, SchedulerSettings
from studykit.study.store import Store


def _study(store: Store, days: int = 20) -> None:
    cards = [f"d/f{i:02d}/forward" for i in range(6)]
    moment = NOW
    for day in range(days):
        for i, card in enumerate(cards):
            store.answer(card, Rating((day + i) % 4 + 1), moment, 1000)
            moment += timedelta(minutes=3)
        moment = NOW + timedelta(days=day + 1, minutes=-3 * day)


def test_answers_whose_clock_went_backwards_are_kept_and_not_damage(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.sqlite3", SchedulerSettings(), make_cards("d", 1)) as store:
        store.answer("d/f00/forward", Rating.GOOD, NOW, 1000)
        store.answer("d/f00/forward", Rating.GOOD, NOW + timedelta(minutes=10), 1000)
        back = NOW - timedelta(hours=5)  # the system clock was set back
        store.answer("d/f00/forward", Rating.GOOD, back, 1000)
        history = store.history("d/f00/forward")
        assert [h.reviewed_at for h in history] == [NOW, NOW + timedelta(minutes=10), back]
        assert store.card_state("d/f00/forward").reps == 3
        report = store.doctor()
        assert report.healthy, report.mismatched
        assert store.rebuild() == 0


def test_doctor_finds_a_damaged_card_and_rebuild_restores_it_exactly(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.sqlite3", SchedulerSettings(), make_cards("d", 6)) as store:
        _study(store)
        assert store.doctor().healthy
        rows = store.connection.execute("SELECT * FROM cards ORDER BY id").fetchall()
        store.connection.execute("UPDATE cards SET stability = 50, due = 0 WHERE fact = 'f02'")
        assert store.doctor().mismatched == ["d/f02/forward"]
        assert store.rebuild() == 1
        assert store.connection.execute("SELECT * FROM cards ORDER BY id").fetchall() == rows
        assert store.doctor().healthy


def test_changed_settings_are_not_damage_and_rebuild_applies_them(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.sqlite3", TEST_SETTINGS, make_cards("d", 6)) as store:
        _study(store, days=10)
        # another day start: the logged dates were right for the settings of their time
        store.save_settings(replace(TEST_SETTINGS, timezone="America/Los_Angeles"))
        assert store.doctor().healthy
        store.answer("d/f00/forward", Rating.GOOD, NOW + timedelta(days=12), 1000)
        store.connection.execute("UPDATE cards SET difficulty = 1 WHERE fact = 'f00'")
        assert store.doctor().mismatched == ["d/f00/forward"]  # later answers are replayed
        query = "SELECT COUNT(*) FROM cards WHERE state = 2"
        in_review = store.connection.execute(query).fetchone()[0]
        assert store.rebuild() == in_review  # dues move to the LA day start
        assert store.doctor().healthy
        due = store.card_state("d/f01/forward").due
        assert due is not None
        assert due.hour == 11  # 04:00 in Los Angeles (summer time)


def test_the_backup_before_a_rebuild_is_a_usable_copy(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.sqlite3", SchedulerSettings(), make_cards("d", 6)) as store:
        _study(store, days=5)
        reviews = store.connection.execute("SELECT * FROM reviews ORDER BY id").fetchall()
        store.rebuild()
    with Store.at(tmp_path / "s.before-rebuild.sqlite3") as copy:
        assert copy.connection.execute("SELECT * FROM reviews ORDER BY id").fetchall() == reviews
        assert copy.doctor().healthy
