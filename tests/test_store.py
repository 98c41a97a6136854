"""The review store's queue, answers, limits, burying and undo, on a fixed clock."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import fsrs
import pytest
from store_fixtures import NOW, TEST_SETTINGS, make_card, make_cards, open_store

from studykit.content.cards import numeric_id
from studykit.study.queue import NewCardRows
from studykit.study.scheduling import Rating, SchedulerSettings, day_start, next_day_start
from studykit.study.store import DeckCounts, Store, StoreError, from_ms, to_ms

TOMORROW = next_day_start(NOW, TEST_SETTINGS) + timedelta(hours=1)


@pytest.fixture
def store(tmp_path: Path) -> Any:
    with open_store(tmp_path / "s.sqlite3") as opened:
        yield opened


def row(store: Store, text_id: str) -> tuple[Any, ...]:
    """The card's whole row, as stored."""
    found = store.connection.execute(
        "SELECT * FROM cards WHERE id = ?", (numeric_id(text_id),)
    ).fetchone()
    assert found is not None
    return tuple(found)


def make_review(store: Store, text_id: str, due_in: timedelta) -> None:
    """Bring a new card into review and move its due date relative to NOW.

    Done through a second connection, so it is not part of `store`'s session (undo).
    """
    with Store.at(store.path) as setup:
        setup.answer(text_id, Rating.EASY, NOW - timedelta(days=30), 1000)
        setup.connection.execute(
            "UPDATE cards SET due = ? WHERE id = ?", (to_ms(NOW + due_in), numeric_id(text_id))
        )


def test_answers_follow_fsrs_counted_in_study_days(store: Store) -> None:
    """Answered at the same hour each day, study days and py-fsrs's 24-hour periods agree."""
    card = make_card("d", "fact")
    store.sync_cards([card], NOW)
    reference = fsrs.Scheduler(enable_fuzzing=False)
    expected = fsrs.Card(card_id=card.numeric, due=NOW)
    moment = NOW
    for rating in (Rating.GOOD, Rating.GOOD, Rating.AGAIN, Rating.GOOD, Rating.EASY):
        result = store.answer(card.id, rating, moment, 2500)
        expected, _ = reference.review_card(expected, fsrs.Rating(int(rating)), moment)
        assert result.interval == expected.due - moment
        state = store.card_state(card.id)
        assert (state.stability, state.difficulty) == (expected.stability, expected.difficulty)
        if state.state == "review":  # due from the start of its study day
            assert result.next_due == day_start(expected.due, TEST_SETTINGS)
        else:
            assert result.next_due == expected.due
        assert result.next_due == store.next_due(card.id)
        moment = expected.due
    history = store.history(card.id)
    assert [h.rating for h in history] == [3, 3, 1, 3, 4]
    assert [h.state_before for h in history] == [
        "new",
        "learning",
        "review",
        "relearning",
        "review",
    ]
    assert history[0].duration_ms == 2500
    assert history[-1].after == store.card_state(card.id)


def test_typed_answer_is_logged(store: Store) -> None:
    card = make_card("d", "fact")
    store.sync_cards([card], NOW)
    store.answer(card.id, Rating.HARD, NOW, 900, typed_answer="Baihui <GV20>")
    assert store.history(card.id)[0].typed_answer == "Baihui <GV20>"


def test_preview_labels_match_the_answer(store: Store) -> None:
    card = make_card("d", "fact")
    store.sync_cards([card], NOW)
    preview = store.preview(card.id, NOW)
    assert preview[Rating.AGAIN] == timedelta(minutes=1)
    assert preview[Rating.GOOD] == timedelta(minutes=10)
    assert store.answer(card.id, Rating.EASY, NOW, 1).interval == preview[Rating.EASY]


def test_new_cards_are_limited_for_the_profile_and_interleaved(tmp_path: Path) -> None:
    settings = replace(TEST_SETTINGS, new_per_day=5)
    cards = make_cards("a", 10) + make_cards("b", 10)
    with open_store(tmp_path / "s.sqlite3", settings, cards) as store:
        assert store.counts(None, NOW) == {"a": DeckCounts(3, 0, 0), "b": DeckCounts(2, 0, 0)}
        first = [e.card_id for e in store.queue(None, NOW)]
        assert first == [
            "a/f00/forward",
            "b/f00/forward",
            "a/f01/forward",
            "b/f01/forward",
            "a/f02/forward",
        ]
        assert [e.card_id for e in store.queue(["b"], NOW)][:2] == first[1:4:2]
        for text_id in first[:3]:
            store.answer(text_id, Rating.GOOD, NOW, 1000)
        counts = store.counts(None, NOW)
        assert counts["a"] == DeckCounts(new=1, learning=2, review=0)
        assert counts["b"] == DeckCounts(new=1, learning=1, review=0)
        # a new study day brings the next five
        tomorrow_new = [e.card_id for e in store.queue(None, TOMORROW) if e.state == "new"]
        assert len(tomorrow_new) == 5


