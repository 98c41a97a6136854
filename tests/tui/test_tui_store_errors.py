"""The quiz survives store errors: the cause is shown in the app, every confirmed answer
is kept, and the student can try again, go back or quit (no traceback)."""

from __future__ import annotations

import asyncio
import sqlite3

from textual.widgets import Static
from tui_support import NOW, AppFactory, sync

from studykit.study.scheduling import Rating
from studykit.study.store import Store
from studykit.tui.screens.review import ReviewScreen
from studykit.tui.screens.store_problem import StoreProblemScreen

SIZE = (100, 30)


def fill_up(store: Store) -> None:
    """Make the store's file full for real: SQLite's page limit at its size and every
    table's last page packed, so the next answer gets SQLite's own 'database or disk is
    full' (what a full disk gives)."""
    db = store.connection
    db.execute(f"PRAGMA max_page_count = {db.execute('PRAGMA page_count').fetchone()[0]}")
    for size in (2000, 500, 100, 20, 1):
        while True:
            try:
                db.execute(
                    "INSERT INTO reviews (card_id, deck, fact, rating, reviewed_at, "
                    "duration_ms, state_before, state_after, before, after) "
                    "VALUES (0, 'pad', 'pad', 1, 0, 0, 0, 0, ?, '{}')",
                    ("x" * size,),
                )
            except sqlite3.OperationalError:
                break
    for size in (2000, 500, 100, 20, 1):
        while True:
            try:
                db.execute(
                    "INSERT INTO settings (key, value) VALUES (?, ?)",
                    (f"pad-{db.total_changes}", "x" * size),
                )
            except sqlite3.OperationalError:
                break


def answers(store: Store, card_id: str) -> list[Rating]:
    return [row.rating for row in store.history(card_id)]


def problem_text(app: object) -> str:
    screen = app.screen  # type: ignore[attr-defined]
    assert isinstance(screen, StoreProblemScreen), screen
    return str(screen.query_one("#store-problem-message", Static).content)


@sync
async def test_a_full_store_is_named_and_the_answer_can_be_tried_again(
    make_app: AppFactory, store: Store
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        review = app.screen
        assert isinstance(review, ReviewScreen)
        await pilot.press("enter", "4")  # the first card answered and saved
        assert len(store.history(review.record.answers[0][0])) == 1
        card = review.card.id
        await pilot.press("space")
        fill_up(store)
        await pilot.press("3")
        assert "is full" in problem_text(app)
        assert answers(store, card) == []
        assert review.card.id == card  # the card stays, its answer not lost from view
        store.connection.execute("PRAGMA max_page_count = 1000000")  # room again
        await pilot.press("r")
        await pilot.pause()
        assert answers(store, card) == [Rating.GOOD]
        assert app.screen is review
        assert review.card.id != card
        assert app.is_running


@sync
async def test_quit_after_a_store_error_keeps_every_confirmed_answer(
    make_app: AppFactory, store: Store
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        review = app.screen
        assert isinstance(review, ReviewScreen)
        await pilot.press("enter", "4")
        done = review.record.answers[0][0]
        await pilot.press("space")
        fill_up(store)
        await pilot.press("3")
        assert isinstance(app.screen, StoreProblemScreen)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 1
    assert answers(store, done) == [Rating.EASY]


@sync
async def test_undo_after_another_session_answered_the_card_is_explained(
    make_app: AppFactory, store: Store
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        review = app.screen
        assert isinstance(review, ReviewScreen)
        card = review.card.id
        await pilot.press("enter", "1")  # Again: the card is learning
        other = Store.at(store.path)  # a second session on the same profile
        try:
            other.answer(card, Rating.GOOD, NOW, 1)
        finally:
            other.close()
        await pilot.press("u")
        assert "answered again since" in problem_text(app)
        await pilot.press("escape")
        assert app.screen is review
        assert app.is_running
    assert answers(store, card) == [Rating.AGAIN, Rating.GOOD]


@sync
async def test_a_store_error_outside_a_key_quits_with_a_message_not_a_traceback(
    make_app: AppFactory, store: Store
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE):
        fill_up(store)
        app.call_later(app.set_theme, "light")  # a write from a callback, not a key
        for _ in range(100):
            if not app.is_running:
                break
            await asyncio.sleep(0.02)
    assert app.return_code == 1
    assert app._exception is None  # handled: no traceback is printed
