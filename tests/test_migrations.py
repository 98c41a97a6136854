"""An old store upgrades to schema 4 with every review kept, and old answers are not damage."""

from __future__ import annotations

import random
import sqlite3
from datetime import timedelta
from pathlib import Path

import fsrs
from store_fixtures import NOW, make_cards

from studykit.study.migrations import MIGRATIONS, REPLAY_FROM_KEY, SCHEMA_VERSION
from studykit.study.scheduling import STATE_NAMES, CardState, Rating
from studykit.study.store import Store, _state_columns, _to_json, to_ms


def build_v2_store(path: Path, answers: int = 60) -> list[tuple[object, ...]]:
    """A schema-2 store as studykit 0.1 wrote it: py-fsrs in 24-hour periods, with fuzz."""
    db = sqlite3.connect(path, isolation_level=None)
    for statements in MIGRATIONS[:2]:
        for statement in statements:
            db.execute(statement)
    db.execute("PRAGMA user_version = 2")
    cards = make_cards("old", 5, ("x", "y"))
    for position, card in enumerate(cards):
        db.execute(
            "INSERT INTO cards (id, text_id, deck, fact, position, added_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (card.numeric, card.id, card.deck, card.fact, position, to_ms(NOW)),
        )
    random.seed(3)
    reference = fsrs.Scheduler()
    rng = random.Random(4)
    states = {
        card.numeric: (fsrs.Card(card_id=card.numeric, due=NOW), CardState(card.numeric))
        for card in cards
    }
    moment = NOW
    for _ in range(answers):
        numeric = rng.choice(list(states))
        rating = rng.choice([1, 2, 3, 3, 4])
        card, before = states[numeric]
        card, _ = reference.review_card(card, fsrs.Rating(rating), moment)
        lapses = before.lapses + (before.state == "review" and rating == 1)
        after = CardState(
            numeric,
            STATE_NAMES[int(card.state)],
            card.step,
            card.stability,
            card.difficulty,
            card.due,
            moment,
            before.reps + 1,
            lapses,
        )
        states[numeric] = (card, after)
        deck, fact = next((c.deck, c.fact) for c in cards if c.numeric == numeric)
        db.execute(
            "INSERT INTO reviews (card_id, deck, fact, rating, reviewed_at, duration_ms, "
            "state_before, state_after, before, after) VALUES (?, ?, ?, ?, ?, 1000, ?, ?, ?, ?)",
            (
                numeric,
                deck,
                fact,
                rating,
                to_ms(moment),
                before.state_code,
                after.state_code,
                _to_json(before),
                _to_json(after),
            ),
        )
        db.execute(
            "UPDATE cards SET state = ?, step = ?, stability = ?, difficulty = ?, due = ?, "
            "last_review = ?, reps = ?, lapses = ? WHERE id = ?",
            (*_state_columns(after), numeric),
        )
        moment += timedelta(hours=rng.randint(1, 40))
    rows = db.execute("SELECT * FROM reviews ORDER BY id").fetchall()
    db.close()
    return rows


def test_a_version_2_store_upgrades_with_every_review_kept(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    reviews = build_v2_store(path)
    with Store.at(path) as store:
        assert store.schema_version == SCHEMA_VERSION == 4
        kept = store.connection.execute(
            "SELECT id, card_id, deck, fact, rating, reviewed_at, duration_ms, state_before, "
            "state_after, before, after, typed_answer, scheduled_days, undone_at "
            "FROM reviews ORDER BY id"
        ).fetchall()
        assert [row[:12] for row in kept] == [row[:12] for row in reviews]
        assert store.get_setting(REPLAY_FROM_KEY) == str(len(reviews))
        assert store.connection.execute("SELECT SUM(leech) FROM cards").fetchone()[0] == 0
        # the states py-fsrs gave are what the log says: not damage
        report = store.doctor()
        assert report.healthy, report.mismatched
        assert report.reviews == len(reviews)
        # answering goes on from the logged state; doctor replays only that answer
        store.answer("old/f00/x", Rating.GOOD, NOW + timedelta(days=200), 1000)
        assert store.doctor().healthy
        # a rebuild replays everything with study days and seeded fuzz
        assert store.rebuild() > 0
        assert store.get_setting(REPLAY_FROM_KEY) == "0"
        assert store.doctor().healthy
    assert (tmp_path / "s.before-v4.sqlite3").exists()