def test_decks_keep_taking_turns_as_the_student_answers(tmp_path: Path) -> None:
    """The plan is made afresh after every answer: the turn goes on from the deck that
    has introduced fewest new cards today, not back to the first deck."""
    settings = replace(TEST_SETTINGS, new_per_day=9)
    cards = make_cards("a", 5) + make_cards("b", 5) + make_cards("c", 5)
    with open_store(tmp_path / "s.sqlite3", settings, cards) as store:
        met: list[str] = []
        moment = NOW
        while (entry := store.next_card(None, moment)) is not None and len(met) < 9:
            if entry.state == "new":
                met.append(entry.card_id)
            store.answer(entry.card_id, Rating.EASY, moment, 1000)
            moment += timedelta(seconds=30)
        assert [card_id.split("/")[0] for card_id in met] == ["a", "b", "c"] * 3


def test_a_deck_limit_caps_its_deck_beneath_the_profile(tmp_path: Path) -> None:
    settings = replace(TEST_SETTINGS, new_per_day=6).with_deck_limit("a", 1, None)
    cards = make_cards("a", 10) + make_cards("b", 10)
    with open_store(tmp_path / "s.sqlite3", settings, cards) as store:
        assert store.counts(None, NOW) == {"a": DeckCounts(1, 0, 0), "b": DeckCounts(5, 0, 0)}
        store.answer("a/f00/forward", Rating.EASY, NOW, 1000)
        assert store.counts(["a"], NOW)["a"].new == 0


def test_reviews_are_limited_per_day_and_learning_is_not(tmp_path: Path) -> None:
    settings = replace(TEST_SETTINGS, reviews_per_day=3, new_per_day=0)
    with open_store(tmp_path / "s.sqlite3", settings, make_cards("r", 6)) as store:
        for i in range(6):
            make_review(store, f"r/f{i:02d}/forward", timedelta(hours=-i - 1))
        assert store.counts(None, NOW)["r"].review == 3
        order = [e.card_id for e in store.queue(None, NOW)]
        assert order == ["r/f05/forward", "r/f04/forward", "r/f03/forward"]
        store.answer(order[0], Rating.AGAIN, NOW, 1000)  # forgotten: relearning
        store.answer(order[1], Rating.GOOD, NOW, 1000)
        later = NOW + timedelta(minutes=11)
        assert [(e.card_id, e.state) for e in store.queue(None, later)] == [
            ("r/f05/forward", "relearning"),
            ("r/f03/forward", "review"),
        ]


def test_due_today_ends_at_the_next_day_start(store: Store) -> None:
    boundary = next_day_start(NOW, TEST_SETTINGS)  # 11 March 04:00 Berlin = 03:00 UTC
    store.sync_cards(make_cards("d", 3), NOW)
    make_review(store, "d/f00/forward", boundary - NOW - timedelta(minutes=1))
    make_review(store, "d/f01/forward", boundary - NOW)
    make_review(store, "d/f02/forward", timedelta(days=-2))
    due_now = {e.card_id for e in store.queue(None, NOW)}
    assert due_now == {"d/f00/forward", "d/f02/forward"}
    assert store.counts(None, NOW)["d"].review == 2
    assert "d/f01/forward" in {e.card_id for e in store.queue(None, boundary)}


def test_siblings_are_buried_until_the_next_day(store: Store) -> None:
    directions = ("name-code", "code-name", "location")
    store.sync_cards(make_cards("d", 2, directions), NOW)
    queue = store.queue(None, NOW)
    assert [e.card_id for e in queue] == ["d/f00/name-code", "d/f01/name-code"]
    store.answer("d/f00/name-code", Rating.EASY, NOW, 1000)  # graduates: due in days
    queue = store.queue(None, NOW)
    assert [e.card_id for e in queue] == ["d/f01/name-code"]
    # the next study day a sibling of f00 comes (one per fact again)
    tomorrow = [e.card_id for e in store.queue(None, TOMORROW)]
    assert tomorrow == ["d/f00/code-name", "d/f01/name-code"]


def test_learning_siblings_are_not_buried(store: Store) -> None:
    store.sync_cards(make_cards("d", 1, ("x", "y")), NOW)
    store.answer("d/f00/x", Rating.AGAIN, NOW, 1000)
    store.connection.execute(
        "UPDATE cards SET state = 1, step = 0, due = ?, stability = 1, "
        "difficulty = 5, last_review = ? WHERE id = ?",
        (to_ms(NOW), to_ms(NOW), numeric_id("d/f00/y")),
    )
    later = NOW + timedelta(minutes=2)
    assert {e.card_id for e in store.queue(None, later)} == {"d/f00/x", "d/f00/y"}


def test_learning_first_then_reviews_with_new_cards_mixed_in(store: Store) -> None:
    store.sync_cards(make_cards("r", 12) + make_cards("n", 4), NOW)
    for i in range(12):
        make_review(store, f"r/f{i:02d}/forward", timedelta(hours=-i - 1))
    store.sync_cards([make_card("l", "x")], NOW)
    store.answer("l/x/forward", Rating.AGAIN, NOW - timedelta(minutes=5), 1000)
    queue = store.queue(None, NOW)
    assert queue[0].card_id == "l/x/forward"
    assert queue[0].state == "learning"
    rest = queue[1:]
    kinds = "".join("n" if e.state == "new" else "r" for e in rest)
    assert kinds.count("n") == 4
    assert kinds.count("r") == 12
    assert "nn" not in kinds  # spread out, not bunched
    assert not kinds.endswith("nnnn")
    reviews = [e.card_id for e in rest if e.state == "review"]
    assert reviews == [f"r/f{i:02d}/forward" for i in reversed(range(12))]  # most overdue first


@pytest.mark.parametrize(
    "settings",
    [
        TEST_SETTINGS,
        replace(TEST_SETTINGS, reviews_per_day=4, new_per_day=3),
        replace(TEST_SETTINGS, bury_new_siblings=False, bury_review_siblings=False),
        replace(TEST_SETTINGS, bury_learning_siblings=True).with_deck_limit("a", 2, 3),
    ],
    ids=["defaults", "tight-limits", "no-burying", "deck-limit"],
)
def test_next_card_is_always_the_head_of_the_queue(
    tmp_path: Path, settings: SchedulerSettings
) -> None:
    cards = make_cards("a", 15, ("x", "y")) + make_cards("b", 8)
    with open_store(tmp_path / "s.sqlite3", settings, cards=cards) as store:
        for i in range(10):
            make_review(store, f"a/f{i:02d}/x", timedelta(hours=-i))
        moment = NOW
        ratings = [Rating.GOOD, Rating.AGAIN, Rating.EASY, Rating.HARD]
        answered = 0
        while True:
            head = store.next_card(None, moment)
            queue = store.queue(None, moment)
            assert head == (queue[0] if queue else None)
            with Store.at(store.path) as fresh:  # reads everything anew: no kept answers
                assert fresh.queue(None, moment) == queue
                assert fresh.counts(None, moment) == store.counts(None, moment)
            if head is None:
                break
            store.answer(head.card_id, ratings[answered % 4], moment, 1000)
            answered += 1
            moment += timedelta(seconds=40)
        assert answered > 10


def test_learn_ahead_shows_soon_due_learning_cards_last(store: Store) -> None:
    store.sync_cards(make_cards("d", 1), NOW)
    store.answer("d/f00/forward", Rating.GOOD, NOW, 1000)  # due in 10 minutes
    assert [e.card_id for e in store.queue(None, NOW)] == ["d/f00/forward"]
    soon = replace(TEST_SETTINGS, learn_ahead_minutes=5)
    store.save_settings(soon)
    assert store.queue(None, NOW) == []
    assert store.next_card(None, NOW + timedelta(minutes=5)) is not None


def test_undo_restores_the_exact_prior_state(store: Store) -> None:
    store.sync_cards(make_cards("d", 3), NOW)
    make_review(store, "d/f00/forward", timedelta(hours=-1))
    before_review = row(store, "d/f00/forward")
    before_new = row(store, "d/f01/forward")
    queue_before = store.queue(None, NOW)
    counts_before = store.counts(None, NOW)

    store.answer("d/f00/forward", Rating.AGAIN, NOW, 1000)
    store.answer("d/f01/forward", Rating.GOOD, NOW + timedelta(seconds=5), 1000)
    assert row(store, "d/f00/forward") != before_review

    assert store.undo_last() == "d/f01/forward"
    assert row(store, "d/f01/forward") == before_new
    assert store.undo_last() == "d/f00/forward"
    assert row(store, "d/f00/forward") == before_review
    assert store.undo_last() is None  # only this session's answers

    assert len(store.history("d/f00/forward")) == 1
    assert len(store.history("d/f00/forward", include_undone=True)) == 2
    reviews = store.connection.execute("SELECT COUNT(*) FROM reviews").fetchone()[0]
    assert reviews == 3  # the log keeps undone answers, marked
    assert store.queue(None, NOW) == queue_before
    assert store.counts(None, NOW) == counts_before


def test_undo_refuses_when_answered_again_elsewhere(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    with open_store(path, cards=make_cards("d", 1)) as first, Store.at(path) as second:
        first.answer("d/f00/forward", Rating.GOOD, NOW, 1000)
        second.answer("d/f00/forward", Rating.GOOD, NOW + timedelta(minutes=10), 1000)
        with pytest.raises(StoreError, match="answered again"):
            first.undo_last()
        assert second.undo_last() == "d/f00/forward"
        assert first.undo_last() == "d/f00/forward"
        assert store_row_state(first, "d/f00/forward") == "new"


def store_row_state(store: Store, text_id: str) -> str:
    return store.card_state(text_id).state


def test_removed_cards_keep_history_and_leave_the_queue(store: Store) -> None:
    cards = make_cards("d", 3)
    store.sync_cards(cards, NOW)
    store.answer("d/f01/forward", Rating.EASY, NOW, 1000)
    due_f01 = store.next_due("d/f01/forward")
    result = store.sync_cards([cards[0], cards[2]], NOW)
    assert (result.added, result.removed) == (0, 1)
    assert "d/f01/forward" not in {
        e.card_id for e in store.queue(None, TOMORROW + timedelta(days=30))
    }
    assert len(store.history("d/f01/forward")) == 1
    # cards of other decks are not touched by syncing deck d
    store.sync_cards(make_cards("other", 1), NOW)
    assert store.counts(None, NOW)["d"].new == 2  # f00 and f02
    # the fact comes back with its schedule; edited text keeps it too
    edited = replace(cards[1], front="a reworded question")
    assert store.sync_cards([cards[0], edited, cards[2]], NOW).restored == 1
    assert store.next_due("d/f01/forward") == due_f01


def test_bury_and_suspend(store: Store) -> None:
    store.sync_cards(make_cards("d", 3), NOW)
    store.bury("d/f00/forward", NOW)
    store.suspend("d/f01/forward")
    assert [e.card_id for e in store.queue(None, NOW)] == ["d/f02/forward"]
    assert {e.card_id for e in store.queue(None, TOMORROW)} == {"d/f00/forward", "d/f02/forward"}
    store.unsuspend("d/f01/forward")
    assert len(store.queue(None, TOMORROW)) == 3


def test_answering_an_unknown_card_is_a_clear_error(store: Store) -> None:
    with pytest.raises(StoreError, match="not in the review store"):
        store.answer("d/nope/forward", Rating.GOOD, NOW, 1)
    assert store.connection.execute("SELECT COUNT(*) FROM reviews").fetchone()[0] == 0


def test_settings_and_preferences_persist(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    settings = replace(TEST_SETTINGS, desired_retention=0.85, new_per_day=5)
    with Store.at(path) as store:
        store.save_settings(settings)
        store.set_setting("theme", "nord")
    with Store.at(path) as store:
        assert store.settings == settings
        assert store.get_setting("theme") == "nord"
        assert store.get_setting("missing", "x") == "x"
        assert store.scheduler.settings.desired_retention == 0.85


def test_store_location_from_data_dir_env_and_profile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STUDYKIT_HOME", str(tmp_path / "env"))
    with Store.open(profile="anna") as store:
        assert store.path == tmp_path / "env" / "profiles" / "anna.sqlite3"
    with Store.open(data_dir=tmp_path / "flag") as store:
        assert store.path == tmp_path / "flag" / "profiles" / "default.sqlite3"
    assert store.path.exists()


def test_times_are_stored_as_utc_milliseconds() -> None:
    assert from_ms(to_ms(NOW)) == NOW
    assert to_ms(NOW) == 1741608000000


def test_a_card_forgotten_often_becomes_a_leech_and_is_tagged_or_suspended(
    tmp_path: Path,
) -> None:
    for action in ("tag", "suspend"):
        settings = replace(TEST_SETTINGS, leech_threshold=2, leech_action=action)
        with open_store(tmp_path / f"{action}.sqlite3", settings, make_cards("d", 1)) as store:
            card = "d/f00/forward"
            moment = NOW - timedelta(days=60)
            leeches = []
            for _ in range(4):  # graduate, forget, relearn: four lapses
                store.answer(card, Rating.EASY, moment, 1000)
                due = store.next_due(card)
                assert due is not None
                leeches.append(store.answer(card, Rating.AGAIN, due, 1000).leech)
                moment = due + timedelta(minutes=10)
                if action == "suspend" and leeches[-1]:
                    break
            flags = store.connection.execute("SELECT leech, suspended FROM cards").fetchone()
            if action == "tag":
                assert leeches == [False, True, True, True]  # at 2 lapses, then every 1 more
                assert tuple(flags) == (1, 0)
            else:
                assert leeches == [False, True]
                assert tuple(flags) == (1, 1)
                assert store.queue(None, moment + timedelta(days=1)) == []


def test_sibling_burying_is_three_settings_and_what_it_holds_back_is_counted(
    tmp_path: Path,
) -> None:
    cards = make_cards("d", 3, ("x", "y", "z"))  # three facts, three cards each
    with open_store(tmp_path / "s.sqlite3", cards=cards) as store:
        assert [e.card_id for e in store.queue(None, NOW)] == [
            "d/f00/x",
            "d/f01/x",
            "d/f02/x",
        ]
        assert store.held_back(None, NOW) == 6  # one new card per fact a day
        store.save_settings(replace(TEST_SETTINGS, bury_new_siblings=False))
        assert len(store.queue(None, NOW)) == 9
        assert store.held_back(None, NOW) == 0
        # reviews: a fact answered today holds its other reviews back until tomorrow
        store.save_settings(replace(TEST_SETTINGS, bury_new_siblings=False))
        for direction in ("x", "y"):
            make_review(store, f"d/f00/{direction}", timedelta(hours=-1))
        store.answer("d/f01/x", Rating.EASY, NOW, 1000)
        reviews = [e.card_id for e in store.queue(None, NOW) if e.state == "review"]
        assert reviews == ["d/f00/x"]  # the first due of fact f00; its sibling waits
        store.save_settings(replace(TEST_SETTINGS, bury_review_siblings=False))
        reviews = [e.card_id for e in store.queue(None, NOW) if e.state == "review"]
        assert sorted(reviews) == ["d/f00/x", "d/f00/y"]


@pytest.mark.parametrize("page", [3, 256])
def test_the_plan_kept_across_answers_is_the_plan_made_afresh(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, page: int
) -> None:
    """A session keeps the new cards it read (a page at a time) and updates them answer
    by answer; what it shows and counts must be what a store opened afresh (nothing
    kept) shows and counts, through siblings, a buried card, a suspended one and a new
    study day."""
    monkeypatch.setattr(NewCardRows, "PAGE", page)
    monkeypatch.setattr(NewCardRows, "FIRST_PAGE", 2)  # pages of 2, then 3 (or 4, 8, ...)
    settings = replace(TEST_SETTINGS, new_per_day=12)
    cards = make_cards("a", 6, ("x", "y")) + make_cards("b", 6, ("x", "y"))
    ratings = [Rating.GOOD, Rating.AGAIN, Rating.EASY, Rating.HARD]
    with open_store(tmp_path / "s.sqlite3", settings, cards) as store:
        moment = NOW
        for step in range(30):
            if step == 12:
                moment = TOMORROW  # a new day: yesterday's buried card is back
            entry = store.next_card(None, moment)
            with Store.at(store.path) as fresh:
                assert entry == fresh.next_card(None, moment)
                assert store.counts(None, moment) == fresh.counts(None, moment)
                assert store.counts(["b"], moment) == fresh.counts(["b"], moment)
            if entry is None:
                break
            if step == 3:
                store.bury(entry.card_id, moment)
            elif step == 5:
                store.suspend(entry.card_id)
            else:
                store.answer(entry.card_id, ratings[step % 4], moment, 1000)
            moment += timedelta(minutes=3)
